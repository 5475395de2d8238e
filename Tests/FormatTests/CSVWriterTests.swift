import CSVWriter
import Foundation
import GIConvertCore
import TestSupport
import Testing

/// The long CSV of the spec (`../shared/spec`, "The long CSV").
@Suite("CSV writer")
struct CSVWriterTests {
    static func write(_ reports: [Report], byteOrderMark: Bool = false) throws -> [UInt8] {
        var writer = CSVWriter()
        return try writer.bytes(
            of: reports, context: WriterContext(isCollection: reports.count > 1, byteOrderMark: byteOrderMark))
    }

    @Test(
        "every record has the header's fields, and the cells read back are the report's cells",
        arguments: Repository.seedReports)
    func cellsReadBack(seed: URL) throws {
        let report = try FormatFixtures.report(seed)
        let text = String(decoding: try Self.write([report]), as: UTF8.self)
        let records = CSV.records(text)
        #expect(records.first == LongTable.columns)
        #expect(records.dropFirst().allSatisfy { $0.count == LongTable.columns.count })
        #expect(records.dropFirst().allSatisfy { $0[0] == seed.lastPathComponent })
        #expect(CSV.cells(text) == PrintedCell.cells(of: report))
        #expect(
            text.hasSuffix("\r\n") && !text.hasSuffix("\r\n\r\n"), "records end in CRLF, no empty record after the last"
        )
    }

    @Test("many reports share one header; their records follow in input order")
    func manyReports() throws {
        let reports = try Repository.seedReports.prefix(3).map(FormatFixtures.report)
        let records = CSV.records(String(decoding: try Self.write(reports), as: UTF8.self))
        #expect(records.filter { $0 == LongTable.columns }.count == 1)
        let sources = records.dropFirst().map { $0[0] }
        var order: [String] = []
        for source in sources where order.last != source { order.append(source) }
        #expect(order == reports.map(\.metadata.source))
        let single = try reports.map { CSV.records(String(decoding: try Self.write([$0]), as: UTF8.self)).count - 1 }
        #expect(records.count - 1 == single.reduce(0, +))
    }

    @Test("a byte-order mark only when asked")
    func byteOrderMark() throws {
        let report = try FormatFixtures.report(Repository.seedReports[0])
        let plain = try Self.write([report])
        let marked = try Self.write([report], byteOrderMark: true)
        #expect(!plain.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(marked == [0xEF, 0xBB, 0xBF] + plain)
    }

    @Test("no reports still gives the header, so an empty run's CSV is a CSV")
    func headerOnly() throws {
        var writer = CSVWriter()
        let bytes = try writer.bytes(of: [], context: WriterContext(isCollection: true))
        #expect(CSV.records(String(decoding: bytes, as: UTF8.self)) == [LongTable.columns])
    }

    @Test("fields with commas, quotes and line breaks survive a round trip")
    func quoting() throws {
        var report = try FormatFixtures.report(Repository.seedReports[0])
        report.metadata.organization = "甲,\"乙\"\n丙"
        report.tables[0].rows[0].cells[0].raw = "1\r\n2"
        let records = CSV.records(String(decoding: try Self.write([report]), as: UTF8.self))
        #expect(records[1][2] == "甲,\"乙\"\n丙")
        #expect(records[1][LongTable.columns.firstIndex(of: "raw")!] == "1\r\n2")
        #expect(records.dropFirst().allSatisfy { $0.count == LongTable.columns.count })
    }

    @Test(
        "each report encoded on its own gives the bytes the streaming writer writes for it, after the header",
        arguments: [false, true])
    func perReportEncoding(byteOrderMark: Bool) throws {
        var reports = try Repository.seedReports.map(FormatFixtures.report)
        try #require(reports.count >= 3)
        reports[1].metadata.organization = "甲,\"乙\"\n丙"
        let context = WriterContext(isCollection: true, byteOrderMark: byteOrderMark)
        var writer = CSVWriter()
        let streamed = try writer.bytes(of: reports, context: context)
        var empty = CSVWriter()
        let header = try empty.bytes(of: [], context: context)
        let encoded = try reports.map { try CSVWriter.encode($0, context: context) }
        #expect(encoded.allSatisfy { !$0.isEmpty })
        #expect(header + encoded.joined() == streamed)
        #expect(streamed.starts(with: [0xEF, 0xBB, 0xBF]) == byteOrderMark)
        #expect(
            encoded.allSatisfy { !$0.starts(with: [0xEF, 0xBB, 0xBF]) }, "the mark is the output's, not a report's")
    }
}
