import GIConvertCore
import TestSupport
import Testing

@testable import DOCXReader

/// The reader pulls `word/document.xml` from the zip member as libxml2 asks for it, so a document far
/// larger than any chunk reads in full, and a member past the limits stops mid-stream.
@Suite struct StreamingTests {
    @Test func largeDocumentReadsCompletely() throws {
        let count = 60_000
        var body = ""
        body.reserveCapacity(count * 64)
        for i in 0..<count {
            body += "<w:p><w:r><w:t>第\(i)段</w:t></w:r><w:r><w:t>内容\(i % 97)</w:t></w:r></w:p>"
        }
        let xml = documentXML(body)
        #expect(xml.utf8.count > 3 << 20)
        let document = try DOCXReader.readDocument(ReaderInput(name: "big.docx", bytes: docx(xml)))
        #expect(document.blocks.count == count)
        #expect(document.paragraphs.last == "第\(count - 1)段内容\((count - 1) % 97)")
    }

    @Test func sizeLimitStopsTheStream() throws {
        let body = String(repeating: "<w:p><w:r><w:t>数据</w:t></w:r></w:p>", count: 40_000)
        let options = ReaderOptions(maxUncompressedBytes: 1 << 20)
        #expect(throws: InputError.self) {
            _ = try DOCXReader.readDocument(
                ReaderInput(name: "big.docx", bytes: docx(documentXML(body)), options: options))
        }
    }
}
