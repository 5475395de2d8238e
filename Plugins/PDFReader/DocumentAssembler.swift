import GIConvertCore

/// Splits the content lines into tables and paragraphs and builds the blocks in reading order.
///
/// A table is a run of lines laid out in columns: lines of two or more fragments, with at least one
/// wide gap among them, and the one-fragment lines between such lines (a title row, a wrapped label).
/// The remaining lines are joined into paragraphs: a line that reaches the right edge of the body wraps
/// into the next one unless that one is indented or set apart.
struct DocumentAssembler {
    let lines: [TextLine]
    let bodyLeft: Float
    let bodyRight: Float

    func blocks() -> [Block] {
        var blocks: [Block] = []
        var paragraph: [TextLine] = []
        func flushParagraph() {
            if !paragraph.isEmpty { blocks.append(contentsOf: paragraphs(paragraph)) }
            paragraph = []
        }
        for region in regions() {
            switch region {
            case .text(let range):
                paragraph.append(contentsOf: lines[range])
            case .table(let range):
                var layout = TableLayout(lines: Array(lines[range]))
                if let grid = layout.grid() {
                    flushParagraph()
                    blocks.append(.table(grid))
                } else {
                    paragraph.append(contentsOf: lines[range])
                }
            }
        }
        flushParagraph()
        return blocks
    }

    enum Region {
        case text(Range<Int>)
        case table(Range<Int>)
    }

    /// Runs of table lines and of text lines.
    func regions() -> [Region] {
        let isColumned = lines.map { line -> Bool in
            line.fragments.count >= 2 && !looksLikeProse(line)
        }
        let isSeed = lines.indices.map { i in isColumned[i] && lines[i].widestGap >= 1.2 * lines[i].height }
        var inTable = [Bool](repeating: false, count: lines.count)
        var i = 0
        while i < lines.count {
            guard isSeed[i] else { i += 1; continue }
            // Grow the seed over neighbouring columned lines, and over one-fragment lines that lie
            // between columned lines with no wide vertical gap.
            var start = i, end = i + 1
            while start > 0, isColumned[start - 1], closeEnough(start - 1, start) { start -= 1 }
            while end < lines.count, closeEnough(end - 1, end) {
                if isColumned[end] { end += 1; continue }
                var j = end
                while j < lines.count, !isColumned[j], closeEnough(j - 1, j), j - end < 6, !looksLikeProse(lines[j]) { j += 1 }
                if j < lines.count, isColumned[j], closeEnough(j - 1, j) { end = j + 1 } else { break }
            }
            for k in start..<end { inTable[k] = true }
            i = end
        }
        var regions: [Region] = []
        var k = 0
        while k < lines.count {
            var e = k
            while e < lines.count, inTable[e] == inTable[k] { e += 1 }
            regions.append(inTable[k] ? .table(k..<e) : .text(k..<e))
            k = e
        }
        return regions
    }

    /// Lines of a table follow each other closely; a gap of more than two lines ends the table.
    private func closeEnough(_ a: Int, _ b: Int) -> Bool {
        let gap = lines[b].y0 - lines[a].y1
        return gap <= 2.2 * max(lines[a].height, lines[b].height)
    }

    /// A justified line of prose spread over the whole body with small gaps, not cells.
    private func looksLikeProse(_ line: TextLine) -> Bool {
        let width = bodyRight - bodyLeft
        guard width > 0 else { return false }
        let text = line.fragments.reduce(0) { $0 + $1.width }
        return line.x1 - line.x0 > 0.85 * width && text > 0.8 * (line.x1 - line.x0)
            && line.fragments.count <= 3 && line.widestGap < 2.5 * line.height
    }

    /// Joins lines into paragraphs.
    private func paragraphs(_ run: [TextLine]) -> [Block] {
        var result: [Block] = []
        var text = ""
        var previous: TextLine?
        for line in run {
            let lineText = Self.text(of: line)
            if let prev = previous {
                let wraps = prev.x1 >= bodyRight - 1.5 * prev.height
                let indented = line.x0 > bodyLeft + 1.2 * line.height
                let apart = line.y0 - prev.y1 > 0.9 * max(line.height, prev.height)
                let resized = abs(line.height - prev.height) > 0.25 * max(line.height, prev.height)
                if wraps, !indented, !apart, !resized {
                    if let last = text.unicodeScalars.last, let first = lineText.unicodeScalars.first,
                       PageLayout.isWordCharacter(last), PageLayout.isWordCharacter(first), last.properties.isAlphabetic {
                        text += " "
                    }
                    text += lineText
                } else {
                    result.append(.paragraph(text))
                    text = lineText
                }
            } else {
                text = lineText
            }
            previous = line
        }
        if !text.isEmpty { result.append(.paragraph(text)) }
        return result
    }

    /// A line's text, its fragments separated by a space.
    static func text(of line: TextLine) -> String {
        line.fragments.map(\.text).joined(separator: " ")
    }
}
