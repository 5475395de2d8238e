/// Where the counts of applications-table rows printed with their blank cells dropped belong (`2 | 2`:
/// one count and the row's total, in any of six applicant columns), told by the table's column
/// identities: for every applicant column, 一 + 二 = （七）总计 + 四, and the outcome rows add up to
/// （七）总计.
///
/// Each such row has candidate placements: its counts, in the order printed, in any increasing choice
/// of columns. A placement is possible when some placement of the other such rows makes both
/// identities hold in every column. A row with one possible placement is placed; a row with several is
/// ambiguous. The search is a reachability pass over partial column sums, forward and backward through
/// the rows of each identity, so rows with equal counts cost no more than distinct ones.
enum ApplicantColumnPlacement {
    /// A row whose printed counts fit several sets of columns.
    struct Row: Equatable {
        /// The row's canonical key.
        let key: String
        /// Its printed counts, without the total, in the order printed.
        let counts: [Int]
        /// Per count, the columns where it is printed tells it may be in (``PrintedColumns``); `nil`
        /// where the text tells no position.
        var allowed: [[Int]]? = nil
    }

    /// What the identities tell about one ``Row``.
    enum Outcome: Equatable {
        /// Exactly one placement is possible: the columns (indices into the applicant columns, the
        /// total excluded) of its counts.
        case placed([Int])
        /// More than one placement is possible; each is listed.
        case ambiguous([[Int]])
        /// The identities cannot be used: a row they need was not read, or the search is too large.
        case unconstrained
        /// No placement of the rows makes the identities hold: the table disagrees with itself elsewhere.
        case inconsistent
        /// More than one placement is possible (each is listed), among them its one count in the first
        /// column, where the row-total rule puts it.
        case firstColumn([[Int]])
    }

    /// The applicant columns the counts are placed in: every applicant column but the total.
    static let columnCount = ReportSchema.applicantColumns.count - 1

    /// The outcome of each of `undetermined`, in its order. `known` gives each row of the table that was
    /// read: its applicant counts (the total excluded, blank cells as 0), or `nil` for a row with a cell
    /// that was not read. Rows in neither are unknown.
    ///
    /// Rows printing one count, which the identities allow in the first column (自然人) among others,
    /// are put there as the row-total rule has it when, all of them there at once, the identities still
    /// hold (``Outcome/firstColumn(_:)``); otherwise none is.
    static func outcomes(
        undetermined: [Row], known: [String: [Int]?], format: ReportEdition
    ) -> [Outcome] {
        guard !undetermined.isEmpty else { return [] }
        let identities = Identities(undetermined: undetermined, known: known, format: format)
        var candidates = undetermined.map { row in
            let all = placements(of: row.counts)
            guard let allowed = row.allowed else { return all }
            let kept = all.filter { placement in
                zip(placement.columns, allowed).allSatisfy { column, columns in columns.contains(column) }
            }
            // Positions no increasing choice of columns fits tell nothing.
            return kept.isEmpty ? all : kept
        }
        let possible: [[Bool]]
        switch identities.possible(candidates) {
        case .tooLarge: return undetermined.map { _ in .unconstrained }
        case .none: return undetermined.map { _ in .inconsistent }
        case .some(let found): possible = found
        }
        var outcomes: [Outcome] = undetermined.indices.map { row in
            guard identities.constrains(row) else { return .unconstrained }
            let kept = candidates[row].indices.filter { possible[row][$0] }.map { candidates[row][$0].columns }
            return kept.count == 1 ? .placed(kept[0]) : .ambiguous(kept)
        }
        let firstColumn = undetermined.indices.filter { row in
            if case .ambiguous(let kept) = outcomes[row], kept.contains([0]) { true } else { false }
        }
        guard !firstColumn.isEmpty else { return outcomes }
        for row in firstColumn { candidates[row] = candidates[row].filter { $0.columns == [0] } }
        guard case .some = identities.possible(candidates) else { return outcomes }
        for row in firstColumn {
            if case .ambiguous(let kept) = outcomes[row] { outcomes[row] = .firstColumn(kept) }
        }
        return outcomes
    }

    /// The two identities over the rows of one table.
    private struct Identities {
        /// Each identity: its rows, each with its sign, and which side of it is summed (`undetermined`
        /// index, or the known counts).
        let equations: [[(term: Term, sign: Int32)]]
        /// For each undetermined row, the usable identities it is in.
        let occurrences: [[Int]]

        enum Term {
            case undetermined(Int)
            case known(Vector)
        }

        init(undetermined: [Row], known: [String: [Int]?], format: ReportEdition) {
            let keys: [[(key: String, sign: Int32)]] = [
                [("new_received", 1), ("carried_over", 1), ("handled_total", -1), ("carried_forward", -1)],
                ReportSchema.outcomeRowKeys(format).map { ($0, 1) } + [("handled_total", -1)],
            ]
            let index = Dictionary(
                undetermined.enumerated().map { ($0.element.key, $0.offset) }, uniquingKeysWith: { first, _ in first })
            // An identity is usable when every row in it was read, fully or as an undetermined row.
            let equations = keys.compactMap { equation -> [(term: Term, sign: Int32)]? in
                var terms: [(term: Term, sign: Int32)] = []
                for (key, sign) in equation {
                    if let row = index[key] {
                        terms.append((.undetermined(row), sign))
                    } else if let counts = known[key] ?? nil {
                        terms.append((.known(ApplicantColumnPlacement.vector(counts)), sign))
                    } else {
                        return nil
                    }
                }
                return terms
            }
            self.equations = equations
            occurrences = undetermined.indices.map { row in
                equations.indices.filter { equation in
                    equations[equation].contains {
                        if case .undetermined(row) = $0.term { true } else { false }
                    }
                }
            }
        }

        /// Whether a usable identity holds `row`.
        func constrains(_ row: Int) -> Bool { !occurrences[row].isEmpty }

        /// For each undetermined row, which of its `candidates` some placement of all of them that
        /// makes every usable identity hold takes; `.none` when no placement does.
        func possible(_ candidates: [[(columns: [Int], vector: Vector)]]) -> Reach {
            // Rows in both identities (（七）总计) are tried placement by placement; each identity's
            // other rows are then searched on their own.
            let shared = candidates.indices.filter { occurrences[$0].count > 1 }
            var possible = candidates.map { Array(repeating: false, count: $0.count) }
            var anyFeasible = false
            var choice = [Int](repeating: 0, count: shared.count)
            let combinations = shared.reduce(1) { $0 * candidates[$1].count }
            guard combinations <= 400 else { return .tooLarge }
            for _ in 0..<combinations {
                defer {
                    // The next combination of the shared rows' placements, like an odometer.
                    for position in shared.indices {
                        choice[position] += 1
                        if choice[position] < candidates[shared[position]].count { break }
                        choice[position] = 0
                    }
                }
                var found: [(rows: [Int], possible: [[Bool]])] = []
                var feasible = true
                for equation in equations {
                    var target = Vector()
                    var free: [(row: Int, sign: Int32)] = []
                    for (term, sign) in equation {
                        switch term {
                        case .known(let vector): target &-= vector &* sign
                        case .undetermined(let row):
                            if let position = shared.firstIndex(of: row) {
                                target &-= candidates[row][choice[position]].vector &* sign
                            } else {
                                free.append((row, sign))
                            }
                        }
                    }
                    switch reachable(free.map { (candidates[$0.row].map(\.vector), $0.sign) }, target: target) {
                    case .tooLarge: return .tooLarge
                    case .none: feasible = false
                    case .some(let rows): found.append((free.map(\.row), rows))
                    }
                    if !feasible { break }
                }
                guard feasible else { continue }
                anyFeasible = true
                for (position, row) in shared.enumerated() { possible[row][choice[position]] = true }
                for equation in found {
                    for (row, placements) in zip(equation.rows, equation.possible) {
                        for index in placements.indices where placements[index] { possible[row][index] = true }
                    }
                }
            }
            return anyFeasible ? .some(possible) : .none
        }
    }

    /// Partial column sums, one lane per applicant column.
    typealias Vector = SIMD8<Int32>

    fileprivate static func vector(_ counts: [Int]) -> Vector {
        var vector = Vector()
        for (column, count) in counts.enumerated() where column < Vector.scalarCount {
            vector[column] = Int32(clamping: count)
        }
        return vector
    }

    /// Every increasing choice of columns for `counts`, with the column sums it gives.
    static func placements(of counts: [Int]) -> [(columns: [Int], vector: Vector)] {
        var result: [(columns: [Int], vector: Vector)] = []
        var columns: [Int] = []
        func extend(from column: Int) {
            if columns.count == counts.count {
                var vector = Vector()
                for (index, column) in columns.enumerated() { vector[column] = Int32(clamping: counts[index]) }
                result.append((columns, vector))
                return
            }
            let left = counts.count - columns.count
            guard column + left <= columnCount else { return }
            for next in column...(columnCount - left) {
                columns.append(next)
                extend(from: next + 1)
                columns.removeLast()
            }
        }
        extend(from: 0)
        return result
    }

    fileprivate enum Reach {
        case tooLarge
        case none
        case some([[Bool]])
    }

    /// The most partial sums the search keeps before giving up.
    private static let stateLimit = 200_000

    /// Whether `sign · x` summed over one choice per row can equal `target`, and if so which choices of
    /// each row take part in some such sum.
    private static func reachable(_ rows: [(choices: [Vector], sign: Int32)], target: Vector) -> Reach {
        // Counts are never negative: when every row adds (or every row takes away), no lane of a
        // partial sum passes the target's.
        var target = target
        var rows = rows
        if !rows.isEmpty, rows.allSatisfy({ $0.sign < 0 }) {
            target = 0 &- target
            rows = rows.map { ($0.choices, 1) }
        }
        let bounded = rows.allSatisfy { $0.sign > 0 }
        if bounded, any(target .< 0) { return .none }
        func fits(_ sum: Vector) -> Bool { !bounded || (all(sum .>= 0) && all(sum .<= target)) }
        var states = 0
        var forward: [Set<Vector>] = [[Vector()]]
        for row in rows {
            var next = Set<Vector>()
            for sum in forward.last! {
                for choice in row.choices {
                    let extended = sum &+ choice &* row.sign
                    if fits(extended) { next.insert(extended) }
                }
            }
            states += next.count
            if states > stateLimit { return .tooLarge }
            forward.append(next)
        }
        guard forward.last!.contains(target) else { return .none }
        var backward = Set<Vector>([target])
        var possible = rows.map { Array(repeating: false, count: $0.choices.count) }
        for index in rows.indices.reversed() {
            let row = rows[index]
            var previous = Set<Vector>()
            for sum in forward[index] {
                for (choice, vector) in row.choices.enumerated() where backward.contains(sum &+ vector &* row.sign) {
                    possible[index][choice] = true
                    previous.insert(sum)
                }
            }
            backward = previous
        }
        return .some(possible)
    }
}
