import Foundation
import GIConvertCore
import JSONLinesReader
import TestSupport
import Testing

@testable import JSONLinesWriter

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

    /// The IR of every sample, as its golden file holds it.
    static let goldenReports: [Report] = Golden.irFiles.flatMap { url -> [Report] in
        guard let data = try? Data(contentsOf: url) else { return [] }
        if let report = try? JSONDecoder().decode(Report.self, from: data) { return [report] }
        return (try? JSONDecoder().decode([Report].self, from: data)) ?? []
    }

    @Test("the compact encoder writes every sample's IR as JSONEncoder does, byte for byte")
    func compactEncoderMatchesFoundationOnSamples() throws {
        try #require(Self.goldenReports.count > 100)
        for report in Self.goldenReports {
            var compact: [UInt8] = []
            CompactIRJSON.append(report, to: &compact)
            let foundation = try JSONLinesWriter.encodeWithFoundation(report)
            #expect(compact == foundation, "\(report.metadata.source)")
        }
    }

    @Test("the compact encoder matches JSONEncoder on seeded random reports: escapes, numbers, absent fields")
    func compactEncoderMatchesFoundationOnRandomReports() throws {
        var generator = SplitMix64(seed: 20_261_202)
        let pieces = [
            "", "a", "报告", "\"", "\\", "/", "\n", "\r\n", "\t", "\u{08}", "\u{0C}", "\u{00}", "\u{1F}", "\u{7F}",
            "\u{2028}", "\u{2029}", "😀", "é", "<br>", "&amp;", " ", "\u{3000}", "萬元", "0?", "{\"k\":1}",
        ]
        func text() -> String {
            (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                .joined()
        }
        let numbers: [Double] = [
            0, -0.0, 1, -1, 5, 14, 6089.19, 0.1, 0.5, 1e-7, 123_456_789, 1e15, 1e16, 1.5e17, 9_007_199_254_740_993,
            -5711, 3.0e-5, .pi, 1e300, .infinity, -.infinity, .nan, .greatestFiniteMagnitude, .leastNonzeroMagnitude,
        ]
        func number() -> Double? {
            Bool.random(using: &generator) ? numbers.randomElement(using: &generator)! : nil
        }
        func maybe(_ value: String) -> String? { Bool.random(using: &generator) ? value : nil }
        for _ in 0..<300 {
            let cells = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                TableCell(
                    column: text(), label: text(), value: number(), raw: text(),
                    flags: CellFlag.allCases.filter { _ in Bool.random(using: &generator) })
            }
            let rows = [TableRow(key: text(), label: text(), printedLabel: maybe(text()), cells: cells)]
            let findings = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                Finding(
                    kind: FindingKind.allCases.randomElement(using: &generator)!,
                    table: Bool.random(using: &generator) ? TableKey.allCases.randomElement(using: &generator) : nil,
                    row: maybe(text()), column: maybe(text()), rule: maybe(text()), expected: number(),
                    printed: number(), message: text())
            }
            let report = Report(
                metadata: ReportMetadata(
                    source: text(), title: maybe(text()), organization: maybe(text()),
                    year: Bool.random(using: &generator) ? Int.random(in: -5...3000, using: &generator) : nil,
                    publicationDate: maybe(text()), publisher: maybe(text())),
                format: ReportEdition.allCases.randomElement(using: &generator).flatMap {
                    Bool.random(using: &generator) ? $0 : nil
                },
                preamble: text(),
                sections: SectionKind.allCases.filter { _ in Bool.random(using: &generator) }.map {
                    ReportSection(kind: $0, heading: text(), text: text())
                },
                tables: [StatisticalTable(key: .active, found: Bool.random(using: &generator), rows: rows)],
                findings: findings)
            var compact: [UInt8] = []
            CompactIRJSON.append(report, to: &compact)
            let foundation = try JSONLinesWriter.encodeWithFoundation(report)
            #expect(compact == foundation, "\(String(decoding: foundation, as: UTF8.self))")
        }
    }
}
