import TestSupport
import Testing

@testable import GIConvertCore

@Suite("Carry-over across years")
struct CarryOverCheckTests {
    /// A report whose applications table has only the carried-over and carried-forward rows filled.
    static func report(_ organization: String, _ year: Int, over: [String: Double], forward: [String: Double]) -> Report
    {
        let schema = ReportSchema.table(.applications, format: .v2021)
        let rows = schema.rows.map { spec in
            TableRow(
                key: spec.key, label: spec.label,
                cells: spec.columns.map { column in
                    let figures = spec.key == "carried_over" ? over : spec.key == "carried_forward" ? forward : [:]
                    let value = figures[column.key]
                    return TableCell(
                        column: column.key, label: column.label, value: value,
                        raw: value.map { NumberFormatting.plain($0) } ?? "", flags: value == nil ? [.blank] : [])
                })
        }
        return Report(
            metadata: ReportMetadata(source: "\(organization)-\(year).docx", organization: organization, year: year),
            format: .v2021, sections: [], tables: [StatisticalTable(key: .applications, found: true, rows: rows)],
            findings: [])
    }

    @Test("a two-year archive with one wrong carry-over gives exactly that mismatch")
    func oneMismatch() {
        let reports = [
            Self.report("某市 人民政府办公室", 2022, over: [:], forward: ["natural_person": 2, "commercial": 1, "total": 3]),
            // The same organization, printed in traditional script with a space.
            Self.report("某市人民政府辦公室", 2023, over: ["natural_person": 2, "commercial": 2, "total": 3], forward: [:]),
        ]
        let findings = CarryOverCheck.findings(reports)
        #expect(findings.count == 1)
        let finding = findings.first
        #expect(finding?.source == "某市人民政府辦公室-2023.docx" && finding?.previousSource == "某市 人民政府办公室-2022.docx")
        #expect(finding?.finding.kind == .carryOverMismatch && finding?.finding.column == "commercial")
        #expect(finding?.finding.expected == 1 && finding?.finding.printed == 2)
        #expect(finding?.finding.kind.failsStrictCheck == true)
        #expect(finding?.finding.message.contains("某市 人民政府办公室-2022.docx") == true)
    }

    @Test("other organizations and non-consecutive years give no finding")
    func noFalseMatches() {
        let reports = [
            Self.report("某市人民政府办公室", 2021, over: [:], forward: ["natural_person": 5, "total": 5]),
            Self.report("另一市人民政府办公室", 2022, over: ["natural_person": 9, "total": 9], forward: [:]),
            Self.report("某市人民政府办公室", 2023, over: ["natural_person": 1, "total": 1], forward: [:]),
        ]
        #expect(CarryOverCheck.findings(reports).isEmpty)
    }

    @Test("the accumulator fed one report at a time, in any order, finds what the batch finds")
    func streaming() {
        var generator = SplitMix64(seed: 15)
        var reports: [Report] = []
        for organization in ["甲区", "乙区", "丙区"] {
            for year in 2019...2023 {
                let over = Double(year % 3)
                let forward = Double((year + 1) % 3 == 0 && organization == "乙区" ? 7 : (year + 1) % 3)
                reports.append(Self.report(organization, year, over: ["total": over], forward: ["total": forward]))
            }
        }
        reports.shuffle(using: &generator)
        var check = CarryOverCheck()
        for report in reports { check.add(report) }
        let findings = check.findings()
        #expect(findings == CarryOverCheck.findings(reports))
        // 乙区 carries forward 7 from 2021 (2022 % 3 == 0), which its 2022 report does not carry over.
        #expect(findings.map { "\($0.organization)\($0.year)" } == ["乙区2022"])
    }
}
