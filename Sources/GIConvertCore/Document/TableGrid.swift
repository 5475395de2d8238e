/// A table with every span resolved: `rows[r][c]` is the cell at row `r`, column `c` of the grid.
///
/// A cell that spans several grid positions is stored once at its top-left position; the other positions
/// it covers hold a copy of its text with ``GridCell/isSpanContinuation`` set, so code that reads by
/// position sees the label and code that reads cells in order sees each printed cell once.
///
/// Every row has the same length. A grid never holds more than ``TableLimits/maximumCells`` positions
/// (see ``TableLimits``): a table that would is cut, and the reader says so.
public struct TableGrid: Sendable, Equatable {
    public var rows: [[GridCell]]

    public init(rows: [[GridCell]]) {
        self.rows = rows
    }

    /// Builds a grid from rows of cells that each state their own row and column span, the way HTML
    /// (`rowspan`/`colspan`) describes tables, or continue a merge, as DOCX (`w:vMerge`/`w:hMerge`) does. A table beyond
    /// ``TableLimits/maximumCells`` is cut silently; readers use ``resolving(_:maximumCells:)``, which
    /// says where.
    public init(spannedRows: [[SpannedCell]]) {
        self = Self.resolving(spannedRows).grid
    }

    /// The grid of `spannedRows`, and how it was cut when its positions (cells, span continuations and
    /// the padding that makes every row as wide as the widest) would be more than `maximumCells`.
    ///
    /// Spans are resolved row by row; when a row's spans would take the grid past the limit, that row and
    /// the ones after it are dropped. The rows kept are then padded to the widest, unless that padding
    /// would take the grid past the limit: then the grid keeps only as many columns, and rows, as fit
    /// (see ``TableLimits/fit(rowCount:width:maximumCells:)``).
    public static func resolving(_ spannedRows: [[SpannedCell]], maximumCells: Int = TableLimits.maximumCells)
        -> (grid: TableGrid, cut: TableCut?)
    {
        if spannedRows.contains(where: { $0.contains { $0.rowSpan > 1 } }) {
            return resolvingRowSpans(spannedRows, maximumCells: maximumCells)
        }
        return resolvingSingleRowSpans(spannedRows, maximumCells: maximumCells)
    }

    /// ``resolving(_:maximumCells:)`` for any table: positions a span covers in the rows below are kept
    /// free there, so each row's cells skip them.
    static func resolvingRowSpans(_ spannedRows: [[SpannedCell]], maximumCells: Int)
        -> (grid: TableGrid, cut: TableCut?)
    {
        var grid: [[GridCell?]] = []
        var positions = 0
        var keptRows = spannedRows.count
        var declaredWidth = 0
        resolve: for (r, row) in spannedRows.enumerated() {
            while grid.count <= r { grid.append([]) }
            var c = 0
            for cell in row {
                while c < grid[r].count, grid[r][c] != nil { c += 1 }
                let rowSpan = max(1, min(cell.rowSpan, TableLimits.maximumSpan))
                let colSpan = max(1, min(cell.columnSpan, TableLimits.maximumSpan))
                positions += rowSpan * colSpan
                if positions > maximumCells {
                    keptRows = r
                    declaredWidth = max(declaredWidth, c + colSpan)
                    break resolve
                }
                // A merge continuation shows the text of the position it continues, at every position.
                let origin: String? =
                    switch cell.merge {
                    case .withCellAbove?: r > 0 && c < grid[r - 1].count ? grid[r - 1][c]?.text : nil
                    case .withCellLeft?: c > 0 && c <= grid[r].count ? grid[r][c - 1]?.text : nil
                    case nil: nil
                    }
                for dr in 0..<rowSpan {
                    let rr = r + dr
                    while grid.count <= rr { grid.append([]) }
                    for dc in 0..<colSpan {
                        let cc = c + dc
                        while grid[rr].count <= cc { grid[rr].append(nil) }
                        if grid[rr][cc] == nil {
                            grid[rr][cc] = GridCell(
                                text: origin ?? cell.text, isSpanContinuation: origin != nil || dr != 0 || dc != 0)
                        }
                    }
                }
                c += colSpan
            }
        }
        let declaredRows = max(spannedRows.count, grid.count)
        if keptRows < spannedRows.count { grid.removeSubrange(keptRows...) } else { keptRows = grid.count }
        let width = grid.map(\.count).max() ?? 0
        var keptWidth = width
        if let fit = TableLimits.fit(rowCount: grid.count, width: width, maximumCells: maximumCells) {
            grid.removeSubrange(fit.rows...)
            keptRows = fit.rows
            keptWidth = fit.columns
        }
        let rows = grid.map { row in
            (0..<keptWidth).map { c in
                c < row.count
                    ? (row[c] ?? GridCell(text: "", isSpanContinuation: false))
                    : GridCell(text: "", isSpanContinuation: false)
            }
        }
        let cut =
            keptRows < declaredRows || keptWidth < width
            ? TableCut(
                rows: declaredRows, columns: max(width, declaredWidth), keptRows: keptRows, keptColumns: keptWidth)
            : nil
        return (TableGrid(rows: rows), cut)
    }

    /// ``resolving(_:maximumCells:)`` for a table where no cell spans rows, as Word's tables and most
    /// pages' are: each row is laid out on its own, straight into its final array.
    static func resolvingSingleRowSpans(_ spannedRows: [[SpannedCell]], maximumCells: Int)
        -> (grid: TableGrid, cut: TableCut?)
    {
        var grid: [[GridCell]] = []
        grid.reserveCapacity(spannedRows.count)
        var positions = 0
        var keptRows = spannedRows.count
        var declaredWidth = 0
        var width = 0
        resolve: for row in spannedRows {
            var out: [GridCell] = []
            // Room for the row's own cells only: a wide row above must not cost every row below its width.
            out.reserveCapacity(row.count)
            for cell in row {
                let colSpan = max(1, min(cell.columnSpan, TableLimits.maximumSpan))
                positions += colSpan
                if positions > maximumCells {
                    keptRows = grid.count
                    declaredWidth = max(declaredWidth, out.count + colSpan)
                    break resolve
                }
                let c = out.count
                let origin: String? =
                    switch cell.merge {
                    case .withCellAbove?: c < (grid.last?.count ?? 0) ? grid[grid.count - 1][c].text : nil
                    case .withCellLeft?: c > 0 ? out[c - 1].text : nil
                    case nil: nil
                    }
                if let origin {
                    for _ in 0..<colSpan { out.append(GridCell(text: origin, isSpanContinuation: true)) }
                } else {
                    out.append(GridCell(text: cell.text))
                    for _ in 1..<colSpan { out.append(GridCell(text: cell.text, isSpanContinuation: true)) }
                }
            }
            width = max(width, out.count)
            grid.append(out)
        }
        var keptWidth = width
        if let fit = TableLimits.fit(rowCount: grid.count, width: width, maximumCells: maximumCells) {
            grid.removeSubrange(fit.rows...)
            keptRows = fit.rows
            keptWidth = fit.columns
        }
        for r in grid.indices where grid[r].count != keptWidth {
            if grid[r].count > keptWidth {
                grid[r].removeSubrange(keptWidth...)
            } else {
                grid[r].append(contentsOf: repeatElement(GridCell(text: ""), count: keptWidth - grid[r].count))
            }
        }
        let cut =
            keptRows < spannedRows.count || keptWidth < width
            ? TableCut(
                rows: spannedRows.count, columns: max(width, declaredWidth), keptRows: keptRows,
                keptColumns: keptWidth)
            : nil
        return (TableGrid(rows: grid), cut)
    }
}

/// The limits that keep a table from costing more than its bytes say. A report's largest table has a
/// few hundred cells; a page or a Word file can declare far more with a few bytes (one row of many cells
/// and many rows of one, each padded to the widest; spans over thousands of positions).
public enum TableLimits {
    /// The most positions (cells, span continuations and padding) one table's grid may have.
    public static let maximumCells = 250_000
    /// The most positions the tables of one document may have together; tables past it are dropped.
    public static let maximumDocumentCells = 500_000
    /// The most rows or columns one cell may span.
    public static let maximumSpan = 1000
    /// The most table cells, as printed, a reader keeps from one document before laying its tables out;
    /// cells past it are dropped. A grid never holds more positions than this anyway.
    public static let maximumStoredCells = 4 * maximumDocumentCells
    /// The columns a cut table keeps at least, when it has as many.
    static let minimumKeptWidth = 64

    /// The rows and columns to keep of a table of `rowCount` rows padded to `width` columns, when that is
    /// more than `maximumCells` positions; `nil` when it fits. Keeps every row when at least
    /// ``minimumKeptWidth`` columns of each fit, else that many columns of as many rows as fit.
    public static func fit(rowCount: Int, width: Int, maximumCells: Int) -> (rows: Int, columns: Int)? {
        let (area, overflow) = rowCount.multipliedReportingOverflow(by: width)
        guard overflow || area > maximumCells else { return nil }
        let columns = min(width, max(maximumCells / max(rowCount, 1), minimumKeptWidth))
        let rows = min(rowCount, maximumCells / max(columns, 1))
        return (rows, columns)
    }
}

/// How a table too large for ``TableLimits`` was cut.
public struct TableCut: Sendable, Equatable {
    /// The rows and columns the table declared (columns: its widest row).
    public var rows: Int
    public var columns: Int
    /// The rows and columns kept: the first ones.
    public var keptRows: Int
    public var keptColumns: Int

    public init(rows: Int, columns: Int, keptRows: Int, keptColumns: Int) {
        self.rows = rows
        self.columns = columns
        self.keptRows = keptRows
        self.keptColumns = keptColumns
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
    /// Set for a cell that continues a merged cell (Word's `w:vMerge`/`w:hMerge` "continue"): its positions
    /// are continuations showing the text of the grid position above it, or to its left. Without such a
    /// position (first row or column) the cell is one of its own, with its own text.
    public var merge: Merge?

    /// The neighbour a merge continuation continues.
    public enum Merge: Sendable, Equatable {
        case withCellAbove
        case withCellLeft
    }

    public init(text: String, rowSpan: Int = 1, columnSpan: Int = 1, merge: Merge? = nil) {
        self.text = text
        self.rowSpan = rowSpan
        self.columnSpan = columnSpan
        self.merge = merge
    }
}
