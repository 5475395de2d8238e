import GIConvertBytes
import GIConvertCore

/// Text tables drawn with `+---+---+` borders and `|` between cells (reStructuredText's and pandoc's
/// grid tables, many text exports of Word files), or with box-drawing strokes (`├──┼──┤`, `│`: w3m and
/// other text browsers). A cell's text wraps over the lines of its row, in a
/// narrow column a number digit by digit (`1` / `5` / `4` for 154), so such a table is read as a grid
/// whose cells join their lines: read line by line, the digits would be figures of their own.
enum GridTableText {
    /// What was found at a line: a table's rows and how many lines it takes, or how many lines were read
    /// without finding one (no table starts within them either: a later border would end where this
    /// one did, with no more rows).
    struct Found {
        var rows: [[SpannedCell]]
        var lineCount: Int
    }

    /// The grid table starting at line `start` of `count` lines (`line` gives each): a border, then rows of
    /// `|` lines each closed by a border. `rows` is empty unless the first line is a border and at least
    /// one row follows it; then `lineCount` is how many lines may be passed over.
    static func table(startingAt start: Int, count: Int, line: (Int) -> Substring) -> Found {
        guard isBorder(line(start)) else { return Found(rows: [], lineCount: 1) }
        var rows: [[SpannedCell]] = []
        var rowLines: [[Substring]] = []
        var end = start + 1
        var consumed = 1
        while end < count {
            let text = line(end)
            if isBorder(text) {
                if !rowLines.isEmpty { rows.append(joinedRow(rowLines)) }
                rowLines = []
                consumed = end - start + 1
            } else if let cells = cells(of: text) {
                rowLines.append(cells)
            } else {
                break
            }
            end += 1
        }
        return Found(rows: rows, lineCount: rows.isEmpty ? end - start : consumed)
    }

    /// True for a border line: `+`, runs of `-` or `=` (with `:` for alignment) between `+`s, or a rule
    /// of box-drawing strokes and joints. Under a cell that spans rows the rule is broken
    /// (`│  ├────┼──┤`), and may hold that cell's text, which is a label and is left out.
    static func isBorder(_ line: Substring) -> Bool {
        let trimmed = line.trimmingSpaces
        guard trimmed.count >= 3, let first = trimmed.unicodeScalars.first, let last = trimmed.unicodeScalars.last
        else { return false }
        if first == "+" && last == "+" {
            var rules = 0
            for scalar in trimmed.unicodeScalars {
                switch scalar {
                case "-", "=": rules += 1
                case "+", ":", " ": continue
                default: return false
                }
            }
            return rules > 0
        }
        guard isBoxJoint(first) || (isSeparator(Character(first)) && isBoxJoint(last)) else { return false }
        var strokes = 0
        for scalar in trimmed.unicodeScalars where scalar == "\u{2500}" || scalar == "\u{2501}" || scalar == "\u{2550}"
        {
            strokes += 1
            if strokes >= 3 { return true }
        }
        return false
    }

    /// Box-drawing corners, tees and crosses (U+250C to U+254B, U+2552 to U+256C).
    private static func isBoxJoint(_ scalar: Unicode.Scalar) -> Bool {
        (0x250C...0x254B).contains(scalar.value) || (0x2552...0x256C).contains(scalar.value)
    }

    /// A cell separator: `|`, or a box-drawing vertical stroke.
    static func isSeparator(_ character: Character) -> Bool {
        character == "|" || character == "\u{2502}" || character == "\u{2503}" || character == "\u{2551}"
    }

    /// The cells of a row line `| a | b |` (or `│ a │ b │`), untrimmed; `nil` for any other line.
    private static func cells(of line: Substring) -> [Substring]? {
        let trimmed = line.trimmingSpaces
        guard trimmed.count >= 2, let first = trimmed.first, let last = trimmed.last, isSeparator(first),
            isSeparator(last)
        else { return nil }
        return trimmed.dropFirst().dropLast().split(omittingEmptySubsequences: false, whereSeparator: isSeparator)
    }

    /// One row's cells, each the lines of its text joined.
    private static func joinedRow(_ lines: [[Substring]]) -> [SpannedCell] {
        let width = lines.map(\.count).max() ?? 0
        return (0..<width).map { column in
            var text = ""
            for line in lines where column < line.count {
                let piece = line[column].trimmingSpaces
                guard !piece.isEmpty else { continue }
                if let last = text.unicodeScalars.last, let next = piece.unicodeScalars.first,
                    isLatinLetter(last) && isLatinLetter(next)
                {
                    text += " "
                }
                text += piece
            }
            return SpannedCell(text: text)
        }
    }

    /// Words of Latin letters are the only ones a wrapped line breaks between with a space.
    private static func isLatinLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}

extension Substring {
    /// Without the white space at either end (``UTF8Whitespace/isSpace(_:)``, the tokenizer's rule).
    fileprivate var trimmingSpaces: Substring {
        func isSpace(_ character: Character) -> Bool { character.unicodeScalars.allSatisfy(UTF8Whitespace.isSpace) }
        var result = self
        while let first = result.first, isSpace(first) { result.removeFirst() }
        while let last = result.last, isSpace(last) { result.removeLast() }
        return result
    }
}
