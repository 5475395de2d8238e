import GIConvertBytes

/// Finds one statistical table in a tokenized document and reads its values into canonical rows.
struct TableRecognizer {
    let tokens: [Token]
    /// The tokens' match keys (``TokenizedDocument/keyBytes``).
    let keyBytes: [UInt8]

    /// Lines printed after an empty line (``TokenizedDocument/linesAfterEmptyLine``).
    let linesAfterEmptyLine: Set<Int>

    /// The columns printed by the lines of a grid cut short on the right (``TokenizedDocument/cutColumns``).
    let cutColumns: [TableKey: [Int: Int]]

    /// The first line of each page after the first (``TokenizedDocument/pageStarts``).
    let pageStarts: [Int]

    init(_ document: TokenizedDocument) {
        tokens = document.tokens
        keyBytes = document.keyBytes
        linesAfterEmptyLine = document.linesAfterEmptyLine
        cutColumns = document.cutColumns
        pageStarts = document.pageStarts
    }

    /// What recognition found for one table.
    struct Result {
        var table: StatisticalTable
        var findings: [Finding]
        /// The token indices the table occupies, for keeping it out of the section text.
        var span: Range<Int>?
        /// The readings of the rows' labels (``RowAlignment/Reading``) that fitted almost as well as
        /// the one taken, where the rows were aligned with the schema.
        var closeReadings: [RowAlignment.Reading] = []
        /// How many rows were left blank because the figures the reading gave them stand beside another
        /// item's number: evidence that the reading is off, as the arithmetic is.
        var itemContradictions = 0
    }

    /// A table's schema with its row cues laid out for matching.
    struct PreparedSchema: Sendable {
        let schema: TableSchema
        let cues: RowCueMatcher
        /// Per row, the key scalars its printed label is compared with when labels are wrapped or cut:
        /// the label's own part and every cue of three characters or more.
        let references: [[[UInt32]]]
        /// Per row, the match key of its own label, without the group label some rows' labels begin
        /// with (`（四）无法提供 2.没有现成…` → `2没有现成…`).
        let ownLabelKeys: [[UInt8]]
        /// The match keys of the table's columns' labels that no row's label holds (本年制发件数, 自然人).
        let headerKeys: [[UInt8]]

        init(_ schema: TableSchema) {
            self.schema = schema
            let labelKeys = schema.rows.map { LabelNormalizer.matchKey($0.label) }
            let columnKeys = Set(schema.rows.flatMap(\.columns).map { LabelNormalizer.matchKey($0.label) })
            self.headerKeys = columnKeys.sorted().filter { column in
                !column.isEmpty && !labelKeys.contains { $0.contains(column) }
            }.map { Array($0.utf8) }
            self.cues = RowCueMatcher(schema.rows)
            self.ownLabelKeys = schema.rows.map { row in
                Array(LabelNormalizer.matchKey(row.label.split(separator: " ").last.map(String.init) ?? row.label).utf8)
            }
            self.references = schema.rows.map { row in
                [RowAlignment.reference(ofLabel: row.label)]
                    + row.cues.map { Array($0.unicodeScalars.map(\.value)) }.filter { $0.count >= 3 }
            }
        }
    }

    /// The prepared schema of `table` in `format`.
    static func prepared(_ table: TableKey, format: ReportEdition) -> PreparedSchema {
        preparedSchemas[
            ReportEdition.allCases.firstIndex(of: format)! * TableKey.allCases.count + TableKey.allCases.firstIndex(
                of: table)!]
    }

    /// Every schema of ``ReportSchema`` prepared once: format by format in the order of
    /// `ReportEdition.allCases`, each format's tables in the order of `TableKey.allCases`.
    private static let preparedSchemas: [PreparedSchema] = ReportEdition.allCases.flatMap { format in
        TableKey.allCases.map { PreparedSchema(ReportSchema.table($0, format: format)) }
    }

    /// ``ReportSchema/tableAnchors(_:)`` in UTF-8, in the order of `TableKey.allCases`.
    private static let anchorBytes: [[[UInt8]]] = TableKey.allCases.map {
        ReportSchema.tableAnchors($0).map { Array($0.utf8) }
    }

    /// Recognises the table of a prepared schema in `region`, starting at the table's first anchor in
    /// the region. Rows past `sectionEnd` (where the next section's heading is) are placed by their own
    /// labels only, never by their position.
    func recognize(_ prepared: PreparedSchema, in region: Range<Int>, sectionEnd: Int = Int.max) -> Result {
        keyBytes.withUnsafeBufferPointer { keys in
            let start =
                anchorIndex(prepared.schema.key, in: region, keys: keys)
                ?? verticalAnchorIndex(prepared.schema.key, in: region, keys: keys) ?? region.lowerBound
            func read(
                columns: [PrintedColumns], leftmost: LeftmostFigures? = nil, reading: RowAlignment.Reading? = nil
            ) -> Result {
                // Rows of the applications and reviews tables print one number of values each.
                let widths = Set(prepared.schema.rows.map(\.columns.count))
                var segments = SegmentStream(
                    tokens, in: start..<region.upperBound,
                    rowWidth: widths.count == 1 && widths.first! > 1 ? widths.first : nil)
                return switch prepared.schema.key {
                case .reviews:
                    recognizeSingleRow(prepared.schema, segments: &segments, start: start, columns: columns)
                case .active, .applications:
                    recognizeRows(
                        prepared, segments: &segments, start: start, regionEnd: region.upperBound,
                        sectionEnd: sectionEnd, columns: columns, leftmost: leftmost, reading: reading, keys: keys)
                }
            }
            let columns = printedColumns(
                prepared.schema, start: start, region: region, sectionEnd: sectionEnd, keys: keys)
            let leftmost =
                prepared.schema.key == .applications
                ? leftmostFigures(
                    start: start, region: region, sectionEnd: sectionEnd,
                    columns: prepared.schema.rows[0].columns.count) : nil
            var result = read(columns: columns, leftmost: leftmost)
            var readByColumns = true
            if !columns.isEmpty, prepared.schema.key == .applications,
                Self.breaksColumnIdentities(result.table, format: prepared.schema.format)
            {
                // The columns the text seems to set its figures in are not theirs where, read by them,
                // the table no longer adds up and read without them it does.
                let unplaced = read(columns: [])
                if !Self.breaksColumnIdentities(unplaced.table, format: prepared.schema.format) {
                    result = unplaced
                    readByColumns = false
                }
            }
            // Labels read before, after or around their figures fit almost equally well: the reading under
            // which the table adds up decides, where exactly one does and the one taken does not. Where
            // none does, the one that breaks no identity and puts fewest rows' figures beside another
            // item's number, fewer than the one taken, is taken, when it is the only one so.
            func isSound(_ reading: Result) -> Bool {
                let evidence = Self.identityEvidence(reading.table, format: prepared.schema.format)
                return evidence.broken == 0 && evidence.held > 0
            }
            if prepared.schema.key == .applications, !result.closeReadings.isEmpty, !isSound(result) {
                let others = result.closeReadings.map {
                    readByColumns
                        ? read(columns: columns, leftmost: leftmost, reading: $0) : read(columns: [], reading: $0)
                }
                let sound = others.filter(isSound)
                if sound.count == 1 {
                    result = sound[0]
                } else if sound.isEmpty {
                    let fewer = others.filter {
                        $0.itemContradictions < result.itemContradictions
                            && Self.identityEvidence($0.table, format: prepared.schema.format).broken == 0
                    }
                    if let fewest = fewer.map(\.itemContradictions).min(),
                        let best = fewer.first(where: { $0.itemContradictions == fewest }),
                        fewer.count(where: { $0.itemContradictions == fewest }) == 1
                    {
                        result = best
                    }
                }
            }
            if let span = result.span {
                result.span =
                    headerStart(before: span.lowerBound, limit: region.lowerBound, keys: keys)..<span.upperBound
            }
            return result
        }
    }

    /// The columns of a table set out with spaces (``PrintedColumns``), page by page from the page of
    /// its first figure after `start` up to `sectionEnd`: as the rows of the page printing every column
    /// set them; else, on the first page, as its header prints them, looked for from ten lines before the
    /// table's anchor `start` to its first figure. Places are counted both ways
    /// (``PrintedColumns/Measure``), figures measured from their start, middle or end
    /// (``PrintedColumns/Alignment``), and the way under which more of the page's figures are printed
    /// under one column is taken.
    private func printedColumns(
        _ schema: TableSchema, start: Int, region: Range<Int>, sectionEnd: Int, keys: UnsafeBufferPointer<UInt8>
    ) -> [PrintedColumns] {
        guard schema.key != .active, let figure = (start..<region.upperBound).first(where: isFigure),
            tokens[figure].printedStart >= 0
        else { return [] }
        let columns = schema.rows[0].columns
        let end = min(sectionEnd, region.upperBound)
        var first = start
        while first > region.lowerBound, tokens[first - 1].line + 10 >= tokens[start].line { first -= 1 }
        let names = columns.map { column in
            Array(
                LabelNormalizer.matchKey(column.label.split(separator: " ").last.map(String.init) ?? column.label).utf8)
        }
        var result: [PrintedColumns] = []
        var pageStart = figure
        while pageStart < end {
            let thisPage = page(of: tokens[pageStart].line)
            let (figures, pageEnd) = figuresOnPage(from: pageStart, to: end)
            let found = PrintedColumns.Measure.allCases.compactMap { measure in
                PrintedColumns(
                    rows: fullRows(columns: columns.count, from: pageStart, to: pageEnd, measure: measure),
                    measure: measure, page: thisPage)
                    ?? (pageStart == figure
                        ? PrintedColumns.find(
                            names: names, window: first..<figure, tokens: tokens, keys: keys, measure: measure,
                            page: page(of:)) : nil)
            }.flatMap(\.alignments)
            let fits = found.map { $0.fit(figures, tokens: tokens, page: page(of:)) }
            if let best = fits.max() { result.append(found[fits.firstIndex(of: best)!]) }
            guard let next = (pageEnd..<end).first(where: isFigure), tokens[next].printedStart >= 0 else { break }
            pageStart = next
        }
        return result
    }

    /// The leftmost figures of a table of `columns` columns set out with spaces (``LeftmostFigures``),
    /// among its figures on the page of its first one after `start`, up to `sectionEnd`.
    private func leftmostFigures(start: Int, region: Range<Int>, sectionEnd: Int, columns: Int) -> LeftmostFigures? {
        guard let figure = (start..<region.upperBound).first(where: isFigure), tokens[figure].printedStart >= 0 else {
            return nil
        }
        let onPage = figuresOnPage(from: figure, to: min(sectionEnd, region.upperBound))
        // A figure alone on its line may be set anywhere (text centred line by line): only figures
        // printed beside another tell a column.
        let figures = onPage.figures.filter { index in
            index > figure && isFigure(index - 1) && tokens[index - 1].line == tokens[index].line
                || index + 1 < onPage.end && isFigure(index + 1) && tokens[index + 1].line == tokens[index].line
        }
        return LeftmostFigures(
            figures: figures, tokens: tokens, columns: columns, page: page(of: tokens[figure].line))
    }

    /// True for a token that prints a figure.
    private func isFigure(_ index: Int) -> Bool { !tokens[index].isLabel && !tokens[index].isBlank }

    /// The figures from `start` to `end` on `start`'s page, and where that page's tokens end.
    private func figuresOnPage(from start: Int, to end: Int) -> (figures: [Int], end: Int) {
        let startPage = page(of: tokens[start].line)
        var figures: [Int] = []
        var index = start
        while index < end, page(of: tokens[index].line) == startPage {
            if isFigure(index) { figures.append(index) }
            index += 1
        }
        return (figures, index)
    }

    /// Where the figures of each line from `start` to `end` on `start`'s page print one figure a column
    /// (`count` of them, after the line's labels), each set apart from the word before it by two places
    /// or more, as a text extractor's layout mode sets a row's figures where the page has them.
    private func fullRows(columns count: Int, from start: Int, to end: Int, measure: PrintedColumns.Measure)
        -> [[Range<Int>]]
    {
        let startPage = page(of: tokens[start].line)
        var rows: [[Range<Int>]] = []
        var index = start
        while index < end {
            let line = tokens[index].line
            guard page(of: line) == startPage else { break }
            var lineEnd = index
            while lineEnd < end, tokens[lineEnd].line == line { lineEnd += 1 }
            if let firstFigure = tokens[index..<lineEnd].firstIndex(where: { !$0.isLabel }),
                lineEnd - firstFigure == count,
                case let spans = tokens[firstFigure..<lineEnd].compactMap({ $0.printedColumns(measure) }),
                spans.count == count,
                tokens[firstFigure..<lineEnd].allSatisfy({ !$0.isLabel && !$0.isBlank }),
                zip(spans, spans.dropFirst()).allSatisfy({ $1.lowerBound - $0.upperBound >= 2 }),
                firstFigure == index
                    || tokens[firstFigure - 1].printedColumns(measure).map({
                        spans[0].lowerBound - $0.upperBound >= 2
                    }) == true
            {
                rows.append(spans)
            }
            index = lineEnd
        }
        return rows
    }

    /// The page `line` is printed on, 0 for the first (``pageStarts``).
    func page(of line: Int) -> Int {
        var low = 0
        var high = pageStarts.count
        while low < high {
            let middle = (low + high) / 2
            if pageStarts[middle] <= line { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Where the table's header begins: header cells are short labels (or blanks) printed just before
    /// the anchor; prose ends the header.
    private func headerStart(before index: Int, limit: Int, keys: UnsafeBufferPointer<UInt8>) -> Int {
        var start = index
        while start > limit {
            let token = start - 1
            let isHeaderCell =
                tokens[token].isBlank
                || (tokens[token].isLabel && tokens[token].marks.isEmpty
                    && UTF8Scalars.count(UnsafeBufferPointer(rebasing: keys[tokens[token].key])) <= 16)
            guard isHeaderCell else { break }
            start -= 1
        }
        return start
    }

    /// The first label that prints one of the table's anchors, alone or with the labels after it on its
    /// line: text spaced out as OCR prints it (`第 二 十條第(一)項`, `信 息內容`) is cut into words.
    private func anchorIndex(_ key: TableKey, in region: Range<Int>, keys: UnsafeBufferPointer<UInt8>) -> Int? {
        let cues = Self.anchorBytes[TableKey.allCases.firstIndex(of: key)!]
        return region.first { index in
            guard tokens[index].isLabel, !tokens[index].key.isEmpty else { return false }
            // A word inside a run was read with the run's first word.
            if index > region.lowerBound, continuesLabelRun(index - 1, with: index) { return false }
            var last = index
            while last + 1 < region.upperBound, continuesLabelRun(last, with: last + 1) { last += 1 }
            let runKey = UnsafeBufferPointer(rebasing: keys[tokens[index].key.lowerBound..<tokens[last].key.upperBound])
            return cues.contains { cue in cue.withUnsafeBufferPointer { ByteSearch.contains(runKey, $0) } }
        }
    }

    /// The first of a run of labels one or two characters a line in which two of the table's anchors
    /// can be read down the run (`结 / 结 / 其 / 尚 / 总 / 结 / 果 / 果 …`): a header printed vertically,
    /// or columns of narrow header cells taken line by line, interleave their words but keep each word's
    /// characters in order. Looked for only where no anchor is printed whole.
    private func verticalAnchorIndex(_ key: TableKey, in region: Range<Int>, keys: UnsafeBufferPointer<UInt8>)
        -> Int?
    {
        let anchors = ReportSchema.tableAnchors(key).map { Array($0.unicodeScalars) }
        var index = region.lowerBound
        while index < region.upperBound {
            var end = index
            var scalars: [Unicode.Scalar] = []
            while end < region.upperBound, tokens[end].isLabel, !tokens[end].key.isEmpty,
                tokens[end].key.count <= 6, end == index || tokens[end].line != tokens[end - 1].line
            {
                scalars +=
                    String(decoding: UnsafeBufferPointer(rebasing: keys[tokens[end].key]), as: UTF8.self)
                    .unicodeScalars
                end += 1
            }
            if end - index >= 8 {
                let found = anchors.count { anchor in
                    var next = anchor.startIndex
                    for scalar in scalars where next < anchor.endIndex && scalar == anchor[next] { next += 1 }
                    return next == anchor.endIndex
                }
                if found >= 2 { return index }
            }
            index = max(end, index + 1)
        }
        return nil
    }

    /// True when the label `next` follows the label `token` on its line with their keys side by side.
    /// True when `segment`'s labels print a column's header (``PreparedSchema/headerKeys``) after row
    /// `row`'s last cue in them: its figures then follow the header, not the row's label.
    private func printsHeaderAfterCue(
        of row: Int, in segment: Segment, _ prepared: PreparedSchema, keys: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        let key = UnsafeBufferPointer(rebasing: keys[segment.key])
        var cueEnd: Int?
        for cue in prepared.schema.rows[row].cueBytes {
            cue.withUnsafeBufferPointer { cue in
                var from = 0
                while let found = ByteSearch.firstIndex(of: cue, in: key, from: from) {
                    cueEnd = max(cueEnd ?? 0, found + cue.count)
                    from = found + 1
                }
            }
        }
        guard let cueEnd else { return false }
        let after = UnsafeBufferPointer(rebasing: key[cueEnd...])
        return prepared.headerKeys.contains { header in
            header.withUnsafeBufferPointer { ByteSearch.firstIndex(of: $0, in: after) != nil }
        }
    }

    private func continuesLabelRun(_ token: Int, with next: Int) -> Bool {
        tokens[token].isLabel && tokens[next].isLabel && tokens[next].line == tokens[token].line
            && !tokens[token].key.isEmpty && !tokens[next].key.isEmpty
            && tokens[next].key.lowerBound == tokens[token].key.upperBound
    }

    // MARK: Tables with labelled rows

    private func recognizeRows(
        _ prepared: PreparedSchema, segments: inout SegmentStream, start: Int, regionEnd: Int, sectionEnd: Int,
        columns: [PrintedColumns], leftmost: LeftmostFigures?, reading: RowAlignment.Reading? = nil,
        keys: UnsafeBufferPointer<UInt8>
    ) -> Result {
        let schema = prepared.schema
        var closeReadings: [RowAlignment.Reading] = []
        var itemContradictions = 0
        // Rows left blank because they line up only with a printed row of empty cells.
        var emptyCellRows = Set<Int>()
        // Per row of the schema: where it was found.
        var matched = [RowPlacement?](repeating: nil, count: schema.rows.count)
        var matchedCount = 0
        var end = start
        var index = 0
        while matchedCount < schema.rows.count, let segment = segments.segment(at: index) {
            defer { index += 1 }
            guard !segment.values.isEmpty, !segment.key.isEmpty,
                let row = prepared.cues.soleRow(
                    for: keys, key: segment.key, token: tokens[segment.labels.upperBound - 1].key),
                matched[row] == nil
            else { continue }
            matched[row] = .segment(index)
            matchedCount += 1
            end = max(end, segment.values.upperBound)
        }
        var byPosition = [Bool](repeating: false, count: schema.rows.count)
        var findings: [Finding] = []
        var rowsWithoutValues = RowsWithoutValues()
        if matchedCount > 0 {
            findRowsWithoutValues(
                prepared, segments: &segments, start: start, keys: keys, matched: &matched,
                found: &rowsWithoutValues, end: &end)
        }
        // Rows the cues did not place, or placed out of order, are placed by aligning the value rows
        // with the schema; rows printed without values are then looked for again around them.
        if matchedCount > 0
            && (matched.contains(nil) || !Self.isInOrder(matched)
                || blankRowFollowsUnplacedFigures(matched, segments: &segments))
        {
            let cueMatched = matched.map { $0?.segmentIndex }
            rowsWithoutValues = RowsWithoutValues()
            let aligned = align(
                prepared, segments: &segments, count: index, start: start, keys: keys, reading: reading)
            closeReadings = aligned.closeReadings
            var placed = aligned.placements.map { $0?.segment }
            byPosition = aligned.placements.map { $0?.byPosition ?? false }
            // A row named by the label printed on its figures' own line keeps them: the alignment reads
            // labels around the figures, and where the other rows' labels are printed apart from
            // their figures it can pair them with one of those instead. A cue that ends before that
            // line names the row whose label ends there, not the figures.
            for (row, cue) in cueMatched.enumerated() {
                guard let cue, let segment = segments.segment(at: cue), let label = segment.labels.last,
                    let value = segment.values.first, tokens[label].line == tokens[value].line,
                    let ownLine = segment.labels.first(where: { tokens[$0].line == tokens[value].line }),
                    let cueEnd = prepared.cues.cueEnd(for: keys, key: segment.key),
                    cueEnd > tokens[ownLine].key.lowerBound,
                    let taken = placed.firstIndex(of: cue), taken != row, placed[row] == nil
                else { continue }
                placed[taken] = nil
                // In order with the rows placed around it, or not at all.
                let before = placed[..<row].compactMap { $0 }.last ?? -1
                let after = placed[(row + 1)...].compactMap { $0 }.first ?? Int.max
                guard before < cue && cue < after else { continue }
                byPosition[taken] = false
                placed[row] = cue
                byPosition[row] = false
            }
            // Figures printed right after another row's whole label are not this row's: text that prints
            // some rows' figures before their labels and others' after them is read one row off, and text
            // read out of order puts another table's row between two of this one's. Such a row is left
            // blank, and is not placed again by its cue.
            var contradicted = Set<Int>()
            // Leaves `row` unplaced, with a finding saying why, ending in `…, so it was left blank`.
            func leaveBlank(_ row: Int, _ reason: String) {
                placed[row] = nil
                contradicted.insert(row)
                findings.append(
                    Finding(
                        kind: .rowAmbiguous, table: schema.key, row: schema.rows[row].key,
                        message: "row \(schema.rows[row].label) \(reason), so it was left blank"))
            }
            // Figures beside a label that starts another item than the row's own (`3.危` beside the
            // figures placed in 2.其他法律行政法规禁止公开) are that item's: the row's label read around
            // them names it only because the labels run on from one row into the next. The label
            // beside is the last before the figures, on their line; it is returned.
            func anotherItemBeside(_ row: Int, _ found: Int) -> Int? {
                guard let segment = segments.segment(at: found), let first = segment.values.first,
                    let beside = segment.labels.last, tokens[beside].line == tokens[first].line,
                    let printed = ItemNumbering.itemNumber(tokens[beside].text),
                    let own = ItemNumbering.itemNumber(String(schema.rows[row].label.split(separator: " ").last ?? "")),
                    printed.kind == own.kind, printed.number != own.number,
                    // A label that reads as the row's own but for its number is the row's, misprinted
                    // (OCR's `3.属于行政查询事项` for 8.).
                    RowAlignment.similarity(
                        prepared.references[row][0], RowAlignment.reference(ofLabel: tokens[beside].text))
                        < RowAlignment.confirmingScore
                else { return nil }
                return beside
            }
            for row in placed.indices {
                guard let found = placed[row], let beside = anotherItemBeside(row, found) else { continue }
                itemContradictions += 1
                leaveBlank(
                    row,
                    "lines up with figures printed beside \(tokens[beside].text), which starts another item than its own; whose they are cannot be told"
                )
            }
            for row in placed.indices {
                guard let found = placed[row], let segment = segments.segment(at: found), !segment.key.isEmpty,
                    let named = labelEnding(segment.key, keys: keys, besides: row, of: prepared)
                else { continue }
                leaveBlank(
                    row,
                    "lines up with figures printed right after the label of row \(named); which row they are cannot be told"
                )
            }
            // Empty cells are no evidence of a printed empty row unless the row's own cue names them: a
            // label's continuation made a row of its own (a converter's, or a row broken across a page)
            // resembles the label as much.
            for row in placed.indices {
                guard let found = placed[row], cueMatched[row] != found, let segment = segments.segment(at: found),
                    !segment.values.isEmpty, segment.values.allSatisfy({ tokens[$0].isBlank }),
                    segment.key.isEmpty || prepared.cues.bestRow(for: keys, key: segment.key) != row
                else { continue }
                byPosition[row] = false
                emptyCellRows.insert(row)
                leaveBlank(
                    row,
                    "lines up only with a printed row of empty cells whose label does not name it; whether its cells are empty cannot be told"
                )
            }
            // Figures past the next section's heading are another table's as likely as this one's: a
            // row is not placed there by its position alone, nor by label text printed past the heading
            // too, which is the next section's (the reviews table's header says 总计).
            for row in placed.indices {
                guard let found = placed[row], let segment = segments.segment(at: found),
                    segment.values.lowerBound >= sectionEnd,
                    byPosition[row] || segment.labels.lowerBound >= sectionEnd
                else { continue }
                let how =
                    byPosition[row]
                    ? "only by its position with figures printed after the next section's heading"
                    : "with figures printed after the next section's heading, by label text printed after it too"
                byPosition[row] = false
                leaveBlank(row, "lines up \(how); whose they are cannot be told")
            }
            // A row the alignment left alone keeps the segment its cue named, where that segment is free
            // and lies between the rows placed around it, unless another item's number stands beside its
            // figures: the cue is then the end of a label run on into the next row's.
            for row in placed.indices where placed[row] == nil && !contradicted.contains(row) {
                guard let segment = cueMatched[row], !placed.contains(segment) else { continue }
                let before = placed[..<row].compactMap { $0 }.last ?? -1
                let after = placed[(row + 1)...].compactMap { $0 }.first ?? Int.max
                guard before < segment && segment < after else { continue }
                if let beside = anotherItemBeside(row, segment) {
                    itemContradictions += 1
                    leaveBlank(
                        row,
                        "is named by label text before figures printed beside \(tokens[beside].text), which starts another item than its own; whose they are cannot be told"
                    )
                } else {
                    placed[row] = segment
                }
            }
            matched = placed.map { $0.map(RowPlacement.segment) }
            findings += aligned.findings.filter { finding in
                schema.rows.firstIndex { $0.key == finding.row }.map { matched[$0] == nil } ?? true
            }
            matchedCount = matched.count { $0 != nil }
            for case let found? in placed { end = max(end, segments.segment(at: found)!.values.upperBound) }
            let positional = byPosition.count { $0 }
            if positional * 2 > schema.rows.count {
                findings.append(
                    Finding(
                        kind: .placedByPosition, table: schema.key,
                        message:
                            "\(positional) of the \(schema.rows.count) rows of the \(schema.key.rawValue) table were placed by their position, not by their labels"
                    ))
            }
            // A row two printed rows fit equally well stays blank: its label alone is no evidence that
            // it was printed without values.
            let ambiguous = Set(aligned.findings.filter { $0.kind == .rowAmbiguous }.compactMap(\.row))
                .union(contradicted.map { schema.rows[$0].key })
            findRowsWithoutValues(
                prepared, segments: &segments, start: start, keys: keys, matched: &matched,
                found: &rowsWithoutValues, end: &end, skipping: ambiguous)
        }
        joinRowsSplitAcrossPages(prepared, segments: &segments, count: index, matched: &matched, findings: &findings)
        let emptyRows = rowsWithoutValues.rows
        guard matchedCount > 0 else {
            // No row prints its figures after its label: they may all come after the labels, row by row.
            var rows = schema.rows.map { missingRow($0) }
            if schema.blocks.count == 1,
                let read = readRowBlocks(
                    prepared, rows: &rows, placements: matched.map { _ in nil }, findings: &findings,
                    in: start..<regionEnd)
            {
                findings += schema.rows.indices.filter { rows[$0].cells.allSatisfy { $0.flags.contains(.missing) } }
                    .map { position in
                        let spec = schema.rows[position]
                        return Finding(
                            kind: .rowNotFound, table: schema.key, row: spec.key,
                            message: "row \(spec.label) of the \(schema.key.rawValue) table was not found")
                    }
                return Result(
                    table: StatisticalTable(key: schema.key, found: true, rows: rows), findings: findings,
                    span: start..<read.upperBound)
            }
            return Result(
                table: StatisticalTable(key: schema.key, found: false, rows: []), findings: findings, span: nil)
        }
        // Figures printed after a column's header that follows the row's label are the column's, not the
        // row's: the table was extracted column by column (`规章 … 本年制发件数 本年废止件数 0 17`).
        for (position, spec) in schema.rows.enumerated() {
            guard case .segment(let found) = matched[position], let segment = segments.segment(at: found),
                printsHeaderAfterCue(of: position, in: segment, prepared, keys: keys)
            else { continue }
            matched[position] = nil
            findings.append(
                Finding(
                    kind: .rowAmbiguous, table: schema.key, row: spec.key,
                    message:
                        "row \(spec.label) prints a column's header between its label and the figures after it; whose they are cannot be told, so it was left blank"
                ))
        }
        let shortRows = shortRows(schema, matched: matched, segments: &segments)
        var undetermined: [UndeterminedRow]? = schema.key == .applications ? [] : nil
        var rows: [TableRow] = []
        rows.reserveCapacity(schema.rows.count)
        for (position, spec) in schema.rows.enumerated() {
            guard let found = matched[position] else {
                rows.append(missingRow(spec))
                findings.append(
                    Finding(
                        kind: .rowNotFound, table: schema.key, row: spec.key,
                        message: "row \(spec.label) of the \(schema.key.rawValue) table was not found"))
                continue
            }
            let segment =
                switch found {
                case .segment(let index): segments.segment(at: index)!
                case .withoutValues(let index): emptyRows[index]
                }
            let cells = placeValues(
                segment, spec: spec, table: schema.key, byPosition: byPosition[position], shortRows: shortRows,
                columns: columns, leftmost: leftmost, findings: &findings, undetermined: &undetermined)
            rows.append(
                TableRow(key: spec.key, label: spec.label, printedLabel: printedLabel(segment.labels), cells: cells))
        }
        leaveRowsWithoutValuesUnread(
            schema, matched: matched, emptyCellRows: emptyCellRows, segments: &segments, end: end, rows: &rows,
            findings: &findings)
        leaveRowsPrintedOnTwoLinesUnread(
            prepared, matched: matched, segments: &segments, rows: &rows, findings: &findings)
        if schema.blocks.count > 1 {
            // Rows read as printed empty from a label with no figures after it are read from column blocks
            // too: reading-order text prints a sub-table's last column, its header and figure, after the label,
            // even past the next section's heading.
            let printedEmpty = matched.indices.map { position in
                if case .withoutValues = matched[position] {
                    rows[position].cells.allSatisfy { $0.flags == [.blank] }
                } else {
                    false
                }
            }
            readColumnBlocks(
                prepared, rows: &rows, placements: placements(matched, segments: &segments), printedEmpty: printedEmpty,
                findings: &findings, in: start..<regionEnd)
        } else if rows.contains(where: { row in row.cells.allSatisfy { $0.flags.contains(.missing) } }),
            let read = readRowBlocks(
                prepared, rows: &rows, placements: placements(matched, segments: &segments), findings: &findings,
                in: start..<regionEnd)
        {
            end = max(end, read.upperBound)
        }
        if let other = singleOtherProcessingRow(schema, segments: &segments, count: index, matched: matched, keys: keys)
        {
            // Its figures are kept under the 2019 key, before the three rows it stands for, which stay missing.
            let first = schema.rows.firstIndex { Self.otherProcessingKeys.contains($0.key) }!
            for position in schema.rows.indices where Self.otherProcessingKeys.contains(schema.rows[position].key) {
                rows[position] = missingRow(schema.rows[position])
            }
            findings.removeAll { $0.kind == .rowNotFound && Self.otherProcessingKeys.contains($0.row ?? "") }
            let cells = placeValues(
                other, spec: Self.otherProcessing, table: schema.key, byPosition: false, findings: &findings)
            rows.insert(
                TableRow(
                    key: Self.otherProcessing.key, label: Self.otherProcessing.label,
                    printedLabel: printedLabel(other.labels), cells: cells), at: first)
            findings.append(
                Finding(
                    kind: .rowOfOtherFormat, table: schema.key, row: Self.otherProcessing.key,
                    message:
                        "（六）其他处理 is printed as one row, as the 2019 format has it; its figures are kept under '\(Self.otherProcessing.key)' and the three 2021 rows are left blank"
                ))
        }
        if let undetermined, !undetermined.isEmpty {
            placeUndeterminedRows(undetermined, format: schema.format, rows: &rows, findings: &findings)
        }
        return Result(
            table: StatisticalTable(key: schema.key, found: true, rows: rows), findings: findings, span: start..<end,
            closeReadings: closeReadings, itemContradictions: itemContradictions)
    }

    /// The figures each placed row was read from.
    private func placements(_ matched: [RowPlacement?], segments: inout SegmentStream) -> [Range<Int>?] {
        matched.map { placement -> Range<Int>? in
            guard let index = placement?.segmentIndex else { return nil }
            return segments.segment(at: index)?.values
        }
    }

    /// Fills the sub-tables whose rows were all left blank, or read as printed empty (`printedEmpty`),
    /// from columns printed as blocks of their own (``ColumnBlocks``); their values are flagged
    /// `inferred`, with one finding per sub-table.
    ///
    /// `placements` are the figures each row was placed from. Figures are one cell's only: a row placed
    /// on figures of a column block is left blank, with a finding, since the block's column header is
    /// printed right before them and the row's label further away (a reading-order text prints the
    /// last rows' labels, then the first sub-table's columns one after another).
    private func readColumnBlocks(
        _ prepared: PreparedSchema, rows: inout [TableRow], placements: [Range<Int>?], printedEmpty: [Bool],
        findings: inout [Finding], in range: Range<Int>
    ) {
        let wanted = rows.indices.map { position in
            printedEmpty[position] || rows[position].cells.allSatisfy { $0.flags.contains(.missing) }
        }
        guard wanted.contains(true) else { return }
        let schema = prepared.schema
        let columnBlocks = ColumnBlocks(
            tokens: tokens, keyBytes: keyBytes, linesAfterEmptyLine: linesAfterEmptyLine, in: range, schema: schema)
        let blocks = columnBlocks.read(prepared, wanted: wanted)
        for block in blocks {
            let figures = Set(block.values.joined())
            let sharing = schema.rows.indices.filter { position in
                !block.rows.contains(position) && !wanted[position]
                    && placements[position].map { $0.contains(where: figures.contains) } == true
            }
            for position in sharing {
                let spec = schema.rows[position]
                rows[position] = missingRow(spec)
                findings.removeAll { $0.row == spec.key && $0.kind == .valuesInferred }
                findings.append(
                    Finding(
                        kind: .rowAmbiguous, table: schema.key, row: spec.key,
                        message:
                            "row \(spec.label) was read from figures printed right under column headers of rows \(block.rows.map { schema.rows[$0].label }.joined(separator: "、")), which are read as theirs; it was left blank"
                    ))
            }
            fillRows(block.rows, from: block.values, of: schema, rows: &rows, findings: &findings) { labels in
                "rows \(labels) are printed column by column: columns \(block.headers.joined(separator: "、")) were read from blocks of their own, in printed order"
            }
        }
    }

    /// Fills `positions` of `rows` from the tokens of `values` (per row, per column), flagged `inferred`,
    /// in place of the findings those rows had, with one finding for them all whose message `describe`
    /// makes from their labels.
    private func fillRows(
        _ positions: Range<Int>, from values: [[Int]], of schema: TableSchema, rows: inout [TableRow],
        findings: inout [Finding], describe: (String) -> String
    ) {
        let keys = Set(positions.map { schema.rows[$0].key })
        findings.removeAll { finding in
            finding.row.map(keys.contains) == true
                && [.rowNotFound, .valueCountMismatch, .rowAmbiguous, .valuesInferred].contains(finding.kind)
        }
        for (offset, position) in positions.enumerated() {
            let spec = schema.rows[position]
            let rowValues = values[offset]
            rows[position] = TableRow(
                key: spec.key, label: spec.label, printedLabel: rows[position].printedLabel,
                cells: cells(spec, table: schema.key, inferred: true, findings: &findings) { rowValues[$0] })
        }
        let labels = positions.map { schema.rows[$0].label }.joined(separator: "、")
        findings.append(
            Finding(
                kind: .valuesInferred, table: schema.key, row: schema.rows[positions.lowerBound].key,
                message: describe(labels)))
    }

    /// Reads rows printed as their labels and then their figures, row after row (``RowBlocks``), where
    /// the rows were left blank or were read from those figures; their values are flagged `inferred`,
    /// with one finding per run of rows. A run whose figures another row was read from is not read.
    /// Returns the tokens of the figures read, from the first to the last, if any were.
    private func readRowBlocks(
        _ prepared: PreparedSchema, rows: inout [TableRow], placements: [Range<Int>?],
        findings: inout [Finding], in range: Range<Int>
    ) -> Range<Int>? {
        let missing = rows.map { row in row.cells.allSatisfy { $0.flags.contains(.missing) } }
        guard missing.contains(true) else { return nil }
        var read: Range<Int>?
        let schema = prepared.schema
        for block in RowBlocks.read(tokens: tokens, keyBytes: keyBytes, in: range, prepared: prepared) {
            let figures = block.values.joined()
            let span = figures.min()!..<(figures.max()! + 1)
            // Each row of the run is blank or was read from its figures; no other row was.
            let free = schema.rows.indices.allSatisfy { position in
                guard !missing[position], let placed = placements[position] else { return true }
                return block.rows.contains(position)
                    ? span.contains(placed.lowerBound) && span.contains(placed.upperBound - 1)
                    : !placed.overlaps(span)
            }
            guard free, block.rows.contains(where: { missing[$0] }) else { continue }
            read = read.map { min($0.lowerBound, span.lowerBound)..<max($0.upperBound, span.upperBound) } ?? span
            fillRows(block.rows, from: block.values, of: schema, rows: &rows, findings: &findings) { labels in
                "rows \(labels) are printed as their labels and then their \(figures.count) figures, row after row: each was read by counting"
            }
        }
        return read
    }

    /// The label of a row, other than row `row` of `prepared`'s table, that the label run `key` ends
    /// with: a row of the same table whose cue ends exactly where the run does, or a row the other table
    /// of labelled rows names by its cue (the active and the applications table).
    private func labelEnding(
        _ key: Range<Int>, keys: UnsafeBufferPointer<UInt8>, besides row: Int, of prepared: PreparedSchema
    ) -> String? {
        let schema = prepared.schema
        if let named = prepared.cues.rowEndingKey(keys, key: key) {
            return named == row ? nil : schema.rows[named].label
        }
        let other: TableKey
        switch schema.key {
        case .active: other = .applications
        case .applications: other = .active
        case .reviews: return nil
        }
        let otherSchema = Self.prepared(other, format: schema.format)
        return otherSchema.cues.bestRow(for: keys, key: key).map { otherSchema.schema.rows[$0].label }
    }

    /// The 2019 format's single （六）其他处理 row, and the three 2021 rows it stands for.
    static let otherProcessing = ReportSchema.table(.applications, format: .v2019).row("other")!
    static let otherProcessingKeys: Set<String> = ["other_no_correction", "other_unpaid_fee", "other_misc"]
    private static let otherProcessingCue = RowCueMatcher([otherProcessing])

    /// In a 2021-format applications table, the one printed row labelled （六）其他处理 with figures, when
    /// the three rows of the 2021 format are not printed (at most one of them was placed, at that row).
    private func singleOtherProcessingRow(
        _ schema: TableSchema, segments: inout SegmentStream, count: Int,
        matched: [RowPlacement?], keys: UnsafeBufferPointer<UInt8>
    ) -> Segment? {
        guard schema.key == .applications, schema.format == .v2021 else { return nil }
        let positions = schema.rows.indices.filter { Self.otherProcessingKeys.contains(schema.rows[$0].key) }
        let placed = positions.compactMap { matched[$0] }
        guard placed.count <= 1 else { return nil }
        let lower = matched[..<positions[0]].compactMap { $0?.segmentIndex }.last ?? -1
        let upper = matched[(positions.last! + 1)...].compactMap { $0?.segmentIndex }.first ?? count
        var found: Segment?
        for index in (lower + 1)..<max(lower + 1, min(upper, count)) {
            guard let segment = segments.segment(at: index), !segment.values.isEmpty, !segment.key.isEmpty,
                Self.otherProcessingCue.bestRow(for: keys, key: segment.key) != nil
            else { continue }
            guard found == nil, placed.allSatisfy({ $0 == .segment(index) }) else { return nil }
            found = segment
        }
        return found
    }

    /// Rows found as a label with no values, and the segment each was found in.
    struct RowsWithoutValues {
        var rows: [Segment] = []
        var segments: [Int] = []
    }

    /// A row printed with every blank dropped is a label with no values: accepts it next to its
    /// neighbours in printed order. Such rows are `.withoutValues` in `matched`.
    private func findRowsWithoutValues(
        _ prepared: PreparedSchema, segments: inout SegmentStream, start: Int,
        keys: UnsafeBufferPointer<UInt8>, matched: inout [RowPlacement?],
        found: inout RowsWithoutValues, end: inout Int, skipping: Set<String> = []
    ) {
        var emptyRows = found.rows
        var emptyRowSegments = found.segments
        defer { found = RowsWithoutValues(rows: emptyRows, segments: emptyRowSegments) }
        let schema = prepared.schema
        for position in schema.rows.indices
        where matched[position] == nil && !skipping.contains(schema.rows[position].key) {
            // Search after the row before, within the same segment when that row had no values.
            var lower = 0
            var firstToken = start
            let previous = matched[..<position].reversed().lazy.compactMap { $0 }.first
            switch previous {
            case .withoutValues(let index)?:
                lower = emptyRowSegments[index]
                firstToken = emptyRows[index].labels.upperBound
            case .segment(let index)?:
                lower = index + 1
                firstToken = segments.segment(at: index)!.values.upperBound
            case nil:
                break
            }
            let next = matched[(position + 1)...].lazy.compactMap { $0 }.first
            // A next row found without values bounds nothing: it may lie anywhere in its segment.
            let upper = min(next?.segmentIndex ?? Int.max, lower + Self.maximumGap)
            guard previous != nil || next != nil, lower < upper else { continue }
            search: for index in lower..<upper {
                guard let segment = segments.segment(at: index) else { break }
                let pieces = segment.linePieces(tokens)
                // A label on its own line, or the whole run when it has no values.
                let candidates = segment.values.isEmpty ? pieces + [segment.labels] : Array(pieces.dropLast())
                // Figures right after a section heading have no header of their own: they are a table's
                // printed apart from its labels (text extracted column by column), and the labels before
                // the heading are no rows printed empty.
                let heading =
                    segment.values.isEmpty ? nil : pieces.last.flatMap { isSectionHeading($0) ? $0.lowerBound : nil }
                for labels in candidates where labels.lowerBound >= firstToken && labels.lowerBound >= heading ?? 0 {
                    let key = Segment.joinedKey(tokens, labels)
                    guard !key.isEmpty, prepared.cues.bestRow(for: keys, key: key) == position else { continue }
                    matched[position] = .withoutValues(emptyRows.count)
                    emptyRows.append(Segment(labels: labels, values: labels.upperBound..<labels.upperBound, key: key))
                    emptyRowSegments.append(index)
                    end = max(end, labels.upperBound)
                    break search
                }
            }
        }
    }

    /// A label printed with no figures after it means an empty row only where the table prints its rows'
    /// figures after their labels and has none left over, neither figures no row took nor figures a row
    /// prints beyond its columns. Where no row was read that way, more of its
    /// rows print the wrong number of figures than the right one, or figures inside the table belong to
    /// no row (text extracted in reading order, columns or blocks of cells apart from the labels), a
    /// row's label with none after it says nothing about its cells: they stay blank, flagged missing,
    /// with a finding, instead of being read as printed empty. Nor are a row's figures its own beyond
    /// doubt when figures no row took come just before its label and the next row has none after its
    /// label: read the other way, each label follows its figures.
    ///
    /// `emptyCellRows` are rows left blank because they line up only with a printed row of empty cells:
    /// like a label with no figures after it, evidence that some rows print none.
    private func leaveRowsWithoutValuesUnread(
        _ schema: TableSchema, matched: [RowPlacement?], emptyCellRows: Set<Int>, segments: inout SegmentStream,
        end: Int, rows: inout [TableRow], findings: inout [Finding]
    ) {
        guard !emptyCellRows.isEmpty || matched.contains(where: { if case .withoutValues = $0 { true } else { false } })
        else { return }
        let placed = Set(matched.compactMap { $0?.segmentIndex })
        var leftOver = false
        // Segments of figures right after figures no row took: with labels printed after their
        // figures, the label before them names those figures, not these.
        var afterLeftOver = Set<Int>()
        var index = 0
        while let segment = segments.segment(at: index), segment.values.lowerBound < end {
            if !placed.contains(index) && segment.values.contains(where: { !tokens[$0].isBlank }) {
                leftOver = true
                afterLeftOver.insert(index + 1)
            }
            index += 1
        }
        // Figures a row prints beyond its columns are another row's, left over as much as figures no row
        // took (`（七）总计` followed by its seven figures and 四、结转…'s).
        for (position, placement) in matched.enumerated() {
            guard case .segment(let index) = placement, let segment = segments.segment(at: index) else { continue }
            if segment.values.count(where: { !tokens[$0].isBlank }) > schema.rows[position].columns.count {
                leftOver = true
            }
        }
        var read = 0
        var mismatched = Set<String>()
        for finding in findings where finding.kind == .valueCountMismatch && finding.table == schema.key {
            if let row = finding.row { mismatched.insert(row) }
        }
        for (position, placement) in matched.enumerated() {
            guard case .segment = placement, !mismatched.contains(schema.rows[position].key) else { continue }
            if rows[position].cells.contains(where: { $0.value != nil }) { read += 1 }
        }
        guard leftOver || read == 0 || mismatched.count > read else { return }
        // Figures no row took, a row's label and figures, and the next row with none after its label
        // (printed without, or not found): read with labels after their figures, the row takes the
        // figures before its label.
        let shifted = matched.indices.filter { position in
            guard let segment = matched[position]?.segmentIndex, afterLeftOver.contains(segment),
                position + 1 < matched.count
            else { return false }
            if case .segment = matched[position + 1] { return false }
            // A row already left blank keeps its own finding.
            return rows[position].cells.contains { !$0.flags.contains(.missing) }
        }
        for position in shifted {
            let spec = schema.rows[position]
            rows[position] = missingRow(spec, printedLabel: rows[position].printedLabel)
            findings.removeAll { $0.table == schema.key && $0.row == spec.key }
            findings.append(
                Finding(
                    kind: .rowAmbiguous, table: schema.key, row: spec.key,
                    message:
                        "row \(spec.label) prints its label between two rows of figures, the first taken by no row, and the row after it has no figures: read with its label after its figures, it takes the first; which are its figures cannot be told, so the row was left blank"
                ))
        }
        for (position, placement) in matched.enumerated() {
            guard case .withoutValues = placement else { continue }
            let spec = schema.rows[position]
            rows[position] = missingRow(spec, printedLabel: rows[position].printedLabel)
            findings.append(
                Finding(
                    kind: .valueCountMismatch, table: schema.key, row: spec.key,
                    message:
                        "row \(spec.label) prints no figures after its label, but this table does not print every row's figures after its label; whether its cells are empty cannot be told, so the row was left blank"
                ))
        }
    }

    /// A table row that breaks across a page (Word lets rows break by default) prints its figures with
    /// the first lines of its label, and the rest of the label on the next page, as a row of its own with
    /// empty cells. The rest names the row (`息需要另行制作`), the start does not (`2.没有`). A row placed
    /// on such an empty grid row whose label is the end of its own takes the figures of the grid row
    /// just before (header rows repeated after the break aside) when no row was placed there and that
    /// row's label is the start of its own. Where the start does not match, the empty row is no
    /// evidence that the row was printed empty: it is left blank, with a finding. A converter's pipe
    /// table does the same within a page where a label wraps in its cells: the row of figures prints
    /// the label's first lines (`（四）无 | 1.本机关`), the next pipe row, of empty cells, the following
    /// ones (`法提供 | 不掌握相`), and the rest may follow as loose lines.
    private func joinRowsSplitAcrossPages(
        _ prepared: PreparedSchema, segments: inout SegmentStream, count: Int, matched: inout [RowPlacement?],
        findings: inout [Finding]
    ) {
        let schema = prepared.schema
        // The key of the last label of a grid or pipe row of empty cells, if `index` is one.
        func emptyRowKey(_ index: Int) -> Range<Int>? {
            guard let segment = segments.segment(at: index), !segment.values.isEmpty, let label = segment.labels.last,
                segment.values.allSatisfy({ tokens[$0].isBlank })
            else { return nil }
            return tokens[label].key
        }
        // True when the empty row `index` prints a later part of row `row`'s own label, not the whole of
        // it: its end, or, where the label wraps on past the row (a converter's table leaves the rest as
        // loose lines), a piece after its start.
        func endRow(_ index: Int, of row: Int) -> Bool {
            guard let end = emptyRowKey(index), end.count >= 2,
                isInsideOwnLabel(end, of: row, prepared),
                let labels = segments.segment(at: index)?.key
            else { return false }
            // Not where the labels before the empty cells print the label's start too, in a cell before
            // (`| 二、上年结转政府信息 | 公开申请数量 | | |`) or on the line before: the whole label is there.
            let label = prepared.ownLabelKeys[row]
            var start = 0
            for _ in 0..<3 where start < label.count {
                start += UTF8Scalars.decode(label, at: start).length
            }
            return keyBytes.withUnsafeBufferPointer { keys in
                label.withUnsafeBufferPointer { label in
                    ByteSearch.firstIndex(
                        of: UnsafeBufferPointer(rebasing: label[..<start]),
                        in: UnsafeBufferPointer(rebasing: keys[labels])) == nil
                }
            }
        }
        // The grid row of figures before the empty row `index`, past rows with no figures.
        func figuresBefore(_ index: Int) -> Int? {
            var candidate = index - 1
            while candidate >= max(0, index - Self.maximumSplitDistance) {
                guard let before = segments.segment(at: candidate) else { return nil }
                if !before.values.allSatisfy({ tokens[$0].isBlank }) { return candidate }
                candidate -= 1
            }
            return nil
        }
        // True when the figures' row `index` prints the start of row `row`'s own label, the empty row
        // `endRow` the rest.
        func startsLabel(_ index: Int, of row: Int, endingWith endRow: Int) -> Bool {
            guard let last = segments.segment(at: index)?.labels.last, let end = emptyRowKey(endRow) else {
                return false
            }
            let start = tokens[last].key
            let label = prepared.ownLabelKeys[row]
            return start.count >= 2 && start.count + end.count <= label.count + 3
                && keyBytes[start].elementsEqual(label.prefix(start.count))
        }
        // A row no segment was placed on takes the figures before an empty row printing its label's end,
        // when the figures' label is its start.
        if matched.contains(nil) {
            let emptyRows = (1..<max(1, count)).filter { emptyRowKey($0) != nil }
            for position in matched.indices where matched[position] == nil {
                for index in emptyRows where endRow(index, of: position) {
                    guard let figures = figuresBefore(index), !matched.contains(.segment(figures)),
                        !matched.contains(.segment(index)), startsLabel(figures, of: position, endingWith: index)
                    else { continue }
                    matched[position] = .segment(figures)
                    findings.removeAll { $0.table == schema.key && $0.row == schema.rows[position].key }
                    break
                }
            }
        }
        for position in matched.indices {
            guard let index = matched[position]?.segmentIndex, endRow(index, of: position) else { continue }
            if let figures = figuresBefore(index), !matched.contains(.segment(figures)),
                startsLabel(figures, of: position, endingWith: index)
            {
                matched[position] = .segment(figures)
            } else if index > 0, emptyRowKey(index - 1) != nil,
                startsLabel(index - 1, of: position, endingWith: index)
            {
                // Its start on the row of empty cells before (`3.补正` over a page break): printed empty.
                continue
            } else {
                matched[position] = nil
                findings.append(
                    Finding(
                        kind: .rowAmbiguous, table: schema.key, row: schema.rows[position].key,
                        message:
                            "row \(schema.rows[position].label) is printed as the end of its label with empty cells, after figures whose label is not its start; whether its cells are empty cannot be told, so it was left blank"
                    ))
            }
        }
    }

    /// True when the match key at `key` is the end of row `row`'s own label, and not the whole of it:
    /// the rest of a label wrapped onto a line (or grid row) of its own.
    private func isEndOfOwnLabel(_ key: Range<Int>, of row: Int, _ prepared: PreparedSchema) -> Bool {
        let label = prepared.ownLabelKeys[row]
        return key.count < label.count && keyBytes[key].elementsEqual(label.suffix(key.count))
    }

    /// True when the match key at `key` is a part of row `row`'s own label after its start, and not the
    /// whole of it: its end (``isEndOfOwnLabel(_:of:_:)``) or a piece from its middle.
    private func isInsideOwnLabel(_ key: Range<Int>, of row: Int, _ prepared: PreparedSchema) -> Bool {
        let label = prepared.ownLabelKeys[row]
        guard key.count < label.count else { return false }
        return keyBytes.withUnsafeBufferPointer { keys in
            label.withUnsafeBufferPointer { label in
                ByteSearch.firstIndex(
                    of: UnsafeBufferPointer(rebasing: keys[key]), in: label, from: 1) != nil
            }
        }
    }

    /// How many grid rows back the first part of a row broken across a page may lie: the header rows
    /// repeated at the top of the new page stand between.
    private static let maximumSplitDistance = 4

    /// A row whose figures are set at the top of some cells and at the bottom of others prints them in
    /// text on two lines, the second beside the rest of its wrapped label (`一、本年新收政府信息公 0 0 0
    /// 0 0` over `开申请数量 5 5`). Read from the first line alone, the row's figures are a piece of it,
    /// and the total rules would place them wrongly (five zeros, `every column is 0`). A row that prints
    /// fewer figures than its columns, followed by figures after the end of its own label that no row
    /// was placed on, one of them not 0, is left blank with a finding: which column each figure stands
    /// in is not in the text. (Zeros on both lines are zeros in every column, as the rules read them.)
    private func leaveRowsPrintedOnTwoLinesUnread(
        _ prepared: PreparedSchema, matched: [RowPlacement?], segments: inout SegmentStream, rows: inout [TableRow],
        findings: inout [Finding]
    ) {
        let schema = prepared.schema
        for (position, placement) in matched.enumerated() {
            guard let index = placement?.segmentIndex, let segment = segments.segment(at: index),
                let first = segment.values.first, !tokens[first].positional,
                segment.values.count(where: { !tokens[$0].isBlank }) < schema.rows[position].columns.count,
                !matched.contains(.segment(index + 1)), let next = segments.segment(at: index + 1),
                next.values.contains(where: { (tokens[$0].value?.number ?? 0) != 0 }), !next.key.isEmpty
            else { continue }
            guard next.key.count >= 6, isEndOfOwnLabel(next.key, of: position, prepared) else { continue }
            let spec = schema.rows[position]
            rows[position] = missingRow(spec, printedLabel: rows[position].printedLabel)
            findings.removeAll { $0.table == schema.key && $0.row == spec.key && $0.kind == .valuesInferred }
            findings.append(
                Finding(
                    kind: .valueCountMismatch, table: schema.key, row: spec.key,
                    message:
                        "row \(spec.label) prints its figures on two lines, beside the two parts of its label; which column each stands in cannot be told, so the row was left blank"
                ))
        }
    }

    /// True for a line of labels that is one of the report's numbered section headings (`四、政府信息公开…`).
    private func isSectionHeading(_ labels: Range<Int>) -> Bool {
        guard let first = tokens[labels.lowerBound].text.unicodeScalars.first, SectionRecognizer.isNumeral(first),
            let candidate = SectionRecognizer.Candidate(printedLabel(labels))
        else { return false }
        return SectionKind.allCases.contains { SectionRecognizer.isHeading(candidate, kind: $0) }
    }

    /// The printed labels of a row, joined by spaces.
    private func printedLabel(_ labels: Range<Int>) -> String {
        if labels.count == 1 { return tokens[labels.lowerBound].text }
        var printed = ""
        printed.reserveCapacity(labels.reduce(labels.count) { $0 + tokens[$1].text.utf8.count })
        for index in labels {
            if index > labels.lowerBound { printed += " " }
            printed += tokens[index].text
        }
        return printed
    }

    /// What the placed rows of a table tell about its short rows (fewer values than columns).
    struct ShortRows {
        /// The number of values, fewer than the columns, that more than half of the rows with values
        /// print (and at least three), when some of those rows' last value is not the sum of the others:
        /// rows cut alike, as a table too wide for its page or printed column by column, whose last
        /// printed value is no total. A row of that count whose figures happen to add up (all zeros) is
        /// no evidence either.
        var commonCount: Int?
        /// True when a row of text prints more values than the table has columns: the text runs rows
        /// together and cuts them anywhere, so a short row is a piece of one, not a row with its blanks
        /// dropped.
        var rowsRunTogether = false
    }

    private func shortRows(
        _ schema: TableSchema, matched: [RowPlacement?], segments: inout SegmentStream
    ) -> ShortRows {
        var result = ShortRows()
        var tally: [Int: (rows: Int, withoutTotal: Int)] = [:]
        var rowsWithValues = 0
        for (position, placement) in matched.enumerated() {
            guard case .segment(let index)? = placement, let segment = segments.segment(at: index) else { continue }
            let printed = segment.values.filter { !tokens[$0].isBlank }
            guard !printed.isEmpty else { continue }
            rowsWithValues += 1
            let columns = schema.rows[position].columns.count
            if printed.count > columns, !tokens[printed[0]].positional { result.rowsRunTogether = true }
            guard printed.count < columns else { continue }
            let numbers = printed.map { tokens[$0].value?.number ?? 0 }
            let addsUp = abs(numbers.dropLast().reduce(0, +) - numbers.last!) < 1e-9
            tally[printed.count, default: (0, 0)].rows += 1
            if !addsUp { tally[printed.count, default: (0, 0)].withoutTotal += 1 }
        }
        // More than half of the rows: at most one count qualifies.
        if let (count, found) = tally.max(by: { ($0.value.rows, $0.key) < ($1.value.rows, $1.key) }),
            found.rows >= 3, found.rows * 2 > rowsWithValues, found.withoutTotal > 0
        {
            result.commonCount = count
        }
        return result
    }

    /// True when a row placed by its cue prints only blanks right after a printed row whose figures no
    /// cue placed, and its label does not start a numbered item: a label wrapped with its figures on the
    /// first line, which a converter made two rows (`4.保护 | 0 | 0` over `第三方合法权益 |  |`). The
    /// alignment reads the two as one row; the cues alone would write the row blank and drop its figures
    /// unnoticed.
    private func blankRowFollowsUnplacedFigures(_ matched: [RowPlacement?], segments: inout SegmentStream) -> Bool {
        let placed = Set(matched.compactMap { $0?.segmentIndex })
        for index in placed where index > 0 && !placed.contains(index - 1) {
            guard let row = segments.segment(at: index), let previous = segments.segment(at: index - 1),
                let firstLabel = row.labels.first, !ItemNumbering.startsNewItem(tokens[firstLabel].text),
                row.values.allSatisfy({ tokens[$0].isBlank }),
                previous.values.contains(where: { !tokens[$0].isBlank })
            else { continue }
            return true
        }
        return false
    }

    /// True when the rows found with values lie in the schema's order in the document.
    private static func isInOrder(_ matched: [RowPlacement?]) -> Bool {
        var last = -1
        for case .segment(let index)? in matched {
            if index < last { return false }
            last = index
        }
        return true
    }

    /// Where the numbers of rows found without values start, above any segment index.
    /// Where a row of the schema was found: at a segment with values, or as a row printed without
    /// values (an index into the rows found so).
    enum RowPlacement: Equatable {
        case segment(Int)
        case withoutValues(Int)

        var segmentIndex: Int? {
            if case .segment(let index) = self { index } else { nil }
        }
    }

    /// How many segments a row printed without values may lie beyond its neighbour.
    static let maximumGap = 4

    /// The row whose cue ends latest in `key` (ties: the longer cue), provided no more than the row's
    /// allowance of characters follows the cue.
    static func bestRow(for key: String, in rows: [RowSpec]) -> RowSpec? {
        bestRowIndex(for: key, in: rows).map { rows[$0] }
    }

    /// ``bestRow(for:in:)`` as an index into `rows`, sparing the copy of a row.
    static func bestRowIndex(for key: String, in rows: [RowSpec]) -> Int? {
        let matcher = RowCueMatcher(rows)
        return key.withBytes { matcher.bestRow(for: $0) }
    }

    // MARK: The single-row reviews table

    private func recognizeSingleRow(
        _ schema: TableSchema, segments: inout SegmentStream, start: Int, columns: [PrintedColumns]
    ) -> Result {
        let spec = schema.rows[0]
        let minimum = spec.columns.count / 3
        var index = 0
        while let segment = segments.segment(at: index) {
            index += 1
            let printedCount = segment.values.count { !tokens[$0].isBlank }
            let positionalCount = segment.values.first.map { tokens[$0].positional } == true ? segment.values.count : 0
            guard printedCount >= minimum || positionalCount >= spec.columns.count else { continue }
            var findings: [Finding] = []
            var cells = placeValues(
                segment, spec: spec, table: schema.key, byPosition: false, columns: columns, findings: &findings)
            // Figures printed one a line are in column order only as the extractor read the cells; where
            // they do not add up to their groups' totals in that order, which column each is in cannot be
            // told (pdftotext's raw text of a header printed vertically puts a total among the outcomes).
            let oneALine = segment.values.first.map { tokens[$0].line } != segment.values.last.map { tokens[$0].line }
            if oneALine, !Self.addsUpByGroup(TableRow(key: spec.key, label: spec.label, cells: cells)) {
                cells = missingRow(spec).cells
                findings.append(
                    Finding(
                        kind: .rowAmbiguous, table: schema.key, row: spec.key,
                        message:
                            "the figures of \(spec.label) are printed one a line and do not add up to their totals in the order printed; which column each is in cannot be told, so the row was left blank"
                    ))
            }
            let row = TableRow(key: spec.key, label: spec.label, printedLabel: nil, cells: cells)
            return Result(
                table: StatisticalTable(key: schema.key, found: true, rows: [row]), findings: findings,
                span: start..<segment.values.upperBound)
        }
        return Result(table: StatisticalTable(key: schema.key, found: false, rows: []), findings: [], span: nil)
    }

    /// The applications table's column identities (一 + 二 = （七）总计 + 四; the outcome rows add up to
    /// （七）总计), identity by identity and column by column: the sums of both sides, `nil` for a side
    /// with a cell not read.
    private static func columnIdentitySums(_ table: StatisticalTable, format: ReportEdition) -> [(
        left: Double?, right: Double?
    )] {
        let columns = ReportSchema.applicantColumns
        let identities = [
            (["new_received", "carried_over"], ["handled_total", "carried_forward"]),
            (ReportSchema.outcomeRowKeys(format), ["handled_total"]),
        ]
        return identities.flatMap { left, right in
            zip(
                ConsistencyRule.columnSums(table, rows: left, columns: columns),
                ConsistencyRule.columnSums(table, rows: right, columns: columns)
            ).map { (left: $0, right: $1) }
        }
    }

    /// True when the applications table, as read, breaks one of its column identities in a column whose
    /// cells were all read.
    private static func breaksColumnIdentities(_ table: StatisticalTable, format: ReportEdition) -> Bool {
        columnIdentitySums(table, format: format).contains { left, right in
            guard let left, let right else { return false }
            return abs(left - right) > 1e-6
        }
    }

    /// How the applications table's column identities judge a reading of it: in how many columns they
    /// hold with every cell read, and how many times they fail, a sum with cells not found counted as
    /// ``ConsistencyRule`` counts it.
    static func identityEvidence(_ table: StatisticalTable, format: ReportEdition) -> (held: Int, broken: Int) {
        let held = columnIdentitySums(table, format: format).count { left, right in
            guard let left, let right else { return false }
            return abs(left - right) <= 1e-6
        }
        let report = Report(
            metadata: ReportMetadata(source: ""), format: format, sections: [], tables: [table], findings: [])
        let broken =
            ConsistencyRule.applicationsBalance.evaluate(report).count
            + ConsistencyRule.applicationsOutcomes.evaluate(report).count
        return (held, broken)
    }

    /// True when an applications row's counts add up to its total, printed (blanks as 0).
    private static func addsUpToRowTotal(_ row: TableRow) -> Bool {
        guard let total = row.cells.last?.value, row.cells.count == ReportSchema.applicantColumns.count else {
            return false
        }
        return abs(row.cells.dropLast().reduce(0) { $0 + ($1.value ?? 0) } - total) <= 1e-6
    }

    /// True when each group of the reviews row adds up to its total, as ``ConsistencyRule/reviewsTotals``
    /// checks it (blanks as 0; a group with a cell not placed is not checked).
    private static func addsUpByGroup(_ row: TableRow) -> Bool {
        ReportSchema.reviewGroups.allSatisfy { group in
            guard let outcomes = ConsistencyRule.sum(row, columns: group.outcomes),
                let total = ConsistencyRule.sum(row, columns: [group.total])
            else { return true }
            return abs(outcomes - total) <= 1e-6
        }
    }

    // MARK: Placing values in columns

    /// The row with every cell missing; `printedLabel`: the label it was found by, if any.
    private func missingRow(_ spec: RowSpec, printedLabel: String? = nil) -> TableRow {
        TableRow(
            key: spec.key, label: spec.label, printedLabel: printedLabel,
            cells: spec.columns.map {
                TableCell(column: $0.key, label: $0.label, value: nil, raw: "", flags: Self.missingFlags)
            })
    }

    /// `cell` with no value, flagged missing.
    private static func missingCell(_ cell: TableCell) -> TableCell {
        TableCell(column: cell.column, label: cell.label, value: nil, raw: "", flags: missingFlags)
    }

    private static let missingFlags: [CellFlag] = [.missing]
    private static let blankFlags: [CellFlag] = [.blank]
    private static let inferredBlankFlags: [CellFlag] = [.blank, .inferred]

    /// A row's cells without its last lines that print nothing: a converter writes an empty row
    /// (`|  |  |  |  |  |`) after each row of a table, whose empty cells would pad a short row to the
    /// table's width and put its figures in columns by that padding. Nor the empty cells that end a
    /// line of labels before the line of figures (a header row's last cell, `| 组织 | 机构 |  |`):
    /// they are that line's, not the figures' row's.
    func withoutEmptyLines(_ values: Range<Int>) -> Range<Int> {
        var end = values.upperBound
        while end > values.lowerBound, tokens[end - 1].isBlank {
            let line = tokens[end - 1].line
            var start = end - 1
            while start > values.lowerBound, tokens[start - 1].line == line, tokens[start - 1].isBlank { start -= 1 }
            // Cells of the line before `start` print something: the line is not empty.
            guard start > values.lowerBound, tokens[start - 1].line != line else { break }
            end = start
        }
        var start = values.lowerBound
        if let figure = values[..<end].first(where: { !tokens[$0].isBlank }), !tokens[figure].positional {
            while start < figure, tokens[start].line != tokens[figure].line { start += 1 }
        }
        return start..<end
    }

    /// Puts a segment's printed values into the row's columns, adding what is doubtful to `findings`.
    ///
    /// By position when the count fits; otherwise blanks the layout added are dropped; a row printed
    /// with its blanks dropped (`5 | 5`) is placed by the row-total rule and flagged `inferred`.
    /// `byPosition`: the row was placed by its position among the rows, so every number is `inferred`.
    /// `shortRows`: what the table's other rows tell about short rows (``ShortRows``): a row printing
    /// the count most rows are cut to is left blank, and where the text runs rows together no short row
    /// is read by the row-total rule. `columns`: where a table set out with spaces prints its columns; a
    /// row printing fewer figures than columns has each under the column it is printed under, when all
    /// are (``PrintedColumns``).
    private func placeValues(
        _ segment: Segment, spec: RowSpec, table: TableKey, byPosition: Bool, shortRows: ShortRows = ShortRows(),
        columns: [PrintedColumns] = [], findings: inout [Finding]
    ) -> [TableCell] {
        var undetermined: [UndeterminedRow]? = nil
        return placeValues(
            segment, spec: spec, table: table, byPosition: byPosition, shortRows: shortRows, columns: columns,
            findings: &findings, undetermined: &undetermined)
    }

    /// ``placeValues(_:spec:table:byPosition:shortRows:columns:findings:)``, where a row printing some
    /// counts and their total that fit several sets of columns is added to `undetermined`, when given,
    /// with its finding, for ``placeUndeterminedRows(_:format:rows:findings:)`` to place.
    private func placeValues(
        _ segment: Segment, spec: RowSpec, table: TableKey, byPosition: Bool, shortRows: ShortRows = ShortRows(),
        columns pageColumns: [PrintedColumns] = [], leftmost: LeftmostFigures? = nil, findings: inout [Finding],
        undetermined: inout [UndeterminedRow]?
    ) -> [TableCell] {
        let k = spec.columns.count
        var values = withoutEmptyLines(segment.values)
        if let cut = values.first(where: { tokens[$0].value?.isCutOrRunTogether == true }) {
            // Cells run together or cut apart: which cell a figure is printed in says nothing of its column.
            let what =
                tokens[cut].value!.printsSeveralFigures
                ? "figures on lines of their own in one cell, '\(tokens[cut].textOnOneLine)': cells run together"
                : "a sign in a cell of its own, '\(tokens[cut].text)', apart from its figure: a cell cut apart"
            findings.append(
                Finding(
                    kind: .valueCountMismatch, table: table, row: spec.key,
                    message:
                        "row \(spec.label) prints \(what), and which columns its figures belong to cannot be told, so the row was left blank"
                ))
            return missingRow(spec).cells
        }
        if let first = values.first, tokens[first].positional, let printed = cutColumns[table]?[tokens[first].line],
            printed < k, values.count >= printed,
            values.prefix(values.count - printed).allSatisfy({ tokens[$0].isBlank })
        {
            // The grid's header names the columns its cells are in; those right of them are cut off.
            let own = (values.upperBound - printed)..<values.upperBound
            var cells = cells(spec, table: table, inferred: byPosition, findings: &findings) {
                $0 < printed ? own.lowerBound + $0 : nil
            }
            for column in printed..<k {
                cells[column] = Self.missingCell(cells[column])
            }
            let cut = spec.columns[printed...].map(\.label).joined(separator: "、")
            findings.append(
                countFinding(
                    .valueCountMismatch, spec, table: table, printed: printed, columns: k,
                    ": the table is cut short on the right, its header naming the first \(printed) columns; \(cut) are not printed, so they are missing"
                ))
            return cells
        }
        if let first = values.first, tokens[first].positional {
            while values.count > k, tokens[values.upperBound - 1].isBlank {
                values = values.lowerBound..<(values.upperBound - 1)
            }
        }
        // Empty cells before the figures, no more of them than the row has cells too many, are the
        // label's: a grid padded on the left, or a converter that leaves out the cells a row span covers
        // and writes the empty cells of the label columns the row spans (`| 一、本年新收… | | | 821 |
        // 35 | | | 2 | 1 | 859 |`). Where more empty cells lead (a table cut short on the right), which
        // of them is the first column's cannot be told.
        let leading = values.prefix { tokens[$0].isBlank }.count
        // Not where another row prints a figure under one of them: that empty cell is a value's, and
        // which empty cell the row has too many cannot be told.
        if values.count > k, leading <= values.count - k,
            !values.prefix(leading).contains(where: { tokens[$0].inFigureColumn })
        {
            values = (values.lowerBound + leading)..<values.upperBound
        }
        let printed = values.filter { !tokens[$0].isBlank }
        // A row with empty cells among as many figures as the table's cut rows print is cut too: its
        // cells fill the columns only because the layout split a figure's column in two.
        if values.count == k, printed.count == k || printed.count != shortRows.commonCount {
            return cells(spec, table: table, inferred: byPosition, findings: &findings) { values.lowerBound + $0 }
        }
        if printed.count == k {
            var cells = cells(spec, table: table, inferred: byPosition, findings: &findings) { printed[$0] }
            // A dash left out as an empty cell right before a signed change may be the change's own
            // sign, split off into a cell of its own (`| 4 | - | 4 |` for 4 and -4).
            for (column, figure) in printed.enumerated()
            where spec.columns[column].isSigned && figure > values.lowerBound && tokens[figure - 1].isBlank
                && Self.isDash(tokens[figure - 1].text) && tokens[figure].bareNumber.map({ $0 > 0 }) == true
            {
                cells[column] = Self.missingCell(cells[column])
                findings.append(
                    Finding(
                        kind: .valueCountMismatch, table: table, row: spec.key, column: spec.columns[column].key,
                        message:
                            "row \(spec.label) prints `\(tokens[figure - 1].text)` in a cell of its own before \(tokens[figure].text): whether it is an empty cell or the sign of \(spec.columns[column].label) cannot be told, so that cell was left blank"
                    ))
            }
            return cells
        }
        if printed.isEmpty {
            // every cell blank
            return cells(spec, table: table, inferred: false, findings: &findings) { _ in nil }
        }
        // The columns of the page the row's figures are printed on.
        let printedColumns = printed.first.flatMap { figure in
            pageColumns.first { $0.page == page(of: tokens[figure].line) && $0.middles.count == k }
        }
        // True when the row's cells add up as the table's rows do: to the row's total, or to each group's.
        func addsUpAsRowsDo(_ cells: [TableCell]) -> Bool {
            let row = TableRow(key: spec.key, label: spec.label, cells: cells)
            return switch table {
            case .applications: Self.addsUpToRowTotal(row)
            case .reviews: Self.addsUpByGroup(row)
            case .active: true
            }
        }
        if printed.count < k, let printedColumns,
            let under = printedColumns.columns(of: printed, tokens: tokens, page: page(of:))
        {
            // Read so, the row must add up as the table's rows do; where it does not, a figure is not
            // where it seems (a total wrapped onto the next line leaves part of itself behind).
            var cellFindings: [Finding] = []
            let cells = cells(spec, table: table, inferred: byPosition, findings: &cellFindings) { column in
                under.firstIndex(of: column).map { printed[$0] }
            }
            if addsUpAsRowsDo(cells) {
                findings += cellFindings
                return cells
            }
        }
        if table == .reviews, printed.count < k, let printedColumns,
            let candidates = printedColumns.candidates(of: printed, tokens: tokens, page: page(of:)),
            let choices = PrintedColumns.choices(
                candidates, limit: 2,
                accept: { columns in
                    var ignored: [Finding] = []
                    return addsUpAsRowsDo(
                        cells(spec, table: table, inferred: true, findings: &ignored) { column in
                            columns.firstIndex(of: column).map { printed[$0] }
                        })
                }),
            choices.count == 1
        {
            // Each figure printed in the cells of one column or two: the one choice of columns in which
            // every group adds up to its total.
            findings.append(
                countFinding(
                    .valuesInferred, spec, table: table, printed: printed.count, columns: k,
                    "; each was placed in the cell it is printed in or the next, where every group adds up to its total"
                ))
            return cells(spec, table: table, inferred: true, findings: &findings) { column in
                choices[0].firstIndex(of: column).map { printed[$0] }
            }
        }
        if printed.count > k {
            // A grid row's extra cells lie beyond the table's columns; a run of text values that long
            // holds other rows' values too, and which are this row's cannot be told.
            guard let first = values.first, tokens[first].positional else {
                if let taken = RepeatedSpans.columns(
                    printed.map { tokens[$0].text }, count: k,
                    onOneLine: printed.allSatisfy { tokens[$0].line == tokens[printed[0]].line })
                {
                    findings.append(
                        countFinding(
                            .valuesInferred, spec, table: table, printed: printed.count, columns: k,
                            "; figures repeated side by side were read as one merged cell each"))
                    return cells(spec, table: table, inferred: true, findings: &findings) { printed[taken[$0]] }
                }
                findings.append(
                    countFinding(
                        .valueCountMismatch, spec, table: table, printed: printed.count, columns: k,
                        "; which are its own cannot be told, so the row was left blank"))
                return missingRow(spec).cells
            }
            findings.append(
                countFinding(
                    .valueCountMismatch, spec, table: table, printed: printed.count, columns: k,
                    "; the first \(k) were kept"))
            return cells(spec, table: table, inferred: byPosition, findings: &findings) { printed[$0] }
        }
        if printed.count == shortRows.commonCount {
            findings.append(
                countFinding(
                    .valueCountMismatch, spec, table: table, printed: printed.count, columns: k,
                    ", as most rows of the table do, and in some of them the last is no total: the table was printed with columns missing, and which columns these are cannot be told, so the row was left blank"
                ))
            return missingRow(spec).cells
        }
        let numbers = printed.map { tokens[$0].value?.number ?? 0 }
        // In a table whose rows are cut alike (columns missing), a row of another count is cut too: its
        // last figure is no more a total than theirs.
        let hasRowTotal =
            !shortRows.rowsRunTogether && shortRows.commonCount == nil && table == .applications
            && k == ReportSchema.applicantColumns.count
        let addsUp = hasRowTotal && abs(numbers.dropLast().reduce(0, +) - numbers.last!) < 1e-9
        if addsUp, printed.count >= 2, numbers.last == 0 {
            // A total of zero over counts that cannot be negative: every column is zero.
            findings.append(
                countFinding(
                    .valuesInferred, spec, table: table, printed: printed.count, columns: k,
                    "; its total is 0, so every column is 0"))
            return cells(spec, table: table, inferred: true, findings: &findings) { _ in printed.last }
        }
        // Where the row is printed in a table set out with spaces, the columns each count may be in,
        // wherever in its cell it is set: the total must be printed under the total's column.
        let allowed: [[Int]]? =
            if addsUp, let printedColumns,
                let candidates = printedColumns.candidates(of: printed, tokens: tokens, page: page(of:)),
                candidates.last?.contains(k - 1) == true
            {
                Array(candidates.dropLast())
            } else if printedColumns == nil, addsUp, printed.count == 2,
                tokens[printed[0]].line == tokens[printed[1]].line, let leftmost,
                leftmost.excludes(printed[0], tokens: tokens, page: page(of:))
            {
                // Printed right of the figures standing furthest left: in any column but the first.
                [Array(1..<(k - 1))]
            } else {
                nil
            }
        // Where the table's column identities can tell, rows printing some counts and their total are
        // placed by them; these cells and this finding stand where they cannot.
        func leftToTheIdentities(_ cells: [TableCell], _ finding: Finding) -> [TableCell] {
            if undetermined != nil, addsUp, printed.count >= 2,
                numbers.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && $0 < 1e9 })
            {
                undetermined!.append(
                    UndeterminedRow(
                        spec: spec, printed: printed, counts: numbers.dropLast().map { Int($0) }, allowed: allowed,
                        cells: cells, finding: finding))
            }
            findings.append(finding)
            return cells
        }
        if let allowed, printedColumns?.toldByRows == true, allowed.allSatisfy({ $0.count == 1 }),
            zip(allowed, allowed.dropFirst()).allSatisfy({ $0[0] < $1[0] })
        {
            // Each count is printed in one column's cell only, though not in its middle, as rows printing
            // every column set them: a header's words, set apart from the figures, tell less.
            let columns = allowed.map { $0[0] }
            findings.append(
                countFinding(
                    .valuesInferred, spec, table: table, printed: printed.count, columns: k,
                    "; placed in \(columns.map { spec.columns[$0].label }.joined(separator: "、")), the cells they are printed in"
                ))
            return cells(spec, table: table, inferred: true, findings: &findings) { column in
                column == k - 1 ? printed.last : columns.firstIndex(of: column).map { printed[$0] }
            }
        }
        if addsUp, printed.count == 2, let allowed, !allowed[0].contains(0) {
            // Printed away from the first column: the row-total rule does not hold for it.
            let printedAt =
                allowed[0].count == k - 2
                ? "right of the figures the table prints furthest left"
                : "under " + allowed[0].map { spec.columns[$0].label }.joined(separator: " or ")
            return leftToTheIdentities(
                missingRow(spec).cells,
                countFinding(
                    .valueCountMismatch, spec, table: table, printed: printed.count, columns: k,
                    "; its count is printed \(printedAt), so it is not \(spec.columns[0].label)'s, and which column it is in cannot be told, so the row was left blank"
                ))
        }
        if addsUp, printed.count == 2 {
            // One count and the total: the count is the first column's, the applicants most reports have.
            let cells = cells(spec, table: table, inferred: true, findings: &findings) { column in
                column == k - 1 ? printed.last : column == 0 ? printed.first : nil
            }
            return leftToTheIdentities(
                cells,
                countFinding(
                    .valuesInferred, spec, table: table, printed: printed.count, columns: k,
                    "; placed by the row-total rule"))
        }
        if printed.count == k - 1, let split = GluedCells.split(printed.map { tokens[$0].text }, columns: spec.columns)
        {
            findings.append(
                countFinding(
                    .valuesInferred, spec, table: table, printed: printed.count, columns: k,
                    "; '\(split.glued)' was read as two cells, \(split.parts.0) and \(split.parts.1), by the total rules"
                ))
            return split.cells(spec, table: table, findings: &findings)
        }
        // Which columns the values belong to cannot be told: guessing would print plausible wrong cells.
        return leftToTheIdentities(
            missingRow(spec).cells,
            countFinding(
                .valueCountMismatch, spec, table: table, printed: printed.count, columns: k,
                "; which columns they belong to cannot be told, so the row was left blank"))
    }

    /// A row of the applications table printing some counts and their total, which fit several sets of
    /// columns (its blank cells were dropped).
    struct UndeterminedRow {
        let spec: RowSpec
        /// The printed tokens: the counts in order, then the total.
        let printed: [Int]
        /// The printed counts.
        let counts: [Int]
        /// Per count, the columns where it is printed allows (``PrintedColumns/candidates(of:tokens:page:)``).
        let allowed: [[Int]]?
        /// The cells and the finding the row has where the identities cannot place it.
        let cells: [TableCell]
        let finding: Finding
    }

    /// Places each of `undetermined` by the applications table's column identities
    /// (``ApplicantColumnPlacement``): in the one placement that lets them hold, its cells flagged
    /// `inferred`; left blank where several do; as read before, with its own finding, where they
    /// cannot be used.
    private func placeUndeterminedRows(
        _ undetermined: [UndeterminedRow], format: ReportEdition, rows: inout [TableRow], findings: inout [Finding]
    ) {
        // A row changed since its values were placed (left unread, read from blocks) is no longer theirs.
        let current = undetermined.filter { row in
            rows.contains { $0.key == row.spec.key && $0.cells == row.cells } && findings.contains(row.finding)
        }
        guard !current.isEmpty else { return }
        var known: [String: [Int]?] = [:]
        for row in rows where !current.contains(where: { $0.spec.key == row.key }) {
            known[row.key] = Self.applicantCounts(row)
        }
        let printsZeros = rows.contains { row in row.cells.contains { $0.value == 0 && !$0.raw.isEmpty } }
        let outcomes = ApplicantColumnPlacement.outcomes(
            undetermined: current.map {
                ApplicantColumnPlacement.Row(key: $0.spec.key, counts: $0.counts, allowed: $0.allowed)
            },
            known: known, format: format)
        for (row, outcome) in zip(current, outcomes) {
            let position = rows.firstIndex { $0.key == row.spec.key }!
            // The row's finding stays where it was, in the order of the rows.
            let found = findings.firstIndex(of: row.finding)!
            let spec = row.spec
            let k = spec.columns.count
            let columnNames = { (columns: [Int]) in columns.map { spec.columns[$0].label }.joined(separator: "、") }
            let readings = { (placements: [[Int]]) in
                placements.prefix(3).map(columnNames).joined(separator: " or ")
                    + (placements.count > 3 ? " and \(placements.count - 3) more" : "")
            }
            switch outcome {
            case .placed(let columns):
                rows[position].cells = cells(spec, table: .applications, inferred: true, findings: &findings) {
                    column in
                    column == k - 1 ? row.printed.last : columns.firstIndex(of: column).map { row.printed[$0] }
                }
                if printsZeros {
                    // The other columns hold 0 by the row's total; a table that prints its zeros printed
                    // these too, and the text lost them.
                    for column in 0..<(k - 1) where !columns.contains(column) {
                        rows[position].cells[column].value = 0
                        rows[position].cells[column].flags = [.inferred]
                    }
                }
                findings[found] = countFinding(
                    .valuesInferred, spec, table: .applications, printed: row.printed.count, columns: k,
                    "; only \(columnNames(columns)) lets the table's column totals hold, so they were placed there")
            case .ambiguous(let placements):
                rows[position].cells = missingRow(spec).cells
                findings[found] = countFinding(
                    .valueCountMismatch, spec, table: .applications, printed: row.printed.count, columns: k,
                    "; the table's column totals hold with them in \(readings(placements)), so the row was left blank"
                )
            case .firstColumn(let placements):
                findings[found] = countFinding(
                    .valuesInferred, spec, table: .applications, printed: row.printed.count, columns: k,
                    "; the table's column totals hold with it in \(readings(placements)); it was placed in \(spec.columns[0].label) by the row-total rule"
                )
            case .unconstrained, .inconsistent: break
            }
        }
    }

    /// A row's applicant counts, the total excluded, blank cells as 0; `nil` when a cell was not read
    /// or is no count.
    private static func applicantCounts(_ row: TableRow) -> [Int]? {
        var counts: [Int] = []
        for column in ReportSchema.applicantColumns.dropLast() {
            guard let cell = row.cell(column.key) else { return nil }
            if let value = cell.value {
                guard value >= 0, value == value.rounded(), value < 1e9 else { return nil }
                counts.append(Int(value))
            } else if cell.flags.contains(.blank) {
                counts.append(0)
            } else {
                return nil
            }
        }
        return counts
    }

    /// True for a dash printed alone: an empty cell, or a minus sign set apart from its number.
    private static func isDash(_ text: String) -> Bool {
        ["-", "－", "−", "—", "–"].contains(text.trimmingCharacters(in: .whitespaces))
    }

    /// A finding on a row whose printed values do not fit its columns: `row … prints N values for K
    /// columns`, then `what` (its own punctuation first) says what became of them.
    private func countFinding(
        _ kind: FindingKind, _ spec: RowSpec, table: TableKey, printed: Int, columns: Int, _ what: String
    ) -> Finding {
        Finding(
            kind: kind, table: table, row: spec.key,
            message: "row \(spec.label) prints \(printed) values for \(columns) columns\(what)")
    }

    /// The row's cells, each from the token `placed` gives for its column (`nil`: blank). `inferred`:
    /// the columns were placed by arithmetic or layout, not as printed, and every cell is flagged so,
    /// blank ones too.
    private func cells(
        _ spec: RowSpec, table: TableKey, inferred: Bool, findings: inout [Finding],
        placed: (Int) -> Int?
    ) -> [TableCell] {
        var cells: [TableCell] = []
        cells.reserveCapacity(spec.columns.count)
        // Where the figures' columns were inferred, so is which cells are blank.
        let blankFlags = inferred ? Self.inferredBlankFlags : Self.blankFlags
        for (position, column) in spec.columns.enumerated() {
            guard let index = placed(position), !tokens[index].isLabel else {
                cells.append(TableCell(column: column.key, label: column.label, value: nil, raw: "", flags: blankFlags))
                continue
            }
            // Blanks, and bare numbers that need no flag, are placed as resolving their value would.
            if tokens[index].isBlank {
                cells.append(
                    TableCell(
                        column: column.key, label: column.label, value: nil, raw: tokens[index].text,
                        flags: blankFlags))
                continue
            }
            if !inferred, let number = tokens[index].bareNumber, number >= 0 || column.isSigned {
                cells.append(
                    TableCell(
                        column: column.key, label: column.label, value: number, raw: tokens[index].text, flags: []))
                continue
            }
            var (number, flags) = tokens[index].value!.resolved(isMoney: column.isMoney, isSigned: column.isSigned)
            if inferred && number != nil { flags.append(.inferred) }
            if flags.contains(.suspicious) {
                findings.append(
                    Finding(
                        kind: .suspiciousCell, table: table, row: spec.key, column: column.key,
                        message: tokens[index].value?.isOutOfRange == true
                            ? "cell \(spec.label) / \(column.label) is printed '\(tokens[index].text)', out of range for any report; it has no value"
                            : tokens[index].value?.isCutOrRunTogether == true
                                ? "cell \(spec.label) / \(column.label) is printed '\(tokens[index].textOnOneLine)', cells a layout ran together or cut apart; it has no value"
                                : "cell \(spec.label) / \(column.label) is printed '\(tokens[index].text)'; the number was kept"
                    ))
            }
            cells.append(
                TableCell(column: column.key, label: column.label, value: number, raw: tokens[index].text, flags: flags)
            )
        }
        return cells
    }
}

/// Every cue of a table's rows, grouped by the last byte of the cue for matching printed labels'
/// keys from their end.
struct RowCueMatcher: Sendable {
    struct Cue: Sendable {
        let row: Int
        let bytes: [UInt8]
        let tailAllowance: Int
    }

    /// The cues sorted by last byte, in row order within a byte.
    private let cues: [Cue]
    /// Where the cues ending in each byte value start in `cues`; 257 entries.
    private let starts: [Int]
    /// The largest tail any row allows.
    private let maximumTail: Int

    init(_ rows: [RowSpec]) {
        var cues: [Cue] = []
        for (row, spec) in rows.enumerated() {
            for bytes in spec.cueBytes where !bytes.isEmpty {
                cues.append(Cue(row: row, bytes: bytes, tailAllowance: spec.tailAllowance))
            }
        }
        // Grouped by last byte, keeping row order within a group.
        self.cues = cues.enumerated().sorted {
            ($0.element.bytes.last!, $0.offset) < ($1.element.bytes.last!, $1.offset)
        }.map(\.element)
        var starts = [Int](repeating: 0, count: 257)
        for cue in cues { starts[Int(cue.bytes.last!) + 1] += 1 }
        for byte in 0..<256 { starts[byte + 1] += starts[byte] }
        self.starts = starts
        maximumTail = rows.map(\.tailAllowance).max() ?? 0
    }

    /// The row whose cue ends nearest the end of `key` (ties: the longer cue, then the earlier row),
    /// within that row's tail allowance. The key is walked back from its end one scalar at a time, and
    /// only the cues ending in that scalar's last byte are compared.
    /// ``bestRow(for:)`` of the match key that lies at `key` in `keys` (``TokenizedDocument/keyBytes``).
    func bestRow(for keys: UnsafeBufferPointer<UInt8>, key: Range<Int>) -> Int? {
        bestRow(for: UnsafeBufferPointer(rebasing: keys[key]))
    }

    func bestRow(for key: UnsafeBufferPointer<UInt8>) -> Int? {
        bestRow(for: key, maximumTail: maximumTail)
    }

    /// The row whose cue ends exactly at the end of `key` (ties: the longer cue, then the earlier row).
    func rowEndingKey(_ keys: UnsafeBufferPointer<UInt8>, key: Range<Int>) -> Int? {
        bestRow(for: UnsafeBufferPointer(rebasing: keys[key]), maximumTail: 0)
    }

    /// ``bestRow(for:)`` of the key at `key` in `keys`, unless the label token the cue lies in also
    /// ends another row's whole cue before it (`行政处罚行政强制`): one cell holding two rows' labels, as
    /// a PDF wraps a label into the next row's, names neither row. `token` is the key of that last label
    /// token.
    func soleRow(for keys: UnsafeBufferPointer<UInt8>, key: Range<Int>, token: Range<Int>) -> Int? {
        let whole = UnsafeBufferPointer(rebasing: keys[key])
        guard let (row, cueStart, _) = bestMatch(for: whole, maximumTail: maximumTail) else { return nil }
        // A sub-table's heading (第二十条第（六）项) printed after the label starts the next sub-table: the
        // figures after it are that sub-table's, not the row's (pdfminer prints a sub-table's labels,
        // then the next heading, then the figures).
        if ByteSearch.contains(UnsafeBufferPointer(rebasing: whole[cueStart...]), "第二十条") { return nil }
        let tokenStart = max(token.lowerBound, key.lowerBound) - key.lowerBound
        guard cueStart > tokenStart else { return row }
        let before = UnsafeBufferPointer(rebasing: whole[tokenStart..<cueStart])
        if let other = bestMatch(for: before, maximumTail: 0), other.row != row { return nil }
        return row
    }

    private func bestRow(for key: UnsafeBufferPointer<UInt8>, maximumTail: Int) -> Int? {
        bestMatch(for: key, maximumTail: maximumTail)?.row
    }

    /// Where in `keys` the cue ``bestRow(for:key:)`` names ends.
    func cueEnd(for keys: UnsafeBufferPointer<UInt8>, key: Range<Int>) -> Int? {
        bestMatch(for: UnsafeBufferPointer(rebasing: keys[key]), maximumTail: maximumTail).map {
            key.lowerBound + $0.cueEnd
        }
    }

    /// The row ``bestRow(for:)`` names and where its cue starts and ends in `key`.
    private func bestMatch(
        for key: UnsafeBufferPointer<UInt8>, maximumTail: Int
    ) -> (row: Int, cueStart: Int, cueEnd: Int)? {
        var end = key.count
        var tail = 0
        while end > 0 && tail <= maximumTail {
            var best: (row: Int, length: Int)?
            let lastByte = Int(key[end - 1])
            for cue in cues[starts[lastByte]..<starts[lastByte + 1]]
            where tail <= cue.tailAllowance && cue.bytes.count <= end {
                let matches = cue.bytes.withUnsafeBufferPointer { ByteSearch.equal(key, end - $0.count, $0) }
                if matches && (best == nil || cue.bytes.count > best!.length) { best = (cue.row, cue.bytes.count) }
            }
            if let best { return (best.row, end - best.length, end) }
            end = UTF8Scalars.start(key, before: end)
            tail += 1
        }
        return nil
    }
}
