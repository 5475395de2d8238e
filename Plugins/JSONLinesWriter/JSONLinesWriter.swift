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

    /// The report's IR as one line of JSON (keys sorted, slashes unescaped) and its line feed: what
    /// `JSONEncoder` writes (``encodeWithFoundation(_:)``), by ``CompactIRJSON``.
    public static func encode(_ report: Report, context: WriterContext) throws -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(4096 + report.preamble.utf8.count + report.sections.reduce(0) { $0 + $1.text.utf8.count })
        CompactIRJSON.append(report, to: &line)
        line.append(0x0A)
        return line
    }

    /// The report's IR as `JSONEncoder` writes it, keys sorted and slashes unescaped: the oracle of
    /// ``CompactIRJSON``.
    static func encodeWithFoundation(_ report: Report) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(report))
    }
}
