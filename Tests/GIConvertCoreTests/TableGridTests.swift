import TestSupport
import Testing

@testable import GIConvertCore

/// The span resolver's two paths: tables where no cell spans rows are laid out row by row, and must come
/// out exactly as the general path, which keeps positions free for row spans, lays them out.
@Suite("Table grid resolving")
struct TableGridTests {
    static func randomRows(_ generator: inout SplitMix64) -> [[SpannedCell]] {
        (0..<Int(generator.next() % 9)).map { r in
            (0..<Int(generator.next() % 12)).map { c in
                let merge: SpannedCell.Merge? =
                    switch generator.next() % 5 {
                    case 0: .withCellAbove
                    case 1: .withCellLeft
                    default: nil
                    }
                let columnSpan = generator.next() % 4 == 0 ? Int(generator.next() % 5) : 1
                return SpannedCell(text: "r\(r)c\(c)", columnSpan: columnSpan, merge: merge)
            }
        }
    }

    @Test("seeded random tables without row spans: the row-by-row path equals the general one, cut or not")
    func singleRowSpansMatchGeneralPath() {
        var generator = SplitMix64(seed: 0x6121_0001)
        var cuts = 0
        for round in 0..<3000 {
            let rows = Self.randomRows(&generator)
            let maximumCells = round % 2 == 0 ? TableLimits.maximumCells : Int(generator.next() % 60)
            let fast = TableGrid.resolvingSingleRowSpans(rows, maximumCells: maximumCells)
            let general = TableGrid.resolvingRowSpans(rows, maximumCells: maximumCells)
            if general.cut != nil { cuts += 1 }
            #expect(fast.grid == general.grid, "round \(round)")
            #expect(fast.cut == general.cut, "round \(round)")
        }
        #expect(cuts > 100, "cut tables exercised: \(cuts)")
    }

    @Test("a merge continuation shows the text above or to its left; without one it keeps its own")
    func mergeContinuations() {
        let rows = [
            [
                SpannedCell(text: "项目"), SpannedCell(text: "左", columnSpan: 2),
                SpannedCell(text: "x", merge: .withCellLeft),
            ],
            [
                SpannedCell(text: "", merge: .withCellAbove), SpannedCell(text: "1"),
                SpannedCell(text: "own", merge: .withCellAbove),
            ],
            [SpannedCell(text: "first", merge: .withCellLeft)],
        ]
        let grid = TableGrid.resolving(rows).grid
        #expect(
            grid.rows.map { $0.map(\.text) } == [["项目", "左", "左", "左"], ["项目", "1", "左", ""], ["first", "", "", ""]])
        #expect(grid.rows[0].map(\.isSpanContinuation) == [false, false, true, true])
        #expect(grid.rows[1].map(\.isSpanContinuation) == [true, false, true, false])
    }
}
