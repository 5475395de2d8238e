/// The intermediate representation of one annual report: what every reader produces and every writer
/// consumes.
public struct Report: Codable, Sendable, Equatable {
    /// The version of this structure; bumped whenever its JSON form changes incompatibly.
    public static let currentIRVersion = 1

    public var irVersion: Int
    public var metadata: ReportMetadata
    /// The national format recognised from the table labels, or `nil` when no table was recognised.
    public var format: ReportEdition?
    /// Text before the first numbered section (the report's introduction).
    public var preamble: String
    /// The six numbered sections in printed order; a section the report lacks is absent.
    public var sections: [ReportSection]
    /// The three statistical tables, in the order `active`, `applications`, `reviews`.
    public var tables: [StatisticalTable]
    /// Doubts and broken rules, in the order they were found.
    public var findings: [Finding]

    public init(
        metadata: ReportMetadata, format: ReportEdition?, preamble: String = "",
        sections: [ReportSection], tables: [StatisticalTable], findings: [Finding]
    ) {
        self.irVersion = Report.currentIRVersion
        self.metadata = metadata
        self.format = format
        self.preamble = preamble
        self.sections = sections
        self.tables = tables
        self.findings = findings
    }

    /// The table with the given key, if the report has it.
    public func table(_ key: TableKey) -> StatisticalTable? {
        tables.first { $0.key == key }
    }

    /// The cell at `table` / `row` / `column`, if the report has it.
    public func cell(_ table: TableKey, _ row: String, _ column: String) -> TableCell? {
        self.table(table)?.row(row)?.cell(column)
    }

    /// True when at least one consistency rule failed, or a table was placed mostly by position.
    public var hasRuleFailures: Bool {
        findings.contains { $0.kind.failsStrictCheck }
    }
}

/// The two national editions of the statistical tables (the spec calls them formats; "format" in the
/// code means a file format).
public enum ReportEdition: String, Codable, Sendable, CaseIterable {
    /// In force for the 2019 and 2020 reports.
    case v2019 = "2019"
    /// 国办公开办函〔2021〕30号, in force from the 2021 reports on.
    case v2021 = "2021"
}

/// What is known about the report beyond its content.
public struct ReportMetadata: Codable, Sendable, Equatable {
    /// The input file name as given on the command line (or `archive.zip/member`).
    public var source: String
    /// The report's title as printed.
    public var title: String?
    /// The issuing body as printed (traditional script is kept as printed).
    public var organization: String?
    /// The year the report covers.
    public var year: Int?
    /// The publication date, `YYYY-MM-DD` when it could be read as a date, else as printed.
    public var publicationDate: String?
    /// The publisher as the page states it (`来源`, `信息来源`).
    public var publisher: String?

    public init(
        source: String, title: String? = nil, organization: String? = nil, year: Int? = nil,
        publicationDate: String? = nil, publisher: String? = nil
    ) {
        self.source = source
        self.title = title
        self.organization = organization
        self.year = year
        self.publicationDate = publicationDate
        self.publisher = publisher
    }
}

/// One of the six numbered sections of a report.
public struct ReportSection: Codable, Sendable, Equatable {
    public var kind: SectionKind
    /// The heading as printed.
    public var heading: String
    /// The narrative text of the section, paragraphs separated by `\n`; the statistical tables are
    /// held in ``Report/tables`` and not repeated here.
    public var text: String

    public init(kind: SectionKind, heading: String, text: String) {
        self.kind = kind
        self.heading = heading
        self.text = text
    }
}

/// The six sections of the national format.
public enum SectionKind: String, Codable, Sendable, CaseIterable {
    case overview
    case activeDisclosure = "active_disclosure"
    case applications
    case reviewsAndLitigation = "reviews_and_litigation"
    case problems
    case otherMatters = "other_matters"

    /// The canonical heading of the national format.
    public var canonicalHeading: String {
        switch self {
        case .overview: "一、总体情况"
        case .activeDisclosure: "二、主动公开政府信息情况"
        case .applications: "三、收到和处理政府信息公开申请情况"
        case .reviewsAndLitigation: "四、政府信息公开行政复议、行政诉讼情况"
        case .problems: "五、存在的主要问题及改进情况"
        case .otherMatters: "六、其他需要报告的事项"
        }
    }
}
