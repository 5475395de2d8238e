import Testing

@testable import GIConvertCore

@Suite("Consistency rules")
struct ConsistencyRuleTests {
    /// A consistent 2021 report: 4 applications from natural persons, 3 granted, 1 carried forward.
    static func report(_ change: (inout [String: [String: Double?]]) -> Void = { _ in }) -> Report {
        var values: [String: [String: Double?]] = [:]
        let schema = ReportSchema.table(.applications, format: .v2021)
        for row in schema.rows {
            values[row.key] = Dictionary(uniqueKeysWithValues: row.columns.map { ($0.key, 0.0) })
        }
        values["new_received"]!["natural_person"] = 4
        values["new_received"]!["total"] = 4
        values["granted"]!["natural_person"] = 3
        values["granted"]!["total"] = 3
        values["handled_total"]!["natural_person"] = 3
        values["handled_total"]!["total"] = 3
        values["carried_forward"]!["natural_person"] = 1
        values["carried_forward"]!["total"] = 1
        change(&values)
        let rows = schema.rows.map { spec in
            TableRow(
                key: spec.key, label: spec.label,
                cells: spec.columns.map { column in
                    let value = values[spec.key]![column.key]!
                    return TableCell(
                        column: column.key, label: column.label, value: value,
                        raw: value.map { NumberFormatting.plain($0) } ?? "",
                        flags: value == nil ? [.blank] : [])
                })
        }
        let reviews = ReportSchema.table(.reviews, format: .v2021).rows[0]
        let reviewValues: [String: Double] = ["review_upheld": 2, "review_pending": 1, "review_total": 3]
        let reviewRow = TableRow(
            key: "cases", label: reviews.label,
            cells: reviews.columns.map {
                TableCell(column: $0.key, label: $0.label, value: reviewValues[$0.key] ?? 0, raw: "")
            })
        return Report(
            metadata: ReportMetadata(source: "t"), format: .v2021, sections: [],
            tables: [
                StatisticalTable(key: .applications, found: true, rows: rows),
                StatisticalTable(key: .reviews, found: true, rows: [reviewRow]),
            ], findings: [])
    }

    @Test("a consistent report breaks no rule")
    func consistent() {
        #expect(ConsistencyChecker.check(Self.report()).isEmpty)
    }

    @Test("一 + 二 = （七）总计 + 四, every column")
    func balance() throws {
        let report = Self.report {
            $0["carried_over"]!["commercial"] = 2
            $0["carried_over"]!["total"] = 2
        }
        let failures = ConsistencyRule.applicationsBalance.evaluate(report)
        #expect(failures.map(\.column) == ["commercial", "total"])
        let failure = try #require(failures.first)
        #expect(failure.expected == 2 && failure.printed == 0 && failure.rule == "applications.balance")
    }

    @Test("（七）总计 = the sum of the outcome rows, every column")
    func outcomes() throws {
        let report = Self.report {
            $0["other_misc"]!["research"] = 1
            $0["other_misc"]!["total"] = 1
        }
        let failures = ConsistencyRule.applicationsOutcomes.evaluate(report)
        #expect(failures.map(\.column) == ["research", "total"])
        #expect(failures.first?.expected == 1 && failures.first?.printed == 0)
    }

    @Test("总计 = the six applicant columns, every row")
    func rowTotal() throws {
        let report = Self.report { $0["granted"]!["total"] = .some(nil) }
        let failures = ConsistencyRule.applicationsRowTotal.evaluate(report)
        #expect(failures.count == 1)
        let failure = try #require(failures.first)
        // The rule counts the blank 总计 as 0, but the finding says it was printed blank.
        #expect(failure.row == "granted" && failure.expected == 3 && failure.printed == nil)
        #expect(failure.message.hasSuffix("总计 is blank"))
    }

    @Test("each reviews total = its four outcomes")
    func reviewTotals() throws {
        var report = Self.report()
        report.tables[1].rows[0].cells[4].value = 4
        let failures = ConsistencyRule.reviewsTotals.evaluate(report)
        #expect(failures.map(\.column) == ["review_total"])
        #expect(failures.first?.expected == 3 && failures.first?.printed == 4)
    }

    @Test("blanks count as zero; cells that were not found skip the rule")
    func blanksAndMissing() {
        let blanks = Self.report { values in
            for key in values.keys
            where key != "new_received" && key != "granted" && key != "handled_total" && key != "carried_forward" {
                for column in values[key]!.keys { values[key]![column] = .some(nil) }
            }
        }
        #expect(ConsistencyChecker.check(blanks).isEmpty)
        var missing = Self.report { $0["carried_forward"]!["total"] = 9 }
        missing.tables[0].rows[missing.tables[0].rows.count - 1].cells[6].flags = [.missing]
        #expect(!ConsistencyRule.applicationsBalance.evaluate(missing).contains { $0.column == "total" })
    }

    /// `report` with the cell of `row` and `column` in table `table` marked as not found.
    static func notFound(_ report: Report, _ table: Int, _ row: String, _ column: String) -> Report {
        var report = report
        let r = report.tables[table].rows.firstIndex { $0.key == row }!
        let c = report.tables[table].rows[r].cells.firstIndex { $0.column == column }!
        report.tables[table].rows[r].cells[c].flags = [.missing]
        return report
    }

    @Test("where a cell was not found, the cells found still never add up to more than a total read whole")
    func partialSums() throws {
        // Outcome rows: granted counts 2 for research, （七）总计 0, and other_misc's research cell is missing.
        let outcomes = Self.notFound(Self.report { $0["granted"]!["research"] = 2 }, 0, "other_misc", "research")
        let outcomeFailures = ConsistencyRule.applicationsOutcomes.evaluate(outcomes)
        #expect(outcomeFailures.map(\.column) == ["research"])
        let outcome = try #require(outcomeFailures.first)
        #expect(outcome.expected == 2 && outcome.printed == 0)
        #expect(outcome.message.contains("add up to at least 2 but （七）总计 is 0"))
        // Part of a sum that does not exceed the whole is no failure.
        #expect(
            ConsistencyRule.applicationsOutcomes.evaluate(Self.notFound(Self.report(), 0, "other_misc", "research"))
                .isEmpty)
        // Balance: 四 not found for natural persons, （七）总计 alone exceeds 一 + 二.
        let balance = Self.notFound(
            Self.report { $0["handled_total"]!["natural_person"] = 5 }, 0, "carried_forward", "natural_person")
        let balanceFailures = ConsistencyRule.applicationsBalance.evaluate(balance)
        #expect(balanceFailures.contains { $0.column == "natural_person" && $0.message.contains("at least 5") })
        // A row: 商业企业 not found, 自然人 alone exceeds 总计.
        let row = Self.notFound(
            Self.report { $0["new_received"]!["natural_person"] = 5 }, 0, "new_received", "commercial")
        let rowFailures = ConsistencyRule.applicationsRowTotal.evaluate(row)
        #expect(rowFailures.map(\.row) == ["new_received"])
        #expect(rowFailures.first?.message.contains("at least 5 but 总计 is 4") == true)
        #expect(
            ConsistencyRule.applicationsRowTotal.evaluate(Self.notFound(Self.report(), 0, "new_received", "commercial"))
                .isEmpty)
        // Reviews: 结果纠正 not found, 结果维持 4 + 尚未审结 1 exceed 总计 3.
        var reviews = Self.notFound(Self.report(), 1, "cases", "review_corrected")
        reviews.tables[1].rows[0].cells[0].value = 4
        let reviewFailures = ConsistencyRule.reviewsTotals.evaluate(reviews)
        #expect(reviewFailures.map(\.column) == ["review_total"])
        #expect(reviewFailures.first?.message.contains("at least 5 but 总计 is 3") == true)
    }

    @Test("a broken rule never changes a printed value")
    func valuesUnchanged() {
        let report = Self.report { $0["granted"]!["total"] = 9 }
        let recognized = report
        _ = ConsistencyChecker.check(report)
        #expect(report == recognized)
        #expect(report.cell(.applications, "granted", "total")?.value == 9)
    }

    @Test("canonical keys are lowercase ASCII, so an equal key has the same length (the rules compare lengths first)")
    func canonicalKeysArePlainASCII() {
        let plain = Set("abcdefghijklmnopqrstuvwxyz0123456789_".utf8)
        for table in TableKey.allCases {
            for format in ReportEdition.allCases {
                for row in ReportSchema.table(table, format: format).rows {
                    #expect(row.key.utf8.allSatisfy(plain.contains), "\(row.key)")
                    for column in row.columns { #expect(column.key.utf8.allSatisfy(plain.contains), "\(column.key)") }
                }
            }
        }
    }
}
