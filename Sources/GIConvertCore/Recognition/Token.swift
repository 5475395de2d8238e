import Foundation

/// One printed cell or word of a document, as table recognition sees it.
struct Token: Sendable {
    /// The text as printed.
    let text: String
    /// The normalised match key of the text (labels only; empty for values).
    let key: String
    /// The value when the token is a number or a blank cell, `nil` for a label.
    let value: CellValue?
    /// The document block the token came from.
    let block: Int
    /// A line of the document: a paragraph line or a table row. Tokens of one line share it.
    let line: Int
    /// True for cells of a real table grid, where an empty cell holds a position.
    let positional: Bool

    var isLabel: Bool { value == nil }
    var isBlank: Bool { value?.isBlank ?? false }
}

/// A document as lines of tokens, the form every recogniser works on.
struct TokenizedDocument {
    /// Every token in reading order.
    var tokens: [Token] = []
    /// The printed text of each paragraph line, with its line number and block, in reading order.
    var paragraphLines: [(line: Int, block: Int, text: String)] = []
    /// The line numbers that are rows of table grids.
    var gridLines: Set<Int> = []

    init(_ document: Document) {
        var line = 0
        for (blockIndex, block) in document.blocks.enumerated() {
            switch block {
            case .paragraph(let text):
                for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
                    let trimmed = rawLine.trimmingCharacters(in: .whitespacesAndNewlinesAndNBSP)
                    guard !trimmed.isEmpty else { continue }
                    paragraphLines.append((line, blockIndex, trimmed))
                    // Tabs at either end are empty cells of a copied table row: keep them.
                    let cells = rawLine.contains("\t") ? rawLine.trimmingCharacters(in: .spacesAndNBSP) : trimmed
                    addTextLine(cells, block: blockIndex, line: line)
                    line += 1
                }
            case .table(let grid):
                for row in grid.rows {
                    gridLines.insert(line)
                    for cell in row where !cell.isSpanContinuation {
                        let text = cell.text.trimmingCharacters(in: .whitespacesAndNewlinesAndNBSP)
                        tokens.append(Self.token(text, block: blockIndex, line: line, positional: true))
                    }
                    line += 1
                }
            }
        }
    }

    private mutating func addTextLine(_ text: String, block: Int, line: Int) {
        if text.contains("|") {
            var cells = text.split(separator: "|", omittingEmptySubsequences: false)
            if cells.first?.allSatisfy(\.isWhitespace) == true { cells.removeFirst() }
            if cells.last?.allSatisfy(\.isWhitespace) == true, !cells.isEmpty { cells.removeLast() }
            for cell in cells {
                let text = cell.trimmingCharacters(in: .whitespacesAndNewlinesAndNBSP)
                tokens.append(Self.token(text, block: block, line: line, positional: false))
            }
            return
        }
        if text.contains("\t") {
            // A table row copied as text: cells between tabs hold their positions, empty ones too.
            gridLines.insert(line)
            for cell in text.split(separator: "\t", omittingEmptySubsequences: false) {
                let text = cell.trimmingCharacters(in: .whitespacesAndNewlinesAndNBSP)
                tokens.append(Self.token(text, block: block, line: line, positional: true))
            }
            return
        }
        if Self.isSingleGroupedNumber(text), let value = ValueParser.parse(text) {
            tokens.append(Token(text: text, key: "", value: value, block: block, line: line, positional: false))
            return
        }
        for word in text.split(whereSeparator: { $0.isWhitespace || $0 == "\u{3000}" || $0 == "\u{A0}" }) {
            tokens.append(Self.token(String(word), block: block, line: line, positional: false))
        }
    }

    private static func token(_ text: String, block: Int, line: Int, positional: Bool) -> Token {
        if let value = ValueParser.parse(text) {
            return Token(text: text, key: "", value: value, block: block, line: line, positional: positional)
        }
        return Token(text: text, key: LabelNormalizer.matchKey(text), value: nil, block: block, line: line, positional: positional)
    }

    /// True for a line that is one number whose inner spaces can only be thousands separators
    /// (`1 234`, `12 345 678`); `0 0 0` is three numbers.
    static func isSingleGroupedNumber(_ text: String) -> Bool {
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
}

extension CharacterSet {
    static let spacesAndNBSP = CharacterSet(charactersIn: " \r\u{A0}\u{3000}\u{200B}\u{FEFF}")
    static let whitespacesAndNewlinesAndNBSP = CharacterSet.whitespacesAndNewlines
        .union(CharacterSet(charactersIn: "\u{A0}\u{3000}\u{200B}\u{FEFF}"))
}
