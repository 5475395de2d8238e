/// A doubt about a report or a broken rule, collected during conversion and never fatal.
public struct Finding: Codable, Sendable, Equatable {
    public var kind: FindingKind
    /// The table concerned, if any.
    public var table: TableKey?
    /// The row key concerned, if any.
    public var row: String?
    /// The column key concerned, if any.
    public var column: String?
    /// For a broken consistency rule: the rule's identifier (see ``ConsistencyRule``).
    public var rule: String?
    /// For a broken rule: the figure the rule expects.
    public var expected: Double?
    /// For a broken rule: the figure as printed (blank counts as 0).
    public var printed: Double?
    /// A one-line explanation for people.
    public var message: String

    public init(
        kind: FindingKind, table: TableKey? = nil, row: String? = nil, column: String? = nil,
        rule: String? = nil, expected: Double? = nil, printed: Double? = nil, message: String
    ) {
        self.kind = kind
        self.table = table
        self.row = row
        self.column = column
        self.rule = rule
        self.expected = expected
        self.printed = printed
        self.message = message
    }

    private enum CodingKeys: String, CodingKey {
        case kind, table, row, column, rule, expected, printed, message
    }

    /// Encodes as the synthesized form does (absent keys for `nil`), leaving out a figure that is not
    /// finite, which JSON cannot hold.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(table, forKey: .table)
        try container.encodeIfPresent(row, forKey: .row)
        try container.encodeIfPresent(column, forKey: .column)
        try container.encodeIfPresent(rule, forKey: .rule)
        try container.encodeIfPresent(expected.flatMap { $0.isFinite ? $0 : nil }, forKey: .expected)
        try container.encodeIfPresent(printed.flatMap { $0.isFinite ? $0 : nil }, forKey: .printed)
        try container.encode(message, forKey: .message)
    }
}

/// The kinds of finding.
public enum FindingKind: String, Codable, Sendable, CaseIterable {
    /// A consistency rule of the spec does not hold for the printed figures.
    case ruleFailed = "rule_failed"
    /// One of the three tables was not found in the document.
    case tableNotFound = "table_not_found"
    /// A row of a found table was not found.
    case rowNotFound = "row_not_found"
    /// A row had more or fewer values than the table has columns.
    case valueCountMismatch = "value_count_mismatch"
    /// Values were placed by arithmetic rather than by position.
    case valuesInferred = "values_inferred"
    /// A cell had text around its number.
    case suspiciousCell = "suspicious_cell"
    /// The report's format could not be told from its labels and was assumed.
    case formatAssumed = "format_assumed"
    /// A section heading was not found.
    case sectionNotFound = "section_not_found"
    /// The reader worked around a problem in the input.
    case readerWarning = "reader_warning"
}
