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
        // Two or more fragments; a numbered heading only with figures in it (its punctuation can leave
        // a gap as wide as a cell's).
        let isColumned = lines.map { line -> Bool in
            line.fragments.count >= 2 && !looksLikeProse(line)
                && (!Self.isHeading(Self.text(of: line)) || line.fragments.contains(where: \.isNumeric))
        }
        let isSeed = lines.indices.map { i in
            isColumned[i] && (lines[i].widestGap >= 1.2 * lines[i].height || lines[i].fragments.count >= 3)
        }
        // Per line: the table it belongs to, numbered from 1; 0 for text.
        var inTable = [Int](repeating: 0, count: lines.count)
        var tableCount = 0
        var i = 0
        while i < lines.count {
            guard isSeed[i], inTable[i] == 0 else {
                i += 1
                continue
            }
            // Grow the seed over neighbouring columned lines, and over one-fragment lines that sit
            // tight against the table (a title row, a wrapped label, a cell beside no other).
            var start = i
            var end = i + 1
            // Where the figures start: label cells stay left of it (they wrap inside their cells), so a
            // line that reaches past it is a heading or a title row, not a label of a blank row.
            var valueLeft: Float?
            // Cell text stands inside the borders: a line starting left of every cell is not in the table.
            var tableLeft = lines[i].x0
            // Where the table's cells start and centre (doubled): a numbered label row lines up with one.
            var cellEdges: [(left: Float, doubleCentre: Float)] = []
            // The widest gap between the rows of the table's core: padded cells set rows far apart.
            var rowGap: Float = 0
            var k = i
            while k < lines.count, isColumned[k], k == i || closeEnough(k - 1, k) {
                if k > i { rowGap = max(rowGap, lines[k].y0 - lines[k - 1].y1) }
                tableLeft = min(tableLeft, lines[k].x0)
                for f in lines[k].fragments { cellEdges.append((f.x0, f.x0 + f.x1)) }
                for fragment in lines[k].fragments where fragment.isNumeric {
                    valueLeft = min(valueLeft ?? fragment.x0, fragment.x0)
                }
                k += 1
            }
            var j = end
            var pending: Int?
            while j < lines.count {
                // A line of figures alone in the value columns is a row of the table too.
                let figuresOnly =
                    valueLeft.map { left in
                        lines[j].fragments.allSatisfy { $0.isNumeric && $0.x0 >= left - 0.5 * $0.height }
                    } ?? false
                if isColumned[j] || figuresOnly {
                    // Padded cells set rows far apart; so does a tall header above the first row of figures.
                    let near = lines[j].y0 - lines[j - 1].y1 <= 5 * lines[j].height
                    let firstFigures = valueLeft == nil && lines[j].fragments.contains(where: \.isNumeric)
                    guard
                        closeEnough(j - 1, j) || lines[j].y0 - lines[j - 1].y1 <= 1.25 * rowGap
                            || (near && (sharesColumns(j - 1, j) || firstFigures))
                    else { break }
                    if isColumned[j - 1] { rowGap = max(rowGap, lines[j].y0 - lines[j - 1].y1) }
                    end = j + 1
                    pending = nil
                    tableLeft = min(tableLeft, lines[j].x0)
                    for f in lines[j].fragments { cellEdges.append((f.x0, f.x0 + f.x1)) }
                    for fragment in lines[j].fragments where fragment.isNumeric {
                        valueLeft = min(valueLeft ?? fragment.x0, fragment.x0)
                    }
                } else {
                    guard mayBelongToTable(j, after: j - 1, rowGap: rowGap) else { break }
                    let line = lines[j]
                    let isHeading = Self.isHeading(Self.text(of: line))
                    func linesUp(_ f: Fragment) -> Bool {
                        cellEdges.contains { abs($0.left - f.x0) < 1 || abs($0.doubleCentre - f.x0 - f.x1) < 2 }
                    }
                    // A numbered label beside another cell of the table is a row of it.
                    if isHeading, line.fragments.count >= 2, line.fragments.dropFirst().contains(where: linesUp) {
                        end = j + 1
                        pending = nil
                        for f in line.fragments { cellEdges.append((f.x0, f.x0 + f.x1)) }
                        j += 1
                        continue
                    }
                    if isHeading && line.x0 < tableLeft - 0.5 { break }
                    // A numbered heading that lines up with no cell of the table is the text after it.
                    if isHeading && !line.fragments.contains(where: linesUp) {
                        break
                    }
                    if !isHeading || pending == nil {
                        for f in line.fragments { cellEdges.append((f.x0, f.x0 + f.x1)) }
                    }
                    let withinLabels = valueLeft.map { line.x1 <= $0 + 0.5 * line.height } ?? false
                    if withinLabels {
                        if pending == nil { end = j + 1 }
                    } else if isHeading {
                        // A numbered heading reaching past the labels ends the table; without known
                        // labels, only a narrow one with more of the table below stays in.
                        if valueLeft != nil || line.x1 - line.x0 > 0.4 * (bodyRight - bodyLeft) { break }
                        if pending == nil { pending = j }
                    } else if pending == nil && valueLeft == nil {
                        end = j + 1
                    } else if pending == nil {
                        pending = j
                    }
                }
                j += 1
            }
            while start > 0, inTable[start - 1] == 0 {
                if isColumned[start - 1], closeEnough(start - 1, start) {
                    start -= 1
                    continue
                }
                var k = start
                while k > 0, start - k < 8, inTable[k - 1] == 0, !isColumned[k - 1],
                    mayBelongToTable(k - 1, after: nil), tight(k - 1, k),
                    !Self.isHeading(Self.text(of: lines[k - 1]))
                { k -= 1 }
                if k == start { break }
                if k > 0, inTable[k - 1] == 0, isColumned[k - 1], closeEnough(k - 1, k) {
                    start = k - 1
                    continue
                }
                start = k
                break
            }
            tableCount += 1
            for k in start..<end where inTable[k] == 0 { inTable[k] = tableCount }
            i = end
        }
        var regions: [Region] = []
        var k = 0
        while k < lines.count {
            var e = k
            while e < lines.count, inTable[e] == inTable[k] { e += 1 }
            regions.append(inTable[k] != 0 ? .table(k..<e) : .text(k..<e))
            k = e
        }
        return regions
    }

    /// Lines of a table follow each other closely; a gap of more than two lines ends the table.
    private func closeEnough(_ a: Int, _ b: Int) -> Bool {
        let gap = lines[b].y0 - lines[a].y1
        return gap <= 2.2 * max(lines[a].height, lines[b].height)
    }

    /// Two lines whose fragments stand in the same columns (most of the second's fragments start or
    /// centre where one of the first's does): rows of one table, however far apart padding sets them.
    private func sharesColumns(_ a: Int, _ b: Int) -> Bool {
        let first = lines[a].fragments
        let second = lines[b].fragments
        guard first.count >= 2, second.count >= 2 else { return false }
        let matching = second.filter { f in
            first.contains { g in abs(g.x0 - f.x0) < 2 || abs((g.x0 + g.x1) - (f.x0 + f.x1)) < 4 }
        }.count
        return matching >= 2 && 2 * matching >= second.count
    }

    /// No more than an ordinary line gap between two lines.
    private func tight(_ a: Int, _ b: Int) -> Bool {
        lines[b].y0 - lines[a].y1 <= 1.0 * max(lines[a].height, lines[b].height)
    }

    /// A one-fragment line that may be part of the table it touches: close to the line before it and
    /// not prose (a sentence, a line as wide as the body).
    private func mayBelongToTable(_ index: Int, after previous: Int?, rowGap: Float = 0) -> Bool {
        let line = lines[index]
        if let previous, !tight(previous, index), lines[index].y0 - lines[previous].y1 > 1.25 * rowGap { return false }
        if looksLikeProse(line) { return false }
        let text = Self.text(of: line)
        if text.hasSuffix("。") || text.hasSuffix("：") || text.hasSuffix(":") { return false }
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
                // A long centred title wrapped onto a second centred line.
                let middle = (bodyLeft + bodyRight) / 2
                func centred(_ l: TextLine, inset: Bool = true) -> Bool {
                    abs((l.x0 + l.x1) / 2 - middle) < 1.5 * l.height && (!inset || l.x0 > bodyLeft + 1.5 * l.height)
                }
                // Its first line may fill the body's width.
                let title =
                    centred(prev, inset: false) && centred(line) && prev.x1 - prev.x0 >= 0.5 * (bodyRight - bodyLeft)
                    && !text.hasSuffix("。")
                if wraps && !indented || title, !apart, !resized {
                    if let last = text.unicodeScalars.last, let first = lineText.unicodeScalars.first,
                        PageLayout.isWordCharacter(last), PageLayout.isWordCharacter(first),
                        last.properties.isAlphabetic
                    {
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
