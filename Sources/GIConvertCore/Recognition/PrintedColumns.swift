/// Where the columns of a table set out with spaces lie on its lines, told by its header or by its rows
/// that print every column.
///
/// A text extractor's layout mode (pdftotext -layout) or a converter's plain-text table (pandoc) prints
/// each word about where the page has it, and a row of a table printed so leaves its blank cells out
/// (`16      16`). Where the columns are says which column a figure is in: rows printing a figure in
/// every column show them; else the header does, its words read down their lines where a narrow cell
/// wraps them (`商业企` / `业`), each name a column. A figure printed under one column and no other is
/// that column's. The columns hold on their page only: the next page may be set at another scale.
///
/// Positions are counted in one of two ways (``Measure``): pdftotext gives every character one place,
/// pandoc gives a Chinese character two, as a terminal shows it.
struct PrintedColumns: Sendable {
    /// How the places on a line are counted.
    enum Measure: Sendable, CaseIterable {
        /// One place per character.
        case characters
        /// Two places per wide (East Asian) character, one per other.
        case displayWidth
    }

    /// Where in its cell a table sets its figures, and so which of a column's places a figure is
    /// measured from.
    enum Alignment: Sendable, CaseIterable {
        case middle, start, end
    }

    /// How places are counted for these columns.
    let measure: Measure
    /// Where the table sets its figures in their cells: the same for every column.
    var alignment = Alignment.middle
    /// Per column, where it starts, its middle and where it ends, as the header or the rows print it.
    let starts: [Double]
    let middles: [Double]
    let ends: [Double]
    /// Per column, how far from where it is printed a figure may be and be its.
    let reaches: [Double]
    /// The page the columns are printed on (0 for the first).
    let page: Int
    /// True for columns told by rows printing every column rather than by a header.
    let toldByRows: Bool

    /// Columns told by a header printing each column's name in `spans` on `page`.
    init(header spans: [Range<Int>], measure: Measure, page: Int) {
        self.measure = measure
        starts = spans.map { Double($0.lowerBound) }
        middles = spans.map(Self.center)
        ends = spans.map { Double($0.upperBound) }
        reaches = spans.map { max(2.5, Double($0.count) / 2) }
        self.page = page
        toldByRows = false
    }

    /// Columns told by rows printing a figure in each, every row's figures' places in `rows`, on
    /// `page`; `nil` unless two rows or more agree within a place and a half, at their start, middle or
    /// end: one row alone may set each figure anywhere in its cell.
    init?(rows: [[Range<Int>]], measure: Measure, page: Int) {
        guard rows.count >= 2, let first = rows.first, !first.isEmpty else { return nil }
        var starts: [Double] = []
        var middles: [Double] = []
        var ends: [Double] = []
        func agree(_ values: [Double]) -> Bool { values.max()! - values.min()! <= 1.5 }
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
        for column in first.indices {
            let spans = rows.map { $0[column] }
            let columnStarts = spans.map { Double($0.lowerBound) }
            let columnMiddles = spans.map(Self.center)
            let columnEnds = spans.map { Double($0.upperBound) }
            guard agree(columnStarts) || agree(columnMiddles) || agree(columnEnds) else { return nil }
            starts.append(mean(columnStarts))
            middles.append(mean(columnMiddles))
            ends.append(mean(columnEnds))
        }
        for (left, right) in zip(middles, middles.dropFirst()) where right - left < Self.minimumSpacing {
            return nil
        }
        self.measure = measure
        self.starts = starts
        self.middles = middles
        self.ends = ends
        reaches = middles.map { _ in 2.5 }
        self.page = page
        toldByRows = true
    }

    /// Columns whose middles are closer than this many places cannot be told apart.
    static let minimumSpacing = 3.0

    /// The columns told by the header of a table whose headers print `names` (match keys, one per column
    /// in printed order; a name several columns share, as the reviews table's groups do, stands for them
    /// left to right), read from the words with printed places in `window`; `page` gives a line's page.
    /// `nil` unless every column's name is printed, as often as columns have it, left to right in the
    /// columns' order.
    static func find(
        names: [[UInt8]], window: Range<Int>, tokens: [Token], keys: UnsafeBufferPointer<UInt8>, measure: Measure,
        page: (Int) -> Int
    ) -> PrintedColumns? {
        let words = window.filter { index in
            tokens[index].isLabel && !tokens[index].key.isEmpty && tokens[index].printedColumns(measure) != nil
        }
        guard words.count >= names.count else { return nil }
        func key(_ word: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: keys[tokens[word].key]) }
        var distinct: [[UInt8]] = []
        for name in names where !distinct.contains(name) { distinct.append(name) }
        var found: [[UInt8]: [Range<Int>]] = [:]
        var headerPage: Int?
        for (position, word) in words.enumerated() {
            for name in distinct where name.starts(with: key(word)) {
                guard
                    let span = stack(
                        from: position, words, naming: name, tokens: tokens, measure: measure, key: key)
                else { continue }
                let wordPage = page(tokens[word].line)
                guard headerPage == nil || headerPage == wordPage else { return nil }
                headerPage = wordPage
                if found[name, default: []].contains(span) { continue }
                found[name, default: []].append(span)
            }
        }
        var next: [[UInt8]: Int] = [:]
        var spans: [Range<Int>] = []
        for name in names {
            guard let printed = found[name], printed.count == names.count(where: { $0 == name }) else { return nil }
            let sorted = printed.sorted { $0.lowerBound + $0.upperBound < $1.lowerBound + $1.upperBound }
            spans.append(sorted[next[name, default: 0]])
            next[name, default: 0] += 1
        }
        for (left, right) in zip(spans, spans.dropFirst()) where center(right) - center(left) < minimumSpacing {
            return nil
        }
        guard let headerPage else { return nil }
        return PrintedColumns(header: spans, measure: measure, page: headerPage)
    }

    /// The places of the header naming `name` whose first word is `words[position]`: that word, or it
    /// and the words printed under it on the lines below (the next line that prints anything under it
    /// must go on with the name), until they spell the name.
    private static func stack(
        from position: Int, _ words: [Int], naming name: [UInt8], tokens: [Token], measure: Measure,
        key: (Int) -> UnsafeBufferPointer<UInt8>
    ) -> Range<Int>? {
        var spelled = Array(key(words[position]))
        var span = tokens[words[position]].printedColumns(measure)!
        var line = tokens[words[position]].line
        var next = position + 1
        while spelled.count < name.count {
            // The first word under the span on a later line, no more than three lines down.
            var below: Int?
            while next < words.count, tokens[words[next]].line <= line + 3 {
                let columns = tokens[words[next]].printedColumns(measure)!
                if tokens[words[next]].line > line, columns.lowerBound < span.upperBound + 1,
                    columns.upperBound > span.lowerBound - 1
                {
                    below = words[next]
                    break
                }
                next += 1
            }
            guard let below, name.dropFirst(spelled.count).starts(with: key(below)) else { return nil }
            spelled += key(below)
            let columns = tokens[below].printedColumns(measure)!
            span = min(span.lowerBound, columns.lowerBound)..<max(span.upperBound, columns.upperBound)
            line = tokens[below].line
            // Words after `below` on its line come after it in `words`.
            while next < words.count, tokens[words[next]].line == line { next += 1 }
        }
        return spelled == name ? span : nil
    }

    /// How far `printed` is from column `column`: from its start, middle or end, as ``alignment`` has it.
    private func distance(_ printed: Range<Int>, to column: Int) -> Double {
        switch alignment {
        case .middle: abs(middles[column] - Self.center(printed))
        case .start: abs(starts[column] - Double(printed.lowerBound))
        case .end: abs(ends[column] - Double(printed.upperBound))
        }
    }

    /// The places of `figure` on its line, when it is printed on these columns' page.
    private func places(of figure: Int, tokens: [Token], page: (Int) -> Int) -> Range<Int>? {
        guard let printed = tokens[figure].printedColumns(measure), page(tokens[figure].line) == self.page else {
            return nil
        }
        return printed
    }

    /// The column each of `figures` is printed under, in order, when every one is under one column and
    /// no other, left to right, each in a column of its own, on the columns' page (`page` gives a line's
    /// page). A figure printed one place after the word before it may have been pushed right of its
    /// place by that word: it tells no column. `nil` when any figure tells none.
    func columns(of figures: [Int], tokens: [Token], page: (Int) -> Int) -> [Int]? {
        var placed: [Int] = []
        placed.reserveCapacity(figures.count)
        for figure in figures {
            guard let printed = places(of: figure, tokens: tokens, page: page) else { return nil }
            if figure > 0, tokens[figure - 1].line == tokens[figure].line,
                let before = tokens[figure - 1].printedColumns(measure), printed.lowerBound - before.upperBound < 2
            {
                return nil
            }
            guard let column = soleColumn(of: printed), placed.last.map({ $0 < column }) ?? true else { return nil }
            placed.append(column)
        }
        return placed
    }

    /// How many of `figures` are printed under one column and no other, within two places and a half
    /// of it (``soleColumn(of:reach:)``): how well the columns fit the table's figures.
    func fit(_ figures: [Int], tokens: [Token], page: (Int) -> Int) -> Int {
        figures.count { figure in
            places(of: figure, tokens: tokens, page: page).flatMap { soleColumn(of: $0, reach: 2.5) } != nil
        }
    }

    /// The column `printed` stands under and no other: within `reach` of it (by default the column's
    /// ``reaches``), and two places or more nearer it than any other column.
    private func soleColumn(of printed: Range<Int>, reach: Double? = nil) -> Int? {
        var nearest = 0
        var nearestDistance = Double.infinity
        var secondDistance = Double.infinity
        for column in middles.indices {
            let distance = distance(printed, to: column)
            if distance < nearestDistance {
                secondDistance = nearestDistance
                nearestDistance = distance
                nearest = column
            } else if distance < secondDistance {
                secondDistance = distance
            }
        }
        guard nearestDistance <= reach ?? reaches[nearest], secondDistance - nearestDistance >= 2 else { return nil }
        return nearest
    }

    /// These columns with each ``Alignment``, in the order preferred where they fit alike.
    var alignments: [PrintedColumns] {
        Alignment.allCases.map { alignment in
            var columns = self
            columns.alignment = alignment
            return columns
        }
    }

    /// For each of `figures`, in order, the columns it may be printed in, wherever in its cell it is
    /// set (left, middle or right): those whose cell, reaching halfway to the next columns' middles and
    /// a place further, holds part of it. `nil` when a figure tells no position, is printed on another
    /// page, or is in no column's cell.
    func candidates(of figures: [Int], tokens: [Token], page: (Int) -> Int) -> [[Int]]? {
        guard middles.count >= 2 else { return nil }
        var result: [[Int]] = []
        for figure in figures {
            guard let printed = places(of: figure, tokens: tokens, page: page) else { return nil }
            let columns = middles.indices.filter { column in
                let left =
                    column == 0
                    ? middles[0] - (middles[1] - middles[0]) / 2 : (middles[column - 1] + middles[column]) / 2
                let right =
                    column == middles.count - 1
                    ? middles[column] + (middles[column] - middles[column - 1]) / 2
                    : (middles[column] + middles[column + 1]) / 2
                return Double(printed.lowerBound) < right + 1 && Double(printed.upperBound) > left - 1
            }
            guard !columns.isEmpty else { return nil }
            result.append(columns)
        }
        return result
    }

    /// The increasing choices of one column per figure from `candidates` (each figure's columns, in
    /// order) that `accept` takes, at most `limit` of them; `nil` when trying them all would take more
    /// than `steps` steps.
    static func choices(
        _ candidates: [[Int]], limit: Int, steps: Int = 20_000, accept: ([Int]) -> Bool
    ) -> [[Int]]? {
        var found: [[Int]] = []
        var chosen: [Int] = []
        var remaining = steps
        func extend() -> Bool {
            remaining -= 1
            guard remaining > 0 else { return false }
            if chosen.count == candidates.count {
                if accept(chosen) { found.append(chosen) }
                return true
            }
            for column in candidates[chosen.count] where column > (chosen.last ?? -1) {
                chosen.append(column)
                defer { chosen.removeLast() }
                guard extend() else { return false }
                if found.count >= limit { return true }
            }
            return true
        }
        guard extend() else { return nil }
        return found
    }

    private static func center(_ span: Range<Int>) -> Double {
        Double(span.lowerBound + span.upperBound) / 2
    }
}

/// Where the leftmost column of a table set out with spaces prints its figures, where neither its
/// header nor its rows tell the columns: the figures standing furthest left, each within a place and a
/// half of the next. A figure printed right of them is not in the first column, whatever the row-total
/// rule would have it.
struct LeftmostFigures: Sendable {
    /// How places are counted: the way in which the table's figures stand in fewer places.
    let measure: PrintedColumns.Measure
    /// The page the figures are printed on.
    let page: Int
    /// The middle of the rightmost of the leftmost figures.
    let rightmostMiddle: Double

    /// The leftmost figures among `figures` (token indices, on one page), when two or more stand there
    /// and all of them stand in no more places than the table has `columns`: figures in more places are
    /// not set in columns across the lines (each line set apart, as a converter's text frames are).
    init?(figures: [Int], tokens: [Token], columns: Int, page: Int) {
        func middles(_ measure: PrintedColumns.Measure) -> [Double] {
            figures.compactMap { tokens[$0].printedColumns(measure) }.map {
                Double($0.lowerBound + $0.upperBound) / 2
            }.sorted()
        }
        func places(_ middles: [Double]) -> Int {
            zip(middles, middles.dropFirst()).count { $1 - $0 > 1.5 } + 1
        }
        let byCharacters = middles(.characters)
        let byWidth = middles(.displayWidth)
        guard byCharacters.count == figures.count, figures.count >= 2 else { return nil }
        let (measure, sorted) =
            places(byWidth) < places(byCharacters)
            ? (PrintedColumns.Measure.displayWidth, byWidth) : (.characters, byCharacters)
        guard places(sorted) <= columns else { return nil }
        var last = 0
        while last + 1 < sorted.count, sorted[last + 1] - sorted[last] <= 1.5 { last += 1 }
        guard last >= 1 else { return nil }
        self.measure = measure
        self.page = page
        rightmostMiddle = sorted[last]
    }

    /// True when `figure` is printed on the figures' page, right of them by more than a place and a half.
    func excludes(_ figure: Int, tokens: [Token], page: (Int) -> Int) -> Bool {
        guard let printed = tokens[figure].printedColumns(measure), page(tokens[figure].line) == self.page else {
            return false
        }
        return Double(printed.lowerBound + printed.upperBound) / 2 > rightmostMiddle + 1.5
    }
}
