import Testing

@testable import GIConvertCore

/// Tables are cut at ``TableLimits``, so no table costs more than a bounded grid, and the cut is told.
@Suite("Table grid limits")
struct TableGridLimitTests {
    @Test("a table within the limit resolves exactly as before, with no cut")
    func withinLimit() {
        let rows = [
            [SpannedCell(text: "a", rowSpan: 2), SpannedCell(text: "b", columnSpan: 2)], [SpannedCell(text: "c")],
        ]
        let (grid, cut) = TableGrid.resolving(rows)
        #expect(cut == nil)
        #expect(grid == TableGrid(spannedRows: rows))
        #expect(grid.rows.map { $0.map(\.text) } == [["a", "b", "b"], ["a", "c", ""]])
    }

    @Test("one wide row and many one-cell rows: padding would pass the limit, so the grid keeps what fits")
    func paddingAmplification() {
        let n = 2000
        let rows =
            [Array(repeating: SpannedCell(text: "x"), count: n)] + Array(repeating: [SpannedCell(text: "y")], count: n)
        let (grid, cut) = TableGrid.resolving(rows)
        let cells = grid.rows.reduce(0) { $0 + $1.count }
        #expect(cells <= TableLimits.maximumCells)
        #expect(Set(grid.rows.map(\.count)).count == 1)
        guard let told = cut else {
            Issue.record("no cut")
            return
        }
        #expect(told.rows == n + 1 && told.columns == n)
        #expect(told.keptRows == grid.rows.count && told.keptColumns == grid.rows[0].count)
        #expect(ReaderWarning.tableCut(told).message.contains("larger than any report table"))
    }

    @Test("spans that each reach over the rows below cannot build a grid past the limit")
    func spanAmplification() {
        let n = 3000
        let rows = (0..<n).map { r in [SpannedCell(text: "s", rowSpan: n - r, columnSpan: 100)] }
        let (grid, cut) = TableGrid.resolving(rows)
        #expect(grid.rows.reduce(0) { $0 + $1.count } <= TableLimits.maximumCells)
        #expect(cut != nil)
    }

    @Test("fit keeps every row when enough columns fit, else the first rows of the minimum width")
    func fit() {
        #expect(TableLimits.fit(rowCount: 10, width: 10, maximumCells: 100) == nil)
        #expect(TableLimits.fit(rowCount: 10, width: 1000, maximumCells: 10_000) == nil)
        let wide = TableLimits.fit(rowCount: 100, width: 100_000, maximumCells: 250_000)!
        #expect(wide.rows == 100 && wide.columns == 2500)
        let tall = TableLimits.fit(rowCount: 100_000, width: 100, maximumCells: 250_000)!
        #expect(tall.columns == 64 && tall.rows == 250_000 / 64)
        let huge = TableLimits.fit(rowCount: Int.max, width: Int.max, maximumCells: 250_000)!
        #expect(huge.rows * huge.columns <= 250_000)
    }
}
