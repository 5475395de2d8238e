/// Rows printed with a merged cell's figure once per column it spans, as converters that write every
/// grid position of a table do (a pipe table whose header repeats `本年增/减 | 本年增/减` has
/// `1 | 1` under it): a row with more figures than columns, where repeats of one figure side by side
/// make up the surplus, is read with each run of repeats as one spanned cell.
///
/// Zeros side by side are no evidence of a span (most cells are zero), so a run of zeros is read as
/// that many cells, except in a row that prints nothing but one figure: then every reading gives the
/// same cells. Figures on lines of their own may be pieces of one figure (`1` / `5` / `4`, a text
/// printed a character a line): there only a row of nothing but zeros is read, as zeros.
enum RepeatedSpans {
    /// For `texts`, a row's printed figures, more of them than `columns`: the index of the figure each
    /// column takes, when exactly one way of reading runs of equal neighbouring figures as spanned
    /// cells gives `columns` cells; nil when none does or several do (`1 | 1 | 2 | 2` for three columns
    /// is `1 | 2 | 2` or `1 | 1 | 2`). `onOneLine`: the figures are the cells of one printed row.
    static func columns(_ texts: [String], count columns: Int, onOneLine: Bool = true) -> [Int]? {
        guard columns > 0, texts.count > columns else { return nil }
        if !onOneLine { return texts.allSatisfy(isZero) ? Array(0..<columns) : nil }
        // Maximal runs of equal neighbours: where each starts, and how long it is.
        var runs: [(start: Int, length: Int)] = []
        for (index, text) in texts.enumerated() {
            if let last = runs.last, texts[last.start] == text {
                runs[runs.count - 1].length += 1
            } else {
                runs.append((index, 1))
            }
        }
        if runs.count == 1 { return Array(0..<columns) }
        // Each run of a figure other than zero gives one to `length` cells, a run of zeros `length`;
        // the counts must add up to `columns`, in one way only.
        var cells = runs.map { isZero(texts[$0.start]) ? $0.length : 1 }
        let surplus = columns - cells.reduce(0, +)
        guard surplus >= 0 else { return nil }
        if surplus > 0 {
            let spans = runs.indices.filter { runs[$0].length > 1 && !isZero(texts[runs[$0].start]) }
            guard spans.count == 1, runs[spans[0]].length >= 1 + surplus else { return nil }
            cells[spans[0]] += surplus
        }
        var taken: [Int] = []
        for (run, count) in zip(runs, cells) { taken += (0..<count).map { run.start + $0 } }
        return taken
    }

    private static func isZero(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0 == "0" || $0 == "０" || $0 == "." }
    }
}
