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
        let isSeed = lines.indices.map { i in
            isColumned[i] && (lines[i].widestGap >= 1.2 * lines[i].height || lines[i].fragments.count >= 3)
        }
        var inTable = [Bool](repeating: false, count: lines.count)
        var i = 0
        while i < lines.count {
            guard isSeed[i], !inTable[i] else { i += 1; continue }
            // Grow the seed over neighbouring columned lines, and over one-fragment lines that sit
            // tight against the table (a title row, a wrapped label, a cell beside no other).
            var start = i, end = i + 1
            while end < lines.count {
                if isColumned[end], closeEnough(end - 1, end) { end += 1; continue }
                var j = end
                while j < lines.count, j - end < 8, !isColumned[j], mayBelongToTable(j, after: j - 1) { j += 1 }
                if j == end { break }
                if j < lines.count, isColumned[j], closeEnough(j - 1, j) { end = j + 1; continue }
                end = j
                break
            }
            while start > 0 {
                if isColumned[start - 1], closeEnough(start - 1, start) { start -= 1; continue }
                var j = start
                while j > 0, start - j < 8, !isColumned[j - 1], mayBelongToTable(j - 1, after: nil), tight(j - 1, j) { j -= 1 }
                if j == start { break }
                if j > 0, isColumned[j - 1], closeEnough(j - 1, j) { start = j - 1; continue }
                start = j
                break
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

    /// No more than an ordinary line gap between two lines.
    private func tight(_ a: Int, _ b: Int) -> Bool {
        lines[b].y0 - lines[a].y1 <= 1.0 * max(lines[a].height, lines[b].height)
    }

    /// A one-fragment line that may be part of the table it touches: not prose (a sentence, a line
    /// as wide as the body) and not a section heading (`三、…`).
    private func mayBelongToTable(_ index: Int, after previous: Int?) -> Bool {
        let line = lines[index]
        if let previous, !tight(previous, index) { return false }
        if looksLikeProse(line) { return false }
        let text = Self.text(of: line)
        if text.hasSuffix("。") || text.hasSuffix("：") || text.hasSuffix(":") { return false }
        if Self.isHeading(text) { return false }
        return true
    }

    /// `一、…` to `十、…`: a numbered heading of the report's text.
    static func isHeading(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars.prefix(4))
        let numerals = "一二三四五六七八九十".unicodeScalars
        var i = 0
        while i < scalars.count, numerals.contains(scalars[i]) { i += 1 }
        return i > 0 && i < scalars.count && (scalars[i] == "、" || scalars[i] == "．")
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
