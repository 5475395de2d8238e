import GIConvertBytes
import GIConvertCore
import HTMLReader

/// Reads plain text: one paragraph per line, whatever the layout of the report's tables (one cell per
/// line, rows with `|`, a table flattened onto one line); recognising those layouts is the recogniser's.
/// Grid tables drawn with `+---+` borders are the exception: their cells wrap over lines, so they are
/// read as tables (``GridTableText``). So are HTML tables written into Markdown (``HTMLTableText``),
/// which the HTML reader lays out.
public enum TextReader: ReportReader {
    public static let descriptor = FormatDescriptor(
        name: "text",
        summary: "plain text (UTF-8, UTF-16 with BOM, GB18030/GBK), tables as lines, pipes or one cell per line",
        fileExtensions: ["txt", "text", "md", "markdown"],
        sniff: { prefix in
            guard !prefix.isEmpty, !TextDecoding.looksBinary(prefix) else { return 0 }
            return 10
        })

    public static func read(_ input: ReaderInput) throws(InputError) -> ReaderOutput {
        if input.bytes.isEmpty { throw .empty }
        if TextDecoding.looksBinary(input.bytes) { throw .binary }
        guard var decoded = TextDecoding.decode(input.bytes) else {
            throw .malformed("not text in UTF-8, UTF-16 or GB18030")
        }
        // Per line, its range and its first byte that is no space or tab (0 for none).
        let (lines, firstBytes) = decoded.withUTF8 { bytes in
            let lines = TextDecoding.lineRanges(of: bytes)
            let firstBytes = lines.map { range in
                var index = range.lowerBound
                while index < range.upperBound, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
                return index < range.upperBound ? bytes[index] : 0
            }
            return (lines, firstBytes)
        }
        let text = decoded
        var blocks: [Block] = []
        blocks.reserveCapacity(lines.count)
        var warnings: [ReaderWarning] = []
        var remainingTableCells = TableLimits.maximumDocumentCells
        let start = text.utf8.startIndex
        // Each line is cut from the decoded text at a line feed or carriage return (ASCII, so on scalar
        // boundaries); copying a substring of a valid string skips validating its UTF-8 again.
        func line(_ index: Int) -> Substring {
            let lower = text.utf8.index(start, offsetBy: lines[index].lowerBound)
            return text[lower..<text.utf8.index(lower, offsetBy: lines[index].count)]
        }
        // Per line, whether an empty line (or one of spaces) comes before it: kept as an empty paragraph,
        // the break between two blocks of text that extractors print.
        let afterEmptyLine = decoded.withUTF8 { bytes in
            lines.indices.map { index in
                let gap = (index == 0 ? 0 : lines[index - 1].upperBound)..<lines[index].lowerBound
                let feeds = bytes[gap].count { $0 == 0x0A }
                return index > 0 && (feeds > 1 || (feeds == 0 && bytes[gap].count { $0 == 0x0D } > 1))
            }
        }
        var index = 0
        var mayFindHTMLTables = true
        // Text with no `<` at all, most of it, has no inline formatting tags to leave out.
        let mayHaveMarkup = decoded.withUTF8 { ByteSearch.firstIndex(of: 0x3C, in: $0) != nil }
        while index < lines.count {
            if afterEmptyLine[index] { blocks.append(.paragraph("")) }
            // A line starting with `+` or a box-drawing stroke (UTF-8 lead byte E2) may begin a grid table.
            if firstBytes[index] == 0x2B || firstBytes[index] == 0xE2 {
                let found = GridTableText.table(startingAt: index, count: lines.count, line: line)
                if !found.rows.isEmpty {
                    if remainingTableCells > 0 {
                        let (grid, cut) = TableGrid.resolving(
                            found.rows, maximumCells: min(TableLimits.maximumCells, remainingTableCells))
                        if let cut { warnings.append(.tableCut(cut)) }
                        remainingTableCells -= grid.rows.count * (grid.rows.first?.count ?? 0)
                        blocks.append(.table(grid))
                    } else if !warnings.contains(.documentCellLimit) {
                        warnings.append(.documentCellLimit)
                    }
                    index += found.lineCount
                    continue
                }
                // The lines read are paragraphs, and no table starts among them.
                for passed in index..<(index + found.lineCount) {
                    if passed > index, afterEmptyLine[passed] { blocks.append(.paragraph("")) }
                    blocks.append(.paragraph(String(line(passed))))
                }
                index += found.lineCount
                continue
            }
            // A line starting with `<` may open an HTML table written into Markdown.
            if firstBytes[index] == 0x3C, mayFindHTMLTables,
                let end = decoded.withUTF8({ HTMLTableText.end(ofTableAt: index, lines: lines, bytes: $0) })
            {
                let html = text[line(index).startIndex..<line(end - 1).endIndex]
                var fragmentWarnings: [ReaderWarning] = []
                for block in HTMLReader.blocks(ofFragment: String(html), warnings: &fragmentWarnings) {
                    guard case .table(let grid) = block else {
                        blocks.append(block)
                        continue
                    }
                    let cells = grid.rows.count * (grid.rows.first?.count ?? 0)
                    if cells <= remainingTableCells {
                        remainingTableCells -= cells
                        blocks.append(block)
                    } else if !warnings.contains(.documentCellLimit) {
                        warnings.append(.documentCellLimit)
                    }
                }
                for warning in fragmentWarnings where !warnings.contains(warning) { warnings.append(warning) }
                index = end
                continue
            } else if firstBytes[index] == 0x3C, mayFindHTMLTables,
                decoded.withUTF8({ HTMLTableText.opensTable(lines[index], bytes: $0) })
            {
                // A table opened and never closed: no later line closes one either, so none is looked for.
                mayFindHTMLTables = false
            }
            blocks.append(.paragraph(mayHaveMarkup ? InlineMarkup.stripped(line(index)) : String(line(index))))
            index += 1
        }
        if blocks.isEmpty { throw .empty }
        return .document(Document(blocks: blocks, warnings: warnings))
    }
}
