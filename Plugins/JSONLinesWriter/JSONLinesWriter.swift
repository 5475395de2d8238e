import Foundation
import GIConvertCore

/// Writes one report's IR per line (JSON Lines), the form for streaming large archives: each line can be
/// read on its own and outputs of shards concatenate.
public struct JSONLinesWriter: ReportWriter {
    public static let descriptor = FormatDescriptor(
        name: "jsonl",
        summary: "giconvert's IR as JSON Lines, one report per line (for archives)",
        fileExtensions: ["jsonl", "ndjson"])

    public init() {}

    public mutating func write(_ report: Report, to sink: OutputSink) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        sink.write(try encoder.encode(report))
        sink.write("\n")
    }
}
