import Testing

@testable import GIConvertCore

/// Rows of the applications table printed with their blank cells dropped, placed by the table's
/// column identities.
@Suite("Placing counts by the applications table's column identities")
struct ApplicantColumnPlacementTests {
    typealias Row = ApplicantColumnPlacement.Row

    /// Every row of the 2021 table as read in full, each count in `counts` (blank cells as 0).
    static func known(_ counts: [String: [Int]]) -> [String: [Int]?] {
        var known: [String: [Int]?] = [:]
        for row in ReportSchema.table(.applications, format: .v2021).rows {
            known[row.key] = counts[row.key] ?? [0, 0, 0, 0, 0, 0]
        }
        return known
    }

    @Test("each combination of columns for the printed counts, in order")
    func placements() {
        let placements = ApplicantColumnPlacement.placements(of: [4, 1])
        #expect(placements.count == 15)
        #expect(placements.first?.columns == [0, 1])
        #expect(placements.last?.columns == [4, 5])
        #expect(placements[0].vector[0] == 4 && placements[0].vector[1] == 1)
    }

    @Test("counts the identities allow in one column only are placed there, not in 自然人")
    func placedByIdentities() {
        // 3 natural persons and 2 companies applied; all were handled, two outcome rows print one count each.
        var known = Self.known(["new_received": [3, 2, 0, 0, 0, 0]])
        for key in ["handled_total", "granted", "denied_state_secret"] { known[key] = nil }
        let outcomes = ApplicantColumnPlacement.outcomes(
            undetermined: [
                Row(key: "granted", counts: [2]), Row(key: "denied_state_secret", counts: [3]),
                Row(key: "handled_total", counts: [3, 2]),
            ], known: known, format: .v2021)
        #expect(outcomes == [.placed([1]), .placed([0]), .placed([0, 1])])
    }

    @Test("a count the identities allow in 自然人 and elsewhere stays there, by the row-total rule")
    func firstColumnKept() {
        // Everything is in one column: any column fits, 自然人 among them.
        var known = Self.known([:])
        for key in ["new_received", "handled_total", "granted"] { known[key] = nil }
        let outcomes = ApplicantColumnPlacement.outcomes(
            undetermined: [
                Row(key: "new_received", counts: [4]), Row(key: "granted", counts: [4]),
                Row(key: "handled_total", counts: [4]),
            ], known: known, format: .v2021)
        #expect(outcomes.count == 3)
        for outcome in outcomes {
            guard case .firstColumn(let kept) = outcome else {
                Issue.record("\(outcome)")
                continue
            }
            #expect(kept.count == 6)
        }
    }

    @Test("two equal counts that can swap columns, neither of them in 自然人 alone, are ambiguous")
    func equalReadingsAreAmbiguous() {
        // One natural person and one company: which of the two outcome rows is whose cannot be told.
        var known = Self.known(["new_received": [1, 1, 0, 0, 0, 0], "handled_total": [1, 1, 0, 0, 0, 0]])
        for key in ["granted", "denied_state_secret"] { known[key] = nil }
        let outcomes = ApplicantColumnPlacement.outcomes(
            undetermined: [Row(key: "granted", counts: [1]), Row(key: "denied_state_secret", counts: [1])],
            known: known, format: .v2021)
        #expect(outcomes == [.ambiguous([[0], [1]]), .ambiguous([[0], [1]])])
    }

    @Test("a row that was not read leaves the identities it is in unusable")
    func unreadRowLeavesRowsUnconstrained() {
        var known = Self.known(["new_received": [0, 2, 0, 0, 0, 0], "handled_total": [0, 2, 0, 0, 0, 0]])
        known["granted"] = nil
        known["partially_granted"] = .some(nil)
        let outcomes = ApplicantColumnPlacement.outcomes(
            undetermined: [Row(key: "granted", counts: [2])], known: known, format: .v2021)
        #expect(outcomes == [.unconstrained])
    }

    @Test("identities no placement satisfies leave the rows as the row-total rule reads them")
    func inconsistentTable() {
        var known = Self.known(["new_received": [0, 2, 0, 0, 0, 0], "handled_total": [0, 2, 0, 0, 0, 0]])
        known["granted"] = nil
        let outcomes = ApplicantColumnPlacement.outcomes(
            undetermined: [Row(key: "granted", counts: [5])], known: known, format: .v2021)
        #expect(outcomes == [.inconsistent])
    }

    @Test("a text row printing one count and its total goes to the column the totals leave for it, beside 0s")
    func recognizedTextRow() throws {
        // The text prints each row's figures with blank cells dropped, except the rows printing every cell.
        let lines =
            [RecognitionLayoutTests.header.joined(separator: " ")]
            + ReportSchema.table(.applications, format: .v2021).rows.map { row -> String in
                let figures =
                    switch row.key {
                    case "new_received", "handled_total": "3 2 0 0 0 0 5"
                    case "granted": "2 2"
                    case "denied_state_secret": "3 3"
                    default: "0 0 0 0 0 0 0"
                    }
                return "\(row.label) \(figures)"
            } + ["四、政府信息公开行政复议、行政诉讼情况"] + RecognitionLayoutTests.reviewValues
        let report = ReportRecognizer.recognize(RecognitionLayoutTests.document(lines), source: "t.txt")
        let granted = try #require(report.table(.applications)?.row("granted")?.cells)
        // The table prints its zeros: the other columns are the 0 the text lost, by the row's total.
        #expect(granted.map(\.value) == [0, 2, 0, 0, 0, 0, 2])
        #expect(granted.allSatisfy { $0.flags == [.inferred] })
        #expect(report.cell(.applications, "denied_state_secret", "natural_person")?.value == 3)
        #expect(
            report.findings.contains {
                $0.kind == .valuesInferred && $0.row == "granted" && $0.message.contains("商业企业")
            })
        #expect(!report.findings.contains { $0.kind == .ruleFailed })
    }
}
