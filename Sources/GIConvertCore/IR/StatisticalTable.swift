/// The keys of the three statistical tables (`report-tables.json`).
public enum TableKey: String, Codable, Sendable, CaseIterable {
    case active
    case applications
    case reviews
}

/// One statistical table of a report, its rows and cells under the canonical keys.
public struct StatisticalTable: Codable, Sendable, Equatable {
    public var key: TableKey
    /// Whether the table was found in the document; a table that was not found has no rows.
    public var found: Bool
    /// The rows in the order of the national format (only rows that format has).
    public var rows: [TableRow]

    public init(key: TableKey, found: Bool, rows: [TableRow]) {
        self.key = key
        self.found = found
        self.rows = rows
    }

    public func row(_ key: String) -> TableRow? {
        rows.first { $0.key == key }
    }
}

/// One row of a statistical table.
public struct TableRow: Codable, Sendable, Equatable {
    /// The canonical row key (`new_received`, `licensing`; `cases` for the reviews table).
    public var key: String
    /// The canonical label of the national format (simplified script).
    public var label: String
    /// The label as printed in the document, when the row was found.
    public var printedLabel: String?
    public var cells: [TableCell]

    public init(key: String, label: String, printedLabel: String? = nil, cells: [TableCell]) {
        self.key = key
        self.label = label
        self.printedLabel = printedLabel
        self.cells = cells
    }

    public func cell(_ column: String) -> TableCell? {
        cells.first { $0.column == column }
    }
}

/// One value of a statistical table.
public struct TableCell: Codable, Sendable, Equatable {
    /// The canonical column key.
    public var column: String
    /// The canonical column label (simplified script).
    public var label: String
    /// The value: a count, a signed change, or an amount in 万元 for `*_10k_yuan` columns. `nil` when
    /// the printed cell was blank or no cell was found.
    public var value: Double?
    /// The printed text of the cell, exactly as the document had it.
    public var raw: String
    public var flags: [CellFlag]

    public init(column: String, label: String, value: Double?, raw: String, flags: [CellFlag] = []) {
        self.column = column
        self.label = label
        self.value = value
        self.raw = raw
        self.flags = flags
    }

    private enum CodingKeys: String, CodingKey {
        case column, label, value, raw, flags
    }

    /// Encodes every key, `value` as `null` when blank, so every cell has the same shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(column, forKey: .column)
        try container.encode(label, forKey: .label)
        // JSON has no infinity or NaN: such a value (which no reader makes) is written as blank.
        try container.encode(value.flatMap { $0.isFinite ? $0 : nil }, forKey: .value)
        try container.encode(raw, forKey: .raw)
        try container.encode(flags, forKey: .flags)
    }

    /// The value as the long CSV prints it: `.` as decimal point, no exponent, empty when blank.
    public var formattedValue: String {
        guard let value else { return "" }
        return NumberFormatting.plain(value)
    }
}

/// What a reader of the data should know about how a cell's value was obtained.
public enum CellFlag: String, Codable, Sendable, CaseIterable {
    /// The printed cell was empty; the value is empty, not zero.
    case blank
    /// The cell had text around the number (`0?`, `12（件）`), or the document's text is OCR of a scan;
    /// the number was kept.
    case suspicious
    /// The value's position had to be worked out from a consistency rule (a row printed with its
    /// blanks dropped).
    case inferred
    /// No cell for this value was found in the document.
    case missing
    /// A money amount printed in 元 and converted to 万元.
    case converted
}

/// Number formatting shared by the writers.
public enum NumberFormatting {
    /// `5`, `-5711`, `6089.19`, `25.1`: no exponent, no trailing `.0`, no thousands separator. Empty for
    /// infinity and NaN, which no report prints.
    public static func plain(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        let text = "\(value)"
        if !text.contains("e") { return text }
        var fixed = String(format: "%.10f", value)
        while fixed.hasSuffix("0") { fixed.removeLast() }
        if fixed.hasSuffix(".") { fixed.removeLast() }
        return fixed
    }
}
