import Foundation
import TestSupport
import Testing

/// Renders the audit page of the seeds and the Shanghai page in headless Chromium and reads the DOM.
@Suite("The audit page in a browser", .serialized)
struct AuditPageTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test("giconvert FOLDER -o audit.html renders with the summary counts and the marked cells")
    func rendered() throws {
        let chromium = try #require(
            Self.chromium, "chromium is not installed (Scripts/setup.sh --deps-only installs it)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "giconvert-audit-\(UUID().uuidString)")
        let inputs = directory.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for seed in Repository.seedReports {
            try FileManager.default.copyItem(at: seed, to: inputs.appendingPathComponent(seed.lastPathComponent))
        }
        try FileManager.default.copyItem(
            at: Repository.sample("real/shanghai-office-2019.html"),
            to: inputs.appendingPathComponent("shanghai-office-2019.html"))
        let page = directory.appendingPathComponent("audit.html")
        let conversion = try CommandRunner.giconvert([inputs.path, "-o", page.path])
        #expect(conversion.status == 0)

        let dom = try CommandRunner.run(
            URL(fileURLWithPath: chromium),
            arguments: ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.absoluteString]
        ).stdout
        #expect(dom.contains("id=\"count-reports\">6<"))
        #expect(dom.contains("id=\"count-failing\">2<"))
        // The script ran: sorting buttons and the filter are wired, and the browser built the tables.
        #expect(dom.contains("<tbody>"))
        // Shanghai's blank 总计 cells break the row-total rule: each is marked, its message in the title.
        let ruleCells = dom.components(separatedBy: "<td class=\"rule").count - 1
        #expect(ruleCells >= 11)
        #expect(dom.contains("title=\"rule_failed: "))
        // Every report is listed, the failing ones open.
        #expect(dom.components(separatedBy: "<details").count - 1 == 6)
        #expect(dom.components(separatedBy: "<details open=\"\"").count - 1 == 2)
    }
}
