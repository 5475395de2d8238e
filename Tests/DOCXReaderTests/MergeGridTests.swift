import GIConvertCore
import TestSupport
import Testing

@testable import DOCXReader

/// Word's merges (`w:gridSpan`, `w:vMerge`, `w:hMerge`, `w:gridBefore`/`w:gridAfter`) go through the one
/// span resolver, `TableGrid.resolving`: its grids must be those of Word's rules applied row by row, as
/// the oracle below applies them, also when the table is cut to the cell limit.
@Suite("DOCX merges resolved by TableGrid")
struct MergeGridTests {
    typealias Row = DocumentBuilder.Row
    typealias Cell = DocumentBuilder.Cell

    /// Oracle: Word's rules applied row by row on plain arrays. A `vMerge` continuation takes the text of
    /// the position above, an `hMerge` one that of the position to its left, at each of its positions;
    /// rows are cut to the kept size and padded to the widest.
    static func oracle(_ rows: [Row], maximumCells: Int) -> (TableGrid, TableCut?) {
        let declaredWidth =
            rows.map { row in row.gridBefore + row.gridAfter + row.cells.map { max($0.gridSpan, 1) }.reduce(0, +) }
            .max() ?? 0
        let fit = TableLimits.fit(rowCount: rows.count, width: declaredWidth, maximumCells: maximumCells)
        let keptWidth = fit?.columns ?? declaredWidth
        var grid: [[GridCell]] = []
        for row in rows.prefix(fit?.rows ?? rows.count) {
            var out = Array(repeating: GridCell(text: ""), count: row.gridBefore)
            for cell in row.cells where out.count < keptWidth {
                let span = max(cell.gridSpan, 1)
                let column = out.count
                if cell.vMerge == .continue, let above = grid.last, column < above.count {
                    out += Array(repeating: GridCell(text: above[column].text, isSpanContinuation: true), count: span)
                } else if cell.hMerge == .continue, let left = out.last {
                    out += Array(repeating: GridCell(text: left.text, isSpanContinuation: true), count: span)
                } else {
                    out.append(GridCell(text: cell.text))
                    out += Array(repeating: GridCell(text: cell.text, isSpanContinuation: true), count: span - 1)
                }
            }
            out += Array(repeating: GridCell(text: ""), count: row.gridAfter)
            grid.append(Array(out.prefix(keptWidth)))
        }
        let width = grid.map(\.count).max() ?? 0
        grid = grid.map { $0 + Array(repeating: GridCell(text: ""), count: width - $0.count) }
        let cut = fit.map {
            TableCut(rows: rows.count, columns: declaredWidth, keptRows: $0.rows, keptColumns: $0.columns)
        }
        return (TableGrid(rows: grid), cut)
    }

    static func randomRows(_ generator: inout SplitMix64, wide: Bool) -> [Row] {
        let rowCount = 1 + Int(generator.next() % 8)
        return (0..<rowCount).map { r in
            var row = Row()
            row.gridBefore = generator.next() % 5 == 0 ? Int(generator.next() % 3) : 0
            row.gridAfter = generator.next() % 5 == 0 ? Int(generator.next() % 3) : 0
            let cellCount = 1 + Int(generator.next() % (wide ? 90 : 6))
            row.cells = (0..<cellCount).map { c in
                var cell = Cell()
                cell.append(.text("r\(r)c\(c)"))
                cell.gridSpan = generator.next() % 4 == 0 ? 1 + Int(generator.next() % 3) : 1
                switch generator.next() % 6 {
                case 0: cell.vMerge = .continue
                case 1: cell.vMerge = .restart
                case 2: cell.hMerge = .continue
                case 3:
                    cell.vMerge = .continue
                    cell.hMerge = .continue
                default: break
                }
                return cell
            }
            return row
        }
    }

    @Test("seeded random Word tables resolve as Word's rules say, whole and cut to small limits")
    func randomTables() {
        var generator = SplitMix64(seed: 0xD0C5_0001)
        var cuts = 0
        for round in 0..<1500 {
            let rows = Self.randomRows(&generator, wide: round % 3 == 0)
            let maximumCells = round % 2 == 0 ? TableLimits.maximumCells : 20 + Int(generator.next() % 200)
            let (grid, cut) = DocumentBuilder.grid(rows, maximumCells: maximumCells)
            let (expected, expectedCut) = Self.oracle(rows, maximumCells: maximumCells)
            if cut != nil { cuts += 1 }
            #expect(grid == expected, "round \(round)")
            #expect(cut == expectedCut, "round \(round)")
        }
        #expect(cuts > 50, "cut tables exercised: \(cuts)")
    }

    @Test("a vertical merge shows its origin's text below it, marked as a continuation")
    func verticalMerge() {
        var top = Row()
        var origin = Cell()
        origin.append(.text("项目"))
        origin.vMerge = .restart
        var value = Cell()
        value.append(.text("1"))
        top.cells = [origin, value]
        var bottom = Row()
        var continued = Cell()
        continued.vMerge = .continue
        var other = Cell()
        other.append(.text("2"))
        bottom.cells = [continued, other]
        let (grid, cut) = DocumentBuilder.grid([top, bottom], maximumCells: TableLimits.maximumCells)
        #expect(cut == nil)
        #expect(
            grid.rows == [
                [GridCell(text: "项目"), GridCell(text: "1")],
                [GridCell(text: "项目", isSpanContinuation: true), GridCell(text: "2")],
            ])
    }
}
