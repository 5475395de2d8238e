import GIConvertBytes
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

    public static func read(_ input: ReaderInput) throws(InputError) -> ReaderOutput {
        if input.bytes.isEmpty { throw .empty }
        if TextDecoding.looksBinary(input.bytes) { throw .binary }
        guard var text = TextDecoding.decode(input.bytes) else {
            throw .malformed("not text in UTF-8, UTF-16 or GB18030")
        }
        let lines = text.withUTF8 { TextDecoding.lineRanges(of: $0) }
        // Each line is cut from the decoded text at a line feed or carriage return (ASCII, so on scalar
        // boundaries); copying a substring of a valid string skips validating its UTF-8 again.
        var blocks: [Block] = []
        blocks.reserveCapacity(lines.count)
        let start = text.utf8.startIndex
        for line in lines {
            let lower = text.utf8.index(start, offsetBy: line.lowerBound)
            let upper = text.utf8.index(lower, offsetBy: line.count)
            blocks.append(.paragraph(String(text[lower..<upper])))
        }
        if blocks.isEmpty { throw .empty }
        return .document(Document(blocks: blocks))
    }
}
