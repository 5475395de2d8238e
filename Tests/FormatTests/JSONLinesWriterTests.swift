import Foundation
import GIConvertCore
import JSONLinesReader
import JSONLinesWriter
import TestSupport
import Testing

/// One report's IR per line: lines stand alone, outputs of shards concatenate.
@Suite("JSON Lines writer")
struct JSONLinesWriterTests {
    @Test("each report is one line that decodes on its own to the report")
    func oneLinePerReport() throws {
        let reports = try Repository.seedReports.map(FormatFixtures.report)
        let bytes = try FormatFixtures.write(JSONLinesWriter.self, reports)
        #expect(bytes.last == 0x0A)
        let lines = bytes.split(separator: 0x0A)
        #expect(lines.count == reports.count)
        for (line, report) in zip(lines, reports) {
            #expect(try JSONDecoder().decode(Report.self, from: Data(line)) == report)
        }
    }

    @Test("the outputs of two runs concatenated read back as all their reports, in order")
    func concatenation() throws {
        let reports = try Repository.seedReports.map(FormatFixtures.report)
        let first = try FormatFixtures.write(JSONLinesWriter.self, Array(reports.prefix(2)))
        let second = try FormatFixtures.write(JSONLinesWriter.self, Array(reports.dropFirst(2)))
        let converter = Converter(registry: FormatRegistry(readers: [JSONLinesReader.self], writers: []))
        #expect(try converter.convertAll(ReaderInput(name: "all.jsonl", bytes: first + second)) == reports)
    }

    @Test("a report is written the same whether alone or among others")
    func independentLines() throws {
        let reports = try Repository.seedReports.prefix(2).map(FormatFixtures.report)
        let together = try FormatFixtures.write(JSONLinesWriter.self, reports)
        let apart = try reports.map { try FormatFixtures.write(JSONLinesWriter.self, [$0]) }.joined()
        #expect(together == Array(apart))
    }

    @Test("each report encoded on its own gives the line the streaming writer writes for it", arguments: [false, true])
    func perReportEncoding(byteOrderMark: Bool) throws {
        let reports = try Repository.seedReports.map(FormatFixtures.report)
        try #require(reports.count >= 3)
        let context = WriterContext(isCollection: true, byteOrderMark: byteOrderMark)
        var writer = JSONLinesWriter()
        let streamed = try writer.bytes(of: reports, context: context)
        let encoded = try reports.map { try JSONLinesWriter.encode($0, context: context) }
        #expect(encoded.allSatisfy { $0.last == 0x0A && $0.dropLast().firstIndex(of: 0x0A) == nil })
        #expect(Array(encoded.joined()) == streamed)
    }
}
