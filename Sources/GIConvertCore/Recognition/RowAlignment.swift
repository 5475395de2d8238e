import GIConvertBytes

/// Places a table's value rows by the national schema when matching each printed label on its own
/// does not place them all: text out of PDFs wraps labels over several lines, cuts them into fragments,
/// interleaves group labels printed vertically, and puts a row's numbers on the first, a middle or the
/// last line of its label.
///
/// The rows of a table come in a fixed order, so the value rows are aligned against the schema's row
/// sequence (dynamic programming over label-similarity scores). A value row is placed by its label when
/// the text around it resembles the row's label; rows left between two placed rows are placed by their
/// position only when the count of value rows there equals the count of schema rows, and are flagged
/// `inferred`. Where two readings fit equally well, the row is left unplaced with a finding.
struct RowAlignment {
    /// A run of printed values and the label text printed around it.
    struct ValueRow {
        /// The index of the segment in the table's ``SegmentStream``.
        let segment: Int
        /// The key scalars of the labels printed before the values (on earlier lines and on the values' line).
        var above: [UInt32]
        /// The key scalars of the labels on the values' line, then those after the values up to the next values.
        var below: [UInt32]
        /// The key scalars of the label lines around the values, as a table whose cells are centred
        /// vertically prints a wrapped label: the later half of the lines since the values before, the
        /// values' own line, and the earlier half of the lines up to the next values.
        var centered: [UInt32] = []
        /// True when every value is blank: a row printed empty, or the rest of a wrapped label that a
        /// converter made a row of its own. Its label counts a little less.
        var isBlank = false
        /// Per reading (``Reading``), the scalars of its text printed next to the values: the labels on
        /// the values' own line, or where there are none, the label line just before (above), just
        /// after (below), or each of those two (centred). A row's label read that way runs through each.
        var adjacent: [[Range<Int>]] = [[], [], []]
        /// True when a label is printed on the values' own line.
        var labelledBeside = false
    }

    /// Where one schema row was placed.
    struct Placement {
        let segment: Int
        /// True when the row's own label did not confirm it and only its position placed it.
        let byPosition: Bool
    }

    /// Where a value row's label is read: before its values, after them, or around them.
    enum Reading: Int, CaseIterable {
        case above, below, centered
    }

    /// The smallest similarity that lets a label confirm a row.
    static let confirmingScore = 0.6
    /// Two placements whose scores differ by no more than this are equal readings.
    static let tieMargin = 0.05
    /// What a label similarity counts for when the label is printed apart from its values.
    static let apartWeight = 0.85
    /// What a blank row's label similarity counts for.
    static let blankRowWeight = 0.9
    /// How much less than the reading taken another reading's labels may fit and still be tried: the
    /// table's arithmetic then decides between them (``TableRecognizer/identityEvidence(_:format:)``).
    static let closeReadingMargin = 1.0
    /// The most key scalars of label text read on either side of a run of values.
    static let windowLimit = 64

    /// Aligns `rows` with the schema and returns each row's placement (`nil`: not placed), findings
    /// for the rows left unplaced because two placements fit equally well, and the other readings whose
    /// labels fit within ``closeReadingMargin`` of the one taken. `forced`: the reading to take.
    /// `valueCounts`: per value row, how many values it prints (blanks included, a grid row's padding
    /// not); `printedCounts`: how many of those are not blank.
    static func align(
        _ rows: [ValueRow], references: [[[UInt32]]], columnCounts: [Int], valueCounts: [Int], printedCounts: [Int],
        table: TableKey, keys: [String], labels: [String], reading forced: Reading? = nil
    ) -> (placements: [Placement?], findings: [Finding], closeReadings: [Reading]) {
        guard !rows.isEmpty else { return ([Placement?](repeating: nil, count: references.count), [], []) }
        // A row never prints more values than it has columns.
        let fits = rows.indices.map { v in columnCounts.map { printedCounts[v] <= $0 } }
        let (aboveScores, aboveSimilarities) = scores(rows, references, fits, .above)
        let (belowScores, belowSimilarities) = scores(rows, references, fits, .below)
        let (centeredScores, centeredSimilarities) = scores(rows, references, fits, .centered)
        let above = bestAlignment(aboveScores)
        let below = bestAlignment(belowScores)
        let centered = bestAlignment(centeredScores)
        // Labels printed above or beside their values are the common layout; labels that continue below
        // their values, or around them, must fit clearly better to be read that way.
        var reading = Reading.above
        if below.total > above.total + 0.5 { reading = .below }
        if centered.total > max(above.total, below.total) + 0.5 { reading = .centered }
        let alignments = [above, below, centered]
        // A reading that pairs the same value rows with the same rows reads the table alike.
        func samePairs(_ a: Reading, _ b: Reading) -> Bool {
            alignments[a.rawValue].pairs.elementsEqual(alignments[b.rawValue].pairs) { $0 == $1 }
        }
        let closeReadings =
            forced != nil
            ? []
            : Reading.allCases.filter {
                $0 != reading && alignments[$0.rawValue].total > 0
                    && alignments[$0.rawValue].total >= alignments[reading.rawValue].total - closeReadingMargin
                    && !samePairs($0, reading)
            }
        if let forced { reading = forced }
        let useBelow = reading == .below

        let chosen = [above, below, centered][reading.rawValue]
        let score = [aboveScores, belowScores, centeredScores][reading.rawValue]
        let similarity = [aboveSimilarities, belowSimilarities, centeredSimilarities][reading.rawValue]

        var placed = [Int?](repeating: nil, count: references.count)
        for (row, valueRow) in chosen.pairs { placed[row] = valueRow }
        // A placement is no placement when another value row fits the row as well, or the value row
        // fits another row as well (its label text holds two rows' labels).
        var ambiguous: [Int] = []
        let pairs = chosen.pairs
        let pairedRows = Set(pairs.map(\.row))
        for (position, pair) in pairs.enumerated() {
            let (row, valueRow) = pair
            let lowerValueRow = position > 0 ? pairs[position - 1].valueRow + 1 : 0
            let upperValueRow = position + 1 < pairs.count ? pairs[position + 1].valueRow : rows.count
            let lowerRow = position > 0 ? pairs[position - 1].row + 1 : 0
            let upperRow = position + 1 < pairs.count ? pairs[position + 1].row : references.count
            let own = score[valueRow][row] - tieMargin
            let rivalValueRow = (lowerValueRow..<upperValueRow).contains { $0 != valueRow && score[$0][row] >= own }
            // Another row fitting as well is a rival when its label lies nearer the values, or as near
            // with at least as many characters: a shorter label farther off turns up inside longer ones.
            let ownLength = Double(references[row][0].count) * score[valueRow][row]
            let text = [rows[valueRow].above, rows[valueRow].below, rows[valueRow].centered][reading.rawValue]
            let ownDistance = distance(references[row], text, fromEnd: !useBelow)
            let rivalRow = (lowerRow..<upperRow).contains { other in
                guard other != row else { return false }
                // Read below their values, labels of rows printed one after another with no values
                // between them (a table extracted column by column) name no row more than the other,
                // the one printed next to values alone on their line included.
                let fit = rows[valueRow].labelledBeside ? score[valueRow][other] : similarity[valueRow][other]
                if useBelow && !pairedRows.contains(other) && fit >= own
                    && distance(references[other], text, fromEnd: false) > ownDistance
                {
                    return true
                }
                guard score[valueRow][other] >= own else { return false }
                let otherDistance = distance(references[other], text, fromEnd: !useBelow)
                let longer = Double(references[other][0].count) * score[valueRow][other] >= ownLength - 1
                return otherDistance < ownDistance || (otherDistance == ownDistance && longer)
            }
            if rivalValueRow || rivalRow {
                ambiguous.append(row)
                placed[row] = nil
            }
        }

        var placements = placed.map { $0.map { Placement(segment: rows[$0].segment, byPosition: false) } }
        // Between rows placed by their labels, the rest are placed by position when the counts agree.
        var previousRow = -1
        var previousValueRow = -1
        for row in 0...references.count {
            guard row == references.count || placed[row] != nil else { continue }
            let gapRows = (previousRow + 1)..<row
            if !gapRows.isEmpty {
                let isTrailing = row == references.count
                var candidates: [Int] = []
                var valueRow = previousValueRow + 1
                let end = isTrailing ? rows.count : placed[row]!
                while valueRow < end {
                    let columns = columnCounts[gapRows.lowerBound + min(candidates.count, gapRows.count - 1)]
                    let counts = valueCounts[valueRow] == columns || printedCounts[valueRow] == columns
                    if isTrailing {
                        // After the last placed row only the value rows printed right after it can be the table's.
                        guard counts, candidates.count < gapRows.count else { break }
                        candidates.append(valueRow)
                    } else if counts {
                        candidates.append(valueRow)
                    }
                    valueRow += 1
                }
                if candidates.count == gapRows.count && (previousRow >= 0 || !isTrailing) {
                    for (gapRow, candidate) in zip(gapRows, candidates)
                    where columnCounts[gapRow] == valueCounts[candidate]
                        || columnCounts[gapRow] == printedCounts[candidate]
                    {
                        let confirmed = score[candidate][gapRow] >= confirmingScore
                        placements[gapRow] = Placement(segment: rows[candidate].segment, byPosition: !confirmed)
                    }
                }
            }
            if row < references.count {
                previousRow = row
                previousValueRow = placed[row]!
            }
        }
        let findings = ambiguous.filter { placements[$0] == nil }.map { row in
            Finding(
                kind: .rowAmbiguous, table: table, row: keys[row],
                message: "row \(labels[row]) and another fit the same printed row equally well; it was left blank")
        }
        return (placements, findings, closeReadings)
    }

    /// The similarity of every value row's label text to every schema row's references, in `reading`.
    ///
    /// A row's label runs through the text printed next to its values (``ValueRow/adjacent``), however
    /// the cells are set. A label matched as well without that text names the figures through some
    /// other row's label (read above in a table whose cells are set at the top, the label beside the
    /// figures starts the next row, and each row would be placed one row early); it counts for less.
    /// Returns the scores, and the similarities they were made from (the label's weight aside).
    private static func scores(
        _ rows: [ValueRow], _ references: [[[UInt32]]], _ fits: [[Bool]], _ reading: Reading
    ) -> (scores: [[Double]], similarities: [[Double]]) {
        var scores: [[Double]] = []
        var similarities: [[Double]] = []
        for v in rows.indices {
            let printed = [rows[v].above, rows[v].below, rows[v].centered][reading.rawValue]
            let mask = ScalarMask(printed)
            let adjacent = rows[v].adjacent[reading.rawValue]
            let weight = rows[v].isBlank ? blankRowWeight : 1
            var apart: [[UInt32]]? = nil
            var rowScores = [Double](repeating: 0, count: references.count)
            var rowSimilarities = rowScores
            for r in references.indices where fits[v][r] {
                let each = references[r].map { similarity($0, printed, mask) }
                let best = each.max() ?? 0
                rowSimilarities[r] = best * weight
                rowScores[r] = best * weight
                guard best >= confirmingScore - tieMargin, !adjacent.isEmpty else { continue }
                if apart == nil { apart = adjacent.map { without($0, printed) } }
                let runsThrough = references[r].indices.contains { index in
                    each[index] >= best - tieMargin
                        && apart!.allSatisfy { similarity(references[r][index], $0) < each[index] }
                }
                if !runsThrough { rowScores[r] *= apartWeight }
            }
            scores.append(rowScores)
            similarities.append(rowSimilarities)
        }
        return (scores, similarities)
    }

    /// `text` without the scalars in `range`.
    private static func without(_ range: Range<Int>, _ text: [UInt32]) -> [UInt32] {
        Array(text[..<range.lowerBound] + text[range.upperBound...])
    }

    /// The share of `reference`'s scalars that appear in `text` in order (their longest common
    /// subsequence): wrapped, fragmented and interleaved labels keep their characters' order.
    static func similarity(_ reference: [UInt32], _ text: [UInt32]) -> Double {
        similarity(reference, text, ScalarMask(text))
    }

    /// ``similarity(_:_:)`` with the mask of `text` made once for many references.
    private static func similarity(_ reference: [UInt32], _ text: [UInt32], _ mask: ScalarMask) -> Double {
        guard !reference.isEmpty, !text.isEmpty else { return 0 }
        // Most pairs share too few characters to matter: the share of the reference's characters found
        // anywhere in the text bounds the similarity, and below a rival's margin of a confirming score
        // no decision reads it.
        let present = reference.count { mask.mayContain($0) && text.contains($0) }
        let bound = Double(present) / Double(reference.count)
        if bound < confirmingScore - tieMargin { return bound }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (text.count + 1)) { buffer in
            var previous = UnsafeMutableBufferPointer(rebasing: buffer[..<(text.count + 1)])
            var current = UnsafeMutableBufferPointer(rebasing: buffer[(text.count + 1)...])
            previous.initialize(repeating: 0)
            current.initialize(repeating: 0)
            for r in reference {
                for (t, scalar) in text.enumerated() {
                    current[t + 1] = scalar == r ? previous[t] + 1 : max(previous[t + 1], current[t])
                }
                swap(&previous, &current)
            }
            return Double(previous[text.count]) / Double(reference.count)
        }
    }

    /// How far from the values the best match of `references` in `text` lies: how many scalars at the
    /// end of `text` (the start, unless `fromEnd`) can go without lowering the similarity.
    static func distance(_ references: [[UInt32]], _ text: [UInt32], fromEnd: Bool) -> Int {
        let textMask = ScalarMask(text)
        let best = references.reduce(0) { max($0, similarity($1, text, textMask)) }
        func fits(_ dropped: Int) -> Bool {
            let rest = fromEnd ? Array(text.dropLast(dropped)) : Array(text.dropFirst(dropped))
            let mask = ScalarMask(rest)
            return references.contains { similarity($0, rest, mask) >= best }
        }
        var low = 0
        var high = text.count
        while low < high {
            let middle = (low + high + 1) / 2
            if fits(middle) { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The order-preserving pairing of value rows with schema rows that maximises the summed scores of
    /// pairs that reach ``confirmingScore``.
    private static func bestAlignment(_ score: [[Double]]) -> (total: Double, pairs: [(row: Int, valueRow: Int)]) {
        let valueRows = score.count
        let schemaRows = score.first?.count ?? 0
        // best[v][r]: the best total using value rows ..<v and schema rows ..<r.
        var best = [[Double]](repeating: [Double](repeating: 0, count: schemaRows + 1), count: valueRows + 1)
        for v in 0...valueRows {
            for r in 0...schemaRows where v > 0 || r > 0 {
                var value = 0.0
                if v > 0 { value = max(value, best[v - 1][r]) }
                if r > 0 { value = max(value, best[v][r - 1]) }
                if v > 0, r > 0, score[v - 1][r - 1] >= confirmingScore {
                    value = max(value, best[v - 1][r - 1] + score[v - 1][r - 1])
                }
                best[v][r] = value
            }
        }
        var pairs: [(row: Int, valueRow: Int)] = []
        var v = valueRows
        var r = schemaRows
        while v > 0 && r > 0 {
            if score[v - 1][r - 1] >= confirmingScore, best[v][r] == best[v - 1][r - 1] + score[v - 1][r - 1],
                best[v][r] > best[v - 1][r], best[v][r] > best[v][r - 1]
            {
                pairs.append((r - 1, v - 1))
                v -= 1
                r -= 1
            } else if best[v][r] == best[v - 1][r] {
                v -= 1
            } else {
                r -= 1
            }
        }
        return (best[valueRows][schemaRows], pairs.reversed())
    }

    /// The key scalars of a row label's own part, without the group label before it and its numbering:
    /// `三、本年度办理结果 （一）予以公开` → `予以公开`, `（三）不予公开 1.属于国家秘密` → `属于国家秘密`.
    static func reference(ofLabel label: String) -> [UInt32] {
        let own = label.split(separator: " ").last.map(String.init) ?? label
        var scalars = Array(LabelNormalizer.matchKey(own).unicodeScalars.map(\.value))
        let numbering: Set<UInt32> = Set("0123456789一二三四五六七八九十".unicodeScalars.map(\.value))
        while let first = scalars.first, numbering.contains(first), scalars.count > 2 { scalars.removeFirst() }
        return scalars
    }
}

extension TableRecognizer {
    /// Aligns the first `count` segments from `start` with the schema (see ``RowAlignment``).
    func align(
        _ prepared: PreparedSchema, segments: inout SegmentStream, count: Int, start: Int,
        keys: UnsafeBufferPointer<UInt8>, reading: RowAlignment.Reading? = nil
    ) -> (placements: [RowAlignment.Placement?], findings: [Finding], closeReadings: [RowAlignment.Reading]) {
        var valueRows: [RowAlignment.ValueRow] = []
        var valueCounts: [Int] = []
        var printedCounts: [Int] = []
        var labelStart = start
        var previousBelow: [Int] = []
        let fewestColumns = prepared.schema.rows.map(\.columns.count).min() ?? 1
        var previousLabels: [Int] = []
        // Per value row, the label lines since the values before (not the values' own line), and the
        // labels on the values' line.
        var gapLines: [[[Int]]] = []
        var sameLines: [[Int]] = []
        // Per value row, whether its figures are printed on one line, as a row of centred cells prints
        // them (a column printed cell by cell puts one figure a line).
        var onOneLine: [Bool] = []
        // Value rows whose text above reads the labels of the blank row after them too.
        var extendedAbove = Set<Int>()
        // A table has no more rows of figures than twice its schema's rows (headers, page numbers, split
        // rows); what lies beyond is the rest of the document.
        let limit = 2 * prepared.schema.rows.count
        for index in 0..<count where valueRows.count < limit {
            guard let segment = segments.segment(at: index), let first = segment.values.first else { continue }
            let printed = segment.values.count { !tokens[$0].isBlank }
            // A stray mark read as a blank (`·` after a label line) is no row: its labels run on.
            if printed == 0 && segment.values.count * 2 < fewestColumns { continue }
            let labels = (labelStart..<first).filter { tokens[$0].isLabel }
            let valueLine = tokens[first].line
            let sameLine = labels.filter { tokens[$0].line == valueLine }
            if !valueRows.isEmpty {
                valueRows[valueRows.count - 1].below = scalars(
                    previousBelow + labels.filter { tokens[$0].line != valueLine },
                    keys: keys, keepingEnd: false)
                // A row of blanks right after a row of figures may carry the rest of that row's label,
                // as converters split a wrapped row: the figures' row reads it too.
                if printed == 0 && printedCounts[printedCounts.count - 1] > 0 {
                    valueRows[valueRows.count - 1].above = scalars(
                        previousLabels + labels, keys: keys, keepingEnd: true)
                    extendedAbove.insert(valueRows.count - 1)
                }
            }
            valueRows.append(
                RowAlignment.ValueRow(
                    segment: index,
                    above: scalars(labels, keys: keys, keepingEnd: true), below: [],
                    isBlank: printed == 0))
            previousBelow = sameLine
            previousLabels = labels
            var lines: [[Int]] = []
            for label in labels where tokens[label].line != valueLine {
                if let last = lines.last?.last, tokens[last].line == tokens[label].line {
                    lines[lines.count - 1].append(label)
                } else {
                    lines.append([label])
                }
            }
            gapLines.append(lines)
            sameLines.append(sameLine)
            onOneLine.append(tokens[segment.values.upperBound - 1].line == valueLine)
            valueCounts.append(placeableCount(withoutEmptyLines(segment.values)))
            printedCounts.append(printed)
            labelStart = segment.values.upperBound
        }
        if !valueRows.isEmpty {
            valueRows[valueRows.count - 1].below = scalars(previousBelow, keys: keys, keepingEnd: false)
        }
        // The text next to each value row's figures, per reading (``RowAlignment/ValueRow/adjacent``),
        // and the centred text: the lines between two value rows split in half, the earlier half the
        // first's, read only for figures printed on one line.
        for index in valueRows.indices {
            let own = scalarCount(sameLines[index], keys: keys)
            valueRows[index].labelledBeside = own > 0
            if !extendedAbove.contains(index) {
                let count = min(
                    own > 0 ? own : scalarCount(gapLines[index].last ?? [], keys: keys), valueRows[index].above.count)
                valueRows[index].adjacent[0] = [(valueRows[index].above.count - count)..<valueRows[index].above.count]
            }
            let after = index + 1 < gapLines.count ? gapLines[index + 1] : []
            let count = min(own > 0 ? own : scalarCount(after.first ?? [], keys: keys), valueRows[index].below.count)
            valueRows[index].adjacent[1] = [0..<count]
            if onOneLine[index] {
                let before = gapLines[index]
                let upperLines = before.suffix((before.count + 1) / 2)
                let lowerLines = after.prefix(after.count / 2)
                let upper = scalars(upperLines.flatMap { $0 }, keys: keys, keepingEnd: true)
                let rest = scalars(sameLines[index] + lowerLines.flatMap { $0 }, keys: keys, keepingEnd: false)
                valueRows[index].centered = upper + rest
                valueRows[index].adjacent[2] =
                    own > 0
                    ? [upper.count..<(upper.count + min(own, rest.count))]
                    : [
                        (upper.count - min(scalarCount(upperLines.last ?? [], keys: keys), upper.count))..<upper.count,
                        upper.count..<(upper.count + min(scalarCount(lowerLines.first ?? [], keys: keys), rest.count)),
                    ]
            }
            valueRows[index].adjacent = valueRows[index].adjacent.map { $0.filter { !$0.isEmpty } }
        }
        let schema = prepared.schema
        return RowAlignment.align(
            valueRows, references: prepared.references, columnCounts: schema.rows.map(\.columns.count),
            valueCounts: valueCounts, printedCounts: printedCounts, table: schema.key, keys: schema.rows.map(\.key),
            labels: schema.rows.map(\.label), reading: reading)
    }

    /// How many values a run holds once a grid row's padding blanks at either end are set aside.
    private func placeableCount(_ values: Range<Int>) -> Int {
        guard let first = values.first, tokens[first].positional else { return values.count }
        var lower = values.lowerBound
        var upper = values.upperBound
        while upper > lower, tokens[upper - 1].isBlank { upper -= 1 }
        while lower < upper, tokens[lower].isBlank { lower += 1 }
        return upper > lower ? upper - lower : values.count
    }

    /// How many key scalars `labels` hold.
    private func scalarCount(_ labels: [Int], keys: UnsafeBufferPointer<UInt8>) -> Int {
        labels.reduce(0) { count, index in
            let key = UnsafeBufferPointer(rebasing: keys[tokens[index].key])
            return count + key.count { $0 & 0xC0 != 0x80 }
        }
    }

    /// The key scalars of `labels` joined, at most ``RowAlignment/windowLimit`` of them: the last ones
    /// when `keepingEnd`, else the first.
    private func scalars(_ labels: [Int], keys: UnsafeBufferPointer<UInt8>, keepingEnd: Bool) -> [UInt32] {
        var result: [UInt32] = []
        for index in labels {
            let key = UnsafeBufferPointer(rebasing: keys[tokens[index].key])
            var offset = 0
            while offset < key.count {
                let (value, length) = UTF8Scalars.decode(key, at: offset)
                result.append(value)
                offset += length
            }
        }
        let limit = RowAlignment.windowLimit
        guard result.count > limit else { return result }
        return keepingEnd ? Array(result.suffix(limit)) : Array(result.prefix(limit))
    }
}

/// Which scalars a text may hold, by their low ten bits: a scalar whose bit is clear is not in the text,
/// so most characters a label does not share with the text are ruled out without searching it.
private struct ScalarMask {
    private var words = [UInt64](repeating: 0, count: 16)

    init(_ text: [UInt32]) {
        for scalar in text { words[Int(scalar >> 6 & 15)] |= 1 << (scalar & 63) }
    }

    func mayContain(_ scalar: UInt32) -> Bool {
        words[Int(scalar >> 6 & 15)] & (1 << (scalar & 63)) != 0
    }
}
