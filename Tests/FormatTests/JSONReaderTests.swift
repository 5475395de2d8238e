import Foundation
import GIConvertCore
import JSONReader
import JSONWriter
import TestSupport
import Testing

/// Reading giconvert's own JSON back: an archive converted once can be written in any format.
@Suite("JSON reader")
struct JSONReaderTests {
    static let converter = Converter(registry: FormatRegistry(readers: [JSONReader.self], writers: []))

    static func read(_ bytes: [UInt8], name: String = "in.json") throws(InputError) -> [Report] {
        try converter.convertAll(ReaderInput(name: name, bytes: bytes))
    }

    @Test("an object is one report and an array many, equal to the reports written")
    func readsWhatTheWriterWrites() throws {
        let reports = try Repository.seedReports.prefix(3).map(FormatFixtures.report)
        #expect(try Self.read(FormatFixtures.write(JSONWriter.self, [reports[1]])) == [reports[1]])
        #expect(try Self.read(FormatFixtures.write(JSONWriter.self, reports)) == reports)
    }

    @Test("every golden IR file reads back to reports of its sample, with tables")
    func goldenFilesRead() throws {
        #expect(Golden.irFiles.count >= Golden.inputs.count)
        for url in Golden.irFiles {
            let file = url.lastPathComponent
            let reports = try Self.read(Converter.readFile(url.path), name: file)
            #expect(reports.count == 1, "\(file)")
            #expect(reports.first.map { $0.tables.contains(where: \.found) } == true, "\(file)")
            #expect(
                reports.first.map { Golden.inputs.map(\.lastPathComponent).contains($0.metadata.source) } == true,
                "\(file) names its sample as its source")
        }
    }

    @Test("JSON that is not giconvert's, or of another IR version, is refused with one line saying why")
    func refusals() throws {
        #expect(throws: InputError.malformed("not giconvert JSON: no irVersion")) {
            try Self.read(Array(#"{"a": 1}"#.utf8))
        }
        let report = try FormatFixtures.report(Repository.seedReports[0])
        var second =
            try JSONSerialization.jsonObject(with: Data(FormatFixtures.write(JSONWriter.self, [report])))
            as! [String: Any]
        second.removeValue(forKey: "irVersion")
        let first = try JSONSerialization.jsonObject(with: Data(FormatFixtures.write(JSONWriter.self, [report])))
        let array = try JSONSerialization.data(withJSONObject: [first, second])
        #expect(throws: InputError.malformed("not giconvert JSON: no irVersion (report 2)")) {
            try Self.read(Array(array))
        }
        second["irVersion"] = Report.currentIRVersion + 1
        let newer = try JSONSerialization.data(withJSONObject: second)
        do {
            _ = try Self.read(Array(newer))
            Issue.record("a newer IR version was read")
        } catch {
            #expect("\(error)".contains("IR version \(Report.currentIRVersion + 1)"))
        }
        do {
            _ = try Self.read(Array("{\"irVersion\": 1, ".utf8))
            Issue.record("truncated JSON was read")
        } catch {
            #expect("\(error)".contains("not JSON"))
        }
    }

    @Test("a JSON file is told from other input by its content: the irVersion key")
    func sniffing() throws {
        let report = try FormatFixtures.report(Repository.seedReports[0])
        let bytes = try FormatFixtures.write(JSONWriter.self, [report])
        #expect(JSONReader.descriptor.sniff(Array(bytes.prefix(4096))) > 0)
        #expect(JSONReader.descriptor.sniff(Array(#"{"a": 1}"#.utf8)) == 0)
        #expect(JSONReader.descriptor.sniff(Array("一、总体情况".utf8)) == 0)
        #expect(try Self.read(bytes, name: "noextension") == [report])
    }
}
