import Foundation
import GIConvertCore
import GIConvertFormats
import TestSupport
import Testing

/// No report can fail an output: a value or a finding figure that is not finite (which no reader
/// makes, but a consistency sum or a future reader might) is written as blank by every writer.
@Suite("Writers and numbers that are not finite")
struct NonFiniteNumberTests {
    static func report() throws -> Report {
        var report = try RegistryWalkTests.seedReports()[0]
        report.tables[0].rows[0].cells[0].value = .infinity
        report.tables[0].rows[0].cells[1].value = -.infinity
        report.tables[1].rows[0].cells[0].value = .nan
        report.findings.append(
            Finding(kind: .ruleFailed, rule: "test", expected: .infinity, printed: .nan, message: "not finite"))
        return report
    }

    @Test("every writer writes reports holding infinity and NaN")
    func everyWriter() throws {
        let reports = [try Self.report(), try Self.report()]
        for writer in BuiltinFormats.writers {
            let name = writer.descriptor.name
            let bytes = try RegistryWalkTests.write(writer, reports)
            #expect(!bytes.isEmpty, "\(name)")
            let text = String(decoding: bytes, as: UTF8.self)
            if ["csv", "json", "jsonl", "markdown"].contains(name) {
                let printed = text.range(of: "(?<![A-Za-z_])-?(inf|nan)(?![A-Za-z_])", options: .regularExpression)
                #expect(printed == nil, "\(name): \(printed.map { String(text[$0]) } ?? "")")
            }
        }
    }

    @Test("JSON writes such a value as null and leaves such a finding figure out")
    func jsonNull() throws {
        let bytes = try RegistryWalkTests.write(
            try #require(BuiltinFormats.registry.writer(named: "json")), [try Self.report()])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let tables = try #require(object["tables"] as? [[String: Any]])
        let cells = try #require(((tables[0]["rows"] as? [[String: Any]])?.first)?["cells"] as? [[String: Any]])
        #expect(cells[0]["value"] is NSNull)
        let finding = try #require((object["findings"] as? [[String: Any]])?.last)
        #expect(finding["expected"] == nil)
        #expect(finding["printed"] == nil || finding["printed"] is NSNull)
        #expect(finding["message"] as? String == "not finite")
    }

    @Test("the long CSV's plain number is empty for infinity and NaN")
    func plainNumber() {
        #expect(NumberFormatting.plain(.infinity) == "")
        #expect(NumberFormatting.plain(.nan) == "")
        #expect(NumberFormatting.plain(6089.19) == "6089.19")
    }
}
