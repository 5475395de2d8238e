import GIConvertBytes

#if canImport(Glibc)
    import Glibc
#endif

/// One printed cell or word of a document, as table recognition sees it.
struct Token: Sendable {
    /// The text as printed.
    let text: String
    /// Where the normalised match key of the text lies in ``TokenizedDocument/keyBytes`` (labels only;
    /// empty for values and prose).
    let key: Range<Int>
    /// The value when the token is a number or a blank cell, `nil` for a label.
    let value: CellValue?
    /// A line of the document: a paragraph line or a table row. Tokens of one line share it.
    let line: Int
    /// True for cells of a real table grid, where an empty cell holds a position.
    let positional: Bool
    /// The sentence and clause punctuation in a label's text (empty for values).
    let marks: LabelNormalizer.ClauseMarks
    /// True when the text is not a value. Stored, as it is asked for every token again and again.
    let isLabel: Bool
    /// True for a blank cell: a value with no number.
    let isBlank: Bool
    /// The number of a value printed with no unit and nothing around it, the common case, which
    /// placing values reads without resolving the value.
    let bareNumber: Double?
    /// Where the token is printed on its line, for text set out in columns with runs of spaces: its
    /// first place and one past its last, counted in characters (pdftotext's layout mode) and in display
    /// width, a wide character taking two places (pandoc's plain-text tables). -1 where the line is not
    /// set out so, or the token is a grid's cell.
    var printedStart: Int32 = -1
    var printedEnd: Int32 = -1
    var printedWideStart: Int32 = -1
    var printedWideEnd: Int32 = -1
    /// True for a blank from an empty cell of a pipe table, in a column where another of its rows prints
    /// a figure: a value's empty cell, not one of its row's label columns.
    var inFigureColumn = false

    /// The places of its line the token is printed in, counted as `measure` counts them, when known.
    func printedColumns(_ measure: PrintedColumns.Measure) -> Range<Int>? {
        guard printedStart >= 0 else { return nil }
        return switch measure {
        case .characters: Int(printedStart)..<Int(printedEnd)
        case .displayWidth: Int(printedWideStart)..<Int(printedWideEnd)
        }
    }

    /// A label: text that is not a value, with its match key.
    init(label text: String, key: Range<Int>, line: Int, positional: Bool, marks: LabelNormalizer.ClauseMarks) {
        self.text = text
        self.key = key
        self.value = nil
        self.line = line
        self.positional = positional
        self.marks = marks
        isLabel = true
        isBlank = false
        bareNumber = nil
    }

    /// A number or a blank cell; `key` is the empty key where the token's key would be.
    init(value: CellValue, text: String, key: Range<Int>, line: Int, positional: Bool) {
        self.text = text
        self.key = key
        self.value = value
        self.line = line
        self.positional = positional
        self.marks = []
        isLabel = false
        isBlank = value.isBlank
        bareNumber = value.unit == nil && !value.hasJunk ? value.number : nil
    }

    /// True for a label with `。` or `；`: prose, or the end of prose, rather than a row label.
    var endsSentence: Bool { marks.contains(.sentenceEnd) }

    /// The text with its lines joined by ` / `, for a finding that quotes a cell of several lines.
    var textOnOneLine: String { text.split(whereSeparator: \.isNewline).joined(separator: " / ") }
}

/// A paragraph line of a document: its printed text, trimmed, and its line number.
struct ParagraphLine {
    let line: Int
    let text: String
}

/// A document as lines of tokens, the form every recogniser works on.
struct TokenizedDocument {
    /// Every token in reading order.
    var tokens: [Token] = []
    /// The tokens' match keys, one after another in token order: the keys of a run of tokens, joined,
    /// are one slice of it.
    var keyBytes: [UInt8] = []
    /// The paragraph lines in reading order.
    var paragraphLines: [ParagraphLine] = []
    /// The lines printed after an empty line: where a text extractor ended one block of text and began
    /// another.
    var linesAfterEmptyLine = Set<Int>()
    /// For the lines of a grid of the applications or reviews table cut short on the right, how many of
    /// the table's columns it prints (``CutColumns``).
    var cutColumns: [TableKey: [Int: Int]] = [:]
    /// The first line of each page after the first, in order: a text extractor marks a new page with a
    /// form feed, and columns set out with spaces line up within a page only.
    var pageStarts: [Int] = []

    init(_ document: Document) {
        tokens.reserveCapacity(Self.expectedTokenCount(document))
        var line = 0
        var afterEmptyLine = false
        var pageBreak = false
        // Lines as printed, which a pipe row holding several rows (``stackedRows``) does not add to.
        var printedLine = 0
        var pipeRows: [PipeRow] = []
        var pipeCells: [PipeCell] = []
        for block in document.blocks {
            switch block {
            case .paragraph(let text):
                if text.isEmpty { afterEmptyLine = true }
                text.withBytes { bytes in
                    Self.forEachLine(bytes) { range in
                        let trimmed = UTF8Whitespace.trimmed(bytes, range, keepingTabs: false)
                        if ByteSearch.contains(UnsafeBufferPointer(rebasing: bytes[range]), byte: 0x0C) {
                            pageBreak = true
                        }
                        if trimmed.isEmpty { afterEmptyLine = true }
                        guard !trimmed.isEmpty, !Self.isPageNumber(UnsafeBufferPointer(rebasing: bytes[trimmed])),
                            !Self.isRuleLine(UnsafeBufferPointer(rebasing: bytes[trimmed]))
                        else {
                            return
                        }
                        if afterEmptyLine {
                            linesAfterEmptyLine.insert(line)
                            afterEmptyLine = false
                        }
                        if pageBreak {
                            if line > 0 { pageStarts.append(line) }
                            pageBreak = false
                        }
                        let trimmedText = UTF8Scalars.string(bytes, trimmed, of: text)
                        paragraphLines.append(ParagraphLine(line: line, text: trimmedText))
                        // Tabs at either end are empty cells of a copied table row: keep them.
                        let hasTab = ByteSearch.contains(UnsafeBufferPointer(rebasing: bytes[range]), byte: 0x09)
                        let cells =
                            hasTab
                            ? UTF8Scalars.string(
                                bytes, UTF8Whitespace.trimmed(bytes, range, keepingTabs: true), of: text)
                            : trimmedText
                        // White space before a line's first pipe is an empty first cell, not indentation
                        // of a leading pipe (` |  | 1 |` has two cells before the 1).
                        let startsWithEmptyCell =
                            trimmed.lowerBound > range.lowerBound && bytes[trimmed.lowerBound] == 0x7C
                        let firstCell = pipeCells.count
                        var stackedLines = 0
                        if let emptyBeforeFigure = addTextLine(
                            cells, line: line, startsWithEmptyCell: startsWithEmptyCell,
                            printedAt: hasTab ? nil : Self.printedOffset(bytes, range, trimmed), cells: &pipeCells,
                            stackedLines: &stackedLines)
                        {
                            pipeRows.append(
                                PipeRow(
                                    line: printedLine, cells: firstCell..<pipeCells.count,
                                    hasEmptyCellBeforeFigure: emptyBeforeFigure))
                        }
                        line += 1 + stackedLines
                        printedLine += 1
                    }
                }
            case .table(let grid):
                afterEmptyLine = false
                for (table, printed) in CutColumns.printedCounts(grid) {
                    for row in grid.rows.indices { cutColumns[table, default: [:]][line + row] = printed }
                }
                let padding = PaddingColumns.columns(in: grid)
                for row in grid.rows.indices {
                    for cell in grid.rows[row].indices
                    where !grid.rows[row][cell].isSpanContinuation && !padding.contains(cell) {
                        appendCell(grid.rows[row][cell].text, line: line)
                    }
                    line += 1
                }
            }
        }
        if !pipeRows.isEmpty { dropEmptyLabelColumnCells(pipeRows, pipeCells) }
    }

    /// Room for every grid cell, and per paragraph one token and one per cell separator (`|`, tab).
    private static func expectedTokenCount(_ document: Document) -> Int {
        var count = 0
        for block in document.blocks {
            switch block {
            case .paragraph(let text):
                count += 1 + text.withBytes { ByteSearch.count(of: 0x7C, in: $0) + ByteSearch.count(of: 0x09, in: $0) }
            case .table(let grid):
                count += grid.rows.count * (grid.rows.first?.count ?? 0)
            }
        }
        return count
    }

    /// Where the trimmed text of a line (`trimmed` of `line`) starts, in places from the line's start,
    /// when the line is set out in columns with spaces: indented by two spaces or more, or with two
    /// spaces or more between its words. A form feed that begins a page takes no place.
    private static func printedOffset(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, _ trimmed: Range<Int>)
        -> Places?
    {
        var indent = Places()
        indent.add(UnsafeBufferPointer(rebasing: bytes[line.lowerBound..<trimmed.lowerBound]), skippingFormFeeds: true)
        guard indent.characters >= 2 || ByteSearch.contains(UnsafeBufferPointer(rebasing: bytes[trimmed]), "  ")
        else {
            return nil
        }
        return indent
    }

    /// A count of places on a line, as characters and as display width.
    struct Places {
        var characters = 0
        var width = 0

        /// Counts the places of the UTF-8 text `bytes`: a scalar is a character, and takes two places
        /// of display width when it is wide (East Asian).
        mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, skippingFormFeeds: Bool = false) {
            var index = 0
            while index < bytes.count {
                let (value, length) = UTF8Scalars.decode(bytes, at: index)
                index += length
                if skippingFormFeeds && value == 0x0C { continue }
                characters += 1
                width += Self.isWide(value) ? 2 : 1
            }
        }

        /// True for the scalars a terminal shows two places wide: Hangul jamo, the CJK blocks, Hangul
        /// syllables, compatibility ideographs, vertical and small forms, full-width forms, and the
        /// supplementary ideographic planes.
        static func isWide(_ value: UInt32) -> Bool {
            switch value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                0xFFE0...0xFFE6, 0x20000...0x3FFFD:
                true
            default: false
            }
        }
    }

    /// Appends the token of one word of a line; on a line set out in columns, notes where it is printed:
    /// `offset` is where the line's text starts (``printedOffset``), `word` its bytes in `bytes`, `before`
    /// the bytes and places before it. A word joined to the token before it (a unit, the rest of a
    /// figure) widens that token.
    private mutating func appendWord(
        _ bytes: UnsafeBufferPointer<UInt8>, _ word: Range<Int>, of text: String, line: Int, offset: Places?,
        before: inout (bytes: Int, places: Places)
    ) {
        let count = tokens.count
        let last = tokens.last
        appendToken(bytes, word, of: text, line: line, positional: false)
        guard let offset else { return }
        before.places.add(UnsafeBufferPointer(rebasing: bytes[before.bytes..<word.lowerBound]))
        let start = before.places
        before.places.add(UnsafeBufferPointer(rebasing: bytes[word]))
        before.bytes = word.upperBound
        let end = before.places
        if tokens.count > count {
            tokens[count].printedStart = Int32(offset.characters + start.characters)
            tokens[count].printedWideStart = Int32(offset.width + start.width)
        } else if count > 0, let last, last.printedStart >= 0 {
            tokens[count - 1].printedStart = last.printedStart
            tokens[count - 1].printedWideStart = last.printedWideStart
        } else {
            return
        }
        tokens[tokens.count - 1].printedEnd = Int32(offset.characters + end.characters)
        tokens[tokens.count - 1].printedWideEnd = Int32(offset.width + end.width)
    }

    /// Appends the tokens of one line of text; for a row of a pipe table, appends its cells to `pipeCells`
    /// and returns whether an empty cell stands before its first figure (`nil` for other lines).
    /// `printedAt`: where the text starts on a line set out in columns with spaces (``printedOffset``).
    /// `stackedLines`: set to how many lines past `line` the row's tokens take, where a pipe row holds
    /// several rows of the printed table (``stackedRows``).
    private mutating func addTextLine(
        _ text: String, line: Int, startsWithEmptyCell: Bool, printedAt offset: Places?,
        cells pipeCells: inout [PipeCell], stackedLines: inout Int
    ) -> Bool? {
        text.withBytes { bytes -> Bool? in
            if ByteSearch.contains(bytes, byte: 0x7C) {
                var cells = Self.split(bytes, at: 0x7C)
                if !startsWithEmptyCell, let first = cells.first,
                    UTF8Whitespace.trimmed(bytes, first, keepingTabs: false).isEmpty
                {
                    cells.removeFirst()
                }
                if let last = cells.last, UTF8Whitespace.trimmed(bytes, last, keepingTabs: false).isEmpty {
                    cells.removeLast()
                }
                // Converters write a cell's line breaks as `<br>`: only such a line can hold one.
                let mayHoldBreaks = ByteSearch.contains(bytes, byte: 0x3C)
                if mayHoldBreaks, let stacked = Self.stackedRows(bytes, cells) {
                    stackedLines = stacked.rows - 1
                    return appendStackedRows(bytes, stacked, of: text, line: line, cells: &pipeCells)
                }
                var emptyCellSeen = false
                var emptyCellBeforeFigure = false
                var figureSeen = false
                for cell in cells {
                    let trimmedCell = UTF8Whitespace.trimmed(bytes, cell, keepingTabs: false)
                    let pieces = mayHoldBreaks ? Self.lineBreakPieces(bytes, trimmedCell) : nil
                    let first = tokens.count
                    // A cell whose last word is no number is one label, spaces and all: most are.
                    if pieces == nil && !Self.endsInNumberWord(bytes, trimmedCell) {
                        appendToken(bytes, trimmedCell, of: text, line: line, positional: false)
                    } else {
                        appendCellLines(bytes, pieces ?? [trimmedCell], of: text, line: line, cell: trimmedCell)
                    }
                    pipeCells.append(PipeCell(tokens: first..<tokens.count, isEmpty: trimmedCell.isEmpty))
                    if trimmedCell.isEmpty {
                        emptyCellSeen = true
                    } else if !figureSeen, tokens[first...].contains(where: { !$0.isLabel && !$0.isBlank }) {
                        figureSeen = true
                        emptyCellBeforeFigure = emptyCellSeen
                    }
                }
                return emptyCellBeforeFigure
            }
            if ByteSearch.contains(bytes, byte: 0x09) {
                // A table row copied as text: cells between tabs hold their positions, empty ones too.
                for cell in Self.split(bytes, at: 0x09) {
                    appendToken(
                        bytes, UTF8Whitespace.trimmed(bytes, cell, keepingTabs: false), of: text, line: line,
                        positional: true)
                }
                return nil
            }
            if (bytes.count > 90 || Self.hasClauseComma(bytes)) && ByteSearch.contains(bytes, "。") {
                // A sentence of prose: one token with no key, never split into words. A short one is told
                // by its commas too (`2021 年,我区共受理申请 5 件,均已办结。`): no table row ends a sentence.
                tokens.append(
                    Token(label: text, key: noKey, line: line, positional: false, marks: Self.clauseMarks(bytes)))
                return nil
            }
            if !Self.containsSpace(bytes) {
                // One word: a cell on its own line, or prose without spaces; a label with its number.
                if let digits = Self.trailingNumberStart(bytes) {
                    var before = (bytes: 0, places: Places())
                    appendWord(bytes, 0..<digits, of: text, line: line, offset: offset, before: &before)
                    appendWord(bytes, digits..<bytes.count, of: text, line: line, offset: offset, before: &before)
                } else if offset != nil {
                    var before = (bytes: 0, places: Places())
                    appendWord(bytes, 0..<bytes.count, of: text, line: line, offset: offset, before: &before)
                } else {
                    appendToken(text, bytes, line: line, positional: false)
                }
                return nil
            }
            // Digit groups separated by no-break or thin spaces are one number (`1 234`); separated by
            // plain spaces they are cells, as PDF text prints a row's values (`223 229 576`).
            if !ByteSearch.contains(bytes, byte: 0x20), let value = ValueParser.parse(utf8: bytes),
                Self.isSingleGroupedNumber(text)
            {
                tokens.append(Token(value: value, text: text, key: noKey, line: line, positional: false))
                return nil
            }
            var before = (bytes: 0, places: Places())
            for word in Self.cellWords(bytes) {
                appendWord(bytes, word, of: text, line: line, offset: offset, before: &before)
            }
            return nil
        }
    }

    /// How a pipe row holds several rows of the printed table: a converter that took two rows for one
    /// stacks each cell's figures with `<br>` (`| （七）总计<br>四、结转… | 25<br>1 | 3<br>0 | … |`).
    struct StackedRows {
        /// How many rows: the figures each cell holding figures stacks.
        let rows: Int
        /// The cell the figures start at; the cells before it are labels or empty.
        let firstFigureCell: Int
        /// Per row, the lines of the label cells it prints, as (cell, line) in reading order.
        let labels: [[(cell: Int, line: Int)]]
        /// Per cell, its text trimmed, and its lines (none for an empty cell).
        let trimmed: [Range<Int>]
        let lines: [[Range<Int>]]
    }

    /// The rows a pipe row stacks, when it stacks any: at least three cells hold figures, every one of
    /// them the same number of them (two or more) with `<br>` between them and nothing else, and every
    /// cell with text that is no figure comes before them. The label cells' lines must say which row
    /// each is: every label cell holds one line per row, or one cell holds, among its lines, the last
    /// item numbers (`（一）`, `2.`) of the label cells, one per row, each starting its row's lines
    /// there; the cells before it are the first row's (a group label), the cells after it are split
    /// where it is. `nil` for any other row.
    static func stackedRows(_ bytes: UnsafeBufferPointer<UInt8>, _ cells: [Range<Int>]) -> StackedRows? {
        var rows = 0
        var figureCells = 0
        var firstFigureCell: Int? = nil
        var labelPieces: [(cell: Int, pieces: [Range<Int>])] = []
        let trimmedCells = cells.map { UTF8Whitespace.trimmed(bytes, $0, keepingTabs: false) }
        let cellLines = trimmedCells.map { $0.isEmpty ? [] : (lineBreakPieces(bytes, $0) ?? [$0]) }
        for (index, trimmed) in trimmedCells.enumerated() {
            guard !trimmed.isEmpty else { continue }
            let pieces = cellLines[index]
            let figures = pieces.allSatisfy { piece in
                cellWords(UnsafeBufferPointer(rebasing: bytes[piece])).count == 1
                    && isValue(UnsafeBufferPointer(rebasing: bytes[piece]))
            }
            if figures {
                guard pieces.count >= 2, rows == 0 || pieces.count == rows else { return nil }
                rows = pieces.count
                figureCells += 1
                if firstFigureCell == nil { firstFigureCell = index }
            } else {
                guard firstFigureCell == nil else { return nil }
                labelPieces.append((index, pieces))
            }
        }
        guard figureCells >= 3, let firstFigureCell else { return nil }
        var labels = [[(cell: Int, line: Int)]](repeating: [], count: rows)
        if labelPieces.allSatisfy({ $0.pieces.count == rows }) {
            for (cell, _) in labelPieces {
                for row in 0..<rows { labels[row].append((cell, row)) }
            }
            return StackedRows(
                rows: rows, firstFigureCell: firstFigureCell, labels: labels, trimmed: trimmedCells, lines: cellLines)
        }
        var starts: [(cell: Int, line: Int)] = []
        for (cell, pieces) in labelPieces {
            for (line, piece) in pieces.enumerated()
            where ItemNumbering.startsNewItem(
                String(decoding: UnsafeBufferPointer(rebasing: bytes[piece]), as: UTF8.self))
            {
                starts.append((cell, line))
            }
        }
        let rowStarts = starts.suffix(rows)
        guard rowStarts.count == rows, let numbered = rowStarts.first?.cell,
            rowStarts.allSatisfy({ $0.cell == numbered })
        else { return nil }
        let splits = rowStarts.dropFirst().map(\.line)
        for (cell, pieces) in labelPieces {
            for line in pieces.indices {
                let row = cell < numbered ? 0 : splits.count { $0 <= line }
                labels[row].append((cell, line))
            }
        }
        return StackedRows(
            rows: rows, firstFigureCell: firstFigureCell, labels: labels, trimmed: trimmedCells, lines: cellLines)
    }

    /// Appends the tokens of a pipe row that stacks several rows (``stackedRows``), row by row, one line
    /// each: the row's label lines, each label cell's joined into one label, and the row's figure of
    /// every cell from the first with figures on, an empty cell a blank; an empty cell before the figures
    /// is a blank of the first line only. Returns whether an empty cell stands before the first figure.
    private mutating func appendStackedRows(
        _ bytes: UnsafeBufferPointer<UInt8>, _ stacked: StackedRows, of text: String, line: Int,
        cells pipeCells: inout [PipeCell]
    ) -> Bool {
        let trimmed = stacked.trimmed
        let pieces = stacked.lines
        // Each cell's tokens on the first line, as ``PipeCell`` records a cell.
        var firstLineTokens = [Range<Int>](repeating: 0..<0, count: trimmed.count)
        for row in 0..<stacked.rows {
            for index in trimmed.indices {
                let first = tokens.count
                if index >= stacked.firstFigureCell {
                    let piece = pieces[index].isEmpty ? trimmed[index] : pieces[index][row]
                    appendToken(bytes, piece, of: text, line: line + row, positional: false)
                } else if trimmed[index].isEmpty {
                    guard row == 0 else { continue }
                    appendToken(bytes, trimmed[index], of: text, line: line, positional: false)
                } else {
                    let lines = stacked.labels[row].filter { $0.cell == index }.map { pieces[index][$0.line] }
                    guard !lines.isEmpty else { continue }
                    let label = lines.map { UTF8Scalars.string(bytes, $0, of: text) }.joined()
                    label.withBytes { appendToken(label, $0, line: line + row, positional: false) }
                }
                if row == 0 { firstLineTokens[index] = first..<tokens.count }
            }
        }
        for index in trimmed.indices {
            pipeCells.append(PipeCell(tokens: firstLineTokens[index], isEmpty: trimmed[index].isEmpty))
        }
        return trimmed[..<stacked.firstFigureCell].contains { $0.isEmpty }
    }

    /// A row of a pipe table as printed: its line and its cells, a range of the cells of all rows.
    private struct PipeRow {
        let line: Int
        let cells: Range<Int>
        /// An empty cell stands before the row's first figure: only such a row can have one to drop.
        let hasEmptyCellBeforeFigure: Bool
    }

    /// One cell of a ``PipeRow``.
    private struct PipeCell {
        let tokens: Range<Int>
        /// Nothing but white space between the cell's pipes.
        let isEmpty: Bool
    }

    /// Removes the blank tokens of empty cells that stand in a pipe table's label columns.
    ///
    /// A converter writes a table whose labels take several columns (三、本年度办理结果 | （三）不予公开 |
    /// 1.属于国家秘密) with every row as wide as the widest, so a row whose label takes fewer columns
    /// prints empty cells between its label and its figures (`| | （七）总计 | | 167 | 0 |`). Those cells
    /// are no blank values: read as such they push the row's figures one column right. A label column is
    /// one to the left of every figure of the table that a row from the first with figures on prints a
    /// label in, or that no row prints anything in (a header's column; the header names value columns
    /// too); the table is the run of pipe rows on consecutive lines, and only rows as wide as most of
    /// them count.
    private mutating func dropEmptyLabelColumnCells(_ rows: [PipeRow], _ cells: [PipeCell]) {
        var dropped: [Int] = []
        var inFigureColumns: [Int] = []
        var start = 0
        while start < rows.count {
            var end = start + 1
            while end < rows.count, rows[end].line == rows[end - 1].line + 1 { end += 1 }
            if rows[start..<end].contains(where: \.hasEmptyCellBeforeFigure) {
                appendEmptyLabelColumnCells(
                    rows[start..<end], cells, to: &dropped, inFigureColumns: &inFigureColumns)
            }
            start = end
        }
        for token in inFigureColumns { tokens[token].inFigureColumn = true }
        guard !dropped.isEmpty else { return }
        // The dropped tokens are in ascending order: keep the others in place.
        var next = 0
        var kept = 0
        for index in tokens.indices {
            if next < dropped.count, dropped[next] == index {
                next += 1
                continue
            }
            if kept != index { tokens[kept] = tokens[index] }
            kept += 1
        }
        tokens.removeSubrange(kept...)
    }

    /// Appends the blank tokens of empty cells in the label columns of one pipe table (see
    /// ``dropEmptyLabelColumnCells(_:_:)``), in ascending order, and to `inFigureColumns` those of empty
    /// cells in columns another row prints a figure in.
    private func appendEmptyLabelColumnCells(
        _ table: ArraySlice<PipeRow>, _ cells: [PipeCell], to dropped: inout [Int], inFigureColumns: inout [Int]
    ) {
        // The width most rows have (the widest of equals).
        var width = 0
        var widthRows = 0
        for row in table where row.cells.count != width {
            let rows = table.count { $0.cells.count == row.cells.count }
            if rows > widthRows || (rows == widthRows && row.cells.count > width) {
                (width, widthRows) = (row.cells.count, rows)
            }
        }
        guard width > 0 else { return }
        func hasFigure(_ cell: PipeCell) -> Bool {
            cell.tokens.contains { !tokens[$0].isLabel && !tokens[$0].isBlank }
        }
        func hasLabel(_ cell: PipeCell) -> Bool {
            cell.tokens.contains { tokens[$0].isLabel && !tokens[$0].key.isEmpty }
        }
        var firstFigureColumn = width
        var labelled = [Bool](repeating: false, count: width)
        var printed = [Bool](repeating: false, count: width)
        // The columns some row prints a figure in: their empty cells are values'.
        var figured = [Bool](repeating: false, count: width)
        // Labels count from the first row with figures on: the header's rows above it name value
        // columns too.
        var body = false
        for row in table where row.cells.count == width {
            var rowHasFigure = false
            var rowLabels: [Int] = []
            for column in 0..<width {
                let cell = cells[row.cells.lowerBound + column]
                if hasFigure(cell) {
                    printed[column] = true
                    figured[column] = true
                    if !rowHasFigure { firstFigureColumn = min(firstFigureColumn, column) }
                    rowHasFigure = true
                } else if hasLabel(cell) {
                    printed[column] = true
                    rowLabels.append(column)
                }
            }
            body = body || rowHasFigure
            if body { for column in rowLabels { labelled[column] = true } }
        }
        guard firstFigureColumn < width else { return }
        for row in table where row.cells.count == width {
            for column in 0..<firstFigureColumn where labelled[column] || !printed[column] {
                let cell = cells[row.cells.lowerBound + column]
                guard cell.isEmpty else { continue }
                for token in cell.tokens where tokens[token].isBlank { dropped.append(token) }
            }
        }
        for row in table where row.cells.count == width {
            for column in 0..<width where figured[column] && cells[row.cells.lowerBound + column].isEmpty {
                for token in cells[row.cells.lowerBound + column].tokens where tokens[token].isBlank {
                    inFigureColumns.append(token)
                }
            }
        }
    }

    /// True when the text after the last ASCII space of `cell` is a value: a cell that may print a label
    /// and numbers, or several numbers.
    private static func endsInNumberWord(_ bytes: UnsafeBufferPointer<UInt8>, _ cell: Range<Int>) -> Bool {
        guard let base = bytes.baseAddress, cell.count > 1,
            let found = memchr(base + cell.lowerBound, 0x20, cell.count)
        else { return false }
        var space = cell.upperBound - 1
        let first = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        while space > first, bytes[space] != 0x20 { space -= 1 }
        let word = UnsafeBufferPointer(rebasing: bytes[(space + 1)..<cell.upperBound])
        return isValue(word)
    }

    /// True when `word` is a printed value (a number or a blank cell), not a label.
    private static func isValue(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        ValueParser.mayBeValue(utf8: word) && ValueParser.parse(utf8: word) != nil
    }

    /// The lines of a pipe cell that a converter wrote with `<br>` between them (`行政许可<br>80`,
    /// `0<br>0`), trimmed, empty ones left out; `nil` when the cell has no `<br>`, `<br/>` or `<br />`.
    static func lineBreakPieces(_ bytes: UnsafeBufferPointer<UInt8>, _ cell: Range<Int>) -> [Range<Int>]? {
        var pieces: [Range<Int>] = []
        var pieceStart = cell.lowerBound
        var index = cell.lowerBound
        while index < cell.upperBound {
            guard bytes[index] == 0x3C, let tagEnd = lineBreakTagEnd(bytes, at: index, before: cell.upperBound) else {
                index += 1
                continue
            }
            pieces.append(pieceStart..<index)
            pieceStart = tagEnd
            index = tagEnd
        }
        guard !pieces.isEmpty else { return nil }
        pieces.append(pieceStart..<cell.upperBound)
        return pieces.map { UTF8Whitespace.trimmed(bytes, $0, keepingTabs: false) }.filter { !$0.isEmpty }
    }

    /// The end of the `<br>`, `<br/>` or `<br />` tag (any case) starting at `index`, if one does.
    private static func lineBreakTagEnd(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, before end: Int) -> Int? {
        guard index + 4 <= end, bytes[index + 1] | 0x20 == 0x62, bytes[index + 2] | 0x20 == 0x72 else { return nil }
        var close = index + 3
        while close < end, bytes[close] == 0x20 { close += 1 }
        if close < end, bytes[close] == 0x2F { close += 1 }
        return close < end && bytes[close] == 0x3E ? close + 1 : nil
    }

    /// Appends the tokens of a pipe cell that holds `<br>` or spaces: its label as one token (its lines
    /// joined), and each number printed after the label as a value of its own. A label and its row's
    /// number share a cell when a converter took the number's column for part of the label's
    /// (`行政许可<br>80`), numbers share one when it took two columns for one (`0<br>0`), and OCR
    /// puts a table rule's `|` anywhere in a row (`154 |0   0 0    0    1 155`).
    private mutating func appendCellLines(
        _ bytes: UnsafeBufferPointer<UInt8>, _ pieces: [Range<Int>], of text: String, line: Int,
        cell: Range<Int>
    ) {
        var words: [Range<Int>] = []
        for piece in pieces {
            words += Self.cellWords(UnsafeBufferPointer(rebasing: bytes[piece])).map {
                ($0.lowerBound + piece.lowerBound)..<($0.upperBound + piece.lowerBound)
            }
        }
        // A cell of line breaks alone is an empty cell.
        guard !words.isEmpty else {
            return appendToken(bytes, cell.lowerBound..<cell.lowerBound, of: text, line: line, positional: false)
        }
        let firstValue = (words.lastIndex { !Self.isValue(UnsafeBufferPointer(rebasing: bytes[$0])) } ?? -1) + 1
        if firstValue > 0 {
            // The label as printed up to its last word, its lines joined.
            let labelEnd = words[firstValue - 1].upperBound
            let labelPieces = pieces.filter { $0.lowerBound < labelEnd }.map {
                $0.lowerBound..<min($0.upperBound, labelEnd)
            }
            if labelPieces.count == 1 {
                appendToken(bytes, labelPieces[0], of: text, line: line, positional: false)
            } else {
                let label = labelPieces.map { UTF8Scalars.string(bytes, $0, of: text) }.joined()
                label.withBytes { appendToken(label, $0, line: line, positional: false) }
            }
        }
        for word in words[firstValue...] {
            appendToken(bytes, word, of: text, line: line, positional: false)
        }
    }

    /// Calls `body` with the byte range of each line of a paragraph: lines end at `\n`, `\r` and
    /// U+2028, and empty ones are skipped.
    private static func forEachLine(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        var start = 0
        while let lineBreak = nextLineBreak(bytes, from: start) {
            if lineBreak.lowerBound > start { body(start..<lineBreak.lowerBound) }
            start = lineBreak.upperBound
        }
        if bytes.count > start { body(start..<bytes.count) }
    }

    /// The bytes of the next `\n`, `\r` or U+2028 (`E2 80 A8`) at or after `start`.
    private static func nextLineBreak(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int>? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        func find(_ byte: UInt8, from: Int) -> Int? {
            guard from < bytes.count, let found = memchr(base + from, Int32(byte), bytes.count - from) else {
                return nil
            }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
        var end = bytes.count
        if let newline = find(0x0A, from: start) { end = newline }
        if let carriageReturn = find(0x0D, from: start), carriageReturn < end { end = carriageReturn }
        var search = start
        while let lead = find(0xE2, from: search), lead < end {
            if lead + 2 < bytes.count && bytes[lead + 1] == 0x80 && bytes[lead + 2] == 0xA8 { return lead..<(lead + 3) }
            search = lead + 1
        }
        return end < bytes.count ? end..<(end + 1) : nil
    }

    /// The ranges between occurrences of the ASCII `separator`, empty ones included.
    private static func split(_ bytes: UnsafeBufferPointer<UInt8>, at separator: UInt8) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        pieces.reserveCapacity(16)
        var start = 0
        if let base = bytes.baseAddress {
            while start < bytes.count, let found = memchr(base + start, Int32(separator), bytes.count - start) {
                let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                pieces.append(start..<index)
                start = index + 1
            }
        }
        pieces.append(start..<bytes.count)
        return pieces
    }

    /// True when `bytes` hold a white-space scalar (``UTF8Whitespace/isSpace(_:)``).
    private static func containsSpace(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        UTF8Scalars.contains(bytes, where: UTF8Whitespace.isSpace)
    }

    /// The ranges of the words between runs of white space (``UTF8Whitespace/isSpace(_:)``).
    private static func words(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var words: [Range<Int>] = []
        var start: Int?
        var index = 0
        while index < bytes.count {
            let (value, length) = UTF8Scalars.decode(bytes, at: index)
            if UTF8Whitespace.isSpace(value) {
                if let wordStart = start { words.append(wordStart..<index) }
                start = nil
            } else if start == nil {
                start = index
            }
            index += length
        }
        if let wordStart = start { words.append(wordStart..<bytes.count) }
        return words
    }

    /// True for a page number printed on a line of its own, which PDF text leaves inside tables:
    /// `— 1 —`, `-3-`, `- 12 -`, `第 2 页`, `第2页 共5页`.
    /// True for a line that only draws a table's rules: `------ ------`, `+====+`, `──────`; at least
    /// three dashes, equals signs or box-drawing strokes, and nothing but them, `+`, `:` and spaces.
    /// Such a line holds no cells: read as cells, its dashes were blanks. A dash or two (`-`, `——`) is a
    /// blank cell, and em dashes never draw rules. A Markdown table's `|---|---|` is left as it is: its
    /// blanks end the header's labels.
    static func isRuleLine(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = line.first, first == 0x2D || first == 0x3D || first == 0x2B || first == 0xE2 else {
            return false
        }
        var strokes = 0
        var index = 0
        while index < line.count {
            let (value, length) = UTF8Scalars.decode(line, at: index)
            switch value {
            case 0x2D, 0x3D, 0x2500, 0x2501, 0x2550: strokes += 1
            case 0x2B, 0x3A, 0x20, 0x09, 0x253C, 0x251C, 0x2524, 0x250C, 0x2510, 0x2514, 0x2518, 0x252C,
                0x2534, 0x2502, 0x2503, 0x2551, 0x256C, 0x2560, 0x2563, 0x2554, 0x2557, 0x255A, 0x255D, 0x2566, 0x2569:
                break
            default: return false
            }
            index += length
        }
        return strokes >= 3
    }

    static func isPageNumber(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = line.first, first == 0x2D || first == 0xE2 || first == 0xEF || first == 0xE7,
            line.count <= 40
        else { return false }
        var scalars: [UInt32] = []
        var index = 0
        while index < line.count {
            let (value, length) = UTF8Scalars.decode(line, at: index)
            if !UTF8Whitespace.isSpace(value) { scalars.append(value) }
            index += length
        }
        func isDash(_ v: UInt32) -> Bool {
            v == 0x2D || v == 0x2014 || v == 0x2013 || v == 0x2012 || v == 0xFF0D || v == 0x2212
        }
        func isDigit(_ v: UInt32) -> Bool { (0x30...0x39).contains(v) }
        var start = 0
        var end = scalars.count
        if start < end, isDash(scalars[start]) {
            // Dashes around one to four digits.
            while start < end, isDash(scalars[start]) { start += 1 }
            while end > start, isDash(scalars[end - 1]) { end -= 1 }
            guard end < scalars.count, end > start, end - start <= 4 else { return false }
            return scalars[start..<end].allSatisfy(isDigit)
        }
        // 第 N 页, then maybe 共 M 页.
        func page(_ at: Int) -> Int? {
            guard at < scalars.count, scalars[at] == 0x7B2C else { return nil }
            var i = at + 1
            let digits = i
            while i < scalars.count, isDigit(scalars[i]) { i += 1 }
            guard i > digits, i < scalars.count, scalars[i] == 0x9875 else { return nil }
            return i + 1
        }
        guard var i = page(0) else { return false }
        if i < scalars.count, scalars[i] == 0xFF0C || scalars[i] == 0x2C || scalars[i] == 0x2F { i += 1 }
        if i < scalars.count, scalars[i] == 0x5171 {
            i += 1
            let digits = i
            while i < scalars.count, isDigit(scalars[i]) { i += 1 }
            guard i > digits, i < scalars.count, scalars[i] == 0x9875 else { return false }
            i += 1
        }
        return i == scalars.count
    }

    /// The words of a line as cells: a sign printed apart from its number (`減 5711`) and a unit printed
    /// apart from its number (`6089.19 萬元`) join the number; a number printed against the end of a
    /// label (`政府集中采购18`) is cut from it.
    private static func cellWords(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var cells: [Range<Int>] = []
        for word in words(bytes) {
            let text = UnsafeBufferPointer(rebasing: bytes[word])
            if let last = cells.last {
                let previous = UnsafeBufferPointer(rebasing: bytes[last])
                // Sign and unit words are at most six bytes: most words are ruled out by their length.
                let joinsSign = previous.count <= 6 && startsWithDigit(text) && isSignWord(previous)
                let joinsUnit =
                    text.count <= 6 && text[0] >= 0xE0 && isUnitWord(text)
                    && ValueParser.mayBeValue(utf8: previous) && ValueParser.parse(utf8: previous)?.number != nil
                // `2021 年，我区…`: a year printed apart from 年 is prose, not a cell.
                let joinsYear =
                    previous.count == 4 && text.starts(with: Self.yearCharacter)
                    && previous.allSatisfy { (0x30...0x39).contains($0) }
                if joinsSign || joinsUnit || joinsYear {
                    cells[cells.count - 1] = last.lowerBound..<word.upperBound
                    continue
                }
            }
            if let digits = trailingNumberStart(text) ?? closingMarkLength(text) {
                cells.append(word.lowerBound..<(word.lowerBound + digits))
                appendZeroCells((word.lowerBound + digits)..<word.upperBound, bytes, to: &cells)
            } else {
                appendZeroCells(word, bytes, to: &cells)
            }
        }
        return cells
    }

    /// Appends `word` to `cells`; a run of zeros (`00000`) as many cells of 0: no count is printed with a leading zero, so only
    /// zeros printed against each other make one, as PDF text glues a row's blank-free cells.
    private static func appendZeroCells(
        _ word: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>, to cells: inout [Range<Int>]
    ) {
        guard word.count >= 2, bytes[word.lowerBound] == 0x30, bytes[word].allSatisfy({ $0 == 0x30 }) else {
            return cells.append(word)
        }
        for zero in word { cells.append(zero..<(zero + 1)) }
    }

    /// The length of the closing quote or bracket that starts a word of digits (`”00000`): a label's
    /// closing mark that PDF text printed against the row's first numbers.
    private static func closingMarkLength(_ word: UnsafeBufferPointer<UInt8>) -> Int? {
        guard word.count > 3, word[0] >= 0xE0, word[3...].allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return [0x201D, 0xFF09, 0x300D, 0x300F, 0x3011].contains(UTF8Scalars.decode(word, at: 0).value) ? 3 : nil
    }

    /// True when `bytes` hold a comma between clauses: `，` or `,` not between digits (`1,234`).
    private static func hasClauseComma(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if ByteSearch.contains(bytes, "，") { return true }
        guard let base = bytes.baseAddress else { return false }
        var start = 0
        while start < bytes.count, let found = memchr(base + start, 0x2C, bytes.count - start) {
            let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            let digitBefore = index > 0 && (0x30...0x39).contains(bytes[index - 1])
            let digitAfter = index + 1 < bytes.count && (0x30...0x39).contains(bytes[index + 1])
            if !(digitBefore && digitAfter) { return true }
            start = index + 1
        }
        return false
    }

    private static let yearCharacter = Array("年".utf8)
    private static let signWords: [[UInt8]] = ["增", "减", "減", "增加", "减少", "減少", "+", "-", "＋", "－"].map {
        Array($0.utf8)
    }
    private static let unitWords: [[UInt8]] = ["元", "万元", "萬元", "件", "个", "個", "项", "項", "条", "條", "次"].map {
        Array($0.utf8)
    }

    private static func isSignWord(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        signWords.contains { $0.elementsEqual(word) }
    }

    private static func isUnitWord(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        unitWords.contains { $0.elementsEqual(word) }
    }

    private static func startsWithDigit(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = word.first else { return false }
        return (0x30...0x39).contains(first)
            || (first == 0xEF && word.count >= 3 && word[1] == 0xBC && (0x90...0x99).contains(word[2]))
    }

    /// Where the ASCII number ending a label word starts: after at least two ideographs, a number of
    /// up to twelve digits and points (`政府集中采购18`); `nil` for any other word.
    private static func trailingNumberStart(_ word: UnsafeBufferPointer<UInt8>) -> Int? {
        guard word.count >= 7, let last = word.last, (0x30...0x39).contains(last) else { return nil }
        var start = word.count
        while start > 0, (0x30...0x39).contains(word[start - 1]) || word[start - 1] == 0x2E { start -= 1 }
        guard start < word.count, word.count - start <= 12, start >= 6, (0x30...0x39).contains(word[start]) else {
            return nil
        }
        // The two scalars before the number are ideographs (three-byte UTF-8 from U+3400 on), after a
        // closing quote or bracket that may end the label (`3.危及“三安全一稳定”7`).
        var ideographs = 0
        var index = start
        if index >= 3 {
            let lead = UTF8Scalars.start(word, before: index)
            if index - lead == 3,
                [0x201D, 0xFF09, 0x300D, 0x300F, 0x3011].contains(UTF8Scalars.decode(word, at: lead).value)
            {
                index = lead
            }
        }
        while ideographs < 2, index >= 3 {
            let lead = UTF8Scalars.start(word, before: index)
            guard index - lead == 3, UTF8Scalars.decode(word, at: lead).value >= 0x3400 else { return nil }
            ideographs += 1
            index = lead
        }
        return ideographs == 2 ? start : nil
    }

    /// An empty key at the end of the keys so far.
    private var noKey: Range<Int> { keyBytes.count..<keyBytes.count }

    /// Appends the token of a table cell, its text trimmed.
    private mutating func appendCell(_ text: String, line: Int) {
        text.withBytes { bytes in
            let trimmed = UTF8Whitespace.trimmed(bytes, 0..<bytes.count, keepingTabs: false)
            // A sign alone in a cell (`减 | 1`) is no label: a layout cut its figure apart. (A dash alone
            // is a placeholder, a blank.)
            let cell = UnsafeBufferPointer(rebasing: bytes[trimmed])
            if Self.isSignWord(cell), ValueParser.parse(utf8: cell) == nil {
                tokens.append(
                    Token(
                        value: .signAlone, text: UTF8Scalars.string(bytes, trimmed, of: text), key: noKey, line: line,
                        positional: true))
                return
            }
            appendToken(bytes, trimmed, of: text, line: line, positional: true)
        }
    }

    /// True when `bytes` are a money unit and nothing else: `元` (E5 85 83), `万元` or `萬元` (E4 B8 87 or
    /// E8 90 AC before it).
    private static func isMoneyUnit(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        guard count == 3 || count == 6, bytes[count - 3] == 0xE5, bytes[count - 2] == 0x85, bytes[count - 1] == 0x83
        else { return false }
        return count == 3 || bytes[0] == 0xE4 && bytes[1] == 0xB8 && bytes[2] == 0x87
            || bytes[0] == 0xE8 && bytes[1] == 0x90 && bytes[2] == 0xAC
    }

    /// True when `next` finishes the figure `previous` was cut from at its decimal point: `previous`
    /// two or more digits ending in `.` and `next` starting with a digit, or `previous` digits alone
    /// and `next` starting with `.` and a digit.
    private static func continuesDecimal(_ previous: String, _ next: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = next.first, let last = previous.utf8.last else { return false }
        let isDigit = { (byte: UInt8) in byte &- 0x30 < 10 }
        // Most pairs of neighbouring cells are two figures, neither ending nor starting with a point.
        let cutAfterPoint = last == 0x2E && isDigit(first)
        guard cutAfterPoint || first == 0x2E && next.count > 1 && isDigit(next[1]) else { return false }
        let digits = previous.utf8.dropLast(cutAfterPoint ? 1 : 0)
        // `1.` to `8.` number the items of the outcome rows (`1.属于国家秘密` wrapped after its number).
        return digits.count >= (cutAfterPoint ? 2 : 1) && digits.allSatisfy(isDigit)
    }

    /// Appends the token of the cell or word `range` of `bytes`, the UTF-8 of `text`.
    private mutating func appendToken(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, of text: String,
        line: Int, positional: Bool
    ) {
        appendToken(
            UTF8Scalars.string(bytes, range, of: text), UnsafeBufferPointer(rebasing: bytes[range]),
            line: line, positional: positional)
    }

    /// Appends the token of a cell or word: a value, or a label with its match key. `bytes` are the
    /// UTF-8 of `text`.
    private mutating func appendToken(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>, line: Int, positional: Bool)
    {
        // A money unit set apart from its figure (`251000 | 元`: a PDF's cell with the unit spaced
        // off, a converter's column of its own, or the line after a figure alone on its line where each
        // fragment of the page is a line) is the figure's: read alone it would leave 251000 元 as
        // 251000 万元.
        if Self.isMoneyUnit(bytes), let last = tokens.last,
            last.line == line
                || last.line + 1 == line && (tokens.count < 2 || tokens[tokens.count - 2].line != last.line),
            let number = last.value?.number,
            last.value?.unit == nil, !last.value!.hasJunk
        {
            let joined = last.text + text
            if let value = joined.withBytes({ ValueParser.parse(utf8: $0) }), value.number == number {
                tokens[tokens.count - 1] = Token(
                    value: value, text: joined, key: last.key, line: line, positional: last.positional)
                return
            }
        }
        // A figure a table finder's column edge cut at its decimal point (`6532. | 96`, `6089 | .19萬元`)
        // is one figure: read apart, 96 would be the cell's.
        if let first = bytes.first, let last = tokens.last, last.line == line,
            first == 0x2E || first &- 0x30 < 10 && last.value?.number == nil,
            Self.continuesDecimal(last.text, bytes)
        {
            let joined = last.text + text
            if let value = joined.withBytes({ ValueParser.parse(utf8: $0) }), value.number != nil, !value.hasJunk {
                tokens[tokens.count - 1] = Token(
                    value: value, text: joined, key: noKey, line: line, positional: last.positional)
                return
            }
        }
        if ValueParser.mayBeValue(utf8: bytes), let value = ValueParser.parse(utf8: bytes) {
            tokens.append(Token(value: value, text: text, key: noKey, line: line, positional: positional))
            return
        }
        // Prose is longer than any printed label: it keeps no key, so it can neither anchor a table
        // nor name a row.
        if bytes.count > Self.maximumLabelBytes {
            tokens.append(
                Token(label: text, key: noKey, line: line, positional: positional, marks: Self.clauseMarks(bytes)))
            return
        }
        let keyStart = keyBytes.count
        let marks = LabelNormalizer.appendMatchKey(of: bytes, to: &keyBytes)
        tokens.append(
            Token(label: text, key: keyStart..<keyBytes.count, line: line, positional: positional, marks: marks))
    }

    /// The clause punctuation in `bytes`, for text that gets no match key.
    private static func clauseMarks(_ bytes: UnsafeBufferPointer<UInt8>) -> LabelNormalizer.ClauseMarks {
        var marks: LabelNormalizer.ClauseMarks = []
        if ByteSearch.contains(bytes, "。") || ByteSearch.contains(bytes, "；") { marks.insert(.sentenceEnd) }
        if ByteSearch.contains(bytes, byte: 0x3B) { marks.insert(.semicolon) }
        return marks
    }

    /// The longest label of the national format, with the group label printed before it in the same
    /// cell, is under 50 characters (150 bytes of UTF-8); with spacing a printed one stays under this.
    static let maximumLabelBytes = 180

    /// True for a line that is one number whose inner spaces can only be thousands separators
    /// (`1 234`, `12 345 678`); `0 0 0` is three numbers.
    static func isSingleGroupedNumber(_ text: String) -> Bool {
        if let isASCII = text.withBytes({ bytes in
            bytes.allSatisfy { $0 < 0x80 } ? isSingleGroupedNumber(ascii: bytes) : nil
        }) {
            return isASCII
        }
        guard text.unicodeScalars.contains(where: { UTF8Whitespace.isSpace($0) }) else { return true }
        let groups = text.split(whereSeparator: \.isWhitespace)
        guard groups.count > 1 else { return true }
        for (i, group) in groups.enumerated() {
            let digits = group.filter(\.isNumber).count
            if i == 0 {
                if digits < 1 || digits > 3 || group.first?.isNumber != true && group.count <= digits { return false }
            } else if digits != 3 || group.count != 3 {
                return false
            }
        }
        return true
    }

    /// ``isSingleGroupedNumber(_:)`` for ASCII text, where characters are bytes, white space is
    /// `\t`…`\r` and space, and numbers are the digits.
    private static func isSingleGroupedNumber(ascii bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
        var groups: [Range<Int>] = []
        var start: Int?
        for index in 0..<bytes.count {
            if isWhitespace(bytes[index]) {
                if let groupStart = start { groups.append(groupStart..<index) }
                start = nil
            } else if start == nil {
                start = index
            }
        }
        if let groupStart = start { groups.append(groupStart..<bytes.count) }
        guard groups.count > 1 else { return true }
        for (i, group) in groups.enumerated() {
            let digits = group.count(where: { isDigit(bytes[$0]) })
            if i == 0 {
                if digits < 1 || digits > 3 || !isDigit(bytes[group.lowerBound]) && group.count <= digits {
                    return false
                }
            } else if digits != 3 || group.count != 3 {
                return false
            }
        }
        return true
    }
}
