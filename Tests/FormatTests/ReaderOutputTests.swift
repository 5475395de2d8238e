import Foundation
import GIConvertCore
import GIConvertFormats
import TestSupport
import Testing

/// The one reader contract: a reader gives a document or reports, as its descriptor says, and the
/// converter recognises the one and passes the other through.
@Suite("Reader outputs")
struct ReaderOutputTests {
    /// A reader whose output is fixed, to drive the converter through each case.
    enum FixedReader: ReportReader {
        nonisolated(unsafe) static var output: ReaderOutput = .reports([])
        static let descriptor = FormatDescriptor(name: "fixed", summary: "a fixed output", fileExtensions: ["fixed"])
        static func read(_ input: ReaderInput) throws(InputError) -> ReaderOutput { output }
    }

    @Test("every registered reader gives what its descriptor promises: reports for giconvert's IR, else a document")
    func outputsMatchDescriptors() throws {
        let registry = BuiltinFormats.registry
        let reports = try Repository.seedReports.map {
            try Converter(registry: registry).convertFile(atPath: $0.path, name: $0.lastPathComponent)
        }
        for reader in registry.readers {
            let output: ReaderOutput
            if reader.descriptor.producesReports {
                let writerType = try #require(
                    registry.writer(named: reader.descriptor.name), "\(reader.descriptor.name) has a writer")
                var writer = writerType.init()
                let bytes = try writer.bytes(of: reports, context: WriterContext(isCollection: true))
                output = try reader.read(ReaderInput(name: "in.\(reader.descriptor.fileExtensions[0])", bytes: bytes))
                #expect(output == .reports(reports), "\(reader.descriptor.name)")
            } else {
                let sample = try #require(Golden.samples(for: reader).first, "\(reader.descriptor.name) has a sample")
                output = try reader.read(
                    ReaderInput(name: sample.lastPathComponent, bytes: Converter.readFile(sample.path)))
                guard case .document(let document) = output else {
                    Issue.record("\(reader.descriptor.name) gave reports for \(sample.lastPathComponent)")
                    continue
                }
                #expect(!document.blocks.isEmpty, "\(sample.lastPathComponent)")
            }
        }
    }

    @Test("the converter names reports by their input when they carry no source, and keeps a source they carry")
    func reportsPassThrough() throws {
        var named = try Converter(registry: BuiltinFormats.registry).convertFile(atPath: Repository.seedReports[0].path)
        named.metadata.source = "archive/a.docx"
        var unnamed = named
        unnamed.metadata.source = ""
        let converter = Converter(registry: FormatRegistry(readers: [FixedReader.self], writers: []))
        let reports = try Self.withOutput(.reports([named, unnamed])) {
            try converter.convertAll(ReaderInput(name: "in.fixed", bytes: [1]))
        }
        #expect(reports.map(\.metadata.source) == ["archive/a.docx", "in.fixed"])
    }

    @Test("a document without any of the report's tables is refused, not converted into an empty dataset")
    func documentWithoutTables() throws {
        let converter = Converter(registry: FormatRegistry(readers: [FixedReader.self], writers: []))
        #expect(throws: InputError.noReportTables) {
            try Self.withOutput(.document(Document(blocks: [.paragraph("一则通知")]))) {
                try converter.convertAll(ReaderInput(name: "in.fixed", bytes: [1]))
            }
        }
    }

    /// Serialises the tests that set ``FixedReader``'s output.
    static let lock = NSLock()

    static func withOutput<T>(_ output: ReaderOutput, _ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        FixedReader.output = output
        return try body()
    }
}
