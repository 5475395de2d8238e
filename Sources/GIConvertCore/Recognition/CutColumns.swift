import GIConvertBytes

/// A grid of the applications or the reviews table cut short on the right, as a page narrower than the
/// table prints it: its header names the table's first columns in order (自然人, 商业企业, 科研机构, …; 结果维持,
/// 结果纠正, …), the last one perhaps cut inside its name (`法律服`), and no column lies right of them.
///
/// A row of such a grid prints one cell for each column named, so its cells are those columns'; the
/// columns cut off are missing, not blank.
enum CutColumns {
    /// The tables whose columns a header names one by one: the applicant columns, and the reviews
    /// table's outcomes and total, once for each of its three groups; with the text the first
    /// column's name holds in either script, which spares reading other cells.
    static let headerLabels: [(table: TableKey, labels: [String], anchors: [String])] = [
        (.applications, ReportSchema.applicantColumns.map { LabelNormalizer.matchKey($0.label) }, ["自然人"]),
        (
            .reviews,
            ReportSchema.reviewGroups.flatMap { _ in ReportSchema.reviewOutcomeLabels + ["总计"] }
                .map(LabelNormalizer.matchKey),
            ["维持", "維持"]
        ),
    ]

    /// The tables `grid` is cut short of on the right, with how many of their columns it prints.
    static func printedCounts(_ grid: TableGrid) -> [(table: TableKey, printed: Int)] {
        let rows = grid.rows
        guard let width = rows.first?.count, width >= 3 else { return [] }
        // The header: the rows above the first row with a figure.
        var body = 0
        while body < rows.count, !rows[body].contains(where: { isFigure($0.text) }) { body += 1 }
        guard body > 0, body < rows.count else { return [] }
        return headerLabels.compactMap { table, labels, anchors in
            printedCount(rows[..<body], width: width, labels: labels, anchors: anchors).map { (table, $0) }
        }
    }

    /// How many of the columns `labels` names (match keys, in order) a grid `width` wide with this
    /// header prints, when it is cut short on the right; nil when it is not, or its header does not
    /// say so.
    private static func printedCount(
        _ header: ArraySlice<[GridCell]>, width: Int, labels: [String], anchors: [String]
    ) -> Int? {
        // The leftmost header cell naming the first column starts the columns.
        var firstColumn: Int?
        for row in header {
            for (column, cell) in row.enumerated() where column < firstColumn ?? width {
                if anchors.contains(where: { cell.text.containsBytes($0) }), key(cell) == labels[0] {
                    firstColumn = column
                }
            }
        }
        guard let firstColumn, case let count = width - firstColumn, count >= 2, count < labels.count else {
            return nil
        }
        // Each column's header names the next column; the last may be cut inside its name.
        for offset in 1..<count {
            let label = labels[offset]
            let isLast = offset == count - 1
            let named = header.contains { row in
                guard let key = key(row[firstColumn + offset]) else { return false }
                return key == label || isLast && isCut(key, of: label)
            }
            guard named else { return nil }
        }
        // A column right of the last one named is not printed at all: a label no column before it has is
        // nowhere in the header.
        let next = labels[count]
        guard labels[..<count].contains(next) || !header.contains(where: { $0.contains { key($0) == next } }) else {
            return nil
        }
        return count
    }

    /// The match key of a header cell; nil for an empty one or a span's continuation.
    private static func key(_ cell: GridCell) -> String? {
        cell.isSpanContinuation || cell.text.isEmpty ? nil : LabelNormalizer.matchKey(cell.text)
    }

    /// True when `key` is what is left of `label` cut by the page's edge: at least two of its characters,
    /// the first first and in order, at most one left out between them (`法律服`, `尚未结` of 尚未审结).
    private static func isCut(_ key: String, of label: String) -> Bool {
        let printed = Array(key.unicodeScalars)
        let whole = Array(label.unicodeScalars)
        guard printed.count >= 2, printed.count < whole.count, printed.first == whole.first else { return false }
        var index = 0
        var skipped = 0
        for scalar in whole where index < printed.count {
            if scalar == printed[index] { index += 1 } else { skipped += 1 }
        }
        return index == printed.count && skipped <= 1
    }

    /// True when the cell's text starts with a digit (ASCII or full-width) after white space: a figure,
    /// for telling the header from the rows.
    static func isFigure(_ text: String) -> Bool {
        text.withBytes { bytes in
            guard let start = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 }) else { return false }
            if (0x30...0x39).contains(bytes[start]) { return true }
            return start + 2 < bytes.count && bytes[start] == 0xEF && bytes[start + 1] == 0xBC
                && (0x90...0x99).contains(bytes[start + 2])
        }
    }
}
