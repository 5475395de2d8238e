/// The findings of reports as a table, one row per finding, for `--findings FILE.csv`: a team can
/// filter a whole archive's doubts and broken rules in a spreadsheet.
public enum FindingsTable {
    /// The columns, in order.
    public static let columns = [
        "source", "year", "organization", "kind", "rule", "table", "row", "column", "expected", "printed", "message",
    ]

    /// The rows of one report's findings; empty fields for what a finding does not state (a blank
    /// printed figure is an empty `printed`).
    public static func records(_ report: Report) -> [[String]] {
        let source = report.metadata.source
        let year = report.metadata.year.map(String.init) ?? ""
        let organization = report.metadata.organization ?? ""
        return report.findings.map { record($0, source: source, year: year, organization: organization) }
    }

    /// The row of a finding about the dataset (a carry-over between two years), under the later report.
    public static func record(_ finding: DatasetFinding) -> [String] {
        record(finding.finding, source: finding.source, year: String(finding.year), organization: finding.organization)
    }

    private static func record(_ finding: Finding, source: String, year: String, organization: String) -> [String] {
        [
            source, year, organization, finding.kind.rawValue, finding.rule ?? "", finding.table?.rawValue ?? "",
            finding.row ?? "", finding.column ?? "", finding.expected.map(NumberFormatting.plain) ?? "",
            finding.printed.map(NumberFormatting.plain) ?? "", finding.message,
        ]
    }
}
