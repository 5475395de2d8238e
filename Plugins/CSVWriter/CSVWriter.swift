import Foundation
import GIConvertCore

/// Writes the long CSV of the spec: one row per value, RFC 4180 quoting, the required columns first.
public struct CSVWriter: ReportWriter {
    public static let descriptor = FormatDescriptor(
        name: "csv",
        summary: "long CSV, one row per value (source, year, organization, table, row, column, value, flags, …)",
        fileExtensions: ["csv"])

    /// The header: the spec's required columns in order, then giconvert's extra columns.
    public static let columns = [
        "source", "year", "organization", "table", "row", "column", "value", "flags",
        "format", "row_label", "column_label", "raw",
    ]

    public init() {}

    public mutating func begin(_ sink: OutputSink, context: WriterContext) throws {
        sink.write(Self.line(Self.columns))
    }

    public mutating func write(_ report: Report, to sink: OutputSink) throws {
        for row in Self.rows(report) { sink.write(Self.line(row)) }
    }

    /// The CSV rows of one report, as fields in ``columns`` order. Tables that were not found give none.
    public static func rows(_ report: Report) -> [[String]] {
        let meta = report.metadata
        var rows: [[String]] = []
        for table in report.tables where table.found {
            for row in table.rows {
                for cell in row.cells {
                    rows.append([
                        meta.source, meta.year.map(String.init) ?? "", meta.organization ?? "",
                        table.key.rawValue, row.key, cell.column, cell.formattedValue,
                        cell.flags.map(\.rawValue).joined(separator: ";"),
                        report.format?.rawValue ?? "", row.label, cell.label, cell.raw,
                    ])
                }
            }
        }
        return rows
    }

    /// One CSV record with RFC 4180 quoting and CRLF line end.
    public static func line(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\r\n"
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
