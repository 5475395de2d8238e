import Foundation
import GIConvertCore

/// Writes the long CSV of the spec: one row per value, RFC 4180 quoting, the required columns first.
public struct CSVWriter: ReportWriter {
    public static let descriptor = FormatDescriptor(
        name: "csv",
        summary: "long CSV, one row per value (source, year, organization, table, row, column, value, flags, …)",
        fileExtensions: ["csv"])

    public init() {}

    public mutating func begin(_ sink: OutputSink, context: WriterContext) throws {
        sink.write(Self.line(LongTable.columns))
    }

    public mutating func write(_ report: Report, to sink: OutputSink) throws {
        for record in LongTable.records(report) { sink.write(Self.line(record)) }
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
