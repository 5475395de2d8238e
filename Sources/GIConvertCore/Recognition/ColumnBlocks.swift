import GIConvertBytes

/// Reads the sub-tables of a table that text extraction printed column by column.
///
/// Extractors that follow reading order (pdftotext without `-layout`, among others) print a small
/// table's row labels, with the values of its first columns beside them, and then each remaining column
/// as a block of its own: the column's header, then one value per row, each on its own line. Such a
/// block may come long after the table, even inside the next one. A column block is placed by its header
/// and its length: it is the first sub-table's, in printed order, that lacks that column and was printed
/// before it, and is read when it has a value for each of that sub-table's rows. A sub-table is read
/// only when every one of its rows was found by its label, every row prints the same number of values of
/// its own, and every column it lacks has such a block, in column order.
struct ColumnBlocks {
    /// One line of the document as this reading sees it.
    private struct Line {
        /// The labels' match keys, joined.
        var labelKey = ""
        /// The printed values (blank cells are not counted).
        var values: [Int] = []
        var hasBlank = false
        /// A label with sentence punctuation, or too long for a header or a row label.
        var isProse = false
        /// Printed after an empty line: a column's values printed as a block do not run across one.
        var afterEmptyLine = false
    }

    /// A column printed as a block of its own: its header, then its values.
    private struct ColumnRun {
        let line: Int
        let column: String
        let header: String
        let values: [Int]
    }

    /// What was read of one sub-table.
    struct Block {
        /// Rows of the schema.
        let rows: Range<Int>
        /// Per row of the block, per column, the token of its value.
        let values: [[Int]]
        /// The printed headers of the column blocks used, in column order.
        let headers: [String]
    }

    private let lines: [Line]
    private let runs: [ColumnRun]

    /// The lines of `tokens` in `range`.
    init(
        tokens: [Token], keyBytes: [UInt8], linesAfterEmptyLine: Set<Int>, in range: Range<Int>,
        schema: TableSchema
    ) {
        var lines: [Line] = []
        var current = Line()
        var currentLine: Int?
        for index in range {
            let token = tokens[index]
            guard !token.positional else { continue }
            if token.line != currentLine {
                if currentLine != nil { lines.append(current) }
                current = Line()
                current.afterEmptyLine = linesAfterEmptyLine.contains(token.line)
                currentLine = token.line
            }
            if token.isLabel {
                current.labelKey += String(decoding: keyBytes[token.key], as: UTF8.self)
                if token.endsSentence { current.isProse = true }
            } else if token.isBlank {
                current.hasBlank = true
            } else {
                current.values.append(index)
            }
        }
        if currentLine != nil { lines.append(current) }
        for index in lines.indices where lines[index].labelKey.unicodeScalars.count > Self.longestLabel {
            lines[index].isProse = true
        }
        self.lines = lines

        var columns: [(key: String, match: String)] = []
        for row in schema.rows {
            for column in row.columns where !columns.contains(where: { $0.key == column.key }) {
                columns.append((column.key, LabelNormalizer.matchKey(column.label)))
            }
        }
        var runs: [ColumnRun] = []
        var header = ""
        var line = 0
        while line < lines.count {
            let current = lines[line]
            if current.isProse || current.hasBlank {
                header = ""
                line += 1
                continue
            }
            if current.values.isEmpty {
                header += current.labelKey
                line += 1
                continue
            }
            guard current.labelKey.isEmpty, current.values.count == 1 else {
                header = ""
                line += 1
                continue
            }
            var values: [Int] = []
            let first = line
            while line < lines.count, lines[line].labelKey.isEmpty, !lines[line].hasBlank,
                lines[line].values.count == 1, line == first || !lines[line].afterEmptyLine
            {
                values.append(lines[line].values[0])
                line += 1
            }
            let column = columns.filter { header.hasSuffix($0.match) }.max { $0.match.count < $1.match.count }
            if let column {
                runs.append(ColumnRun(line: first, column: column.key, header: column.match, values: values))
            }
            header = ""
        }
        self.runs = runs
    }

    /// Longer label lines are prose, not a header fragment or a row label.
    private static let longestLabel = 24

    /// How many lines a row label may lie beyond the row before it.
    private static let rowGap = 40

    /// Reads the sub-tables of `prepared` whose rows are all in `wanted`.
    func read(_ prepared: TableRecognizer.PreparedSchema, wanted: [Bool]) -> [Block] {
        let schema = prepared.schema
        guard !runs.isEmpty else { return [] }
        // Each row's label line and the values printed with it, in schema order.
        var labelLines = [Int?](repeating: nil, count: schema.rows.count)
        var ownValues = [[Int]](repeating: [], count: schema.rows.count)
        // Lines of rows' own values, and lines of column blocks.
        var claimedLines = Set<Int>()
        let runLines = Set(runs.flatMap { $0.line..<($0.line + $0.values.count) })
        // Per row, the keys a label wrapped onto the next line starts: its cues and its whole label's.
        let wrappedKeys = schema.rows.map { $0.cues + [LabelNormalizer.matchKey($0.label)] }
        var searchFrom = 0
        for position in schema.rows.indices {
            var line = searchFrom
            while line < min(lines.count, searchFrom + Self.rowGap) {
                if !lines[line].isProse, !lines[line].labelKey.isEmpty,
                    names(lines[line].labelKey, row: position, prepared, wrappedKeys: wrappedKeys[position])
                {
                    break
                }
                line += 1
            }
            guard line < min(lines.count, searchFrom + Self.rowGap) else { continue }
            labelLines[position] = line
            var values = lines[line].values
            var next = line + 1
            while next < lines.count, lines[next].labelKey.isEmpty, !lines[next].isProse, !lines[next].hasBlank {
                values += lines[next].values
                next += 1
            }
            ownValues[position] = values
            for claimed in line..<next { claimedLines.insert(claimed) }
            searchFrom = line + 1
        }

        var used = [Bool](repeating: false, count: runs.count)
        var blocks: [Block] = []
        for block in schema.blocks where block.allSatisfy({ wanted[$0] && labelLines[$0] != nil }) {
            let columns = schema.rows[block.lowerBound].columns
            let printed = ownValues[block.lowerBound].count
            guard printed < columns.count, block.allSatisfy({ ownValues[$0].count == printed }) else { continue }
            let rowsEnd = block.map { labelLines[$0]! }.max()!
            // Per column it lacks, the first block of that column after the rows. Each must have a value
            // per row and follow the block of the column before, or the sub-table is not read. A first
            // block with another number of values stays this sub-table's all the same, never a later
            // one's: sub-tables sharing a column (the 2019 table's 上一年项目数量) print their blocks in
            // their own order, and one cut short must not be taken for a shorter sub-table's.
            let firstRuns = columns[printed...].map { column in
                runs.indices.first { !used[$0] && runs[$0].line > rowsEnd && runs[$0].column == column.key }
            }
            let cutShort = firstRuns.compactMap { $0 }.filter { runs[$0].values.count != block.count }
            let inOrder = firstRuns.indices.allSatisfy { position in
                guard let run = firstRuns[position] else { return false }
                return position == 0 || firstRuns[position - 1].map { runs[$0].line < runs[run].line } == true
            }
            guard cutShort.isEmpty, inOrder else {
                for run in cutShort { used[run] = true }
                continue
            }
            let taken = firstRuns.map { $0! }
            // A value between the rows and their last column block that is neither a row's own nor in a
            // column block may be one of this sub-table's, printed without its header.
            let hasStray = ((rowsEnd + 1)..<runs[taken.last!].line).contains { line in
                !lines[line].values.isEmpty && !claimedLines.contains(line) && !runLines.contains(line)
            }
            // Such a sub-table is not read, and its blocks stay free: they fit it, but the stray figure
            // says the text is laid out otherwise (pdfminer prints a sub-table's labels, then the stray
            // figure, then the next sub-table's labels and its blocks).
            guard !hasStray else { continue }
            for run in taken { used[run] = true }
            let values = block.enumerated().map { offset, row in
                ownValues[row] + taken.map { runs[$0].values[offset] }
            }
            blocks.append(Block(rows: block, values: values, headers: taken.map { runs[$0].header }))
        }
        return blocks
    }

    /// True when a line's label key names `row`: its cue, or the start of one of `wrappedKeys` (a label
    /// wrapped onto the next line).
    private func names(
        _ key: String, row: Int, _ prepared: TableRecognizer.PreparedSchema, wrappedKeys: [String]
    ) -> Bool {
        let best = key.withBytes { prepared.cues.bestRow(for: $0) }
        if let best { return best == row }
        guard key.unicodeScalars.count >= 4 else { return false }
        return wrappedKeys.contains { $0.count > key.count && $0.hasPrefix(key) }
    }
}
