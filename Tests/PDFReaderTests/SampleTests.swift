import Foundation
import GIConvertCore
import GIConvertFormats
import GIConvertPDF
import PDFReader
import TestSupport
import Testing

/// The PDFs of Samples/pdf (printed from web pages and Word files, see Scripts/make-pdf-fixtures.py)
/// give the values of their truth.json, and the refused ones are refused with the right error.
@Suite("PDF samples")
struct SampleTests {
    static let folder = Repository.sample("pdf")
    static let converter = Converter(registry: BuiltinFormats.registry)

    static func cases() throws -> [(name: String, expected: ExpectedValues)] {
        try ExpectedValues.truth(folder.appendingPathComponent("truth.json"))
            .filter { !$0.key.hasPrefix("refused/") }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    static func report(_ name: String) throws -> Report {
        let path = folder.appendingPathComponent(name).path
        return try converter.convert(ReaderInput(name: name, bytes: Converter.readFile(path)))
    }

    @Test("every sample PDF gives every value of its truth.json, with its year and organization")
    func values() throws {
        let cases = try Self.cases()
        #expect(cases.count >= 7)
        for (name, expected) in cases {
            let report = try Self.report(name)
            #expect(expected.mismatches(report) == [], "\(name)")
            #expect(report.metadata.year == expected.year, "\(name)")
            let failed = report.findings.contains { $0.kind == .ruleFailed }
            #expect(failed == expected.expectsInconsistency, "\(name)")
        }
    }

    @Test("the long CSV of every sample PDF is its golden output")
    func golden() throws {
        for (name, _) in try Self.cases() {
            let report = try Self.report(name)
            let writer = try #require(BuiltinFormats.registry.writer(named: "csv"))
            var instance = writer.init()
            let bytes = try instance.bytes(of: [report], context: WriterContext(isCollection: false))
            let golden = Self.folder.appendingPathComponent("golden").appendingPathComponent(
                (name as NSString).deletingPathExtension + ".csv")
            #expect(Golden.mismatch(bytes, golden: golden) == nil)
        }
    }

    @Test("every sample PDF gives its golden IR", arguments: Golden.samples(for: PDFReader.self))
    func goldenIR(sample: URL) throws {
        let json = try #require(BuiltinFormats.registry.writer(named: "json"))
        let mismatch = try Golden.mismatch(sample: sample, reader: PDFReader.self, writer: json)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test("a scan (pages of images) is refused: it has no text layer")
    func scanned() throws {
        let bytes = try Converter.readFile(Self.folder.appendingPathComponent("refused/scanned.pdf").path)
        #expect(throws: InputError.noTextLayer) {
            try PDFReader.readDocument(ReaderInput(name: "scanned.pdf", bytes: bytes))
        }
        #expect(InputError.noTextLayer.description.contains("OCR"))
    }

    @Test("a PDF that needs a password to open is refused as encrypted")
    func userPassword() throws {
        let bytes = try Converter.readFile(Self.folder.appendingPathComponent("refused/needs-password.pdf").path)
        #expect(throws: InputError.encrypted) { try PDFReader.readDocument(ReaderInput(name: "p.pdf", bytes: bytes)) }
    }

    @Test("a PDF with only an owner password is read")
    func ownerPassword() throws {
        let report = try Self.report("004_a1987c7275b215ef.owner-password.pdf")
        #expect(report.tables.count == 3)
    }

    @Test("the reader is picked by the .pdf extension and by %PDF- content")
    func registry() throws {
        #expect(BuiltinFormats.registry.reader(named: "pdf") != nil)
        #expect(PDFReader.descriptor.fileExtensions == ["pdf"])
        #expect(PDFReader.descriptor.sniff(Array("%PDF-1.7\n%\u{E2}".utf8)) > 50)
        #expect(PDFReader.descriptor.sniff(Array("<html>%PDF-".utf8)) > 0)
        #expect(PDFReader.descriptor.sniff(Array("一、总体情况".utf8)) == 0)
    }

    @Test("the info dictionary is read: title and creation date")
    func info() throws {
        let bytes = try Converter.readFile(
            Self.folder.appendingPathComponent("004_a1987c7275b215ef.libreoffice.pdf").path)
        let pdf = try PDFDocument.read(bytes)
        #expect(pdf.info.title?.isEmpty == false)
        #expect(pdf.info.creationDate?.count == 20)
        #expect(pdf.pages.count >= 3 && pdf.pages.allSatisfy { $0.width > 500 && $0.height > 800 })
    }

    @Test("empty and non-PDF bytes are refused with an input error")
    func notPDF() {
        #expect(throws: InputError.empty) { try PDFReader.readDocument(ReaderInput(name: "e.pdf", bytes: [])) }
        #expect(throws: InputError.self) {
            try PDFReader.readDocument(ReaderInput(name: "x.pdf", bytes: Array("hello, world".utf8)))
        }
    }
}
