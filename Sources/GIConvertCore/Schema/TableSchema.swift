/// A column of a statistical table: its canonical key and label.
public struct ColumnSpec: Sendable, Equatable {
    public let key: String
    public let label: String
    /// Money in 万元 (`*_10k_yuan`): a value printed in 元 is converted.
    public let isMoney: Bool
    /// A signed change (`本年增/减`): a negative value is expected.
    public let isSigned: Bool

    public init(key: String, label: String) {
        self.key = key
        self.label = label
        self.isMoney = key.hasSuffix("_10k_yuan")
        self.isSigned = key == "change"
    }
}

/// A row of a statistical table as the national format defines it.
public struct RowSpec: Sendable, Equatable {
    /// The canonical key (`report-tables.json`).
    public let key: String
    /// The canonical label (simplified script).
    public let label: String
    /// The columns this row has, in printed order.
    public let columns: [ColumnSpec]
    /// Normalised phrases (see ``LabelNormalizer``) that identify the row's printed label.
    let cues: [String]
    /// How many normalised characters may follow a cue in the printed label.
    let tailAllowance: Int
    /// The cues' UTF-8, for matching without Strings.
    let cueBytes: [[UInt8]]

    init(key: String, label: String, columns: [ColumnSpec], cues: [String], tailAllowance: Int) {
        self.key = key
        self.label = label
        self.columns = columns
        self.cues = cues
        self.tailAllowance = tailAllowance
        self.cueBytes = cues.map { Array($0.utf8) }
    }
}

/// The rows of one statistical table in one national format.
public struct TableSchema: Sendable {
    public let key: TableKey
    public let format: ReportEdition
    public let rows: [RowSpec]
    /// The printed sub-tables, as ranges of `rows`: the national form prints the active-disclosure table
    /// as one small table per item of 第二十条, each with its own column headers.
    let blocks: [Range<Int>]

    init(key: TableKey, format: ReportEdition, rows: [RowSpec], blocks: [Range<Int>]? = nil) {
        self.key = key
        self.format = format
        self.rows = rows
        self.blocks = blocks ?? [0..<rows.count]
    }

    public func row(_ key: String) -> RowSpec? {
        rows.first { $0.key == key }
    }
}
