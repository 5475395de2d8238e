import Foundation
import GIConvertCore
import HTMLReader
import TestSupport
import Testing
import TextReader

@Suite("Narrative against tables")
struct NarrativeCheckTests {
    static let registry = FormatRegistry(readers: [TextReader.self, HTMLReader.self], writers: [])

    /// The seeds and the real Shanghai page, by golden name.
    static var samples: [(name: String, url: URL)] {
        Repository.seedReports.map { ($0.deletingPathExtension().lastPathComponent, $0) }
            + [("shanghai-office-2019", Repository.sample("real/shanghai-office-2019.html"))]
    }

    static func report(_ url: URL) throws -> Report {
        try Converter(registry: registry).convertFile(atPath: url.path, name: url.lastPathComponent)
    }

    static func encoded(_ statements: [NarrativeStatement]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(statements), as: UTF8.self) + "\n"
    }

    /// The golden files were checked by hand against the text; `GICONVERT_UPDATE_GOLDEN=1` rewrites them
    /// (Scripts/regenerate-golden.sh sets it).
    @Test("the linked statements of the seeds and the Shanghai page are the golden ones")
    func golden() throws {
        for (name, url) in Self.samples {
            let statements = NarrativeCheck.statements(in: try Self.report(url))
            let golden = Repository.sample("golden/narrative/\(name).json")
            let text = try Self.encoded(statements)
            if ProcessInfo.processInfo.environment["GICONVERT_UPDATE_GOLDEN"] == "1" {
                try text.write(to: golden, atomically: true, encoding: .utf8)
            }
            #expect(Golden.mismatch(Array(text.utf8), golden: golden) == nil)
        }
    }

    @Test("no seed's narrative disagrees with its tables, so no finding is added")
    func seedsAgree() throws {
        for (name, url) in Self.samples {
            let report = try Self.report(url)
            #expect(!report.findings.contains { $0.kind == .narrativeMismatch }, "\(name)")
        }
    }

    static func report(narrative: String) throws -> Report {
        var report = try Self.report(Repository.seedReports[1])
        report.sections = [ReportSection(kind: .overview, heading: "一、总体情况", text: narrative)]
        report.preamble = ""
        return report
    }

    @Test("a stated figure that differs from its cell is a finding naming the sentence and both figures")
    func mismatch() throws {
        let base = try Self.report(Repository.seedReports[1])
        let received = try #require(base.cell(.applications, "new_received", "total")?.value)
        let report = try Self.report(narrative: "全年收到政府信息公開申請\(Int(received) + 3)件，其中自然人1件。")
        let findings = NarrativeCheck.findings(report)
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.kind == .narrativeMismatch && finding.kind.failsStrictCheck)
        #expect(finding.table == .applications && finding.row == "new_received" && finding.column == "total")
        #expect(finding.expected == received + 3 && finding.printed == received)
        #expect(finding.message.contains("全年收到政府信息公開申請"))
    }

    @Test("statements of each kind link to their cells; sums, shares and other years are left alone")
    func kinds() throws {
        let report = try Self.report(
            narrative: """
                本年新收政府信息公开申请1件，上年结转2件，办结3件，同意公开答复4件，结转下年度继续办理5件。
                主动公开规范性文件6件，现行有效规章7件；行政复议8件，行政诉讼9件。
                予以公开及部分公开10件；不予公开11件，占4.3%；较去年增加12件；行政复议、行政诉讼各13件。
                共受理申请14件（其中上年结转15件）。共制发规章、规范性文件16件。
                """)
        let linked = NarrativeCheck.statements(in: report).map {
            "\($0.row)/\($0.columns.joined(separator: "+"))=\(Int($0.stated))"
        }
        #expect(
            linked == [
                "new_received/total=1", "carried_over/total=2", "handled_total/total=3", "granted/total=4",
                "carried_forward/total=5",
                "normative_documents/issued=6", "regulations/in_force=7", "cases/review_total=8",
                "cases/suit_direct_total+suit_after_review_total=9", "carried_over/total=15",
            ])
    }
}
