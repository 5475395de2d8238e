import Foundation
import GIConvertCore

/// Writes one report's IR per line (JSON Lines), the form for streaming large archives: each line can be
/// read on its own and outputs of shards concatenate.
public struct JSONLinesWriter: PerReportWriter {
    public static let descriptor = FormatDescriptor(
        name: "jsonl",
        summary: "giconvert's IR as JSON Lines, one report per line (for archives)",
        fileExtensions: ["jsonl", "ndjson"])

    private var context = WriterContext(isCollection: true)

    public init() {}

    public mutating func begin(_ sink: OutputSink, context: WriterContext) throws {
        self.context = context
    }

    public mutating func write(_ report: Report, to sink: OutputSink) throws {
        sink.write(try Self.encode(report, context: context))
    }

    /// The report's IR as one line of JSON (keys sorted, slashes unescaped) and its line feed.
    public static func encode(_ report: Report, context: WriterContext) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = try encoder.encode(report)
        var line: [UInt8] = []
        line.reserveCapacity(json.count + 1)
        json.withUnsafeBytes { line.append(contentsOf: $0) }
        line.append(0x0A)
        return line
    }
}
