import Foundation

/// Finds one statistical table in a tokenized document and reads its values into canonical rows.
struct TableRecognizer {
    let tokens: [Token]

    /// What recognition found for one table.
    struct Result {
        var table: StatisticalTable
        var findings: [Finding]
        /// The token indices the table occupies, for keeping it out of the section text.
        var span: Range<Int>?
    }

    /// Normalised phrases that mark where each table starts.
    static func anchors(_ key: TableKey) -> [String] {
        switch key {
        case .active: ["第二十条", "信息内容"]
        case .applications: ["勾稽关系", "申请人情况", "本年新收"]
        case .reviews: ["尚未审结", "结果维持", "复议后起诉", "未经复议"]
        }
    }

    /// Recognises `schema`'s table in `region`, starting at the table's first anchor in the region.
    func recognize(_ schema: TableSchema, in region: Range<Int>) -> Result {
        let start = anchorIndex(schema.key, in: region) ?? region.lowerBound
        var segments = SegmentStream(tokens, in: start..<region.upperBound)
        var result = switch schema.key {
        case .reviews: recognizeSingleRow(schema, segments: &segments, start: start)
        case .active, .applications: recognizeRows(schema, segments: &segments, start: start)
        }
        if let span = result.span {
            result.span = headerStart(before: span.lowerBound, limit: region.lowerBound)..<span.upperBound
        }
        return result
    }

    /// Where the table's header begins: header cells are short labels (or blanks) printed just before
    /// the anchor; prose ends the header.
    private func headerStart(before index: Int, limit: Int) -> Int {
        var start = index
        while start > limit {
            let index = start - 1
            let isHeaderCell = tokens[index].isBlank || (tokens[index].isLabel && tokens[index].key.unicodeScalars.count <= 16
                && !tokens[index].text.containsBytes("。") && !tokens[index].text.containsBytes("；") && !tokens[index].text.containsBytes(";"))
            guard isHeaderCell else { break }
            start -= 1
        }
        return start
    }

    func anchorIndex(_ key: TableKey, in region: Range<Int>) -> Int? {
        let cues = Self.anchors(key)
        return region.first { tokens[$0].isLabel && cues.contains(where: tokens[$0].key.containsBytes) }
    }

    // MARK: Tables with labelled rows

    private func recognizeRows(_ schema: TableSchema, segments: inout SegmentStream, start: Int) -> Result {
        var matched: [String: Int] = [:]
        var end = start
        var index = 0
        while matched.count < schema.rows.count, let segment = segments.segment(at: index) {
            defer { index += 1 }
            guard !segment.values.isEmpty, !segment.key.isEmpty,
                  let rowIndex = Self.bestRowIndex(for: segment.key, using: schema.cues) else { continue }
            let rowKey = schema.rows[rowIndex].key
            guard matched[rowKey] == nil else { continue }
            matched[rowKey] = index
            end = max(end, segment.values.upperBound)
        }
        // A row printed with every blank dropped is a label with no values: accept it next to its
        // neighbours in printed order.
        var emptyRows: [Segment] = []
        if !matched.isEmpty {
            for (position, spec) in schema.rows.enumerated() where matched[spec.key] == nil {
                let previous = schema.rows[..<position].reversed().lazy.compactMap { matched[$0.key] }.first
                let next = schema.rows[(position + 1)...].lazy.compactMap { matched[$0.key] }.first
                let lower = (previous ?? -1) + 1
                let upper = min(next ?? Int.max, lower + Self.maximumGap)
                guard previous != nil || next != nil, lower < upper else { continue }
                search: for index in lower..<upper {
                    guard let segment = segments.segment(at: index) else { break }
                    let pieces = segment.linePieces(tokens)
                    // A label on its own line, or the whole run when it has no values.
                    let candidates = segment.values.isEmpty ? pieces + [segment.labels] : Array(pieces.dropLast())
                    for labels in candidates {
                        let key = labels.map { tokens[$0].key }.joined()
                        guard !key.isEmpty, Self.bestRowIndex(for: key, using: schema.cues) == position else { continue }
                        matched[spec.key] = Self.emptyRowBase + emptyRows.count
                        emptyRows.append(Segment(labels: labels, values: labels.upperBound..<labels.upperBound, key: key))
                        end = max(end, labels.upperBound)
                        break search
                    }
                }
            }
        }
        var findings: [Finding] = []
        guard !matched.isEmpty else {
            return Result(table: StatisticalTable(key: schema.key, found: false, rows: []), findings: findings, span: nil)
        }
        var rows: [TableRow] = []
        for spec in schema.rows {
            guard let segment = matched[spec.key].map({ $0 < Self.emptyRowBase ? segments.segment(at: $0)! : emptyRows[$0 - Self.emptyRowBase] }) else {
                rows.append(missingRow(spec))
                findings.append(Finding(kind: .rowNotFound, table: schema.key, row: spec.key,
                                        message: "row \(spec.label) of the \(schema.key.rawValue) table was not found"))
                continue
            }
            let printed = segment.labels.map { tokens[$0].text }.joined(separator: " ")
            let (cells, rowFindings) = placeValues(segment, spec: spec, table: schema.key)
            rows.append(TableRow(key: spec.key, label: spec.label, printedLabel: printed, cells: cells))
            findings += rowFindings
        }
        return Result(table: StatisticalTable(key: schema.key, found: true, rows: rows), findings: findings, span: start..<end)
    }

    /// Where the numbers of rows found without values start, above any segment index.
    private static let emptyRowBase = 1 << 40

    /// How many segments a row printed without values may lie beyond its neighbour.
    static let maximumGap = 4

    /// The row whose cue ends latest in `key` (ties: the longer cue), provided no more than the row's
    /// allowance of characters follows the cue.
    static func bestRow(for key: String, in rows: [RowSpec]) -> RowSpec? {
        bestRowIndex(for: key, in: rows).map { rows[$0] }
    }

    /// ``bestRow(for:in:)`` as an index into `rows`, sparing the copy of a row.
    static func bestRowIndex(for key: String, in rows: [RowSpec]) -> Int? {
        bestRowIndex(for: key, using: CueIndex(rows))
    }

    /// The row whose cue ends nearest the end of `key` (ties: the longer cue), within that row's tail
    /// allowance. The key is walked back from its end one scalar at a time, and only the cues ending in
    /// that scalar are compared.
    static func bestRowIndex(for key: String, using index: CueIndex) -> Int? {
        key.withBytes { k -> Int? in
            var end = k.count
            var tail = 0
            while end > 0 && tail <= index.maximumTail {
                var start = end - 1
                while start > 0 && k[start] & 0xC0 == 0x80 { start -= 1 }
                var best: (row: Int, length: Int)?
                if let candidates = index.byLastScalar[scalarValue(k, start, end)] {
                    for entry in candidates where tail <= entry.tailAllowance && entry.cue.count <= end {
                        let from = end - entry.cue.count
                        var equal = true
                        for i in 0..<entry.cue.count where k[from + i] != entry.cue[i] {
                            equal = false
                            break
                        }
                        if equal && (best == nil || entry.cue.count > best!.length) { best = (entry.row, entry.cue.count) }
                    }
                }
                if let best { return best.row }
                end = start
                tail += 1
            }
            return nil
        }
    }

    /// The Unicode scalar encoded in `bytes[start..<end]`.
    private static func scalarValue(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt32 {
        var value = UInt32(bytes[start])
        switch end - start {
        case 2: value &= 0x1F
        case 3: value &= 0x0F
        case 4: value &= 0x07
        default: return value
        }
        for i in (start + 1)..<end { value = (value << 6) | UInt32(bytes[i] & 0x3F) }
        return value
    }

    // MARK: The single-row reviews table

    private func recognizeSingleRow(_ schema: TableSchema, segments: inout SegmentStream, start: Int) -> Result {
        let spec = schema.rows[0]
        let minimum = spec.columns.count / 3
        var index = 0
        while let segment = segments.segment(at: index) {
            index += 1
            let printedCount = segment.values.filter { !tokens[$0].isBlank }.count
            let positionalCount = segment.values.first.map { tokens[$0].positional } == true ? segment.values.count : 0
            guard printedCount >= minimum || positionalCount >= spec.columns.count else { continue }
            let (cells, findings) = placeValues(segment, spec: spec, table: schema.key)
            let row = TableRow(key: spec.key, label: spec.label, printedLabel: nil, cells: cells)
            return Result(table: StatisticalTable(key: schema.key, found: true, rows: [row]), findings: findings,
                          span: start..<segment.values.upperBound)
        }
        return Result(table: StatisticalTable(key: schema.key, found: false, rows: []), findings: [], span: nil)
    }

    // MARK: Placing values in columns

    private func missingRow(_ spec: RowSpec) -> TableRow {
        TableRow(key: spec.key, label: spec.label, cells: spec.columns.map {
            TableCell(column: $0.key, label: $0.label, value: nil, raw: "", flags: [.missing])
        })
    }

    /// Puts a segment's printed values into the row's columns.
    ///
    /// By position when the count fits; otherwise blanks the layout added are dropped; a row printed
    /// with its blanks dropped (`5 | 5`) is placed by the row-total rule and flagged `inferred`.
    private func placeValues(_ segment: Segment, spec: RowSpec, table: TableKey) -> ([TableCell], [Finding]) {
        // Token indices, not copies of tokens.
        var values = Array(segment.values)
        let k = spec.columns.count
        var findings: [Finding] = []
        var placed = [Int?](repeating: nil, count: k)
        var inferred = false

        if let first = values.first, tokens[first].positional {
            while values.count > k, let last = values.last, tokens[last].isBlank { values.removeLast() }
            while values.count > k, let first = values.first, tokens[first].isBlank { values.removeFirst() }
        }
        let printed = values.filter { !tokens[$0].isBlank }
        if values.count == k {
            for (i, index) in values.enumerated() { placed[i] = index }
        } else if printed.count == k {
            for (i, index) in printed.enumerated() { placed[i] = index }
        } else if printed.isEmpty {
            // every cell blank
        } else if printed.count > k {
            for (i, index) in printed.prefix(k).enumerated() { placed[i] = index }
            findings.append(Finding(kind: .valueCountMismatch, table: table, row: spec.key,
                                    message: "row \(spec.label) prints \(printed.count) values for \(k) columns; the first \(k) were kept"))
        } else {
            inferred = true
            let numbers = printed.map { tokens[$0].value?.number ?? 0 }
            let hasRowTotal = table == .applications && k == ReportSchema.applicantColumns.count
            if hasRowTotal, printed.count >= 2, abs(numbers.dropLast().reduce(0, +) - numbers.last!) < 1e-9 {
                for (i, index) in printed.dropLast().enumerated() { placed[i] = index }
                placed[k - 1] = printed.last
                findings.append(Finding(kind: .valuesInferred, table: table, row: spec.key,
                                        message: "row \(spec.label) prints \(printed.count) values for \(k) columns; placed by the row-total rule"))
            } else {
                for (i, index) in printed.enumerated() { placed[i] = index }
                findings.append(Finding(kind: .valueCountMismatch, table: table, row: spec.key,
                                        message: "row \(spec.label) prints \(printed.count) values for \(k) columns; placed from the left"))
            }
        }

        var cells: [TableCell] = []
        cells.reserveCapacity(k)
        for (column, index) in zip(spec.columns, placed) {
            guard let index, let value = tokens[index].value else {
                cells.append(TableCell(column: column.key, label: column.label, value: nil, raw: "", flags: [.blank]))
                continue
            }
            var (number, flags) = value.resolved(isMoney: column.isMoney, isSigned: column.isSigned)
            if inferred && number != nil { flags.append(.inferred) }
            if flags.contains(.suspicious) {
                findings.append(Finding(kind: .suspiciousCell, table: table, row: spec.key, column: column.key,
                                        message: "cell \(spec.label) / \(column.label) is printed '\(tokens[index].text)'; the number was kept"))
            }
            cells.append(TableCell(column: column.key, label: column.label, value: number, raw: tokens[index].text, flags: flags))
        }
        return (cells, findings)
    }
}
