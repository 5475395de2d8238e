import Foundation
import GIConvertCore

/// Writes the whole IR as JSON: one object for a report, an array for many. Keys are sorted, so the same
/// report always gives the same bytes.
public struct JSONWriter: ReportWriter {
    public static let descriptor = FormatDescriptor(
        name: "json",
        summary: "giconvert's IR as JSON: metadata, sections with their text, tables, findings",
        fileExtensions: ["json"])

    private var isCollection = false
    private var count = 0
    /// The first report of an output that did not announce a collection, held back until it is known
    /// whether a second one follows (an IR file can hold many).
    private var pending: Data?

    public init() {}

    /// The encoder every JSON form of the IR uses.
    public static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public mutating func begin(_ sink: OutputSink, context: WriterContext) throws {
        isCollection = context.isCollection
        if isCollection { sink.write("[\n") }
    }

    public mutating func write(_ report: Report, to sink: OutputSink) throws {
        let json = Self.compactingEmptyContainers(try Self.encoder(pretty: true).encode(report))
        count += 1
        if !isCollection {
            guard let first = pending else {
                pending = json
                return
            }
            isCollection = true
            pending = nil
            sink.write("[\n")
            sink.write(first)
        }
        if count > 1 { sink.write(",\n") }
        sink.write(json)
    }

    /// Pretty-printed JSON with every empty array or object written `[]` / `{}`, not opened over two
    /// lines. A JSON string holds no raw line break, so `[` or `{` followed by two line breaks only
    /// ever opens an empty container.
    public static func compactingEmptyContainers(_ json: Data) -> Data {
        let bytes = [UInt8](json)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x5B || byte == 0x7B, index + 2 < bytes.count, bytes[index + 1] == 0x0A, bytes[index + 2] == 0x0A
            {
                var close = index + 3
                while close < bytes.count, bytes[close] == 0x20 { close += 1 }
                if close < bytes.count, bytes[close] == (byte == 0x5B ? 0x5D : 0x7D) {
                    out.append(byte)
                    out.append(bytes[close])
                    index = close + 1
                    continue
                }
            }
            out.append(byte)
            index += 1
        }
        return Data(out)
    }

    public mutating func finish(_ sink: OutputSink) throws {
        if let pending { sink.write(pending) }
        sink.write(isCollection ? "\n]\n" : "\n")
    }
}
