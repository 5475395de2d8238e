import GIConvertCore

/// Reads plain text: one paragraph per line, whatever the layout of the report's tables (one cell per
/// line, rows with `|`, a table flattened onto one line); recognising those layouts is the recogniser's.
public enum TextReader: ReportReader {
    public static let descriptor = FormatDescriptor(
        name: "text",
        summary: "plain text (UTF-8, UTF-16 with BOM, GB18030/GBK), tables as lines, pipes or one cell per line",
        fileExtensions: ["txt", "text"],
        sniff: { prefix in
            guard !prefix.isEmpty, !TextDecoding.looksBinary(prefix) else { return 0 }
            return 10
        })

    public static func read(_ input: ReaderInput) throws(InputError) -> Document {
        if input.bytes.isEmpty { throw .empty }
        if TextDecoding.looksBinary(input.bytes) { throw .binary }
        guard let text = TextDecoding.decode(input.bytes) else {
            throw .malformed("not text in UTF-8, UTF-16 or GB18030")
        }
        var blocks: [Block] = []
        var utf8 = text
        utf8.withUTF8 { bytes in
            for line in bytes.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }) {
                // Lines of nothing but ASCII white space carry no paragraph.
                if line.allSatisfy({ $0 <= 0x20 }) { continue }
                blocks.append(.paragraph(String(decoding: UnsafeBufferPointer(rebasing: line), as: UTF8.self)))
            }
        }
        if blocks.isEmpty { throw .empty }
        return Document(blocks: blocks)
    }
}
