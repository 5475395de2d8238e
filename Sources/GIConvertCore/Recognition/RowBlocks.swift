import GIConvertBytes

/// Reads rows of a table that text extraction printed as their labels first and then their figures,
/// row after row.
///
/// pdftotext without `-layout` prints a page's part of a table cell by cell, in the order the PDF
/// draws them: the labels of the rows on the page (cut into pieces a line each, the group labels'
/// pieces between them), then the column headers and the rows' figures, one a line, row after row,
/// the headers' pieces among them. Which cell a figure is in is then told only by counting: after the
/// labels of `n` rows come `n` times the table's columns of figures, in row order.
///
/// A row's label is known there by the start of its own label (`1.属`, `（二）部分公`, `一、本年新收`):
/// an item number as printed and the word after it. The figures after the labels of some rows, up to
/// the next row's label, are those rows' when the rows follow one another in the schema, when there is
/// exactly one figure per cell, none beside a label on its line, and when each row adds up to its
/// total. Where the same figures taken column by column also add up, and give other values, they are
/// not read. Figures printed right under another table's column header (`现行有效件数`, a column the
/// first table printed apart) are that table's, not counted.
///
/// Reading stops at the first figures that do not fit the rows before them in number, or that come
/// before the first row's label: rows may print their figures before their labels, and every count
/// after would put a row's figures on the row before.
struct RowBlocks {
    /// The rows of a run of figures and the figures' tokens.
    struct Block {
        /// Rows of the schema.
        let rows: Range<Int>
        /// Per row of the block, per column, the token of its value.
        let values: [[Int]]
    }

    /// The labels of rows, and the figures after them, up to the next row's label.
    private struct Group {
        var rows: [Int] = []
        /// False when a label looked like a row's start but named none, or several, or not the next.
        var isSound = true
        var figures: [Int] = []
    }

    /// The column the others of a row add up to, last.
    private static let totalColumn = "total"

    /// Reads the blocks of the table `prepared` in `range` of `tokens`.
    static func read(
        tokens: [Token], keyBytes: [UInt8], in range: Range<Int>, prepared: TableRecognizer.PreparedSchema
    ) -> [Block] {
        let schema = prepared.schema
        guard let columns = schema.rows.first?.columns, columns.last?.key == totalColumn,
            schema.rows.allSatisfy({ $0.columns.count == columns.count })
        else { return [] }
        let foreignHeaders = foreignHeaderKeys(besides: schema.key, format: schema.format)
        // The group labels some rows' labels begin with (`（三）不予公开 1.属于国家秘密`).
        let groupKeys = schema.rows.flatMap { row in
            row.label.split(separator: " ").dropLast().map { Array(LabelNormalizer.matchKey(String($0)).utf8) }
        }

        func number(_ index: Int) -> Double? {
            if tokens[index].isBlank { return 0 }
            return tokens[index].bareNumber ?? tokens[index].value?.number
        }
        func addsUp(_ rows: [[Int]]) -> Bool {
            rows.allSatisfy { row in
                let numbers = row.map(number)
                guard numbers.allSatisfy({ $0 != nil }) else { return false }
                return abs(numbers.dropLast().reduce(0) { $0 + $1! } - numbers.last!!) < 0.000_1
            }
        }
        func sameValues(_ a: [[Int]], _ b: [[Int]]) -> Bool {
            zip(a.joined(), b.joined()).allSatisfy { number($0) == number($1) }
        }
        // True when a label stands on the figure's line: the figure is that row's, printed on its line,
        // not one of a run to be counted.
        func besideLabel(_ index: Int) -> Bool {
            let line = tokens[index].line
            var other = index - 1
            while other >= range.lowerBound, tokens[other].line == line {
                if tokens[other].isLabel { return true }
                other -= 1
            }
            other = index + 1
            while other < range.upperBound, tokens[other].line == line {
                if tokens[other].isLabel { return true }
                other += 1
            }
            return false
        }

        var blocks: [Block] = []
        var lastRow = -1
        // Groups are read from the first on while each holds a figure per cell of its rows: figures
        // that do not fit the rows before them (or come before the first row's label) may be the next
        // rows' printed before their labels, and the counting is off from there. False to stop.
        func read(_ group: Group) -> Bool {
            defer { lastRow = max(lastRow, group.rows.last ?? lastRow) }
            guard group.isSound, let first = group.rows.first, first > lastRow,
                group.figures.count == group.rows.count * columns.count
            else { return false }
            let byRow = group.rows.indices.map { offset in
                Array(group.figures[(offset * columns.count)..<((offset + 1) * columns.count)])
            }
            let byColumn = group.rows.indices.map { offset in
                columns.indices.map { column in group.figures[column * group.rows.count + offset] }
            }
            // Figures that fit their rows in number but not in order (two rows printed column by
            // column) leave the counting in step: the next group may still be read.
            if addsUp(byRow), sameValues(byRow, byColumn) || !addsUp(byColumn) {
                blocks.append(Block(rows: first..<(first + group.rows.count), values: byRow))
            }
            return true
        }

        var current = Group()
        // True while the figures that follow are under another table's column header.
        var underForeignHeader = false
        for index in range {
            let token = tokens[index]
            guard !token.positional else { return [] }
            if token.isLabel {
                let key = keyBytes[token.key]
                switch rowStart(key, token: token, prepared, groupKeys: groupKeys) {
                case .row(let row):
                    if !current.figures.isEmpty {
                        guard read(current) else { return blocks }
                        current = Group()
                    }
                    if let last = current.rows.last, row != last + 1 { current.isSound = false }
                    current.rows.append(row)
                    underForeignHeader = false
                case .unclear:
                    // The rows before keep their figures; the rows after are not read.
                    if !current.figures.isEmpty {
                        guard read(current) else { return blocks }
                        current = Group()
                    }
                    current.isSound = false
                    underForeignHeader = false
                case .none:
                    underForeignHeader = foreignHeaders.contains { key.elementsEqual($0) }
                }
            } else if !underForeignHeader {
                // Figures of a group that cannot be read stop the reading.
                guard current.isSound, !current.rows.isEmpty, !besideLabel(index) else { return blocks }
                current.figures.append(index)
            }
        }
        if !current.figures.isEmpty { _ = read(current) }
        return blocks
    }

    private enum RowStart {
        case row(Int)
        /// An item number and a word that start no row's or group's label, or several rows'.
        case unclear
    }

    /// The row whose own label the label `key` starts (`1属` → 1.属于国家秘密): an item number, then at
    /// least one character of the word after it, all of them the start of the row's own label. `nil`
    /// for a label that starts with no item number, a bare number (`三`, `（四`: a group's label cut
    /// after its number), the start of a group's label (`四无法提供`), and prose.
    private static func rowStart(
        _ key: ArraySlice<UInt8>, token: Token, _ prepared: TableRecognizer.PreparedSchema,
        groupKeys: [[UInt8]]
    ) -> RowStart? {
        let number = itemNumberLength(key)
        guard number > 0, key.count > number, !token.endsSentence, key.count <= longestFragment,
            startsWithItemNumber(token.text)
        else { return nil }
        var found: Int?
        for (row, own) in prepared.ownLabelKeys.enumerated() where own.count >= key.count {
            guard own.starts(with: key) else { continue }
            if found != nil { return .unclear }
            found = row
        }
        if let found { return .row(found) }
        return groupKeys.contains { $0.starts(with: key) || key.starts(with: $0) } ? nil : .unclear
    }

    /// Longer labels are prose or a whole label with its group's, not the start of a row's own label.
    private static let longestFragment = 48

    /// True when `text` starts with an item number as printed: `1.`, `1．`, `1、`, `一、`, `（一）`, `(1)`,
    /// or `（三` (a group's label cut after its number). A numeral that starts a word (`一稳`, `三方`,
    /// pieces of 三安全一稳定 and 第三方) is none.
    private static func startsWithItemNumber(_ text: String) -> Bool {
        var scalars = text.unicodeScalars.drop { $0.properties.isWhitespace }
        let opened = scalars.first == "（" || scalars.first == "("
        if opened { scalars = scalars.dropFirst() }
        let numerals = scalars.prefix { isDigit($0) || chineseNumerals.contains($0.value) }
        guard !numerals.isEmpty else { return false }
        let mark = scalars.dropFirst(numerals.count).first
        if opened { return true }
        return mark == "、" || mark == "." || mark == "．" || mark == "，" && numerals.allSatisfy(isDigit)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { (0x30...0x39).contains(scalar.value) }

    /// The bytes of the item number at the start of `key`: ASCII digits or Chinese numerals 一 to 十.
    private static func itemNumberLength(_ key: ArraySlice<UInt8>) -> Int {
        var length = 0
        var index = key.startIndex
        while index < key.endIndex {
            if isDigit(key[index]) {
                length += 1
                index += 1
                continue
            }
            let (value, size) = UTF8Scalars.decode(key, at: index)
            guard chineseNumerals.contains(value) else { break }
            length += size
            index += size
        }
        return length
    }

    private static let chineseNumerals: Set<UInt32> = Set("一二三四五六七八九十".unicodeScalars.map(\.value))

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    /// The match keys of the column headers of the other tables of labelled rows.
    private static func foreignHeaderKeys(besides table: TableKey, format: ReportEdition) -> [[UInt8]] {
        var keys: [[UInt8]] = []
        for other in [TableKey.active, .applications] where other != table {
            for row in ReportSchema.table(other, format: format).rows {
                for column in row.columns {
                    let key = Array(LabelNormalizer.matchKey(column.label).utf8)
                    if key.count >= 6, !keys.contains(key) { keys.append(key) }
                }
            }
        }
        return keys
    }
}
