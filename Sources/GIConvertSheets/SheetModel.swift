/// The sheet model shared by the spreadsheet writers (XLSX, SpreadsheetML 2003): rows of typed cells,
/// merged ranges and a handful of cell styles. The model knows nothing of any file format; each writer
/// serialises it in its own dialect.

/// The cell styles of giconvert's workbooks. Every writer defines exactly these, in this order.
public enum CellStyle: Int, Sendable, CaseIterable {
    /// No formatting.
    case plain = 0
    /// A column heading: bold, shaded, centred, wrapped, with borders.
    case header
    /// A row label of a printed-style table: wrapped, with borders.
    case label
    /// A value with a flag a reader should check (`suspicious`, `inferred`, `missing`): amber fill.
    case flagged
    /// A value named by a failed consistency rule: red fill.
    case failed
    /// Long text (section text, messages): wrapped, aligned to the top.
    case wrapped

    /// The name a format that names its styles uses (SpreadsheetML's `ss:ID`).
    public var name: String {
        switch self {
        case .plain: "plain"
        case .header: "header"
        case .label: "label"
        case .flagged: "flagged"
        case .failed: "failed"
        case .wrapped: "wrapped"
        }
    }

    /// The fill colour as `RRGGBB`, if the style has one.
    public var fillRGB: String? {
        switch self {
        case .header: "D9E1F2"
        case .flagged: "FFEB9C"
        case .failed: "FFC7CE"
        default: nil
        }
    }

    /// The font colour as `RRGGBB`, if not the default.
    public var fontRGB: String? {
        switch self {
        case .flagged: "9C5700"
        case .failed: "9C0006"
        default: nil
        }
    }

    public var isBold: Bool { self == .header }
    public var hasBorder: Bool { self == .header || self == .label }
    public var wrapsText: Bool { self == .header || self == .label || self == .wrapped }
    public var isCentered: Bool { self == .header }
    public var isTopAligned: Bool { self == .wrapped }
}

/// One cell: a value and a style. A blank value with a style is a formatted empty cell.
public struct SheetCell: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case empty
        case text(String)
        case number(Double)
    }

    public var value: Value
    public var style: CellStyle

    /// The most characters a cell holds in Excel; longer text is cut there.
    public static let maxTextLength = 32_767

    public init(_ value: Value, style: CellStyle = .plain) {
        self.value = value
        self.style = style
    }

    public static let empty = SheetCell(.empty)

    /// A text cell, cut to ``maxTextLength`` UTF-16 units (never inside a character).
    public static func text(_ text: String, _ style: CellStyle = .plain) -> SheetCell {
        SheetCell(.text(Self.limited(text)), style: style)
    }

    /// A number cell; a value that is not finite becomes a blank cell.
    public static func number(_ value: Double, _ style: CellStyle = .plain) -> SheetCell {
        SheetCell(value.isFinite ? .number(value) : .empty, style: style)
    }

    /// A number cell, or a blank cell when `value` is `nil`.
    public static func number(_ value: Double?, _ style: CellStyle = .plain) -> SheetCell {
        value.map { number($0, style) } ?? SheetCell(.empty, style: style)
    }

    static func limited(_ text: String) -> String {
        // A UTF-16 count is never more than the UTF-8 count, which a native string knows at once.
        guard text.utf8.count > maxTextLength, text.utf16.count > maxTextLength else { return text }
        var result = ""
        var count = 0
        for character in text {
            let width = character.utf16.count
            if count + width > maxTextLength { break }
            result.append(character)
            count += width
        }
        return result
    }

    /// True when the cell would show nothing and has no formatting: writers may leave it out.
    public var isOmittable: Bool {
        guard style == .plain, case .empty = value else { return false }
        return true
    }
}

/// A rectangle of cells, zero-based and inclusive.
public struct CellRange: Sendable, Equatable {
    public var firstRow: Int
    public var firstColumn: Int
    public var lastRow: Int
    public var lastColumn: Int

    public init(rows: ClosedRange<Int>, columns: ClosedRange<Int>) {
        firstRow = rows.lowerBound
        lastRow = rows.upperBound
        firstColumn = columns.lowerBound
        lastColumn = columns.upperBound
    }

    public func offset(rows: Int) -> CellRange {
        CellRange(rows: (firstRow + rows)...(lastRow + rows), columns: firstColumn...lastColumn)
    }

    /// `A1:C2`.
    public var a1: String {
        CellReference.a1(row: firstRow, column: firstColumn) + ":" + CellReference.a1(row: lastRow, column: lastColumn)
    }
}

/// Rows appended to a sheet together, with the merged ranges among them (rows relative to the chunk).
public struct SheetChunk: Sendable, Equatable {
    public var rows: [[SheetCell]]
    public var merges: [CellRange]

    public init(rows: [[SheetCell]] = [], merges: [CellRange] = []) {
        self.rows = rows
        self.merges = merges
    }

    public mutating func append(_ other: SheetChunk) {
        merges += other.merges.map { $0.offset(rows: rows.count) }
        rows += other.rows
    }

    /// For each row, the columns covered by a merge but not its top-left cell (formats that omit them).
    public func coveredColumns() -> [Set<Int>] {
        var covered = Array(repeating: Set<Int>(), count: rows.count)
        for merge in merges {
            for row in merge.firstRow...merge.lastRow where row < rows.count {
                for column in merge.firstColumn...merge.lastColumn
                where row != merge.firstRow || column != merge.firstColumn {
                    covered[row].insert(column)
                }
            }
        }
        return covered
    }
}

/// What a sheet is before any row: its name, column widths and frozen header.
public struct SheetSpec: Sendable, Equatable {
    /// A valid, unique sheet name (see ``SheetName``).
    public let name: String
    /// Column widths in characters, from column A.
    public let columnWidths: [Double]
    /// How many top rows stay in view when scrolling.
    public let frozenRows: Int
    /// How many left columns stay in view when scrolling.
    public let frozenColumns: Int

    public init(name: String, columnWidths: [Double], frozenRows: Int, frozenColumns: Int = 0) {
        self.name = name
        self.columnWidths = columnWidths
        self.frozenRows = frozenRows
        self.frozenColumns = frozenColumns
    }
}

/// A1-style references.
public enum CellReference {
    /// `A`, `Z`, `AA`, … for a zero-based column.
    public static func column(_ index: Int) -> String {
        var index = index
        var letters: [Character] = []
        repeat {
            letters.append(Character(Unicode.Scalar(UInt8(65 + index % 26))))
            index = index / 26 - 1
        } while index >= 0
        return String(letters.reversed())
    }

    /// ``column(_:)`` as UTF-8, for the columns a giconvert sheet uses (looked up, not built).
    public static func columnBytes(_ index: Int) -> [UInt8] {
        index < columnTable.count ? columnTable[index] : Array(column(index).utf8)
    }

    private static let columnTable: [[UInt8]] = (0..<702).map { Array(column($0).utf8) }

    /// `B3` for zero-based row 2, column 1.
    public static func a1(row: Int, column: Int) -> String {
        Self.column(column) + String(row + 1)
    }
}

/// The rules Excel puts on sheet names: 1–31 characters, none of `[ ] : * ? / \`, not starting or
/// ending with `'`, unique regardless of case.
public enum SheetName {
    public static let maxLength = 31
    static let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]

    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf16.count <= maxLength && !name.contains(where: forbidden.contains)
            && !name.hasPrefix("'") && !name.hasSuffix("'")
            && !name.unicodeScalars.contains { $0.value < 0x20 }
    }

    /// A valid name close to `proposed` that is not in `taken` (compared case-insensitively).
    public static func make(_ proposed: String, taken: [String] = []) -> String {
        var base = String(
            proposed.map { forbidden.contains($0) ? "_" : $0 }.filter {
                !$0.unicodeScalars.contains { $0.value < 0x20 }
            })
        while base.hasPrefix("'") { base.removeFirst() }
        while base.hasSuffix("'") { base.removeLast() }
        if base.isEmpty { base = "sheet" }
        let lowered = Set(taken.map { $0.lowercased() })
        var candidate = cut(base, to: maxLength)
        var number = 2
        while lowered.contains(candidate.lowercased()) {
            let suffix = " (\(number))"
            candidate = cut(base, to: maxLength - suffix.utf16.count) + suffix
            number += 1
        }
        return candidate
    }

    private static func cut(_ text: String, to length: Int) -> String {
        var result = ""
        for character in text {
            if result.utf16.count + character.utf16.count > length { break }
            result.append(character)
        }
        return result
    }
}

/// XML text for the spreadsheet formats.
public enum SheetXML {
    /// What to do with characters XML 1.0 cannot hold (C0 controls other than tab, LF, CR; U+FFFE/F).
    public enum ControlCharacters: Sendable {
        /// Write them as OOXML's `_xHHHH_` escapes (and protect literal `_xHHHH_` text as `_x005F_xHHHH_`),
        /// as Excel does in cell text; readers turn them back into the characters.
        case ooxmlEscape
        /// Leave them out.
        case drop
    }

    /// `text` escaped for an XML element or attribute: `& < > " '`, CR kept as `&#13;` (and LF as
    /// `&#10;` when `escapeNewlines`), illegal characters handled as `controls` says.
    public static func escape(_ text: String, controls: ControlCharacters, escapeNewlines: Bool = false) -> String {
        guard needsEscaping(text) else { return text }
        var bytes: [UInt8] = []
        appendEscaped(text, controls: controls, escapeNewlines: escapeNewlines, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// True when some UTF-8 unit of `text` may need ``escape(_:controls:escapeNewlines:)``'s work.
    private static func needsEscaping(_ text: String) -> Bool {
        for unit in text.utf8
        where unit < 0x20 || unit == 0x26 || unit == 0x3C || unit == 0x3E || unit == 0x22 || unit == 0x27
            || unit == 0x5F || unit == 0xEF
        {
            return true
        }
        return false
    }

    /// Appends `text` escaped as ``escape(_:controls:escapeNewlines:)`` does, as UTF-8, to `bytes`.
    /// Everything it replaces is ASCII or U+FFFE/U+FFFF, so it works on the UTF-8 units directly.
    public static func appendEscaped(
        _ text: String, controls: ControlCharacters, escapeNewlines: Bool = false, to bytes: inout [UInt8]
    ) {
        var text = text
        text.withUTF8 { units in
            guard needsEscaping(units) else {
                bytes.append(contentsOf: units)
                return
            }
            var index = 0
            var runStart = 0
            func flush() {
                if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: units[runStart..<index])) }
            }
            while index < units.count {
                let unit = units[index]
                var replacement: StaticString? = nil
                var width = 1
                var control: UInt32? = nil
                switch unit {
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x22: replacement = "&quot;"
                case 0x27: replacement = "&apos;"
                case 0x09: break
                case 0x0A: if escapeNewlines { replacement = "&#10;" }
                case 0x0D: replacement = "&#13;"
                case 0x00..<0x20: control = UInt32(unit)
                case 0xEF
                where index + 2 < units.count && units[index + 1] == 0xBF
                    && (units[index + 2] == 0xBE || units[index + 2] == 0xBF):
                    control = units[index + 2] == 0xBE ? 0xFFFE : 0xFFFF
                    width = 3
                case 0x5F where controls == .ooxmlEscape && looksLikeOOXMLEscape(units, at: index):
                    // A literal `_xHHHH_` would be read back as an escape: escape its underscore.
                    replacement = "_x005F_"
                default: break
                }
                if replacement != nil || control != nil {
                    flush()
                    if let replacement {
                        replacement.withUTF8Buffer { bytes.append(contentsOf: $0) }
                    } else if let control, controls == .ooxmlEscape {
                        appendOOXMLEscape(control, to: &bytes)
                    }
                    index += width
                    runStart = index
                } else {
                    index += 1
                }
            }
            flush()
        }
    }

    private static func needsEscaping(_ units: UnsafeBufferPointer<UInt8>) -> Bool {
        for unit in units
        where unit < 0x20 || unit == 0x26 || unit == 0x3C || unit == 0x3E || unit == 0x22 || unit == 0x27
            || unit == 0x5F || unit == 0xEF
        {
            return true
        }
        return false
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// `_xHHHH_`, the value in four upper-case hex digits.
    private static func appendOOXMLEscape(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes.append(0x5F)
        bytes.append(0x78)
        for shift in stride(from: 12, through: 0, by: -4) {
            bytes.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
        }
        bytes.append(0x5F)
    }

    /// `_xHHHH_` at `index`: all ASCII, so the same on UTF-8 units as on scalars.
    private static func looksLikeOOXMLEscape(_ units: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 6 < units.count, units[index + 1] == 0x78, units[index + 6] == 0x5F else { return false }
        return units[(index + 2)...(index + 5)].allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x46) || ($0 >= 0x61 && $0 <= 0x66)
        }
    }

    /// A number as XML Schema's `xs:double` text that reads back as the same `Double`: `5`, `-35`,
    /// `6089.19`.
    public static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }

    /// Appends ``number(_:)`` as UTF-8 to `bytes`; integers are written without a String.
    public static func appendNumber(_ value: Double, to bytes: inout [UInt8]) {
        if value == value.rounded(), abs(value) < 1e15 {
            appendInteger(Int64(value), to: &bytes)
        } else {
            bytes.append(contentsOf: "\(value)".utf8)
        }
    }

    /// Appends the decimal digits of `value` to `bytes`.
    public static func appendInteger(_ value: Int64, to bytes: inout [UInt8]) {
        var magnitude = value.magnitude
        if value < 0 { bytes.append(0x2D) }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var count = 0
            repeat {
                buffer[count] = UInt8(magnitude % 10) + 0x30
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }
}

/// Splits a sheet that outgrows the grid into pages: `values`, `values (2)`, … each starting with the
/// sheet's header rows, so a workbook of many reports never holds more rows than a spreadsheet shows.
public struct SheetPager: Sendable {
    /// The rows of a worksheet in Excel 2007 and later (and LibreOffice 7).
    public static let excelRowLimit = 1_048_576

    public let header: SheetChunk
    public let rowLimit: Int
    /// Pages begun so far (at least one).
    public private(set) var pageCount = 1
    private var rowsInPage: Int

    /// `rowLimit` is raised to leave room for at least one row below the header.
    public init(header: SheetChunk, rowLimit: Int = SheetPager.excelRowLimit) {
        self.header = header
        self.rowLimit = max(rowLimit, header.rows.count + 1)
        rowsInPage = header.rows.count
    }

    /// The pieces of `chunk` with the page each goes to, in order. A piece that opens a new page is
    /// preceded by a copy of the header for that page. Merges that would cross a page break are dropped.
    public mutating func place(_ chunk: SheetChunk) -> [(page: Int, chunk: SheetChunk)] {
        var pieces: [(page: Int, chunk: SheetChunk)] = []
        var start = 0
        while start < chunk.rows.count {
            if rowsInPage >= rowLimit {
                pageCount += 1
                rowsInPage = header.rows.count
                pieces.append((pageCount - 1, header))
            }
            let end = min(chunk.rows.count, start + rowLimit - rowsInPage)
            let merges = chunk.merges.filter { $0.firstRow >= start && $0.lastRow < end }.map {
                $0.offset(rows: -start)
            }
            pieces.append((pageCount - 1, SheetChunk(rows: Array(chunk.rows[start..<end]), merges: merges)))
            rowsInPage += end - start
            start = end
        }
        return pieces
    }
}

extension SheetSpec {
    /// The spec of a continuation page: the same geometry under another name.
    public func named(_ name: String) -> SheetSpec {
        SheetSpec(name: name, columnWidths: columnWidths, frozenRows: frozenRows, frozenColumns: frozenColumns)
    }
}
