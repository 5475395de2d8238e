import GIConvertBytes

/// A grid of the applications table cut short on the right, as a page narrower than the table prints
/// it: its header names the first applicant columns, in order (自然人, 商业企业, 科研机构, …), the last
/// one perhaps cut inside its name (`法律服`), and no column lies right of them.
///
/// A row of such a grid prints one cell for each column named, so its cells are those columns'; the
/// columns cut off are missing, not blank.
enum CutApplicantColumns {
    /// How many of the applicant columns `grid` prints, when it is cut short on the right; nil for a
    /// grid that is not, or whose header does not say so.
    static func printedCount(_ grid: TableGrid) -> Int? {
        let rows = grid.rows
        guard let width = rows.first?.count, width >= 3 else { return nil }
        // The header: the rows above the first row with a figure. Its 自然人 cell starts the columns.
        var body = 0
        var firstColumn: Int?
        while body < rows.count, !rows[body].contains(where: { isFigure($0.text) }) {
            for (column, cell) in rows[body].enumerated()
            where !cell.isSpanContinuation && cell.text.containsBytes("自然人")
                && LabelNormalizer.matchKey(cell.text) == naturalPerson
            {
                firstColumn = column
            }
            body += 1
        }
        let labels = ReportSchema.applicantColumns
        guard let firstColumn, body < rows.count, case let count = width - firstColumn, count >= 2,
            count < labels.count
        else { return nil }
        // Each column's header names the next applicant column; the last may be cut inside its name.
        for offset in 1..<count {
            let column = firstColumn + offset
            let label = LabelNormalizer.matchKey(labels[offset].label)
            let isLast = offset == count - 1
            let named = rows[..<body].contains { row in
                let cell = row[column]
                guard !cell.isSpanContinuation, !cell.text.isEmpty else { return false }
                let key = LabelNormalizer.matchKey(cell.text)
                return key == label || isLast && key.unicodeScalars.count >= 2 && label.hasPrefix(key)
            }
            guard named else { return nil }
        }
        // The columns right of the last one named are not printed at all: the next label is nowhere.
        let next = LabelNormalizer.matchKey(labels[count].label)
        guard !rows[..<body].contains(where: { $0.contains { LabelNormalizer.matchKey($0.text) == next } }) else {
            return nil
        }
        return count
    }

    private static let naturalPerson = LabelNormalizer.matchKey("自然人")

    private static func isFigure(_ text: String) -> Bool {
        text.withBytes { bytes in
            let trimmed = UTF8Whitespace.trimmed(bytes, 0..<bytes.count, keepingTabs: false)
            let cell = UnsafeBufferPointer(rebasing: bytes[trimmed])
            guard !cell.isEmpty, ValueParser.mayBeValue(utf8: cell), let value = ValueParser.parse(utf8: cell) else {
                return false
            }
            return value.number != nil
        }
    }
}
