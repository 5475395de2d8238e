import Foundation
import GIConvertCore
import JSONWriter
import TestSupport
import Testing

/// giconvert's IR as JSON: the golden format every sample is compared in.
@Suite("JSON writer")
struct JSONWriterTests {
    @Test("one report is one object, many an array; both decode to the reports written")
    func objectOrArray() throws {
        let reports = try Repository.seedReports.prefix(2).map(FormatFixtures.report)
        let one = try FormatFixtures.write(JSONWriter.self, [reports[0]])
        #expect(one.first == UInt8(ascii: "{") && one.last == 0x0A)
        #expect(try JSONDecoder().decode(Report.self, from: Data(one)) == reports[0])
        let many = try FormatFixtures.write(JSONWriter.self, reports)
        #expect(many.starts(with: Array("[\n".utf8)) && many.suffix(3) == Array("\n]\n".utf8)[...])
        #expect(try JSONDecoder().decode([Report].self, from: Data(many)) == reports)
    }

    @Test("a second report in an output that announced one report turns it into an array")
    func unannouncedCollection() throws {
        let reports = try Repository.seedReports.prefix(2).map(FormatFixtures.report)
        let bytes = try FormatFixtures.write(JSONWriter.self, reports, collection: false)
        #expect(try JSONDecoder().decode([Report].self, from: Data(bytes)) == reports)
        #expect(bytes == (try FormatFixtures.write(JSONWriter.self, reports, collection: true)))
    }

    @Test("an announced collection of no reports is an empty array")
    func emptyCollection() throws {
        let bytes = try FormatFixtures.write(JSONWriter.self, [], collection: true)
        #expect(try JSONDecoder().decode([Report].self, from: Data(bytes)) == [])
    }

    @Test("keys sorted and empty containers on one line, so the same report gives the same bytes")
    func stableBytes() throws {
        let report = try FormatFixtures.report(Repository.seedReports[3])
        let text = String(decoding: try FormatFixtures.write(JSONWriter.self, [report]), as: UTF8.self)
        #expect(!text.contains("[\n\n") && !text.contains("{\n\n"))
        let keys = text.split(separator: "\n").prefix { !$0.hasPrefix("  \"findings\"") }
        #expect(keys.count == 1, "findings is the first key of a report")
        let compacted = JSONWriter.compactingEmptyContainers(
            Data("{\n  \"a\" : [\n\n  ],\n  \"b\" : {\n\n  },\n  \"c\" : [\n    1\n  ]\n}".utf8))
        #expect(
            String(decoding: compacted, as: UTF8.self) == "{\n  \"a\" : [],\n  \"b\" : {},\n  \"c\" : [\n    1\n  ]\n}")
    }

    @Test("a blank cell is null with the blank flag, never 0 or absent")
    func blankIsNull() throws {
        let report = try FormatFixtures.report(Repository.seedReports[4])
        let json =
            try JSONSerialization.jsonObject(with: Data(FormatFixtures.write(JSONWriter.self, [report])))
            as? [String: Any]
        let tables = try #require(json?["tables"] as? [[String: Any]])
        let cells = tables.flatMap {
            ($0["rows"] as? [[String: Any]] ?? []).flatMap { $0["cells"] as? [[String: Any]] ?? [] }
        }
        let blanks = cells.filter { ($0["flags"] as? [String])?.contains("blank") == true }
        #expect(!blanks.isEmpty)
        #expect(blanks.allSatisfy { $0["value"] is NSNull })
    }
}
