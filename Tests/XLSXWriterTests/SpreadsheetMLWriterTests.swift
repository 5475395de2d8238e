import Foundation
import GIConvertCore
import SpreadsheetMLWriter
import TestSupport
import Testing

/// The SpreadsheetML 2003 writer: one XML file with the XLSX workbook's sheets. The read-back tests use
/// python3's `xml.etree` (`ReaderScripts.spreadsheetML`); the helpers are in XLSXWriterTests.swift.
@Suite("SpreadsheetML 2003 writer")
struct SpreadsheetMLWriterTests {
    @Test("parses as XML; its values sheet equals the long CSV", arguments: Support.seedNames)
    func valuesEqualCSV(seed: String) throws {
        let report = try Support.report(seed)
        let dump = try openSpreadsheetML([report])
        #expect(dump.problems == [])
        #expect(dump.sheets == sheetNames)
        let values = try #require(dump.sheet["values"])
        #expect(mismatches(values.cells, try Support.csv([report]), numericColumns: numericColumns) == [])
        #expect(values.freeze == "A2")
    }

    @Test(
        "has the same sheets, cells, merges, frozen panes and marks as the XLSX workbook",
        arguments: [false, true])
    func sameAsXLSX(collection: Bool) throws {
        let reports = try (collection ? Support.seedNames : ["004_a1987c7275b215ef"]).map(Support.report)
        let xlsx = try openXLSX(reports, collection: collection)
        let xml = try openSpreadsheetML(reports, collection: collection)
        #expect(xml.problems == [])
        #expect(xml.sheets == xlsx.sheets)
        for name in xlsx.sheets {
            let a = try #require(xlsx.sheet[name])
            let b = try #require(xml.sheet[name])
            #expect(b.merged == a.merged, "\(name)")
            #expect(b.freeze == a.freeze, "\(name)")
            #expect(b.fills == a.fills, "\(name)")
            let width = max(a.cells.map(\.count).max() ?? 0, b.cells.map(\.count).max() ?? 0)
            func padded(_ rows: [[ReadCell]]) -> [[ReadCell]] {
                rows.map { $0 + Array(repeating: ReadCell(t: "e"), count: width - $0.count) }
            }
            #expect(padded(b.cells) == padded(a.cells), "\(name)")
        }
    }

    /// The text of worksheet `name`, from its start tag to its end tag.
    static func worksheet(_ xml: String, _ name: String) -> Substring? {
        guard let start = xml.range(of: "<Worksheet ss:Name=\"\(name)\">"),
            let end = xml.range(of: "</Worksheet>", range: start.upperBound..<xml.endIndex)
        else { return nil }
        return xml[start.lowerBound..<end.upperBound]
    }

    @Test(
        "without an external reader: one worksheet per sheet in order, a row per CSV record, streamed alike",
        arguments: Support.seedNames)
    func structure(seed: String) throws {
        let report = try Support.report(seed)
        let xml = String(decoding: try Support.write(SpreadsheetMLWriter.self, [report]), as: UTF8.self)
        #expect(
            xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n"))
        #expect(xml.hasSuffix("</Workbook>\n"))
        let names = xml.components(separatedBy: "<Worksheet ss:Name=\"").dropFirst().map {
            String($0.prefix { $0 != "\"" })
        }
        #expect(names == sheetNames)
        let values = try #require(Self.worksheet(xml, "values"))
        #expect(values.components(separatedBy: "<Row").count - 1 == (try Support.csv([report])).count)
        #expect(
            !xml.contains("\u{0}")
                && xml.components(separatedBy: "<Worksheet ").count == xml.components(separatedBy: "</Worksheet>").count
        )
        #expect(
            try Support.write(SpreadsheetMLWriter.self, [report]) == Array(xml.utf8),
            "the same report gives the same bytes")
    }
}
