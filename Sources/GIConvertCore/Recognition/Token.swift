import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
                for rawLine in Self.lines(text) {
                    let trimmed = Self.trim(rawLine, keepingTabs: false)
                    guard !trimmed.isEmpty else { continue }
                    paragraphLines.append((line, blockIndex, trimmed))
                    // Tabs at either end are empty cells of a copied table row: keep them.
                    let hasTab = rawLine.utf8.withContiguousStorageIfAvailable { $0.isEmpty ? false : memchr($0.baseAddress!, 0x09, $0.count) != nil }
                        ?? rawLine.utf8.contains(0x09)
                    let cells = hasTab ? Self.trim(rawLine, keepingTabs: true) : trimmed
                    addTextLine(cells, block: blockIndex, line: line)
                    line += 1
                }
            case .table(let grid):
                for row in grid.rows {
                    gridLines.insert(line)
                    for cell in row where !cell.isSpanContinuation {
                        let text = Self.trim(cell.text)
                        tokens.append(Self.token(text, block: blockIndex, line: line, positional: true))
                    }
                    line += 1
                }
            }
        }
    }

    private mutating func addTextLine(_ text: String, block: Int, line: Int) {
        if text.containsByte(0x7C) {
            var cells = text.unicodeScalars.split(separator: "|", omittingEmptySubsequences: false).map(Substring.init)
            if cells.first.map({ Self.trim($0, keepingTabs: false).isEmpty }) == true { cells.removeFirst() }
            if cells.last.map({ Self.trim($0, keepingTabs: false).isEmpty }) == true, !cells.isEmpty { cells.removeLast() }
            for cell in cells {
                let text = Self.trim(cell, keepingTabs: false)
                tokens.append(Self.token(text, block: block, line: line, positional: false))
            }
            return
        }
        if text.containsByte(0x09) {
            // A table row copied as text: cells between tabs hold their positions, empty ones too.
            gridLines.insert(line)
            for cell in text.split(separator: "\t", omittingEmptySubsequences: false) {
                let text = Self.trim(cell, keepingTabs: false)
                tokens.append(Self.token(text, block: block, line: line, positional: true))
            }
            return
        }
        if text.utf8.count > 90 && text.containsBytes("。") {
            // A sentence of prose: one token with no key, never split into words.
            tokens.append(Token(text: text, key: "", value: nil, block: block, line: line, positional: false))
            return
        }
        if !text.unicodeScalars.contains(where: Self.isSpace) {
            // One word: a cell on its own line, or prose without spaces.
            tokens.append(Self.token(text, block: block, line: line, positional: false))
            return
        }
        if Self.isSingleGroupedNumber(text), let value = ValueParser.parse(text) {
            tokens.append(Token(text: text, key: "", value: value, block: block, line: line, positional: false))
            return
        }
        for word in text.unicodeScalars.split(whereSeparator: Self.isSpace) {
            tokens.append(Self.token(String(String.UnicodeScalarView(word)), block: block, line: line, positional: false))
        }
    }

    /// `text` without surrounding white space; the same String when there is none.
    static func trim(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
        return isSpace(first) || isSpace(last) ? trim(Substring(text), keepingTabs: false) : text
    }

    /// The lines of a paragraph.
    static func lines(_ text: String) -> [Substring] {
        if !text.containsByte(0x0A) && !text.containsByte(0x0D) && !text.containsByte(0xE2) { return [Substring(text)] }
        return text.unicodeScalars.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" }).map { Substring($0) }
    }

    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x3000, 0x2000...0x200B, 0x2028, 0x2029, 0xFEFF: return true
        default: return false
        }
    }

    /// `text` without surrounding white space (ASCII, no-break and ideographic spaces, zero-width marks);
    /// with `keepingTabs`, tabs stay, since they separate cells.
    static func trim(_ text: Substring, keepingTabs: Bool) -> String {
        let scalars = text.unicodeScalars
        guard let firstScalar = scalars.first, let lastScalar = scalars.last else { return "" }
        func isSpace(_ s: Unicode.Scalar) -> Bool {
            s.value == 0x09 ? !keepingTabs : TokenizedDocument.isSpace(s)
        }
        if !isSpace(firstScalar) && !isSpace(lastScalar) { return String(text) }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    private static func token(_ text: String, block: Int, line: Int, positional: Bool) -> Token {
        if !ValueParser.mayBeValue(text) {
            let key = text.utf8.count > maximumLabelBytes ? "" : LabelNormalizer.matchKey(text)
            return Token(text: text, key: key, value: nil, block: block, line: line, positional: positional)
        }
        if let value = ValueParser.parse(text) {
            return Token(text: text, key: "", value: value, block: block, line: line, positional: positional)
        }
        // Prose is longer than any printed label: it keeps no key, so it can neither anchor a table
        // nor name a row.
        let key = text.utf8.count > maximumLabelBytes ? "" : LabelNormalizer.matchKey(text)
        return Token(text: text, key: key, value: nil, block: block, line: line, positional: positional)
    }

    /// The longest label of the national format, with the group label printed before it in the same
    /// cell, is under 50 characters (150 bytes of UTF-8); with spacing a printed one stays under this.
    static let maximumLabelBytes = 180

    /// True for a line that is one number whose inner spaces can only be thousands separators
    /// (`1 234`, `12 345 678`); `0 0 0` is three numbers.
    static func isSingleGroupedNumber(_ text: String) -> Bool {
        guard text.unicodeScalars.contains(where: isSpace) else { return true }
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
