import GIConvertCore

/// The sheets of a giconvert workbook, in order. `values` comes first: converters that take only the
/// first sheet (LibreOffice's CSV export) get the long table.
public enum SheetKind: Int, CaseIterable, Sendable {
    /// The long CSV, cell for cell.
    case values
    /// The active-disclosure table (第二十条).
    case active
    /// The applications table.
    case applications
    /// The reviews and litigation table.
    case reviews
    /// The sections' text.
    case sections
    /// The findings, and cells with flags.
    case findings

    public var name: String {
        switch self {
        case .values: "values"
        case .active: "active"
        case .applications: "applications"
        case .reviews: "reviews"
        case .sections: "sections"
        case .findings: "findings"
        }
    }
}

/// How reports become sheets. For one report the statistical sheets look like the printed tables
/// (Chinese labels, merged headings); for many (a collection) each has a row per report and table row
/// (`applications`), per report (`reviews`) or per value (`active`), with the report's `source` first.
/// Writers call ``header(_:)`` once per sheet, then ``chunks(for:)`` for each report, and serialise
/// the rows as they come.
public struct WorkbookLayout: Sendable {
    public let isCollection: Bool
    /// One spec per ``SheetKind``, in order.
    public let sheets: [SheetSpec]
    /// The most rows of one worksheet; a sheet with more continues on pages (see ``SheetPager``).
    public let rowLimit: Int

    public init(isCollection: Bool, rowLimit: Int = SheetPager.excelRowLimit) {
        self.isCollection = isCollection
        self.rowLimit = rowLimit
        var specs: [SheetSpec] = []
        for kind in SheetKind.allCases {
            let name = SheetName.make(kind.name, taken: specs.map(\.name))
            let (widths, frozenRows, frozenColumns) = Self.geometry(kind, isCollection: isCollection)
            specs.append(
                SheetSpec(name: name, columnWidths: widths, frozenRows: frozenRows, frozenColumns: frozenColumns))
        }
        sheets = specs
    }

    public func spec(_ kind: SheetKind) -> SheetSpec { sheets[kind.rawValue] }

    /// The spec of page `page` (from 0) of a sheet: `values`, then `values (2)`, `values (3)`, …
    public func spec(_ kind: SheetKind, page: Int) -> SheetSpec {
        let spec = spec(kind)
        guard page > 0 else { return spec }
        return spec.named(SheetName.make("\(spec.name) (\(page + 1))", taken: sheets.map(\.name)))
    }

    /// A pager for a sheet, starting with its header rows.
    public func pager(_ kind: SheetKind) -> SheetPager {
        SheetPager(header: header(kind), rowLimit: rowLimit)
    }

    // MARK: Geometry

    static let valuesWidths: [String: Double] = [
        "source": 30, "year": 7, "organization": 26, "table": 13, "row": 26, "column": 24, "value": 11,
        "flags": 12, "format": 8, "row_label": 44, "column_label": 26, "raw": 12,
    ]

    private static func geometry(_ kind: SheetKind, isCollection: Bool) -> ([Double], Int, Int) {
        let reportColumns: [Double] = [30, 7, 26]
        switch (kind, isCollection) {
        case (.values, _):
            return (LongTable.columns.map { valuesWidths[$0] ?? 14 }, 1, 0)
        case (.active, false):
            return ([28, 18, 18, 18], 1, 0)
        case (.active, true):
            return (reportColumns + [8, 20, 22, 24, 18, 28, 11], 1, 0)
        case (.applications, false):
            return ([18, 30, 44] + Array(repeating: 12, count: 7), 3, 0)
        case (.applications, true):
            return (reportColumns + [26, 50] + Array(repeating: 12, count: 7), 2, 0)
        case (.reviews, false):
            return (Array(repeating: 11, count: 15), 3, 0)
        case (.reviews, true):
            return (reportColumns + Array(repeating: 11, count: 15), 3, 0)
        case (.sections, false):
            return ([22, 34, 100], 1, 0)
        case (.sections, true):
            return ([30, 22, 34, 100], 1, 0)
        case (.findings, false):
            return ([22, 13, 26, 24, 16, 24, 10, 10, 90], 1, 0)
        case (.findings, true):
            return ([30, 22, 13, 26, 24, 16, 24, 10, 10, 90], 1, 0)
        }
    }

    // MARK: Headers

    /// The rows a sheet starts with, before any report.
    public func header(_ kind: SheetKind) -> SheetChunk {
        switch kind {
        case .values:
            return SheetChunk(rows: [LongTable.columns.map { .text($0, .header) }])
        case .active:
            if isCollection {
                return headerRow([
                    "source", "year", "organization", "format", "item", "row", "row_label", "column", "column_label",
                    "value",
                ])
            }
            return SheetChunk(
                rows: [
                    [.text(Self.activeTitle, .header)] + Array(repeating: SheetCell(.empty, style: .header), count: 3)
                ],
                merges: [CellRange(rows: 0...0, columns: 0...3)])
        case .applications:
            return isCollection
                ? applicationsHeader(prefix: ["source", "year", "organization", "row", "row_label"], rows: 2)
                : applicationsHeader(prefix: [Self.applicationsCorner], rows: 3)
        case .reviews:
            return reviewsHeader(prefix: isCollection ? ["source", "year", "organization"] : [])
        case .sections:
            return headerRow((isCollection ? ["source"] : []) + ["section", "heading", "text"])
        case .findings:
            return headerRow((isCollection ? ["source"] : []) + Self.findingColumns)
        }
    }

    static let activeTitle = "主动公开政府信息情况（第二十条）"
    static let applicationsCorner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    static let findingColumns = ["kind", "table", "row", "column", "flags", "rule", "expected", "printed", "message"]

    private func headerRow(_ titles: [String]) -> SheetChunk {
        SheetChunk(rows: [titles.map { .text($0, .header) }])
    }

    /// The applicant heading: `申请人情况` over everything (printed layout only), then 自然人 |
    /// 法人或其他组织 (over five columns) | 总计. Each `prefix` column spans all heading rows; in the
    /// printed layout the one corner text spans the three label columns instead.
    private func applicationsHeader(prefix: [String], rows: Int) -> SheetChunk {
        let applicants = ReportSchema.applicantColumns
        let labelColumns = isCollection ? prefix.count : Self.applicationLabelColumns
        let width = labelColumns + applicants.count
        var grid = Array(repeating: Array(repeating: SheetCell(.empty, style: .header), count: width), count: rows)
        var merges: [CellRange] = []
        if isCollection {
            for (column, title) in prefix.enumerated() {
                grid[0][column] = .text(title, .header)
                merges.append(CellRange(rows: 0...(rows - 1), columns: column...column))
            }
        } else {
            grid[0][0] = .text(prefix.joined(), .header)
            merges.append(CellRange(rows: 0...(rows - 1), columns: 0...(labelColumns - 1)))
        }
        let first = labelColumns
        var top = 0
        if rows == 3 {
            grid[0][first] = .text("申请人情况", .header)
            merges.append(CellRange(rows: 0...0, columns: first...(width - 1)))
            top = 1
        }
        let organizations = applicants.filter { $0.key != "natural_person" && $0.key != "total" }
        for (offset, spec) in applicants.enumerated() {
            let column = first + offset
            if organizations.contains(spec) {
                grid[top + 1][column] = .text(spec.label, .header)
            } else {
                grid[top][column] = .text(spec.label, .header)
                merges.append(CellRange(rows: top...(top + 1), columns: column...column))
            }
        }
        if let start = applicants.firstIndex(where: { organizations.contains($0) }) {
            grid[top][first + start] = .text("法人或其他组织", .header)
            merges.append(
                CellRange(rows: top...top, columns: (first + start)...(first + start + organizations.count - 1)))
        }
        return SheetChunk(rows: grid, merges: merges)
    }

    /// 行政复议 (five columns) | 行政诉讼 → 未经复议直接起诉 (five) and 复议后起诉 (five), the outcome labels
    /// in the last heading row; `prefix` columns span the three rows.
    private func reviewsHeader(prefix: [String]) -> SheetChunk {
        let groups = ReportSchema.reviewGroups
        let perGroup = groups[0].outcomes.count + 1
        let width = prefix.count + groups.count * perGroup
        var grid = Array(repeating: Array(repeating: SheetCell(.empty, style: .header), count: width), count: 3)
        var merges: [CellRange] = []
        for (column, title) in prefix.enumerated() {
            grid[0][column] = .text(title, .header)
            merges.append(CellRange(rows: 0...2, columns: column...column))
        }
        let labels = Self.reviewOutcomeLabels
        let first = prefix.count
        // 行政复议: its outcome labels span rows 2–3.
        grid[0][first] = .text(groups[0].name, .header)
        merges.append(CellRange(rows: 0...0, columns: first...(first + perGroup - 1)))
        for (offset, label) in labels.enumerated() {
            grid[1][first + offset] = .text(label, .header)
            merges.append(CellRange(rows: 1...2, columns: (first + offset)...(first + offset)))
        }
        // 行政诉讼 over the two suit groups.
        let suits = first + perGroup
        grid[0][suits] = .text("行政诉讼", .header)
        merges.append(CellRange(rows: 0...0, columns: suits...(width - 1)))
        for (index, group) in groups.dropFirst().enumerated() {
            let start = suits + index * perGroup
            grid[1][start] = .text(group.name, .header)
            merges.append(CellRange(rows: 1...1, columns: start...(start + perGroup - 1)))
            for (offset, label) in labels.enumerated() {
                grid[2][start + offset] = .text(label, .header)
            }
        }
        return SheetChunk(rows: grid, merges: merges)
    }

    static let reviewOutcomeLabels = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

    /// The review columns in sheet order: each group's four outcomes, then its total.
    static var reviewColumnKeys: [String] {
        ReportSchema.reviewGroups.flatMap { $0.outcomes + [$0.total] }
    }

    /// The item of 第二十条 each row of the active table belongs to.
    static let activeItems: [String: String] = [
        "regulations": "第二十条第（一）项", "normative_documents": "第二十条第（一）项",
        "licensing": "第二十条第（五）项", "other_services": "第二十条第（五）项",
        "penalty": "第二十条第（六）项", "coercion": "第二十条第（六）项",
        "fees": "第二十条第（八）项", "procurement": "第二十条第（九）项",
    ]

    static let notFound = "未找到此表（table not found）"

    // MARK: Reports

    /// The rows `report` adds to each sheet, indexed by ``SheetKind/rawValue``.
    public func chunks(for report: Report) -> [SheetChunk] {
        let marks = Marks(report)
        return SheetKind.allCases.map { kind in
            switch kind {
            case .values: valuesChunk(report, marks)
            case .active: activeChunk(report, marks)
            case .applications: applicationsChunk(report, marks)
            case .reviews: reviewsChunk(report, marks)
            case .sections: sectionsChunk(report)
            case .findings: findingsChunk(report, marks)
            }
        }
    }

    private static let column = Dictionary(uniqueKeysWithValues: LongTable.columns.enumerated().map { ($1, $0) })
    /// The columns of the `values` sheet written as numbers (the CSV's text otherwise).
    public static let numericValueColumns: Set<Int> = [LongTable.valueColumn, column["year"]!]

    /// The records of ``LongTable`` as rows: `value` (and `year`) as numbers, empty fields as blank
    /// cells, the value cell marked when it has a finding or a flag to check. Built from the report
    /// directly, field for field as ``LongTable/records(_:)`` gives them, with the cells a report or a
    /// row shares made once.
    private func valuesChunk(_ report: Report, _ marks: Marks) -> SheetChunk {
        let meta = report.metadata
        let reportCells: [SheetCell] = [
            Self.textOrEmpty(meta.source), meta.year.map { .number(Double($0)) } ?? .empty,
            Self.textOrEmpty(meta.organization ?? ""),
        ]
        let format = Self.textOrEmpty(report.format?.rawValue ?? "")
        var rows: [[SheetCell]] = []
        rows.reserveCapacity(256)
        for table in report.tables where table.found {
            let tableKey = table.key.rawValue
            let tableCell = Self.textOrEmpty(tableKey)
            for row in table.rows {
                let rowCell = Self.textOrEmpty(row.key)
                let rowLabel = Self.textOrEmpty(row.label)
                for cell in row.cells {
                    let flags = cell.flags.map(\.rawValue)
                    let style = marks.style(tableKey, row.key, cell.column, flags: flags)
                    var cells = reportCells
                    cells.reserveCapacity(LongTable.columns.count)
                    cells.append(tableCell)
                    cells.append(rowCell)
                    cells.append(Self.textOrEmpty(cell.column))
                    cells.append(Self.valuesNumber(cell.value, style))
                    cells.append(Self.textOrEmpty(flags.count == 1 ? flags[0] : flags.joined(separator: ";")))
                    cells.append(format)
                    cells.append(rowLabel)
                    cells.append(Self.textOrEmpty(cell.label))
                    cells.append(Self.textOrEmpty(cell.raw))
                    rows.append(cells)
                }
            }
        }
        return SheetChunk(rows: rows)
    }

    private static func textOrEmpty(_ field: String) -> SheetCell {
        field.isEmpty ? .empty : .text(field)
    }

    /// The `value` cell: the number the CSV's text reads back as (the value itself for whole numbers).
    private static func valuesNumber(_ value: Double?, _ style: CellStyle) -> SheetCell {
        guard let value else { return SheetCell(.empty, style: style) }
        if value == value.rounded(), abs(value) < 1e15 { return .number(value, style) }
        let field = NumberFormatting.plain(value)
        return Double(field).map { .number($0, style) } ?? .text(field, style)
    }

    private func reportCells(_ report: Report) -> [SheetCell] {
        let meta = report.metadata
        return [.text(meta.source), meta.year.map { .number(Double($0)) } ?? .empty, .text(meta.organization ?? "")]
    }

    private func valueCell(_ table: TableKey, _ row: TableRow, _ cell: TableCell?, _ marks: Marks) -> SheetCell {
        guard let cell else { return .empty }
        return .number(cell.value, marks.style(table.rawValue, row.key, cell.column, flags: cell.flags.map(\.rawValue)))
    }

    private func activeChunk(_ report: Report, _ marks: Marks) -> SheetChunk {
        guard let table = report.table(.active), table.found else {
            return isCollection ? SheetChunk() : SheetChunk(rows: [[.text(Self.notFound)]])
        }
        var chunk = SheetChunk()
        if isCollection {
            for row in table.rows {
                for cell in row.cells {
                    chunk.rows.append(
                        reportCells(report) + [
                            .text(report.format?.rawValue ?? ""), .text(Self.activeItems[row.key] ?? ""),
                            .text(row.key),
                            .text(row.label), .text(cell.column), .text(cell.label),
                            valueCell(.active, row, cell, marks),
                        ])
                }
            }
            return chunk
        }
        // Printed layout: per item of 第二十条, a heading row, the column titles, then the rows.
        var groups: [(item: String, rows: [TableRow])] = []
        for row in table.rows {
            let item = Self.activeItems[row.key] ?? ""
            if groups.last?.item == item {
                groups[groups.count - 1].rows.append(row)
            } else {
                groups.append((item, [row]))
            }
        }
        let width = 4
        for group in groups {
            let columns = group.rows[0].cells.map { (key: $0.column, label: $0.label) }
            let top = chunk.rows.count
            chunk.rows.append(
                [.text(group.item, .header)] + Array(repeating: SheetCell(.empty, style: .header), count: width - 1))
            chunk.merges.append(CellRange(rows: top...top, columns: 0...(width - 1)))
            chunk.rows.append([.text("信息内容", .header)] + columns.map { .text($0.label, .header) })
            for row in group.rows {
                chunk.rows.append(
                    [.text(row.label, .label)] + columns.map { valueCell(.active, row, row.cell($0.key), marks) })
            }
        }
        return chunk
    }

    private func applicationsChunk(_ report: Report, _ marks: Marks) -> SheetChunk {
        guard let table = report.table(.applications), table.found else {
            return isCollection ? SheetChunk() : SheetChunk(rows: [[.text(Self.notFound)]])
        }
        let columns = ReportSchema.applicantColumns.map(\.key)
        if isCollection {
            return SheetChunk(
                rows: table.rows.map { row in
                    reportCells(report) + [.text(row.key), .text(row.label)]
                        + columns.map { valueCell(.applications, row, row.cell($0), marks) }
                })
        }
        // The printed layout: three label columns, 三、本年度办理结果 down the outcome rows, each outcome
        // （三）… down its items, and labels without items across the columns they leave free.
        var chunk = SheetChunk()
        let levels = table.rows.map(Self.applicationLevels)
        let labelStyle = SheetCell(.empty, style: .label)
        for (row, level) in zip(table.rows, levels) {
            var cells = Array(repeating: labelStyle, count: Self.applicationLabelColumns)
            for (column, text) in [level.top, level.outcome, level.item].enumerated() {
                if let text { cells[column] = .text(text, .label) }
            }
            chunk.rows.append(cells + columns.map { valueCell(.applications, row, row.cell($0), marks) })
        }
        var index = 0
        while index < levels.count {
            let level = levels[index]
            if level.outcome == nil && level.item == nil {
                // 一、 二、 四、: the label spans the three label columns.
                chunk.merges.append(CellRange(rows: index...index, columns: 0...2))
                index += 1
                continue
            }
            // 三、本年度办理结果 spans the outcome rows that follow it.
            var end = index
            while end + 1 < levels.count, levels[end + 1].top == nil,
                levels[end + 1].outcome != nil || levels[end + 1].item != nil
            {
                end += 1
            }
            if end > index { chunk.merges.append(CellRange(rows: index...end, columns: 0...0)) }
            var row = index
            while row <= end {
                if levels[row].item == nil {
                    // An outcome without items, （一）予以公开 or （七）总计, spans two columns.
                    chunk.merges.append(CellRange(rows: row...row, columns: 1...2))
                    row += 1
                    continue
                }
                // An outcome spans its numbered items.
                var last = row
                while last + 1 <= end, levels[last + 1].outcome == nil, levels[last + 1].item != nil { last += 1 }
                if last > row { chunk.merges.append(CellRange(rows: row...last, columns: 1...1)) }
                row = last + 1
            }
            index = end + 1
        }
        return chunk
    }

    static let applicationLabelColumns = 3

    /// Where a row's label goes in the printed applications table: the top-level heading (一、 … 四、),
    /// the outcome （一）…（七）, the numbered item; `nil` where a merged cell above covers it.
    struct ApplicationLevels {
        var top: String?
        var outcome: String?
        var item: String?
    }

    /// The printed labels combine levels (`三、本年度办理结果 （一）予以公开`, `（三）不予公开 1.属于国家秘密`,
    /// `2.其他法律行政法规禁止公开`): split them at the spaces and tell the parts by their numbering.
    static func applicationLevels(_ row: TableRow) -> ApplicationLevels {
        var levels = ApplicationLevels()
        for part in row.label.split(separator: " ").map(String.init) {
            if part.hasPrefix("（") {
                levels.outcome = part
            } else if let first = part.first, first.isASCII, first.isNumber {
                levels.item = part
            } else if levels.top == nil {
                levels.top = part
            } else {
                levels.top! += " " + part
            }
        }
        if levels.top == nil, levels.outcome == nil, levels.item == nil { levels.top = row.label }
        return levels
    }

    private func reviewsChunk(_ report: Report, _ marks: Marks) -> SheetChunk {
        guard let table = report.table(.reviews), table.found, let row = table.row("cases") else {
            return isCollection ? SheetChunk() : SheetChunk(rows: [[.text(Self.notFound)]])
        }
        let values = Self.reviewColumnKeys.map { valueCell(.reviews, row, row.cell($0), marks) }
        return SheetChunk(rows: [(isCollection ? reportCells(report) : []) + values])
    }

    private func sectionsChunk(_ report: Report) -> SheetChunk {
        let prefix: [SheetCell] = isCollection ? [.text(report.metadata.source)] : []
        var rows: [[SheetCell]] = []
        if !report.preamble.isEmpty {
            rows.append(
                prefix + [.text("preamble"), .text(report.metadata.title ?? ""), .text(report.preamble, .wrapped)])
        }
        for section in report.sections {
            rows.append(prefix + [.text(section.kind.rawValue), .text(section.heading), .text(section.text, .wrapped)])
        }
        return SheetChunk(rows: rows)
    }

    /// The findings, then the cells whose flags no finding already names (a `missing` or `converted`
    /// value), so every doubt about a figure is on the sheet.
    private func findingsChunk(_ report: Report, _ marks: Marks) -> SheetChunk {
        let prefix: [SheetCell] = isCollection ? [.text(report.metadata.source)] : []
        var rows: [[SheetCell]] = []
        var named = Set<String>()
        for finding in report.findings {
            var flags = ""
            if let table = finding.table, let row = finding.row, let column = finding.column {
                named.insert(Marks.key(table.rawValue, row, column))
                flags = report.cell(table, row, column)?.flags.map(\.rawValue).joined(separator: ";") ?? ""
            }
            let style: CellStyle =
                switch finding.kind {
                case .ruleFailed: .failed
                case .suspiciousCell, .valuesInferred, .valueCountMismatch: .flagged
                default: .plain
                }
            rows.append(
                prefix + [
                    .text(finding.kind.rawValue, style), .text(finding.table?.rawValue ?? ""), .text(finding.row ?? ""),
                    .text(finding.column ?? ""), .text(flags), .text(finding.rule ?? ""),
                    .number(finding.expected), .number(finding.printed), .text(finding.message),
                ])
        }
        for table in report.tables where table.found {
            for row in table.rows {
                for cell in row.cells {
                    let flags = cell.flags.filter { $0 != .blank }
                    guard !flags.isEmpty, !named.contains(Marks.key(table.key.rawValue, row.key, cell.column)) else {
                        continue
                    }
                    rows.append(
                        prefix + [
                            .text(
                                "flag",
                                marks.style(table.key.rawValue, row.key, cell.column, flags: flags.map(\.rawValue))),
                            .text(table.key.rawValue), .text(row.key), .text(cell.column),
                            .text(cell.flags.map(\.rawValue).joined(separator: ";")), .empty, .empty, .empty,
                            .text("\(row.label) / \(cell.label): \(flags.map(\.rawValue).joined(separator: ", "))"),
                        ])
                }
            }
        }
        return SheetChunk(rows: rows)
    }
}

/// Which cells of a report to mark: those a failed rule names, and those with a flag to check.
struct Marks {
    static let attention = Set([CellFlag.suspicious, .inferred, .missing].map(\.rawValue))

    private let failed: Set<String>

    init(_ report: Report) {
        failed = Set(
            report.findings.compactMap { finding in
                guard finding.kind == .ruleFailed, let table = finding.table, let row = finding.row,
                    let column = finding.column
                else { return nil }
                return Self.key(table.rawValue, row, column)
            })
    }

    static func key(_ table: String, _ row: String, _ column: String) -> String {
        table + "\u{1F}" + row + "\u{1F}" + column
    }

    func style(_ table: String, _ row: String, _ column: String, flags: [String]) -> CellStyle {
        if !failed.isEmpty, failed.contains(Self.key(table, row, column)) { return .failed }
        if flags.contains(where: Self.attention.contains) { return .flagged }
        return .plain
    }
}
