import Foundation
import GIConvertCore
import HTMLReader
import TestSupport
import Testing
import TextReader

@testable import AuditPageWriter

@Suite("Audit page writer")
struct AuditPageWriterTests {
    static let registry = FormatRegistry(readers: [TextReader.self, HTMLReader.self], writers: [AuditPageWriter.self])

    static func seeds() throws -> [Report] {
        try Repository.seedReports.map {
            try Converter(registry: registry).convertFile(atPath: $0.path, name: $0.lastPathComponent)
        }
    }

    static func page(_ reports: [Report]) throws -> String {
        var writer = AuditPageWriter()
        return String(
            decoding: try writer.bytes(of: reports, context: WriterContext(isCollection: true)), as: UTF8.self)
    }

    @Test("the registry picks the audit page for .html outputs and the HTML reader for .html inputs")
    func registry() {
        let registry = FormatRegistry(readers: [HTMLReader.self], writers: [AuditPageWriter.self])
        #expect(registry.writer(forPath: "out/audit.html") == AuditPageWriter.self)
        #expect(registry.reader(forPath: "in/report.html") == HTMLReader.self)
        #expect(registry.writer(named: "html") == AuditPageWriter.self)
    }

    @Test("the summary counts reports, reports with findings and broken rules; failing reports name their rules")
    func summary() throws {
        let reports = try Self.seeds()
        let page = try Self.page(reports)
        #expect(page.contains("<dd id=\"count-reports\">5</dd>"))
        #expect(page.contains("<dd id=\"count-with-findings\">\(reports.filter { !$0.findings.isEmpty }.count)</dd>"))
        #expect(page.contains("<dd id=\"count-failing\">1</dd>"))
        #expect(page.contains("<code>applications.balance</code>"))
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.hasSuffix("</html>\n"))
        #expect(!page.contains("http://") && !page.contains("https://"), "the page loads nothing")
    }

    @Test("a narrative mismatch marks its cell with the message in the title, escaped")
    func narrativeMark() throws {
        var report = try Self.seeds()[1]
        report.findings.append(
            Finding(
                kind: .narrativeMismatch, table: .applications, row: "new_received", column: "total",
                expected: 99, printed: 1, message: "the narrative states 99 (“<收到99件>”)"))
        let page = try Self.page([report])
        #expect(
            page.contains("class=\"narrative\" title=\"narrative_mismatch: the narrative states 99 (“&lt;收到99件&gt;”)"))
        #expect(page.contains("Narrative disagrees") || page.contains("narrative disagrees"))
    }

    @Test("reports stream: the page of many reports is the head, each report's part in order, then the summary")
    func streaming() throws {
        let reports = try Self.seeds()
        let page = try Self.page(reports + reports)
        let positions = reports.map { report in
            page.ranges(of: "data-org=\"\(report.metadata.organization ?? "")\"").count
        }
        #expect(positions.allSatisfy { $0 == 2 })
        let summary = try #require(page.range(of: "<section id=\"summary\""))
        let lastReport = try #require(page.range(of: "<details", options: .backwards))
        #expect(lastReport.lowerBound < summary.lowerBound)
        #expect(page.contains("<dd id=\"count-reports\">10</dd>"))
    }
}
