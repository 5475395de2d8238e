import GIConvertBytes
import GIConvertCore

/// Writes the long CSV of the spec: one row per value, RFC 4180 quoting, the required columns first.
public struct CSVWriter: PerReportWriter {
    public static let descriptor = FormatDescriptor(
        name: "csv",
        summary: "long CSV, one row per value (source, year, organization, table, row, column, value, flags, …)",
        fileExtensions: ["csv"])

    /// The bytes of the report being written, kept between reports so that its capacity is reused.
    private var buffer: [UInt8] = []

    public init() {}

    public mutating func begin(_ sink: OutputSink, context: WriterContext) throws {
        if context.byteOrderMark { sink.write(TextDecoding.utf8ByteOrderMark) }
        sink.write(CSVRecord.line(LongTable.columns))
    }

    public mutating func write(_ report: Report, to sink: OutputSink) throws {
        buffer.removeAll(keepingCapacity: true)
        LongTableCSV.append(report, to: &buffer)
        sink.write(buffer)
    }

    /// The report's rows (the header and byte-order mark are the output's, written by `begin`).
    public static func encode(_ report: Report, context: WriterContext) throws -> [UInt8] {
        var bytes: [UInt8] = []
        LongTableCSV.append(report, to: &bytes)
        return bytes
    }
}
