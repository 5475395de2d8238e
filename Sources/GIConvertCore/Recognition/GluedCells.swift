import GIConvertBytes

/// A row that prints one value fewer than its columns because two neighbouring cells' numbers were
/// printed against each other (`10` and `5` as `105`, `1?` and `2?` as `1?2?`), as PDF text and OCR
/// glue cells. The row's total rules tell where the glued text divides: it is read so only when exactly
/// one division makes every total of the row hold, and each value is then flagged `inferred`.
struct GluedCells {
    /// The row's printed values with the glued text divided, one per column.
    let texts: [String]
    /// The glued text as printed.
    let glued: String
    /// The two values it was read as.
    let parts: (String, String)

    /// The one division of one printed value into two that makes every total rule of `columns` hold;
    /// `nil` when the row has no total rule, or no division or more than one (by figures) does.
    static func split(_ printed: [String], columns: [ColumnSpec]) -> GluedCells? {
        guard printed.count + 1 == columns.count else { return nil }
        let groups = totalGroups(columns)
        guard !groups.isEmpty else { return nil }
        let numbers = printed.map(number)
        guard numbers.allSatisfy({ $0 != nil }) else { return nil }
        var found: GluedCells?
        var foundFigures: [Double]?
        for (index, text) in printed.enumerated() {
            let scalars = Array(text.unicodeScalars)
            guard scalars.count >= 2 else { continue }
            for cut in 1..<scalars.count {
                let first = String(String.UnicodeScalarView(scalars[..<cut]))
                let second = String(String.UnicodeScalarView(scalars[cut...]))
                guard let a = number(first), let b = number(second) else { continue }
                var figures = numbers.map { $0! }
                figures.replaceSubrange(index...index, with: [a, b])
                guard
                    groups.allSatisfy({ group in
                        abs(group.parts.reduce(0) { $0 + figures[$1] } - figures[group.total]) < 1e-9
                    })
                else { continue }
                // Two divisions giving the same figures (`1?|2?` and `1|?2?`) are one reading.
                if let foundFigures, foundFigures != figures { return nil }
                if found == nil {
                    var texts = printed
                    texts.replaceSubrange(index...index, with: [first, second])
                    found = GluedCells(texts: texts, glued: text, parts: (first, second))
                    foundFigures = figures
                }
            }
        }
        return found
    }

    /// Each total column with the columns it sums: those since the total before it. A total is keyed
    /// `total` or `…_total` (the applicants' total, each reviews group's).
    static func totalGroups(_ columns: [ColumnSpec]) -> [(parts: Range<Int>, total: Int)] {
        var groups: [(parts: Range<Int>, total: Int)] = []
        var start = 0
        for (index, column) in columns.enumerated() where column.key == "total" || column.key.hasSuffix("_total") {
            if index - start >= 2 { groups.append((start..<index, index)) }
            start = index + 1
        }
        return groups
    }

    /// The figure of a printed value; `nil` for text that holds none, or a number of several digits
    /// starting with 0, which no count is printed as.
    private static func number(_ text: String) -> Double? {
        let digits = text.utf8.filter { (0x30...0x39).contains($0) }
        if digits.count > 1, digits.first == 0x30 { return nil }
        return text.withBytes { bytes in
            guard ValueParser.mayBeValue(utf8: bytes) else { return nil }
            return ValueParser.parse(utf8: bytes)?.number
        }
    }

    /// The row's cells, every number flagged `inferred`.
    func cells(_ spec: RowSpec, table: TableKey, findings: inout [Finding]) -> [TableCell] {
        zip(spec.columns, texts).map { column, text in
            let value = text.withBytes { ValueParser.parse(utf8: $0) } ?? .blank
            var (number, flags) = value.resolved(isMoney: column.isMoney, isSigned: column.isSigned)
            if number != nil { flags.append(.inferred) }
            if flags.contains(.suspicious) {
                findings.append(
                    Finding(
                        kind: .suspiciousCell, table: table, row: spec.key, column: column.key,
                        message: "cell \(spec.label) / \(column.label) is printed '\(text)'; the number was kept"))
            }
            return TableCell(column: column.key, label: column.label, value: number, raw: text, flags: flags)
        }
    }
}
