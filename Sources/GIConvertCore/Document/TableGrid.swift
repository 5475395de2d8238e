/// A table with every span resolved: `rows[r][c]` is the cell at row `r`, column `c` of the grid.
///
/// A cell that spans several grid positions is stored once at its top-left position; the other positions
/// it covers hold a copy of its text with ``GridCell/isSpanContinuation`` set, so code that reads by
/// position sees the label and code that reads cells in order sees each printed cell once.
public struct TableGrid: Sendable, Equatable {
    public var rows: [[GridCell]]

    public init(rows: [[GridCell]]) {
        self.rows = rows
    }

    /// Builds a grid from rows of cells that each state their own row and column span, the way HTML
    /// (`rowspan`/`colspan`) and DOCX (`w:vMerge`/`w:gridSpan`) describe tables.
    public init(spannedRows: [[SpannedCell]]) {
        var grid: [[GridCell?]] = []
        for (r, row) in spannedRows.enumerated() {
            while grid.count <= r { grid.append([]) }
            var c = 0
            for cell in row {
                while c < grid[r].count, grid[r][c] != nil { c += 1 }
                let rowSpan = max(1, min(cell.rowSpan, 1000))
                let colSpan = max(1, min(cell.columnSpan, 1000))
                for dr in 0..<rowSpan {
                    let rr = r + dr
                    while grid.count <= rr { grid.append([]) }
                    for dc in 0..<colSpan {
                        let cc = c + dc
                        while grid[rr].count <= cc { grid[rr].append(nil) }
                        if grid[rr][cc] == nil {
                            grid[rr][cc] = GridCell(text: cell.text, isSpanContinuation: dr != 0 || dc != 0)
                        }
                    }
                }
                c += colSpan
            }
        }
        let width = grid.map(\.count).max() ?? 0
        rows = grid.map { row in
            (0..<width).map { c in c < row.count ? (row[c] ?? GridCell(text: "", isSpanContinuation: false)) : GridCell(text: "", isSpanContinuation: false) }
        }
    }
}

/// One position of a ``TableGrid``.
public struct GridCell: Sendable, Equatable {
    /// The cell's text, with line breaks inside the cell kept as `\n`.
    public var text: String
    /// True where this position is covered by a span that starts at another position.
    public var isSpanContinuation: Bool

    public init(text: String, isSpanContinuation: Bool = false) {
        self.text = text
        self.isSpanContinuation = isSpanContinuation
    }
}

/// A table cell as a format describes it, before spans are resolved.
public struct SpannedCell: Sendable, Equatable {
    public var text: String
    public var rowSpan: Int
    public var columnSpan: Int

    public init(text: String, rowSpan: Int = 1, columnSpan: Int = 1) {
        self.text = text
        self.rowSpan = rowSpan
        self.columnSpan = columnSpan
    }
}
