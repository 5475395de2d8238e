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
    /// For a broken rule: the figure as printed; `nil` (JSON `null`) when the printed cells are blank,
    /// which the rule counts as 0.
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
}

extension Finding {
    private enum CodingKeys: String, CodingKey {
        case kind, table, row, column, rule, expected, printed, message
    }

    /// Absent fields are left out, except that a broken rule always states its printed figure, `null`
    /// for a blank; a figure that is not finite, which JSON cannot hold, is left out too.
    public func encode(to encoder: any Encoder) throws {
        let expected = self.expected.flatMap { $0.isFinite ? $0 : nil }
        let printed = self.printed.flatMap { $0.isFinite ? $0 : nil }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(table, forKey: .table)
        try container.encodeIfPresent(row, forKey: .row)
        try container.encodeIfPresent(column, forKey: .column)
        try container.encodeIfPresent(rule, forKey: .rule)
        try container.encodeIfPresent(expected, forKey: .expected)
        if rule != nil, printed == nil {
            try container.encodeNil(forKey: .printed)
        } else {
            try container.encodeIfPresent(printed, forKey: .printed)
        }
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
    /// A row's printed values fit two rows of the schema equally well, so the row was left blank.
    case rowAmbiguous = "row_ambiguous"
    /// Most rows of a table were placed by their position among the rows, not by their printed labels.
    case placedByPosition = "placed_by_position"
    /// A row was printed as the other national format has it, and kept under that format's key.
    case rowOfOtherFormat = "row_of_other_format"
    /// A cell had text around its number.
    case suspiciousCell = "suspicious_cell"
    /// The report's format could not be told from its labels and was assumed.
    case formatAssumed = "format_assumed"
    /// A section heading was not found.
    case sectionNotFound = "section_not_found"
    /// The reader worked around a problem in the input.
    case readerWarning = "reader_warning"
    /// A figure stated in the narrative differs from the table cell it names (see ``NarrativeCheck``).
    case narrativeMismatch = "narrative_mismatch"
    /// A report's carried-over applications differ from the carried-forward ones of the same
    /// organization's report for the year before (a dataset finding, see ``CarryOverCheck``).
    case carryOverMismatch = "carry_over_mismatch"

    /// True for the findings `--strict` refuses a report for: a broken rule, a table whose rows
    /// only their positions placed, a narrative figure the tables contradict, or a carry-over that
    /// does not match the year before.
    public var failsStrictCheck: Bool {
        switch self {
        case .ruleFailed, .placedByPosition, .narrativeMismatch, .carryOverMismatch: true
        default: false
        }
    }
}
