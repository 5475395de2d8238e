import Foundation
import GIConvertCore
import TestSupport
import Testing

@testable import MarkdownWriter

/// The readable rendering: metadata, sections, the three tables, findings highlighted.
@Suite("Markdown writer")
struct MarkdownWriterTests {
    static func render(_ reports: [Report]) throws -> String {
        String(decoding: try FormatFixtures.write(MarkdownWriter.self, reports), as: UTF8.self)
    }

    @Test("the seeds' Markdown is the golden Markdown", arguments: Repository.seedReports)
    func golden(seed: URL) throws {
        let bytes = try FormatFixtures.write(MarkdownWriter.self, [FormatFixtures.report(seed)])
        #expect(Golden.mismatch(bytes, golden: Golden.file(for: seed, extension: "md")) == nil)
    }

    @Test("every table row is one Markdown table line with a cell per value")
    func tableRows() throws {
        let report = try FormatFixtures.report(Repository.seedReports[1])
        let lines = try Self.render([report]).split(separator: "\n").map(String.init)
        for table in report.tables where table.found && table.key != .reviews {
            for row in table.rows {
                let prefix = "| \(MarkdownWriter.escape(row.label)) | "
                let fits = lines.contains {
                    $0.hasPrefix(prefix)
                        && $0.split(separator: "|", omittingEmptySubsequences: false).count == row.cells.count + 3
                }
                #expect(fits, "\(table.key).\(row.key)")
            }
        }
    }

    @Test("a blank cell is empty, a doubtful one bold with a warning sign, a broken rule marked")
    func marks() throws {
        var report = try FormatFixtures.report(Repository.seedReports[4])
        let row = try #require(report.tables[0].rows.firstIndex { !$0.cells.isEmpty })
        report.tables[0].rows[row].cells[0].value = 7
        report.tables[0].rows[row].cells[0].flags = [.suspicious]
        report.findings = [Finding(kind: .ruleFailed, message: "a rule")]
        let text = try Self.render([report])
        #expect(text.contains("| **7 ⚠** |"))
        #expect(text.contains("- **⚠ rule failed**: a rule"))
        report.findings = []
        #expect(try Self.render([report]).contains("None: every consistency rule holds."))
        let blankRow = try #require(report.tables[1].rows.first { $0.cells.contains { $0.flags == [.blank] } })
        let line = try #require(
            try Self.render([report]).split(separator: "\n").first {
                $0.hasPrefix("| \(MarkdownWriter.escape(blankRow.label)) |")
            })
        #expect(line.contains("|  |"), "a blank cell is empty: \(line)")
    }

    @Test("Markdown syntax in report text is escaped, so a table cannot be broken")
    func escaping() throws {
        var report = try FormatFixtures.report(Repository.seedReports[0])
        report.metadata.title = "a|b*c_d`e#f<g>h[i]j\\k"
        #expect(try Self.render([report]).hasPrefix("# a\\|b\\*c\\_d\\`e\\#f\\<g\\>h\\[i\\]j\\\\k\n"))
    }

    @Test("several reports are separated by a rule")
    func several() throws {
        let reports = try Repository.seedReports.prefix(3).map(FormatFixtures.report)
        let text = try Self.render(reports)
        #expect(text.components(separatedBy: "\n---\n\n").count == 3)
        #expect(text.components(separatedBy: "\n---\n\n").map { $0.hasPrefix("# ") } == [true, true, true])
    }
}
