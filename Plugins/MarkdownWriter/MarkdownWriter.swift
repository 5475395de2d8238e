import GIConvertCore

/// Renders a report for people: its metadata, its sections, the three tables as Markdown tables, and
/// the findings, with broken rules and doubtful cells marked.
///
/// This module is the worked example of adding a format (README, "Adding a format").
public struct MarkdownWriter: ReportWriter {
    public static let descriptor = FormatDescriptor(
        name: "markdown",
        summary: "a readable rendering: metadata, sections, the three tables, findings highlighted",
        fileExtensions: ["md", "markdown"])

    private var count = 0

    public init() {}

    public mutating func write(_ report: Report, to sink: OutputSink) throws {
        if count > 0 { sink.write("\n---\n\n") }
        count += 1
        sink.write(Self.render(report))
    }

    /// The Markdown of one report.
    public static func render(_ report: Report) -> String {
        let meta = report.metadata
        var out = "# \(escape(meta.title ?? meta.source))\n\n"
        var facts: [(String, String)] = [("Source", meta.source)]
        if let organization = meta.organization { facts.append(("Organization", organization)) }
        if let year = meta.year { facts.append(("Year", String(year))) }
        if let date = meta.publicationDate { facts.append(("Published", date)) }
        if let publisher = meta.publisher { facts.append(("Publisher", publisher)) }
        facts.append(("Format", report.format.map { "national format \($0.rawValue)" } ?? "no table recognised"))
        out += facts.map { "- **\($0.0)**: \(escape($0.1))" }.joined(separator: "\n") + "\n\n"

        let flagged = flaggedCells(report)
        if !report.preamble.isEmpty { out += paragraphs(report.preamble) + "\n" }
        for section in report.sections {
            out += "## \(escape(section.heading))\n\n"
            if !section.text.isEmpty { out += paragraphs(section.text) + "\n" }
            if let key = tableKey(of: section.kind), let table = report.table(key), table.found {
                out += render(table, flagged: flagged) + "\n"
            }
        }
        for table in report.tables
        where table.found && !report.sections.contains(where: { tableKey(of: $0.kind) == table.key }) {
            out += "## \(table.key.rawValue)\n\n" + render(table, flagged: flagged) + "\n"
        }

        out += "## Findings\n\n"
        if report.findings.isEmpty {
            out += "None: every consistency rule holds.\n"
        } else {
            for finding in report.findings {
                let marker = finding.kind == .ruleFailed ? "**⚠ rule failed**" : "*\(finding.kind.rawValue)*"
                out += "- \(marker): \(escape(finding.message))\n"
            }
        }
        return out
    }

    private static func tableKey(of section: SectionKind) -> TableKey? {
        switch section {
        case .activeDisclosure: .active
        case .applications: .applications
        case .reviewsAndLitigation: .reviews
        default: nil
        }
    }

    /// A Markdown table: one line per row, the row's label first; cells with a finding or a doubtful
    /// flag are bold with a ⚠, blanks are empty.
    static func render(_ table: StatisticalTable, flagged: Set<String>) -> String {
        if table.key == .reviews, let row = table.rows.first {
            var out = "| | " + row.cells.map { escape($0.label) }.joined(separator: " | ") + " |\n"
            out += "|---|" + String(repeating: "---:|", count: row.cells.count) + "\n"
            out +=
                "| | "
                + row.cells.map { cellText($0, flagged: flagged.contains("reviews/\(row.key)/\($0.column)")) }.joined(
                    separator: " | ") + " |\n"
            return out
        }
        var out = ""
        var columns: [String] = []
        for row in table.rows {
            let labels = row.cells.map(\.label)
            if labels != columns {
                columns = labels
                out += (out.isEmpty ? "" : "\n") + "| | " + labels.map(escape).joined(separator: " | ") + " |\n"
                out += "|---|" + String(repeating: "---:|", count: labels.count) + "\n"
            }
            let cells = row.cells.map {
                cellText($0, flagged: flagged.contains("\(table.key.rawValue)/\(row.key)/\($0.column)"))
            }
            out += "| \(escape(row.label)) | " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }

    private static func cellText(_ cell: TableCell, flagged: Bool) -> String {
        let doubtful = flagged || cell.flags.contains { $0 == .suspicious || $0 == .inferred || $0 == .missing }
        let text = cell.formattedValue
        return doubtful ? "**\(text.isEmpty ? "–" : text) ⚠**" : text
    }

    /// `table/row/column` of every cell a rule-failure finding names.
    private static func flaggedCells(_ report: Report) -> Set<String> {
        Set(
            report.findings.compactMap { finding in
                guard finding.kind == .ruleFailed, let table = finding.table, let row = finding.row,
                    let column = finding.column
                else { return nil }
                return "\(table.rawValue)/\(row)/\(column)"
            })
    }

    private static func paragraphs(_ text: String) -> String {
        text.split(separator: "\n").map { escape(String($0)) + "\n" }.joined(separator: "\n")
    }

    /// Escapes the characters that would break a table or start Markdown syntax.
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            if "|*_`#<>[]\\".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
