import GIConvertCore

/// Writes the long CSV of the spec: one row per value, RFC 4180 quoting, the required columns first.
public struct CSVWriter: ReportWriter {
    public static let descriptor = FormatDescriptor(
        name: "csv",
        summary: "long CSV, one row per value (source, year, organization, table, row, column, value, flags, …)",
        fileExtensions: ["csv"])

    public init() {}

    public mutating func begin(_ sink: OutputSink, context: WriterContext) throws {
        sink.write(CSVRecord.line(LongTable.columns))
    }

    public mutating func write(_ report: Report, to sink: OutputSink) throws {
        var bytes: [UInt8] = []
        LongTable.appendCSV(report, to: &bytes)
        sink.write(bytes)
    }
}
