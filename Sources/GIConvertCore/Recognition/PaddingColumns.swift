/// Columns of a grid that hold nothing of their own: a layout that sets each header over two grid
/// columns (`本年增/减` over the column of its figures and an empty one beside it, as a PDF table rebuilt
/// from positions has where a header is wider than its figures) leaves an empty cell beside each figure.
/// Read as cells, the empty ones would count as columns of the row and shift its figures.
///
/// A column is padding when no row has a figure or any text of its own in it, and beside it stands a
/// column of figures that shares every header cell with it: in each row without figures the two are
/// covered by one cell, or are both empty, and at least one such cell has text. The grid must have two
/// such columns or more (the layout sets every header so), or a figure's cell must span one of them.
enum PaddingColumns {
    /// The padding columns of `grid`; empty when it has too few to tell, or its rows differ in width.
    static func columns(in grid: TableGrid) -> Set<Int> {
        let rows = grid.rows
        guard let width = rows.first?.count, width >= 3, rows.allSatisfy({ $0.count == width }) else { return [] }
        var isFigureRow = [Bool](repeating: false, count: rows.count)
        var hasFigure = [Bool](repeating: false, count: width)
        for (r, row) in rows.enumerated() {
            for (c, cell) in row.enumerated() where !cell.isSpanContinuation && CutColumns.isFigure(cell.text) {
                hasFigure[c] = true
                isFigureRow[r] = true
            }
        }
        // Most grids print a figure in every column but their labels'.
        guard hasFigure.contains(true), hasFigure.dropFirst().contains(false) else { return [] }
        var padding = Set<Int>()
        // Padding columns that a figure's cell spans too: the layout took the two for one cell.
        var spannedByFigure = false
        for c in 1..<width where !hasFigure[c] {
            // Nothing of its own in the rows of figures.
            guard
                !rows.indices.contains(where: { r in
                    isFigureRow[r] && !rows[r][c].isSpanContinuation && !isEmpty(rows[r][c])
                })
            else { continue }
            let partners = [c - 1, c + 1].filter { $0 >= 0 && $0 < width && hasFigure[$0] }
            if partners.contains(where: { sharesHeaders(c, $0, rows: rows, isFigureRow: isFigureRow) }) {
                padding.insert(c)
                spannedByFigure =
                    spannedByFigure
                    || rows.indices.contains { r in
                        isFigureRow[r] && rows[r][c].isSpanContinuation
                            && CutColumns.isFigure(rows[r][origin(of: c, in: rows[r])].text)
                    }
            }
        }
        // One such column alone is no layout, unless a figure's cell spans it: a header misplaced by one
        // column looks the same.
        return padding.count >= 2 || spannedByFigure ? padding : []
    }

    /// True when in every header row columns `a` and `b` are covered by one cell or are both empty,
    /// and at least one such cell has text.
    private static func sharesHeaders(_ a: Int, _ b: Int, rows: [[GridCell]], isFigureRow: [Bool]) -> Bool {
        var shared = false
        for (r, row) in rows.enumerated() where !isFigureRow[r] {
            let left = origin(of: a, in: row)
            let right = origin(of: b, in: row)
            if isEmpty(row[a]) && isEmpty(row[b]) { continue }
            guard left == right, !row[left].isSpanContinuation, !row[left].text.isEmpty else { return false }
            shared = true
        }
        return shared
    }

    /// True for a cell of its own with nothing but white space in it.
    private static func isEmpty(_ cell: GridCell) -> Bool {
        !cell.isSpanContinuation && cell.text.allSatisfy(\.isWhitespace)
    }

    /// The column where the cell covering column `c` of `row` starts.
    private static func origin(of c: Int, in row: [GridCell]) -> Int {
        var origin = c
        while origin > 0, row[origin].isSpanContinuation { origin -= 1 }
        return origin
    }
}
