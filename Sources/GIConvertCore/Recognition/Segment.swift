/// A run of label tokens and the run of values printed after it: one printed row, however the document
/// laid it out.
struct Segment {
    /// Indices of the label tokens.
    var labels: Range<Int>
    /// Indices of the value and blank tokens that follow the labels.
    var values: Range<Int>
    /// The match key of the labels, from the last sentence-ending label on (prose is not a row label),
    /// as a slice of ``TokenizedDocument/keyBytes``.
    var key: Range<Int>

    /// The label tokens split where the document's lines change.
    func linePieces(_ tokens: [Token]) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = labels.lowerBound
        for index in labels where index > start && tokens[index].line != tokens[index - 1].line {
            pieces.append(start..<index)
            start = index
        }
        if start < labels.upperBound { pieces.append(start..<labels.upperBound) }
        return pieces
    }

    static func key(_ tokens: [Token], _ labels: Range<Int>) -> Range<Int> {
        var start = labels.lowerBound
        for index in labels where tokens[index].key.isEmpty || tokens[index].endsSentence {
            start = index + 1
        }
        return joinedKey(tokens, start..<labels.upperBound)
    }

    /// The keys of `labels` joined: the tokens' keys lie one after another, so this is one slice.
    static func joinedKey(_ tokens: [Token], _ labels: Range<Int>) -> Range<Int> {
        guard let first = labels.first else { return 0..<0 }
        return tokens[first].key.lowerBound..<tokens[labels.upperBound - 1].key.upperBound
    }
}

/// The segments of a range of tokens, split only as far as they are read: a table's rows are usually
/// found long before the end of the document.
///
/// In a table grid an empty cell holds a position, so a row's values stop at the end of its grid row
/// and belong to labels of the same row only. In text, values run on across lines until the next label,
/// except where a line that completes a row of `rowWidth` values is followed by a line of exactly as
/// many: two rows printed one under the other with no label between them (a label set beside the first
/// and one printed under the second, as converters put a tall cell's label after its figures).
struct SegmentStream {
    private let tokens: [Token]
    private let end: Int
    private let rowWidth: Int?
    private var position: Int
    private var segments: [Segment] = []

    init(_ tokens: [Token], in range: Range<Int>, rowWidth: Int? = nil) {
        self.tokens = tokens
        self.end = range.upperBound
        self.rowWidth = rowWidth
        self.position = range.lowerBound
        segments.reserveCapacity(64)
    }

    /// The segment at `index`, splitting more of the range if needed; `nil` past the end.
    mutating func segment(at index: Int) -> Segment? {
        while segments.count <= index && position < end { splitNext() }
        return index < segments.count ? segments[index] : nil
    }

    private mutating func splitNext() {
        var i = position
        let labelStart = i
        while i < end, tokens[i].isLabel { i += 1 }
        let labelEnd = i
        let valueStart = i
        if i < end {
            let firstPositional = tokens[i].positional
            let firstLine = tokens[i].line
            while i < end, !tokens[i].isLabel {
                if firstPositional && tokens[i].line != firstLine { break }
                if !firstPositional && tokens[i].positional { break }
                if !firstPositional, let rowWidth, i > valueStart, tokens[i].line != tokens[i - 1].line,
                    placedCount(valueStart..<i) == rowWidth, placedCount(i..<lineEnd(from: i)) == rowWidth
                {
                    break
                }
                i += 1
            }
        }
        position = i
        let labels = labelStart..<labelEnd
        let values = valueStart..<i
        if let last = labels.last, let firstValue = values.first,
            tokens[firstValue].positional, tokens[last].line != tokens[firstValue].line
        {
            segments.append(Segment(labels: labels, values: valueStart..<valueStart, key: Segment.key(tokens, labels)))
            segments.append(Segment(labels: valueStart..<valueStart, values: values, key: 0..<0))
        } else {
            segments.append(Segment(labels: labels, values: values, key: Segment.key(tokens, labels)))
        }
    }

    /// One past the last value token of the line `start` is on, before any label.
    private func lineEnd(from start: Int) -> Int {
        var i = start
        while i < end, !tokens[i].isLabel, tokens[i].line == tokens[start].line { i += 1 }
        return i
    }

    /// How many values `range` holds, the blanks before its first figure aside (a converter's empty
    /// cells under the label columns).
    private func placedCount(_ range: Range<Int>) -> Int {
        let leading = range.prefix { tokens[$0].isBlank }.count
        return range.count - leading
    }
}
