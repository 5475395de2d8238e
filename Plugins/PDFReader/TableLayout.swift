import GIConvertCore

/// Rebuilds one table from the fragments of its lines.
///
/// - Columns come from the x-extents of the fragments, narrowest first: a fragment that overlaps one
///   column widens it, one that overlaps none starts a column, and one that overlaps several spans them.
/// - A column whose cells are mostly figures holds values; a line with a figure in a value column is
///   a row of values. Figures never wrap, so each such line is one printed row.
/// - Lines of one column join into one cell while each line fills the column (the text wrapped), the
///   next does not start a new numbered item, and the two lines are not both rows of values.
/// - A cell spans the rows of values it stands beside (a group label spanning rows); cells beside no
///   values (headers) make rows of their own. Empty label positions are covered by the label above
///   or to the left, the way a merged cell is; empty value positions are blank cells.
/// - After a page break, rows that repeat the table's header are dropped.
struct TableLayout {
    private let lines: [TextLine]
    private var fragments: [Fragment] = []
    /// Column extents, left to right.
    private var columns: [(left: Float, right: Float)] = []
    /// Per fragment: the columns it covers.
    private var spans: [ClosedRange<Int>] = []
    private var isValueColumn: [Bool] = []
    private var isValueLine: [Bool] = []

    init(lines: [TextLine]) {
        self.lines = Self.droppingRepeatedHeaders(Self.joiningWrappedFigures(lines))
        for (index, line) in self.lines.enumerated() {
            for var fragment in line.fragments {
                fragment.line = index
                fragments.append(fragment)
            }
        }
    }

    /// A figure of full-width digits wraps in a narrow cell (a browser breaks between such digits as it
    /// does between ideographs): its two halves stand alone on the lines just above and below the line
    /// of its row, set alike (left, right or centred). They are joined into one figure on the row's line;
    /// read apart, each half was a figure of its own.
    static func joiningWrappedFigures(_ lines: [TextLine]) -> [TextLine] {
        func isWrappedHalves(_ line: TextLine) -> Bool {
            !line.fragments.isEmpty
                && line.fragments.allSatisfy { f in
                    f.isNumeric && f.text.unicodeScalars.allSatisfy { (0xFF10...0xFF19).contains($0.value) }
                }
        }
        guard lines.count >= 3, lines.contains(where: isWrappedHalves) else { return lines }
        var result: [TextLine] = []
        var i = 0
        while i < lines.count {
            if i + 2 < lines.count, isWrappedHalves(lines[i]), isWrappedHalves(lines[i + 2]),
                let joined = Self.joinedHalves(lines[i], row: lines[i + 1], lines[i + 2])
            {
                result.append(joined)
                i += 3
                continue
            }
            result.append(lines[i])
            i += 1
        }
        return result
    }

    /// `row` with the figures whose halves stand on `above` and `below` joined into it, when every half
    /// above has its other half below, set alike, close under it, and `row` is centred between them.
    private static func joinedHalves(_ above: TextLine, row: TextLine, _ below: TextLine) -> TextLine? {
        let height = above.height
        guard above.page == row.page, row.page == below.page, above.fragments.count == below.fragments.count,
            below.y0 - above.y1 < 0.6 * height, row.center > above.center, row.center < below.center,
            abs(row.center - (above.y0 + below.y1) / 2) < 0.35 * row.height
        else { return nil }
        var joined = row
        for (top, bottom) in zip(above.fragments, below.fragments) {
            let setAlike =
                abs(top.x0 - bottom.x0) < 0.3 * height || abs(top.x1 - bottom.x1) < 0.3 * height
                || abs((top.x0 + top.x1) - (bottom.x0 + bottom.x1)) < 0.6 * height
            guard setAlike, top.x1 > bottom.x0, bottom.x1 > top.x0 else { return nil }
            var figure = top
            figure.text = top.text + bottom.text
            figure.x0 = min(top.x0, bottom.x0)
            figure.x1 = max(top.x1, bottom.x1)
            figure.y0 = row.y0
            figure.y1 = row.y1
            figure.gaps = []
            figure.starts = []
            joined.fragments.append(figure)
        }
        joined.fragments.sort { $0.x0 < $1.x0 }
        return joined
    }

    /// The table's header lines (those above its first figure) printed again at the top of a later
    /// page are left out.
    static func droppingRepeatedHeaders(_ lines: [TextLine]) -> [TextLine] {
        guard let firstFigure = lines.firstIndex(where: { $0.fragments.contains(where: \.isNumeric) }), firstFigure > 0
        else {
            return lines
        }
        func key(_ line: TextLine) -> String { line.fragments.map(\.text).joined(separator: "\u{1F}") }
        let header = lines[..<min(firstFigure, 12)].map(key)
        var kept: [TextLine] = []
        var i = 0
        while i < lines.count {
            if i > firstFigure, lines[i].page != lines[i - 1].page {
                var k = 0
                while k < header.count, i + k < lines.count, lines[i + k].page == lines[i].page,
                    key(lines[i + k]) == header[k]
                { k += 1 }
                if k > 0 {
                    i += k
                    continue
                }
            }
            kept.append(lines[i])
            i += 1
        }
        return kept
    }

    private struct CellBlock {
        var fragments: [Int]
        var columns: ClosedRange<Int>
        var top: Float
        var bottom: Float
        var firstLine: Int
        var lastLine: Int
        var isNumeric: Bool
    }

    mutating func grid() -> TableGrid? {
        guard fragments.count >= 2 else { return nil }
        splitTouchingFigures()
        joinSpreadText()
        joinDistributedText()
        buildColumns()
        if splitAtColumnBoundaries() { buildColumns() }
        guard columns.count >= 2 else { return nil }
        classifyColumns()
        var blocks = cellBlocks()
        let (rowCenters, rowsOfBlocks) = rows(for: blocks)
        guard rowCenters.count >= 1 else { return nil }
        let (rowCount, blockRows) = joiningSplitRows(rowCenters, blocks: blocks, blockRows: rowsOfBlocks)
        widenFiguresUnderSpanningHeaders(&blocks, blockRows: blockRows)
        return assemble(blocks: blocks, rowCount: rowCount, blockRows: blockRows)
    }

    /// A row whose figures are set at the top of some cells and at the bottom of others prints them on
    /// two lines. A row of figures directly below another, in columns the other leaves empty, with no
    /// label or header of its own (the label above runs on beside it), is the rest of that row.
    private func joiningSplitRows(
        _ centers: [Float], blocks: [CellBlock], blockRows: [ClosedRange<Int>]
    ) -> (Int, [ClosedRange<Int>]) {
        var figures = [Set<Int>](repeating: [], count: centers.count)
        var startsText = [Bool](repeating: false, count: centers.count)
        // Rows into which the label of the row above runs on, ending there.
        var labelRunsOn = [Bool](repeating: false, count: centers.count)
        for (b, block) in blocks.enumerated() {
            let r = blockRows[b].lowerBound
            if block.isNumeric && block.columns.allSatisfy({ isValueColumn[$0] }) {
                figures[r].formUnion(block.columns)
            } else {
                startsText[r] = true
                if !block.isNumeric, !block.columns.contains(where: { isValueColumn[$0] }), blockRows[b].count >= 2 {
                    labelRunsOn[blockRows[b].upperBound] = true
                }
            }
        }
        var target = Array(centers.indices)
        var merged = figures
        var count = 0
        for r in centers.indices {
            if r > 0, !figures[r].isEmpty, !startsText[r], labelRunsOn[r] {
                let p = target[r - 1]
                if !merged[p].isEmpty, merged[p].isDisjoint(with: figures[r]) {
                    target[r] = p
                    merged[p].formUnion(figures[r])
                    continue
                }
            }
            target[r] = count
            merged[count] = figures[r]
            count += 1
        }
        guard count < centers.count else { return (centers.count, blockRows) }
        return (count, blockRows.map { target[$0.lowerBound]...target[$0.upperBound] })
    }

    // MARK: - Columns

    private mutating func buildColumns() {
        let order = fragments.indices.sorted { fragments[$0].width < fragments[$1].width }
        var extents: [(left: Float, right: Float)] = []
        // Text reaching only a little into a column another text names (less than half the narrower of
        // the two; a header above the first figure, less than half its own width) is placed after the
        // rest: a group header centred over several columns, narrower than its span, would otherwise
        // widen the first column it reaches into the next before that one is found (行政诉讼 over the
        // 总计 of one group and the 结果维持 of the next). A column of figures alone takes it at once:
        // its header, the figures set at an edge of the cell.
        var straddling: [Int] = []
        var named: [Bool] = []
        let firstFigureLine = fragments.filter(\.isNumeric).map(\.line).min() ?? Int.max
        for pass in 0..<2 {
            for index in pass == 0 ? order : straddling {
                let f = fragments[index]
                var hit = -1
                var hits = 0
                for c in extents.indices where Self.overlap(extents[c], f.x0, f.x1) > 0.5 {
                    hit = c
                    hits += 1
                }
                if hits == 0 {
                    extents.append((f.x0, f.x1))
                    named.append(!f.isNumeric)
                } else if hits == 1 {
                    if pass == 0, !f.isNumeric, named[hit],
                        Self.overlap(extents[hit], f.x0, f.x1)
                            < 0.5
                            * (f.line < firstFigureLine
                                ? f.width : min(f.width, extents[hit].right - extents[hit].left))
                    {
                        straddling.append(index)
                        continue
                    }
                    extents[hit].left = min(extents[hit].left, f.x0)
                    extents[hit].right = max(extents[hit].right, f.x1)
                    named[hit] = named[hit] || !f.isNumeric
                }
            }
        }
        extents.sort { $0.left < $1.left }
        var merged: [(left: Float, right: Float)] = []
        for extent in extents {
            if let last = merged.last, extent.left < last.right - 0.5 {
                merged[merged.count - 1].right = max(last.right, extent.right)
            } else {
                merged.append(extent)
            }
        }
        columns = mergingSplitCells(merged)
        spans = fragments.map { f in
            var first = -1
            var last = -1
            for c in columns.indices where Self.overlap(columns[c], f.x0, f.x1) > 0.5 {
                if first < 0 { first = c }
                last = c
            }
            if first < 0 {
                // Between columns: take the nearest.
                let nearest = columns.indices.min { abs(columns[$0].left - f.x0) < abs(columns[$1].left - f.x0) } ?? 0
                return nearest...nearest
            }
            return first...last
        }
    }

    /// Two figures of neighbouring cells set close together (a right-aligned figure beside a left-aligned
    /// one) read as one fragment, `00`, the glyph boxes touching; so do a label spread to its cell's edge
    /// and the figure beside it, `量0`. Splits a figure where one glyph advances further than a figure's
    /// width and the next glyph starts where text of another line starts, or the glyph before it ends
    /// where text of another line ends: the cell boundary the other rows establish.
    private mutating func splitTouchingFigures() {
        var textStarts: [(x: Float, line: Int)] = []
        var textEnds: [(x: Float, line: Int)] = []
        for f in fragments {
            textStarts.append((f.x0, f.line))
            textEnds.append((f.x1, f.line))
        }
        var figureStarts: [(x: Float, line: Int)] = []
        var figureEnds: [(x: Float, line: Int)] = []
        var figureExtents: [(x0: Float, x1: Float)] = []
        for f in fragments where f.isNumeric {
            figureStarts.append((f.x0, f.line))
            figureEnds.append((f.x1, f.line))
            figureExtents.append((f.x0, f.x1))
        }
        var result: [Fragment] = []
        result.reserveCapacity(fragments.count)
        for f in fragments {
            let scalars = Array(f.text.unicodeScalars)
            guard scalars.count >= 2, f.starts.count == scalars.count else {
                result.append(f)
                continue
            }
            guard f.isNumeric else {
                // A label's last character touching the figure beside it (`量0`): the figure is cut off
                // where the column's figures in other lines start or end, when the text before it stands
                // clear of every figure (`減5711` in a column of figures is one cell's text).
                let k = (1..<scalars.count).first { k in
                    scalars[k - 1].value >= 0x2E80
                        && PageLayout.isNumeric(String(String.UnicodeScalarView(scalars[k...])))
                        && !figureExtents.contains { $0.x1 > f.x0 + 0.5 && $0.x0 < f.starts[k] - 0.5 }
                }
                guard let k,
                    figureStarts.contains(where: { $0.line != f.line && abs($0.x - f.starts[k]) < 0.6 })
                        || figureEnds.contains(where: { $0.line != f.line && abs($0.x - f.x1) < 0.6 })
                else {
                    result.append(f)
                    continue
                }
                var label = f
                label.text = String(String.UnicodeScalarView(scalars[..<k]))
                label.x1 = f.gaps.first { $0.offset == k }?.start ?? min(f.starts[k], f.starts[k - 1] + f.height)
                label.gaps = f.gaps.filter { $0.offset < k }
                label.starts = Array(f.starts[..<k])
                var figure = f
                figure.text = String(String.UnicodeScalarView(scalars[k...]))
                figure.x0 = f.starts[k]
                figure.isNumeric = true
                figure.gaps = []
                figure.starts = Array(f.starts[k...])
                result += [label, figure]
                continue
            }
            let width = f.x1 - f.starts[scalars.count - 1]
            let cuts = (1..<scalars.count).filter { k in
                guard f.starts[k] - f.starts[k - 1] > width + 0.12 * f.height else { return false }
                let before = String(String.UnicodeScalarView(scalars[..<k]))
                let after = String(String.UnicodeScalarView(scalars[k...])).trimmingPrefix(" ")
                guard PageLayout.isNumeric(before), PageLayout.isNumeric(String(after)) else { return false }
                let end = f.starts[k - 1] + width
                return textStarts.contains { $0.line != f.line && abs($0.x - f.starts[k]) < 0.6 }
                    || textEnds.contains { $0.line != f.line && abs($0.x - end) < 0.6 }
            }
            guard !cuts.isEmpty else {
                result.append(f)
                continue
            }
            var startOffset = 0
            for end in cuts + [scalars.count] {
                var text = String(String.UnicodeScalarView(scalars[startOffset..<end]))
                while text.hasPrefix(" ") { text.removeFirst() }
                var piece = f
                piece.text = text
                piece.x0 = f.starts[startOffset]
                piece.x1 = end == scalars.count ? f.x1 : f.starts[end - 1] + width
                piece.isNumeric = PageLayout.isNumeric(text)
                piece.gaps = []
                piece.starts = Array(f.starts[startOffset..<end])
                result.append(piece)
                startOffset = end
            }
        }
        fragments = result
    }

    /// True when the table's figures are set at their cells' left edges: in the columns of figures of
    /// several widths, the figures start where the others start and end at different places, and no
    /// such column is set right or centred.
    private func figuresAreSetLeft(
        _ extents: [(left: Float, right: Float)], within: (Fragment, (left: Float, right: Float)) -> Bool
    ) -> Bool {
        var left = 0
        for e in extents {
            let figures = fragments.filter { $0.isNumeric && within($0, e) }
            guard figures.count >= 2, !fragments.contains(where: { !$0.isNumeric && within($0, e) }) else { continue }
            let starts = figures.map(\.x0)
            let ends = figures.map(\.x1)
            let spread = { (xs: [Float]) in xs.max()! - xs.min()! }
            let height = figures[0].height
            guard spread(ends) > 0.3 * height || spread(starts) > 0.3 * height else { continue }
            if spread(starts) < 0.1 * height && spread(ends) > 0.3 * height {
                left += 1
            } else {
                return false
            }
        }
        return left > 0
    }

    /// One cell column can read as two when its text is set at different places in different rows: a
    /// header at the cell's left edge above figures set at its right, a header centred above figures
    /// set at the left edge, or figures set left in some rows and right in others. Two neighbouring
    /// columns are one when no line has text in both, and either one holds only text and the other
    /// only figures (the text on the figures' left, or on their right where the table's figures are
    /// set left), the text being header text (above the first figure) or under a header over both, or
    /// both hold figures in one stretch of rows (two columns of figures that are never printed on one
    /// line are not two columns).
    private func mergingSplitCells(_ extents: [(left: Float, right: Float)]) -> [(left: Float, right: Float)] {
        guard extents.count >= 2 else { return extents }
        struct Content {
            var lines = Set<Int>()
            var figureLines = Set<Int>()
            var figures = 0
            var texts = 0
        }
        func within(_ f: Fragment, _ e: (left: Float, right: Float)) -> Bool {
            Self.overlap(e, f.x0, f.x1) > 0.5 && f.x0 >= e.left - 0.5 && f.x1 <= e.right + 0.5
        }
        var result: [(left: Float, right: Float)] = [extents[0]]
        func content(_ e: (left: Float, right: Float)) -> Content {
            var c = Content()
            for f in fragments where within(f, e) {
                c.lines.insert(f.line)
                if f.isNumeric {
                    c.figures += 1
                    c.figureLines.insert(f.line)
                } else {
                    c.texts += 1
                }
            }
            return c
        }
        let firstFigureLine = fragments.filter(\.isNumeric).map(\.line).min() ?? Int.max
        var textExtents: [Int: [(x0: Float, x1: Float)]] = [:]
        for f in fragments where !f.isNumeric { textExtents[f.line, default: []].append((f.x0, f.x1)) }
        let figuresSetLeft = figuresAreSetLeft(extents, within: within)
        var previous = content(extents[0])
        for (index, e) in extents.enumerated().dropFirst() {
            let next = content(e)
            let last = result[result.count - 1]
            let shareLine = !previous.lines.isDisjoint(with: next.lines)
            let headerOverBoth = fragments.contains { f in
                !f.isNumeric && Self.overlap(last, f.x0, f.x1) > 0.5 && Self.overlap(e, f.x0, f.x1) > 0.5
            }
            // Header text alone in a column beside figures alone: the figures' header, left of them
            // when the figures are set right or centred, right of them when they are set left (the
            // header centred over the cell, the figures at its left edge).
            let textBesideFigures: Bool
            if figuresSetLeft {
                let isHeader = next.lines.allSatisfy { $0 < firstFigureLine }
                textBesideFigures =
                    next.figures == 0 && next.texts > 0 && previous.texts == 0 && previous.figures > 0
                    && (headerOverBoth || isHeader)
            } else {
                let isHeader = previous.lines.allSatisfy { $0 < firstFigureLine }
                textBesideFigures =
                    previous.figures == 0 && previous.texts > 0 && next.texts == 0 && (headerOverBoth || isHeader)
                    && !nearerToNextHeader(index, header: last)
            }
            // Figures of one stretch of rows: tables whose sections have columns of their own set
            // figures of different sections side by side, never on one line either, with the second
            // section's header between them.
            let figuresBesideFigures =
                previous.figures > 0 && next.figures > 0 && !shareLine
                && next.figureLines.contains { b in
                    // The nearest figure lines of the other column, above and below.
                    let above = previous.figureLines.filter { $0 < b }.max()
                    let below = previous.figureLines.filter { $0 > b }.min()
                    return [above, below].compactMap { $0 }.contains { a in
                        !((min(a, b) + 1)..<max(a, b)).contains { l in
                            (textExtents[l] ?? []).contains { $0.x1 > last.left && $0.x0 < e.right }
                        }
                    }
                }
            // Two headers side by side on one line, one over each column: two columns, whose content
            // never shares a line only because each row leaves one of them blank (or one is blank in
            // every row).
            if !shareLine, textBesideFigures || figuresBesideFigures, !headedApart(last, e) {
                result[result.count - 1].right = max(last.right, e.right)
                previous.lines.formUnion(next.lines)
                previous.figureLines.formUnion(next.figureLines)
                previous.figures += next.figures
                previous.texts += next.texts
            } else {
                result.append(e)
                previous = next
            }
        }
        return result

        /// Whether the figures of `extents[index]` stand between two headers, much nearer the one
        /// after them: figures set left in the next cell, beside a column blank in every row.
        func nearerToNextHeader(_ index: Int, header: (left: Float, right: Float)) -> Bool {
            let e = extents[index]
            guard index + 1 < extents.count else { return false }
            let following = extents[index + 1]
            let headerAfter = content(following)
            guard headerAfter.texts > 0, headerAfter.lines.contains(where: { $0 < firstFigureLine }) else {
                return false
            }
            let centre = (e.left + e.right) / 2
            return (following.left + following.right) / 2 - centre < 0.6 * (centre - (header.left + header.right) / 2)
        }

        /// Whether a line above the first figure of either column has one text over `a` alone and
        /// another over `b` alone.
        func headedApart(_ a: (left: Float, right: Float), _ b: (left: Float, right: Float)) -> Bool {
            let first = fragments.filter { f in f.isNumeric && (within(f, a) || within(f, b)) }.map(\.line).min()
            return textExtents.contains { line, texts in
                line < first ?? Int.max
                    && texts.contains { Self.overlap(a, $0.x0, $0.x1) > 0.5 && Self.overlap(b, $0.x0, $0.x1) <= 0.5 }
                    && texts.contains { Self.overlap(b, $0.x0, $0.x1) > 0.5 && Self.overlap(a, $0.x0, $0.x1) <= 0.5 }
            }
        }
    }

    /// Columns of figures, left to right: the extents of the figures, overlapping ones merged.
    private func figureColumns() -> [(left: Float, right: Float)] {
        var figures: [(left: Float, right: Float)] = []
        for f in fragments.sorted(by: { $0.x0 < $1.x0 }) where f.isNumeric {
            if let last = figures.last, f.x0 <= last.right + 0.5 {
                figures[figures.count - 1].right = max(last.right, f.x1)
            } else {
                figures.append((f.x0, f.x1))
            }
        }
        return figures
    }

    /// Text spread over its cell (distributed alignment, as WPS sets labels and headers) reads as single
    /// characters at an even pitch, `第　　二　　十　　条`, often touching the next cell's characters.
    /// Joins such a run of characters of one line into one fragment unless the characters stand one to a
    /// column of figures at the columns' own pitch (the last line of several wrapped header cells, one
    /// character each).
    private mutating func joinSpreadText() {
        let figures = figureColumns()
        guard figures.count >= 2 else { return }
        func slot(_ centre: Float) -> Int {
            var s = 0
            while s + 1 < figures.count, centre > (figures[s].right + figures[s + 1].left) / 2 { s += 1 }
            return s
        }
        var result: [Fragment] = []
        result.reserveCapacity(fragments.count)
        var lineStart = 0
        while lineStart < fragments.count {
            var lineEnd = lineStart
            while lineEnd < fragments.count, fragments[lineEnd].line == fragments[lineStart].line { lineEnd += 1 }
            // The line's non-figure text cut into pieces at the gaps between CJK characters.
            var pieces: [Piece] = []
            for i in lineStart..<lineEnd where !fragments[i].isNumeric {
                let f = fragments[i]
                let scalars = Array(f.text.unicodeScalars)
                var startOffset = 0
                var x0 = f.x0
                let cuts = f.gaps.filter { gap in
                    gap.offset > 0 && gap.offset < scalars.count && scalars[gap.offset - 1].value >= 0x2E80
                        && scalars[gap.offset].value >= 0x2E80
                }
                for end in cuts.map({ ($0.offset, $0.start, $0.end) }) + [(scalars.count, f.x1, f.x1)] {
                    pieces.append(
                        Piece(
                            fragment: i, text: String(String.UnicodeScalarView(scalars[startOffset..<end.0])),
                            x0: x0, x1: end.1))
                    startOffset = end.0
                    x0 = end.2
                }
            }
            // Runs of three or more single characters at an even pitch.
            var runs: [Range<Int>] = []
            var a = 0
            while a < pieces.count {
                guard Self.isSpreadCharacter(pieces[a]) else {
                    a += 1
                    continue
                }
                var b = a + 1
                let height = fragments[pieces[a].fragment].height
                while b < pieces.count, Self.isSpreadCharacter(pieces[b]),
                    pieces[b].x0 - pieces[b - 1].x1 > 0.12 * height,
                    b == a + 1
                        || abs((pieces[b].x0 - pieces[b - 1].x0) - (pieces[a + 1].x0 - pieces[a].x0)) < 0.1 * height
                { b += 1 }
                if b - a >= 3, pieces[a + 1].x0 - pieces[a].x1 > 0.55 * height, !atColumnPitch(pieces[a..<b]) {
                    runs.append(a..<b)
                }
                a = max(b - 1, a + 1)
                if let last = runs.last, last.upperBound > a { a = last.upperBound }
            }
            guard !runs.isEmpty else {
                result.append(contentsOf: fragments[lineStart..<lineEnd])
                lineStart = lineEnd
                continue
            }
            // Fragments that lose a piece to a run keep their other pieces as fragments of their own.
            var p = 0
            var runIndex = 0
            var pending: [Fragment] = []
            func pieceFragment(_ piece: Piece) -> Fragment {
                var f = fragments[piece.fragment]
                f.text = piece.text
                f.x0 = piece.x0
                f.x1 = piece.x1
                f.gaps = []
                f.starts = []
                return f
            }
            let touched = Set(runs.flatMap { $0.map { pieces[$0].fragment } })
            for i in lineStart..<lineEnd where fragments[i].isNumeric || !touched.contains(i) {
                pending.append(fragments[i])
            }
            while p < pieces.count {
                if runIndex < runs.count, runs[runIndex].lowerBound == p {
                    let run = runs[runIndex]
                    var joined = pieceFragment(pieces[run.lowerBound])
                    joined.text = run.map { pieces[$0].text }.joined()
                    joined.x1 = pieces[run.upperBound - 1].x1
                    for k in run {
                        let f = fragments[pieces[k].fragment]
                        joined.y0 = min(joined.y0, f.y0)
                        joined.y1 = max(joined.y1, f.y1)
                    }
                    pending.append(joined)
                    p = run.upperBound
                    runIndex += 1
                    continue
                }
                if touched.contains(pieces[p].fragment) { pending.append(pieceFragment(pieces[p])) }
                p += 1
            }
            pending.sort { $0.x0 < $1.x0 }
            result.append(contentsOf: pending)
            lineStart = lineEnd
        }
        fragments = result

        /// One to a column of figures, each where the one before stands in its column.
        func atColumnPitch(_ run: ArraySlice<Piece>) -> Bool {
            let slots = run.map { slot(($0.x0 + $0.x1) / 2) }
            for k in slots.indices.dropFirst() where slots[k] != slots[k - 1] + 1 {
                return stackedOverColumns(Array(run))
            }
            let pieces = Array(run)
            var matching = 0
            for k in pieces.indices.dropFirst() {
                let step = pieces[k].x0 - pieces[k - 1].x0
                let left = figures[slots[k]].left - figures[slots[k - 1]].left
                let right = figures[slots[k]].right - figures[slots[k - 1]].right
                if abs(step - left) < 1.2 || abs(step - right) < 1.2 { matching += 1 }
            }
            return 2 * matching >= pieces.count - 1
        }

        /// Header words wrapped one character per line in narrow columns, some of which are blank in
        /// every row: each column of figures under the run has a character of its own above it, and
        /// most characters stand over or under a lone character of the next line (the rest of their
        /// column's header). Where fewer than two columns of figures lie under the run (a row of blanks
        /// but one or two figures), every character must stand so. Text spread over one cell has no
        /// figures under it and nothing stacked.
        func stackedOverColumns(_ pieces: [Piece]) -> Bool {
            let step = (pieces[pieces.count - 1].x0 - pieces[0].x0) / Float(pieces.count - 1)
            func centre(_ p: Piece) -> Float { (p.x0 + p.x1) / 2 }
            let under = figures.filter {
                $0.left >= pieces[0].x0 - 0.5 * step && $0.right <= pieces[pieces.count - 1].x1 + 0.5 * step
            }
            guard under.count >= 2 else {
                return stackedCount(pieces) == pieces.count || stackedUnderWrappedHeaders(pieces)
            }
            var used = Set<Int>()
            for figure in under {
                let middle = (figure.left + figure.right) / 2
                guard
                    let nearest = pieces.indices.min(by: {
                        abs(centre(pieces[$0]) - middle) < abs(centre(pieces[$1]) - middle)
                    }),
                    abs(centre(pieces[nearest]) - middle) < 0.5 * step, used.insert(nearest).inserted
                else { return false }
            }
            return 2 * stackedCount(pieces) >= pieces.count
        }

        /// How many of the characters stand over or under a lone character of the line before or after.
        func stackedCount(_ pieces: [Piece]) -> Int {
            func centre(_ p: Piece) -> Float { (p.x0 + p.x1) / 2 }
            let line = fragments[pieces[0].fragment].line
            let height = fragments[pieces[0].fragment].height
            let neighbours = [line - 1, line + 1].filter {
                lines.indices.contains($0) && lines[$0].page == lines[line].page
            }
            return pieces.count { p in
                neighbours.contains { n in
                    lines[n].fragments.contains { f in
                        !f.isNumeric && f.text.unicodeScalars.count == 1
                            && abs((f.x0 + f.x1) / 2 - centre(p)) < 0.35 * height
                    }
                }
            }
        }

        /// True when each character stands under a character of a header wrapped in its own cell just
        /// above (`结果维` / `持`, the last line centred under the first): a different short text over
        /// each, as narrow cells wrap their headers; one text running over them all is a label. Headers
        /// of cells centred on other heights may print a line between the two.
        func stackedUnderWrappedHeaders(_ pieces: [Piece]) -> Bool {
            let line = fragments[pieces[0].fragment].line
            let height = fragments[pieces[0].fragment].height
            let above = (max(0, line - 3)..<line).filter {
                lines[$0].page == lines[line].page && lines[line].y0 - lines[$0].y0 < 2 * lines[line].height
            }
            var used = Set<[Int]>()
            for p in pieces {
                let centre = (p.x0 + p.x1) / 2
                var over: [Int]? = nil
                for n in above {
                    if let i = lines[n].fragments.indices.first(where: { i in
                        let f = lines[n].fragments[i]
                        return !f.isNumeric && (2...4).contains(f.text.unicodeScalars.count)
                            && Self.characterCentres(f).contains { abs($0 - centre) < 0.35 * height }
                    }) {
                        over = [n, i]
                    }
                }
                guard let over, used.insert(over).inserted else { return false }
            }
            return true
        }
    }

    /// Where each character of a fragment is centred: by its glyphs' starts where they were kept, else
    /// by the fragment's width shared evenly.
    private static func characterCentres(_ f: Fragment) -> [Float] {
        let count = f.text.unicodeScalars.count
        guard count > 0 else { return [] }
        if f.starts.count == count {
            return (0..<count).map { (f.starts[$0] + ($0 + 1 < count ? f.starts[$0 + 1] : f.x1)) / 2 }
        }
        let step = f.width / Float(count)
        return (0..<count).map { f.x0 + step * (Float($0) + 0.5) }
    }

    /// A piece of a fragment's text between its inner gaps, with its extent.
    private struct Piece {
        var fragment: Int
        var text: String
        var x0: Float
        var x1: Float
    }

    /// One CJK character: the unit distributed text is spread in.
    private static func isSpreadCharacter(_ piece: Piece) -> Bool {
        let scalars = piece.text.unicodeScalars
        return scalars.count == 1 && scalars.first!.value >= 0x2E80
    }

    /// Text set out across its cell (distributed alignment, `总　　计`) reads as fragments at the cell's
    /// edges with the column's figures between them. Joins two neighbouring fragments of a line when a
    /// column of figures lies in the gap between them, neither touches a figure, and together they are
    /// centred on it.
    private mutating func joinDistributedText() {
        let figures = figureColumns()
        guard !figures.isEmpty else { return }
        var result: [Fragment] = []
        result.reserveCapacity(fragments.count)
        for f in fragments {
            if var last = result.last, last.line == f.line, !last.isNumeric, !f.isNumeric,
                last.text.unicodeScalars.count <= 3, f.text.unicodeScalars.count <= 3,
                !figures.contains(where: {
                    $0.right > last.x0 && $0.left < last.x1 || $0.right > f.x0 && $0.left < f.x1
                }),
                let figure = figures.first(where: { $0.left > last.x1 && $0.right < f.x0 }),
                !figures.contains(where: { $0.left > last.x1 && $0.right < f.x0 && $0.left != figure.left }),
                abs((last.x0 + f.x1) - (figure.left + figure.right)) < 0.25 * (f.x1 - last.x0)
            {
                last.text += f.text
                last.x1 = f.x1
                last.y0 = min(last.y0, f.y0)
                last.y1 = max(last.y1, f.y1)
                last.gaps = []
                last.starts = []
                result[result.count - 1] = last
                continue
            }
            result.append(f)
        }
        fragments = result
    }

    /// Cells of narrow columns can stand so close that their text reads as one fragment (`其` and `计`
    /// of two one-character columns). Splits a fragment that covers several columns at an inner gap that
    /// lies on a boundary between two of them. Returns whether anything was split.
    private mutating func splitAtColumnBoundaries() -> Bool {
        var changed = false
        var result: [Fragment] = []
        result.reserveCapacity(fragments.count)
        for (i, f) in fragments.enumerated() {
            guard !f.gaps.isEmpty else {
                result.append(f)
                continue
            }
            // CJK text is set solid: a gap between two CJK characters separates two cells. Text spread
            // over its cell has a gap after every character: there only a gap wider than the others does.
            let scalars = Array(f.text.unicodeScalars)
            let isCJKGap = { (gap: FragmentGap) in
                gap.offset > 0 && gap.offset < scalars.count && scalars[gap.offset - 1].value >= 0x2E80
                    && scalars[gap.offset].value >= 0x2E80
            }
            let spread = Self.isSpread(f)
            let narrowest = f.gaps.map { $0.end - $0.start }.min() ?? 0
            let cuts = f.gaps.filter { gap in
                if spread {
                    // Evenly spread: every gap alike, none a boundary.
                    return gap.end - gap.start > narrowest + 0.15 * f.height
                } else if isCJKGap(gap), spans[i].count >= 2 || gap.end - gap.start > 0.3 * f.height,
                    !Self.isInsideSpread(f, at: gap.offset)
                {
                    return true
                }
                let middle = (gap.start + gap.end) / 2
                return spans[i].dropLast().contains { c in
                    middle >= columns[c].right - 1 && middle <= columns[c + 1].left + 1
                }
            }
            guard !cuts.isEmpty else {
                result.append(f)
                continue
            }
            changed = true
            var startOffset = 0
            var x0 = f.x0
            for end in cuts.map({ ($0.offset, $0.start, $0.end) }) + [(scalars.count, f.x1, f.x1)] {
                // The piece's own height: the glyphs of the segments it is made of.
                var pieceY0 = Float.infinity
                var pieceY1 = -Float.infinity
                for gap in f.gaps where gap.offset > startOffset && gap.offset <= end.0 {
                    pieceY0 = min(pieceY0, gap.y0Before)
                    pieceY1 = max(pieceY1, gap.y1Before)
                }
                if end.0 == scalars.count {
                    pieceY0 = min(pieceY0, f.tailY0)
                    pieceY1 = max(pieceY1, f.tailY1)
                }
                let pieceScalars = scalars[
                    min(startOffset, scalars.count)..<min(max(end.0, startOffset), scalars.count)]
                var text = String(String.UnicodeScalarView(pieceScalars))
                while text.hasPrefix(" ") { text.removeFirst() }
                if !text.isEmpty {
                    var piece = f
                    piece.text = text
                    piece.x0 = x0
                    piece.x1 = end.1
                    piece.isNumeric = PageLayout.isNumeric(text)
                    piece.starts = []
                    if pieceY0 < pieceY1 {
                        piece.y0 = pieceY0
                        piece.y1 = pieceY1
                    }
                    piece.gaps = f.gaps.filter { $0.offset > startOffset && $0.offset < end.0 }.map { gap in
                        var moved = gap
                        moved.offset -= startOffset
                        return moved
                    }
                    result.append(piece)
                }
                startOffset = end.0
                x0 = end.2
            }
        }
        if changed { fragments = result }
        return changed
    }

    /// CJK text spread over its cell: three or more characters advancing by the same step, wider than
    /// a character.
    private static func isSpread(_ f: Fragment) -> Bool {
        let scalars = Array(f.text.unicodeScalars)
        guard scalars.count >= 3, f.starts.count == scalars.count, scalars.allSatisfy({ $0.value >= 0x2E80 }) else {
            return false
        }
        let advances = f.starts.indices.dropFirst().map { f.starts[$0] - f.starts[$0 - 1] }
        let em = f.x1 - f.starts[f.starts.count - 1]
        guard let least = advances.min(), let most = advances.max() else { return false }
        return most - least < 0.15 * f.height && least > em + 0.1 * f.height
    }

    /// Two cells' spread texts read as one fragment: the gap before scalar `k` lies inside one of them
    /// when the glyphs advance across it by the step of the spread text on one side of it.
    private static func isInsideSpread(_ f: Fragment, at k: Int) -> Bool {
        guard f.starts.count == f.text.unicodeScalars.count, k >= 1, k < f.starts.count else { return false }
        let em = f.x1 - f.starts[f.starts.count - 1]
        let step = f.starts[k] - f.starts[k - 1]
        guard step > em + 0.1 * f.height else { return false }
        let before = k >= 2 ? f.starts[k - 1] - f.starts[k - 2] : -1
        let after = k + 1 < f.starts.count ? f.starts[k + 1] - f.starts[k] : -1
        return abs(step - before) < 0.1 * f.height || abs(step - after) < 0.1 * f.height
    }

    private static func overlap(_ column: (left: Float, right: Float), _ x0: Float, _ x1: Float) -> Float {
        min(column.right, x1) - max(column.left, x0)
    }

    private mutating func classifyColumns() {
        // Figures against other text below the column's first figure (header text above it may be long
        // or set one character per line).
        var numeric = [Int](repeating: 0, count: columns.count)
        var other = [Int](repeating: 0, count: columns.count)
        var firstFigureLine = [Int](repeating: Int.max, count: columns.count)
        for (i, f) in fragments.enumerated() where spans[i].count == 1 && f.isNumeric {
            firstFigureLine[spans[i].lowerBound] = min(firstFigureLine[spans[i].lowerBound], f.line)
        }
        for (i, f) in fragments.enumerated() where spans[i].count == 1 {
            let c = spans[i].lowerBound
            if f.isNumeric { numeric[c] += 1 } else if f.line > firstFigureLine[c] { other[c] += 1 }
        }
        // The label columns come first; from the first column of figures on, every column holds values
        // (a column that is blank throughout still does). So do the columns before it that only a header
        // names: blank throughout, no label reaching into them.
        var firstValue = columns.indices.first { numeric[$0] >= 1 && numeric[$0] >= other[$0] } ?? columns.count
        if firstValue < columns.count, let tableFirstFigure = fragments.filter(\.isNumeric).map(\.line).min() {
            var headerText = [Bool](repeating: false, count: columns.count)
            var bodyText = [Bool](repeating: false, count: columns.count)
            for (i, f) in fragments.enumerated() where !f.isNumeric {
                if f.line >= tableFirstFigure {
                    for c in spans[i] { bodyText[c] = true }
                } else if spans[i].count == 1 {
                    headerText[spans[i].lowerBound] = true
                }
            }
            while firstValue > 0, headerText[firstValue - 1], !bodyText[firstValue - 1] { firstValue -= 1 }
        }
        isValueColumn = columns.indices.map { $0 >= firstValue }
        isValueLine = [Bool](repeating: false, count: lines.count)
        for (i, f) in fragments.enumerated() where f.isNumeric && spans[i].allSatisfy({ isValueColumn[$0] }) {
            isValueLine[f.line] = true
        }
    }

    // MARK: - Cells

    private func cellBlocks() -> [CellBlock] {
        // Where a column's cells end: the furthest that text confined to the column reaches.
        var rightEdge = [Float](repeating: -.infinity, count: columns.count)
        for (i, f) in fragments.enumerated() where spans[i].count == 1 {
            rightEdge[spans[i].upperBound] = max(rightEdge[spans[i].upperBound], f.x1)
        }
        for c in columns.indices where rightEdge[c] == -.infinity { rightEdge[c] = columns[c].right }
        var leftEdge = [Float](repeating: .infinity, count: columns.count)
        for (i, f) in fragments.enumerated() where spans[i].count == 1 {
            leftEdge[spans[i].lowerBound] = min(leftEdge[spans[i].lowerBound], f.x0)
        }
        for c in columns.indices where leftEdge[c] == .infinity { leftEdge[c] = columns[c].left }
        let lastLabelColumn = (isValueColumn.firstIndex(of: true) ?? columns.count) - 1
        var figureColumns = [Set<Int>](repeating: [], count: lines.count)
        for (i, f) in fragments.enumerated() where f.isNumeric && spans[i].allSatisfy({ isValueColumn[$0] }) {
            figureColumns[f.line].formUnion(spans[i])
        }
        // Where the rows' own labels start: the label columns right of it that no label beside figures
        // starts in hold header text only (`信息内容` centred over a label set left).
        var rowLabelColumn = 0
        for (i, f) in fragments.enumerated()
        where !f.isNumeric && !figureColumns[f.line].isEmpty && spans[i].lowerBound <= lastLabelColumn {
            rowLabelColumn = max(rowLabelColumn, spans[i].lowerBound)
        }
        // Lines with text other than figures in the value columns: header rows.
        var hasHeaderText = [Bool](repeating: false, count: lines.count)
        for (i, f) in fragments.enumerated() where !f.isNumeric && spans[i].contains(where: { isValueColumn[$0] }) {
            hasHeaderText[f.line] = true
        }
        var blocks: [CellBlock] = []
        var open: [Int] = []  // indices of blocks that may still grow
        var lineStart = 0
        while lineStart < fragments.count {
            let line = fragments[lineStart].line
            var lineEnd = lineStart
            while lineEnd < fragments.count, fragments[lineEnd].line == line { lineEnd += 1 }
            var stillOpen: [Int] = []
            var taken = Set<Int>()
            for i in lineStart..<lineEnd {
                let f = fragments[i]
                let span = spans[i]
                var joined = false
                if !f.isNumeric, !ItemNumbering.startsNewItem(f.text) {
                    for b in open where !taken.contains(b) {
                        let block = blocks[b]
                        guard !block.isNumeric, span.lowerBound >= block.columns.lowerBound,
                            span.upperBound <= block.columns.upperBound
                        else { continue }
                        let last = fragments[block.fragments[block.fragments.count - 1]]
                        let first = fragments[block.fragments[0]]
                        let height = max(last.height, f.height)
                        guard f.y0 - last.y1 <= 0.9 * height, last.line != line else { continue }
                        // A row's label printed beside its figures may end with room to spare, the next
                        // row's label starting below it; a group label's column is as wide as its widest text.
                        let endsOnFigures = isValueLine[last.line] && block.columns.upperBound >= lastLabelColumn
                        guard
                            Self.fills(
                                last, from: block.columns, leftEdge: leftEdge, rightEdge: rightEdge, height: height,
                                next: f.text, strictly: endsOnFigures)
                        else { continue }
                        let aligned =
                            abs(f.x0 - first.x0) < height
                            || abs((f.x0 + f.x1) / 2 - (first.x0 + first.x1) / 2) < height
                        guard aligned else { continue }
                        // Two rows of values, or a header row above a row of values, are two rows; a group
                        // label left of the rows' own labels may run down beside several of them.
                        // Figures of one row set at the top of some cells and the bottom of others
                        // stand on two lines in different columns: the label runs on beside both. (A
                        // single figure above is a merged cell's, as in the one-value rows of 第二十条.)
                        let isGroupLabel = block.columns.upperBound < min(lastLabelColumn, rowLabelColumn)
                        let splitRow =
                            figureColumns[last.line].isDisjoint(with: figureColumns[line])
                            && (figureColumns[last.line].count >= 2
                                || namesSeveralValueColumns(above: last.line, hasHeaderText: hasHeaderText))
                        if isValueLine[line],
                            isValueLine[last.line] && !isGroupLabel && !splitRow
                                || (block.firstLine..<line).contains(where: { hasHeaderText[$0] })
                        {
                            continue
                        }
                        // Nor is a row of values above a header row.
                        if hasHeaderText[line], (block.firstLine..<line).contains(where: { isValueLine[$0] }) {
                            continue
                        }
                        // A wrapped cell's next line is alone in the cell's columns.
                        let neighbours = (lineStart..<lineEnd).filter { j in
                            spans[j].overlaps(block.columns)
                        }
                        guard neighbours.count == 1 else { continue }
                        blocks[b].fragments.append(i)
                        blocks[b].bottom = max(block.bottom, f.y1)
                        blocks[b].lastLine = line
                        taken.insert(b)
                        stillOpen.append(b)
                        joined = true
                        break
                    }
                }
                if !joined {
                    blocks.append(
                        CellBlock(
                            fragments: [i], columns: span, top: f.y0, bottom: f.y1, firstLine: line,
                            lastLine: line, isNumeric: f.isNumeric))
                    stillOpen.append(blocks.count - 1)
                }
            }
            // Blocks not continued on this line may still continue on the next only if nothing of
            // their columns was on this one; keep those whose last line is close.
            for b in open where !taken.contains(b) && !stillOpen.contains(b) {
                let last = fragments[blocks[b].fragments.last!]
                if fragments[lineStart].y0 - last.y1 <= 0.9 * last.height { stillOpen.append(b) }
            }
            open = stillOpen
            lineStart = lineEnd
        }
        return blocks
    }

    /// True when the header above `line` names two or more value columns on their own: a table of
    /// several columns, whose row may print its figures on two lines. The one-value rows of 第二十条
    /// have one header over their merged value cell (`本年处理决定数量`, or its characters spread over
    /// the columns one each), and figures in two columns on two lines are two rows' single figures.
    /// The header is the run of lines with header text nearest above `line` (`hasHeaderText`: per line,
    /// whether it has text other than figures in a value column).
    private func namesSeveralValueColumns(above line: Int, hasHeaderText: [Bool]) -> Bool {
        var headerLines: [Int] = []
        var index = line - 1
        while index >= 0, headerLines.isEmpty || hasHeaderText[index] {
            if hasHeaderText[index] { headerLines.append(index) }
            index -= 1
        }
        var named = Set<Int>()
        for i in fragments.indices where headerLines.contains(fragments[i].line) {
            let f = fragments[i]
            guard !f.isNumeric, f.text.unicodeScalars.count >= 2, spans[i].count == 1,
                isValueColumn[spans[i].lowerBound]
            else { continue }
            named.insert(spans[i].lowerBound)
        }
        return named.count >= 2
    }

    /// True when text ending at `x1` fills its cell, so that its next line is the same cell wrapped. The
    /// cell ends where the text of its last column ends, or, when the text reaches past that column's
    /// text, where the text of the next column it could end in ends.
    /// A wrapped line leaves less than one character free, on the right when the text is set left, split
    /// between both sides when it is centred; a character is carried over with the punctuation after it,
    /// which may not start a line (`用、`), leaving two free.
    private static func fills(
        _ line: Fragment, from columns: ClosedRange<Int>, leftEdge: [Float], rightEdge: [Float],
        height: Float, next: String, strictly: Bool
    ) -> Bool {
        var c = columns.upperBound
        while c + 1 < rightEdge.count, line.x1 > rightEdge[c] + 0.5 * height { c += 1 }
        let freeLeft = max(0, line.x0 - leftEdge[columns.lowerBound])
        let freeRight = max(0, rightEdge[c] - line.x1)
        let closing = "、，。；：？！）》」』”’".unicodeScalars
        let carried = next.unicodeScalars.dropFirst().first.map { closing.contains($0) } ?? false
        let room: Float = carried ? 2 : 1
        if freeLeft <= 0.3 * height {
            // Room for one more character of the line's own width: it would have been set there, so the
            // line ends its text (`规章` in a column three characters wide, above the next row's label).
            if strictly, let character = characterWidth(line), freeRight >= (room - 0.05) * character { return false }
            return freeRight <= (room + 0.3) * height
        }
        return freeLeft + freeRight <= (room + 0.1) * height
    }

    /// The width of one CJK character of `fragment`, from its glyphs' advances, when it is CJK text set
    /// solid (no spread, no gaps): `nil` otherwise.
    private static func characterWidth(_ fragment: Fragment) -> Float? {
        let scalars = Array(fragment.text.unicodeScalars)
        guard scalars.count >= 2, fragment.gaps.isEmpty, fragment.starts.count == scalars.count,
            scalars.allSatisfy({ $0.value >= 0x2E80 })
        else { return nil }
        let width = (fragment.x1 - fragment.x0) / Float(scalars.count)
        // Set solid: every advance is the same width.
        for k in 1..<scalars.count where abs(fragment.starts[k] - fragment.starts[k - 1] - width) > 0.1 * width {
            return nil
        }
        return width
    }

    // MARK: - Rows

    /// The rows of the table (their centres, top to bottom) and the rows each block spans.
    private func rows(for blocks: [CellBlock]) -> ([Float], [ClosedRange<Int>]) {
        var valueCenters: [Float] = []
        for (index, line) in lines.enumerated() where isValueLine[index] {
            valueCenters.append(line.center)
        }
        func overlapped(_ block: CellBlock) -> [Int] {
            let tolerance = 0.2 * (fragments[block.fragments[0]].height)
            return valueCenters.indices.filter {
                valueCenters[$0] >= block.top - tolerance && valueCenters[$0] <= block.bottom + tolerance
            }
        }
        // How far each row of values reaches: the cells that stand beside it alone.
        var extents: [(top: Float, bottom: Float)] = valueCenters.map { ($0, $0) }
        var overlaps: [[Int]] = []
        // Per row of values, the columns of the numbered labels (`（一）…`, `2.…`) beside it.
        var labelColumns = [Set<Int>](repeating: [], count: valueCenters.count)
        for block in blocks {
            let rows = overlapped(block)
            overlaps.append(rows)
            if rows.count == 1 {
                extents[rows[0]].top = min(extents[rows[0]].top, block.top)
                extents[rows[0]].bottom = max(extents[rows[0]].bottom, block.bottom)
            }
            if !block.isNumeric, ItemNumbering.startsNewItem(fragments[block.fragments[0]].text) {
                for r in rows { labelColumns[r].formUnion(block.columns) }
            }
        }
        var centers = valueCenters
        var isValueRow = [Bool](repeating: true, count: centers.count)
        for (b, block) in blocks.enumerated() where overlaps[b].isEmpty {
            let first = fragments[block.fragments[0]]
            let center = (first.y0 + first.y1) / 2
            // Within a row's reach, unless it is a numbered item where that row already has one: the next
            // row's label, its figures blank, beside a group label that reaches down past the row.
            let startsItem = ItemNumbering.startsNewItem(first.text)
            if extents.indices.contains(where: {
                center >= extents[$0].top && center <= extents[$0].bottom
                    && !(startsItem && !labelColumns[$0].isDisjoint(with: block.columns))
            }) {
                continue
            }
            if centers.contains(where: { abs($0 - center) < 0.5 * first.height }) { continue }
            centers.append(center)
            isValueRow.append(false)
        }
        let order = centers.indices.sorted { centers[$0] < centers[$1] }
        let sortedCenters = order.map { centers[$0] }
        var blockRows: [ClosedRange<Int>] = []
        for (b, block) in blocks.enumerated() {
            let height = fragments[block.fragments[0]].height
            let firstCenter = (fragments[block.fragments[0]].y0 + fragments[block.fragments[0]].y1) / 2
            var inside: [Int] = []
            if !overlaps[b].isEmpty {
                let lo = overlaps[b].map { valueCenters[$0] }.min()!
                let hi = overlaps[b].map { valueCenters[$0] }.max()!
                inside = sortedCenters.indices.filter {
                    sortedCenters[$0] >= lo - 0.01 && sortedCenters[$0] <= hi + 0.01
                }
            } else {
                inside = sortedCenters.indices.filter {
                    sortedCenters[$0] >= firstCenter - 0.5 * height && sortedCenters[$0] <= block.bottom + 0.2 * height
                }
            }
            if inside.isEmpty {
                let nearest = sortedCenters.indices.min {
                    abs(sortedCenters[$0] - firstCenter) < abs(sortedCenters[$1] - firstCenter)
                }!
                inside = [nearest]
            }
            blockRows.append(inside.first!...inside.last!)
        }
        return (sortedCenters, blockRows)
    }

    /// A figure centred in a merged cell stands in the middle column of the merge. When the nearest
    /// header above it spans several value columns and the figure is the only one of its row under that
    /// header, the figure takes the header's columns, the way the merged cell does.
    private func widenFiguresUnderSpanningHeaders(_ blocks: inout [CellBlock], blockRows: [ClosedRange<Int>]) {
        let headers = blocks.indices.filter {
            !blocks[$0].isNumeric && blocks[$0].columns.allSatisfy { isValueColumn[$0] }
        }
        for b in blocks.indices where blocks[b].isNumeric && blocks[b].columns.count == 1 {
            let column = blocks[b].columns.lowerBound
            let row = blockRows[b].lowerBound
            guard isValueColumn[column] else { continue }
            let above = headers.filter { blockRows[$0].upperBound < row && blocks[$0].columns.contains(column) }
            guard let nearest = above.max(by: { blockRows[$0].upperBound < blockRows[$1].upperBound }) else { continue }
            let span = blocks[nearest].columns
            guard span.count > 1 else { continue }
            let others = blocks.indices.filter {
                $0 != b && blocks[$0].isNumeric && blockRows[$0].lowerBound == row
                    && blocks[$0].columns.overlaps(span)
            }
            if others.isEmpty { blocks[b].columns = span }
        }
    }

    // MARK: - Grid

    private func assemble(blocks: [CellBlock], rowCount: Int, blockRows: [ClosedRange<Int>]) -> TableGrid? {
        let width = columns.count
        var text = [[String?]](repeating: [String?](repeating: nil, count: width), count: rowCount)
        var continuation = [[Bool]](repeating: [Bool](repeating: false, count: width), count: rowCount)
        var rowPage = [Int](repeating: Int.max, count: rowCount)
        var rowHasValue = [Bool](repeating: false, count: rowCount)
        let order = blocks.indices.sorted {
            (blockRows[$0].lowerBound, blocks[$0].columns.lowerBound) < (
                blockRows[$1].lowerBound, blocks[$1].columns.lowerBound
            )
        }
        for (b, block) in blocks.enumerated() where block.isNumeric && isValueColumn[block.columns.lowerBound] {
            rowHasValue[blockRows[b].lowerBound] = true
        }
        for b in order {
            let block = blocks[b]
            let rows = blockRows[b]
            let cellText = Self.join(block.fragments.map { fragments[$0].text })
            let r0 = rows.lowerBound
            let c0 = block.columns.lowerBound
            rowPage[r0] = min(rowPage[r0], fragments[block.fragments[0]].page)
            if block.isNumeric && isValueColumn[c0] { rowHasValue[r0] = true }
            if let existing = text[r0][c0], !continuation[r0][c0] {
                text[r0][c0] = existing + "\n" + cellText
                continue
            }
            text[r0][c0] = cellText
            continuation[r0][c0] = false
            for r in rows {
                // Header text does not reach down into a row of figures.
                for c in block.columns
                where (r, c) != (r0, c0) && text[r][c] == nil
                    && !(r != r0 && rowHasValue[r] && isValueColumn[c] && !block.isNumeric)
                {
                    text[r][c] = cellText
                    continuation[r][c] = true
                }
            }
        }
        // Empty positions: blank values in the rows of the body, covered by a neighbouring label in
        // header and title rows and in the label columns.
        var rowHasHeaderText = [Bool](repeating: false, count: rowCount)
        for (b, block) in blocks.enumerated()
        where !block.isNumeric && block.columns.contains(where: { isValueColumn[$0] }) {
            rowHasHeaderText[blockRows[b].lowerBound] = true
        }
        let firstValueRow = rowHasValue.firstIndex(of: true) ?? rowCount
        for r in 0..<rowCount {
            let isBodyRow = rowHasValue[r] || (r > firstValueRow && !rowHasHeaderText[r])
            for c in 0..<width where text[r][c] == nil {
                if isBodyRow && isValueColumn[c] {
                    text[r][c] = ""
                } else {
                    text[r][c] = r > 0 ? text[r - 1][c] : (c > 0 ? text[r][c - 1] : "")
                    continuation[r][c] = true
                }
            }
        }
        for r in 0..<rowCount where rowPage[r] == Int.max { rowPage[r] = r > 0 ? rowPage[r - 1] : 0 }
        var rows: [[GridCell]] = (0..<rowCount).map { r in
            (0..<width).map { c in GridCell(text: text[r][c] ?? "", isSpanContinuation: continuation[r][c]) }
        }
        // A header repeated at the top of a continuation page.
        let headerCount = rowHasValue.firstIndex(of: true) ?? 0
        if headerCount > 0 {
            let header = rows[0..<headerCount].map(Self.signature)
            var keep = [Bool](repeating: true, count: rowCount)
            var r = headerCount
            while r < rowCount {
                if rowPage[r] != rowPage[r - 1] {
                    var k = 0
                    while r + k < rowCount, k < headerCount, Self.signature(rows[r + k]) == header[k] { k += 1 }
                    if k > 0 && (k == headerCount || k >= 1 && !rowHasValue[r]) {
                        for d in 0..<k { keep[r + d] = false }
                        r += k
                        continue
                    }
                }
                r += 1
            }
            rows = rows.indices.filter { keep[$0] }.map { rows[$0] }
        }
        guard rows.contains(where: { $0.filter { !$0.isSpanContinuation && !$0.text.isEmpty }.count >= 2 }) else {
            return nil
        }
        return TableGrid(rows: rows)
    }

    private static func signature(_ row: [GridCell]) -> String {
        row.filter { !$0.isSpanContinuation }.map(\.text).joined(separator: "\u{1F}")
    }

    /// The lines of one wrapped cell joined: no separator between CJK text, a space between words.
    static func join(_ pieces: [String]) -> String {
        var result = ""
        for piece in pieces {
            if let last = result.unicodeScalars.last, let first = piece.unicodeScalars.first,
                last.properties.isAlphabetic, last.value < 0x2E80, first.value < 0x2E80, first.properties.isAlphabetic
            {
                result += " "
            }
            result += piece
        }
        return result
    }
}
