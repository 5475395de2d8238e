import CSVWriter
import Foundation
import GIConvertBytes
import GIConvertCore
import HTMLReader
import TestSupport
import TextReader

#if canImport(Glibc)
    import Glibc
#endif

func bytes(of url: URL) -> [UInt8] { [UInt8]((try? Data(contentsOf: url)) ?? Data()) }

/// The pages Scripts/make-html-fixtures.py built from the seed reports.
let fixturePages: [String] = {
    let directory = Repository.file("Tests/HTMLReaderTests/Fixtures").path
    return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
}()

/// The seed text (`Samples/seeds/NNN_hash.txt`) a fixture page was built from.
func seedName(ofFixture page: String) -> String {
    String(page.prefix { $0 != "-" })
}

func readHTML(_ html: String, name: String = "page.html") throws(InputError) -> Document {
    try HTMLReader.readDocument(ReaderInput(name: name, bytes: Array(html.utf8)))
}

func convertHTML(_ bytes: [UInt8], name: String = "page.html") throws(InputError) -> Report {
    let document = try HTMLReader.readDocument(ReaderInput(name: name, bytes: bytes))
    return ReportRecognizer.recognize(document, source: name)
}

func convertText(_ bytes: [UInt8], name: String) throws(InputError) -> Report {
    let document = try TextReader.readDocument(ReaderInput(name: name, bytes: bytes))
    return ReportRecognizer.recognize(document, source: name)
}

/// The long CSV of a report as the CSV writer writes it.
func csv(_ report: Report) throws -> String {
    var writer = CSVWriter()
    return String(decoding: try writer.bytes(of: [report], context: WriterContext(isCollection: false)), as: UTF8.self)
}

/// `text` encoded with iconv (`GBK`, `BIG5`, `UTF-16LE`).
func encode(_ text: String, as encoding: String) -> [UInt8] {
    guard let bytes = TextDecoding.convertFromUTF8(text, to: encoding) else {
        preconditionFailure("text not encodable as \(encoding)")
    }
    return bytes
}

/// The text of all paragraphs of a document, one per line.
func paragraphText(_ document: Document) -> String {
    document.blocks.compactMap { if case .paragraph(let text) = $0 { text } else { nil } }.joined(separator: "\n")
}

func tables(_ document: Document) -> [TableGrid] {
    document.blocks.compactMap { if case .table(let grid) = $0 { grid } else { nil } }
}
