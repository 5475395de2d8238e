/// One identity the spec says a report's figures satisfy. A rule reads figures and reports where they
/// disagree; it never changes them.
public struct ConsistencyRule: Sendable {
    /// A stable identifier, used in findings (`applications.balance`).
    public let id: String
    /// The rule as the spec states it.
    public let summary: String
    let evaluate: @Sendable (Report) -> [Finding]

    /// Every rule of the spec, in the order the spec lists them.
    public static let all: [ConsistencyRule] = [
        applicationsBalance, applicationsOutcomes, applicationsRowTotal, reviewsTotals,
    ]

    /// 一 + 二 = （七）总计 + 四, for every column of the applications table.
    public static let applicationsBalance = ConsistencyRule(
        id: "applications.balance",
        summary: "for every column: new_received + carried_over = handled_total + carried_forward"
    ) { report in
        guard let table = report.table(.applications), table.found else { return [] }
        return compareColumns(
            table, expectedRows: ["new_received", "carried_over"], printedRows: ["handled_total", "carried_forward"],
            rule: "applications.balance"
        ) { label, left, right in
            "\(label): 一+二 = \(left) but （七）总计+四 = \(right)"
        }
    }

    /// （七）总计 = the sum of the outcome rows （一）…（六）, for every column.
    public static let applicationsOutcomes = ConsistencyRule(
        id: "applications.outcomes",
        summary: "for every column: handled_total = sum of all outcome rows from granted to the last 其他处理 row"
    ) { report in
        guard let table = report.table(.applications), table.found, let format = report.format else { return [] }
        return compareColumns(
            table, expectedRows: outcomeRowKeys(format), printedRows: ["handled_total"],
            rule: "applications.outcomes"
        ) { label, expected, printed in
            "\(label): the outcome rows add up to \(expected) but （七）总计 is \(printed)"
        }
    }

    /// ``ReportSchema/outcomeRowKeys(_:)`` of each format, worked out once.
    private static let outcomeRowKeysByFormat: [[String]] = ReportEdition.allCases.map(ReportSchema.outcomeRowKeys)

    private static func outcomeRowKeys(_ format: ReportEdition) -> [String] {
        outcomeRowKeysByFormat[ReportEdition.allCases.firstIndex(of: format)!]
    }

    /// For every applicant column, the sum of `expectedRows` against the sum of `printedRows`; a failure
    /// is reported on the （七）总计 row. Where a side has cells that were not found, the cells found on it
    /// are still checked against the other side when that side was read whole: counts are never negative,
    /// so part of a sum never exceeds the whole. The message gets both figures as text (`at least 11` for
    /// part of a sum, `blank` when every printed cell is blank); it is written only for a failure.
    private static func compareColumns(
        _ table: StatisticalTable, expectedRows: [String], printedRows: [String], rule: String,
        message: (_ column: String, _ expected: String, _ printed: String) -> String
    ) -> [Finding] {
        let columns = ReportSchema.applicantColumns
        return withUnsafeTemporaryAllocation(of: Double?.self, capacity: 2 * columns.count) { sums in
            let expectedSums = UnsafeMutableBufferPointer(rebasing: sums[..<columns.count])
            let printedSums = UnsafeMutableBufferPointer(rebasing: sums[columns.count...])
            columnSums(table, rows: expectedRows, columns: columns, into: expectedSums)
            columnSums(table, rows: printedRows, columns: columns, into: printedSums)
            var findings: [Finding] = []
            for index in columns.indices {
                let column = columns[index].key
                if let expected = expectedSums[index], let printed = printedSums[index] {
                    guard fails(expected, printed) else { continue }
                    let blank = allBlank(table, rows: printedRows, column: column)
                    findings.append(
                        failure(
                            expected, blank ? nil : printed, table: .applications, row: "handled_total",
                            column: column, rule: rule,
                            message: message(
                                columns[index].label, NumberFormatting.plain(expected), text(printed, blank: blank))))
                } else if let expected = expectedSums[index] {
                    let part = partialSum(table, rows: printedRows, column: column)
                    guard part > expected + 1e-6 else { continue }
                    findings.append(
                        failure(
                            expected, part, table: .applications, row: "handled_total", column: column, rule: rule,
                            message: message(
                                columns[index].label, NumberFormatting.plain(expected),
                                "at least \(NumberFormatting.plain(part))")))
                } else if let printed = printedSums[index] {
                    let part = partialSum(table, rows: expectedRows, column: column)
                    guard part > printed + 1e-6 else { continue }
                    let blank = allBlank(table, rows: printedRows, column: column)
                    findings.append(
                        failure(
                            part, blank ? nil : printed, table: .applications, row: "handled_total", column: column,
                            rule: rule,
                            message: message(
                                columns[index].label, "at least \(NumberFormatting.plain(part))",
                                text(printed, blank: blank))))
                }
            }
            return findings
        }
    }

    /// The sum of the cells of `rows` in `column` that were found, blanks as 0.
    private static func partialSum(_ table: StatisticalTable, rows: [String], column: String) -> Double {
        rows.reduce(0) { total, key in total + (table.row(key).map { partialSum($0, columns: [column]) } ?? 0) }
    }

    /// 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他, for every row.
    public static let applicationsRowTotal = ConsistencyRule(
        id: "applications.row_total",
        summary:
            "for every row: total = natural_person + commercial + research + social_welfare + legal_services + other_org"
    ) { report in
        guard let table = report.table(.applications), table.found else { return [] }
        let columns = applicantColumnKeys
        var findings: [Finding] = []
        table.rows.withUnsafeBufferPointer { rows in
            for row in rows.indices {
                let (expected, printed) = rows[row].cells.withUnsafeBufferPointer { cells -> (Double?, Double?) in
                    // Cells are in column order: read them by position when they are.
                    guard cells.count == columns.count && cells.indices.allSatisfy({ cells[$0].column == columns[$0] })
                    else {
                        return (sum(rows[row], columns: columns.dropLast()), sum(rows[row], columns: ["total"]))
                    }
                    var total = 0.0
                    var missing = false
                    for c in cells.indices {
                        if isMissing(cells, c) { missing = true }
                        if c < cells.count - 1 { total += cells[c].value ?? 0 }
                    }
                    return missing ? (nil, nil) : (total, cells[cells.count - 1].value ?? 0)
                }
                let blank = isBlank(rows[row].cell("total"))
                if let expected, let printed {
                    guard fails(expected, printed) else { continue }
                    findings.append(
                        failure(
                            expected, blank ? nil : printed, table: .applications, row: rows[row].key,
                            column: "total", rule: "applications.row_total",
                            message:
                                "\(rows[row].label): the applicant columns add up to \(NumberFormatting.plain(expected)) but 总计 is \(text(printed, blank: blank))"
                        ))
                } else if let printed = sum(rows[row], columns: ["total"]) {
                    // Counts never being negative, the columns found never add up to more than 总计.
                    let part = partialSum(rows[row], columns: columns.dropLast())
                    guard part > printed + 1e-6 else { continue }
                    findings.append(
                        failure(
                            part, blank ? nil : printed, table: .applications, row: rows[row].key, column: "total",
                            rule: "applications.row_total",
                            message:
                                "\(rows[row].label): the applicant columns read add up to at least \(NumberFormatting.plain(part)) but 总计 is \(text(printed, blank: blank))"
                        ))
                }
            }
        }
        return findings
    }

    /// The sum of the cells of `columns` in `row` that were found, blanks as 0.
    private static func partialSum<Columns: Collection<String>>(_ row: TableRow, columns: Columns) -> Double {
        var total = 0.0
        for column in columns {
            guard let cell = row.cell(column), !cell.flags.contains(.missing) else { continue }
            total += cell.value ?? 0
        }
        return total
    }

    private static let applicantColumnKeys = ReportSchema.applicantColumns.map(\.key)

    /// Each 总计 of the reviews table = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
    public static let reviewsTotals = ConsistencyRule(
        id: "reviews.totals",
        summary: "each total = upheld + corrected + other + pending, for 行政复议, 未经复议直接起诉 and 复议后起诉"
    ) { report in
        guard let table = report.table(.reviews), table.found, let row = table.row("cases") else { return [] }
        var findings: [Finding] = []
        for group in ReportSchema.reviewGroups {
            guard let printed = sum(row, columns: [group.total]) else { continue }
            let expected = sum(row, columns: group.outcomes)
            // With an outcome not found, the outcomes found never add up to more than the total.
            let part = expected ?? partialSum(row, columns: group.outcomes)
            guard expected != nil ? fails(part, printed) : part > printed + 1e-6 else { continue }
            let blank = isBlank(row.cell(group.total))
            findings.append(
                failure(
                    part, blank ? nil : printed, table: .reviews, row: "cases", column: group.total,
                    rule: "reviews.totals",
                    message:
                        "\(group.name): the outcomes \(expected != nil ? "add up to" : "read add up to at least") \(NumberFormatting.plain(part)) but 总计 is \(text(printed, blank: blank))"
                ))
        }
        return findings
    }

    // MARK: Arithmetic on printed figures

    /// The sum of cells, blanks counted as 0; `nil` when any cell was not found in the document.
    static func sum<Columns: Collection<String>>(_ row: TableRow, columns: Columns) -> Double? {
        var total = 0.0
        var position = 0
        for column in columns {
            defer { position += 1 }
            // Cells are in column order, so the position usually finds the cell without a search.
            let index =
                position < row.cells.count && sameKey(row.cells[position].column, column)
                ? position : row.cells.firstIndex { sameKey($0.column, column) }
            guard let index, !row.cells[index].flags.contains(.missing) else { return nil }
            total += row.cells[index].value ?? 0
        }
        return total
    }

    /// Column sums of a table, blanks as 0, for every column at once: `nil` for a column where a cell
    /// was not found. Rows and columns are looked up once, not per term.
    static func columnSums(_ table: StatisticalTable, rows: [String], columns: [ColumnSpec]) -> [Double?] {
        [Double?](unsafeUninitializedCapacity: columns.count) { totals, count in
            columnSums(table, rows: rows, columns: columns, into: totals)
            count = columns.count
        }
    }

    /// ``columnSums(_:rows:columns:)`` written to `totals`, which has room for one sum per column.
    private static func columnSums(
        _ table: StatisticalTable, rows: [String], columns: [ColumnSpec],
        into totals: UnsafeMutableBufferPointer<Double?>
    ) {
        _ = totals.initialize(from: repeatElement(0, count: columns.count))
        table.rows.withUnsafeBufferPointer { tableRows in
            for key in rows {
                guard let r = tableRows.firstIndex(where: { sameKey($0.key, key) }) else {
                    for index in columns.indices { totals[index] = nil }
                    return
                }
                tableRows[r].cells.withUnsafeBufferPointer { cells in
                    for (index, column) in columns.enumerated() {
                        // The cell by position when the cells are in order.
                        let c =
                            cells.count == columns.count && cells[index].column == column.key
                            ? index : cells.firstIndex { sameKey($0.column, column.key) }
                        guard let c, !isMissing(cells, c), let total = totals[index] else {
                            totals[index] = nil
                            continue
                        }
                        totals[index] = total + (cells[c].value ?? 0)
                    }
                }
            }
        }
    }

    /// True when `cells[index]` was not found in the document. Reads the flags in place.
    @inline(__always)
    private static func isMissing(_ cells: UnsafeBufferPointer<TableCell>, _ index: Int) -> Bool {
        for flag in cells[index].flags.indices where cells[index].flags[flag] == .missing { return true }
        return false
    }

    /// `a == b` for a canonical row or column key `b`, comparing lengths first, which spares most full
    /// comparisons of keys that differ. Canonical keys are lowercase ASCII, digits and `_`, and no other
    /// spelling is canonically equivalent to such a string, so equal keys have equal lengths.
    @inline(__always)
    private static func sameKey(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a == b
    }

    /// True when the printed figure is not the expected one.
    private static func fails(_ expected: Double, _ printed: Double) -> Bool {
        abs(expected - printed) > 1e-6
    }

    /// True when the cell was printed blank (no value): a blank is not a printed 0.
    private static func isBlank(_ cell: TableCell?) -> Bool {
        guard let cell else { return false }
        return cell.value == nil && cell.flags.contains(.blank)
    }

    /// True when the cells of `rows` in `column` were all printed blank. Read only for a failed rule.
    private static func allBlank(_ table: StatisticalTable, rows: [String], column: String) -> Bool {
        rows.allSatisfy { isBlank(table.row($0)?.cell(column)) }
    }

    /// A printed figure for a message: the number, or `blank`.
    private static func text(_ printed: Double, blank: Bool) -> String {
        blank ? "blank" : NumberFormatting.plain(printed)
    }

    private static func failure(
        _ expected: Double, _ printed: Double?, table: TableKey, row: String, column: String, rule: String,
        message: String
    ) -> Finding {
        Finding(
            kind: .ruleFailed, table: table, row: row, column: column, rule: rule,
            expected: expected, printed: printed, message: message)
    }
}

/// Applies every ``ConsistencyRule`` to a report.
public enum ConsistencyChecker {
    /// The findings of every rule that fails.
    public static func check(_ report: Report, rules: [ConsistencyRule] = ConsistencyRule.all) -> [Finding] {
        rules.flatMap { $0.evaluate(report) }
    }
}
