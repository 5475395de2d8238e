import Foundation

/// Turns document structure into a ``Report``: metadata, sections, the three tables and findings.
///
/// This is the only place that knows what a report looks like; every reader hands it a ``Document``.
public enum ReportRecognizer {
    /// Recognises a report in `document`. Never fails: what cannot be found becomes a finding.
    public static func recognize(_ document: Document, source: String) -> Report {
        let document = document.foldingCharacters()
        let tokenized = TokenizedDocument(document)
        let tokens = tokenized.tokens
        let lines = tokenized.paragraphLines
        var findings = document.warnings.map { Finding(kind: .readerWarning, message: $0.message) }

        var metadata = MetadataRecognizer.metadata(
            source: source, lines: lines.map(\.text), properties: document.properties)
        let headings = SectionRecognizer.headings(in: lines)

        var format = EditionDetector.detect(tokenized)
        let detected = format != nil

        // Each table is looked for from its section's heading on, then anywhere.
        func regionStart(_ kind: SectionKind) -> Int {
            guard let heading = headings.first(where: { $0.kind == kind }) else { return 0 }
            return firstToken(onLine: lines[heading.lineIndex].line) ?? 0
        }
        // Where the section after the table's own begins: figures past it are placed by their labels only.
        func sectionEnd(_ kind: SectionKind) -> Int {
            guard let heading = headings.first(where: { $0.kind == kind }),
                let next = headings.filter({ $0.lineIndex > heading.lineIndex }).min(by: { $0.lineIndex < $1.lineIndex }
                )
            else { return Int.max }
            return firstToken(onLine: lines[next.lineIndex].line) ?? Int.max
        }
        // Tokens are in line order: the first token of a line, by binary search.
        func firstToken(onLine line: Int) -> Int? {
            var low = 0
            var high = tokens.count
            while low < high {
                let middle = (low + high) / 2
                if tokens[middle].line < line { low = middle + 1 } else { high = middle }
            }
            return low < tokens.count && tokens[low].line == line ? low : nil
        }
        let recognizer = TableRecognizer(tokenized)
        var tables: [StatisticalTable] = []
        var spans: [Range<Int>] = []
        let resolvedFormat = format ?? EditionDetector.format(forYear: metadata.year)
        for key in TableKey.allCases {
            let schema = TableRecognizer.prepared(key, format: resolvedFormat)
            var result = recognizer.recognize(
                schema, in: regionStart(section(of: key))..<tokens.count, sectionEnd: sectionEnd(section(of: key)))
            if !result.table.found {
                result = recognizer.recognize(schema, in: 0..<tokens.count)
            }
            tables.append(result.table)
            if let span = result.span { spans.append(span) }
            if result.table.found {
                findings += result.findings
            } else {
                findings.append(
                    Finding(kind: .tableNotFound, table: key, message: "the \(key.rawValue) table was not found"))
            }
        }
        if document.figuresInDoubt {
            // OCR misreads figures, and text boxes may stand in another order than they are read, with
            // nothing around them to show it: every figure is in doubt.
            for t in tables.indices {
                for r in tables[t].rows.indices {
                    for c in tables[t].rows[r].cells.indices
                    where tables[t].rows[r].cells[c].value != nil
                        && !tables[t].rows[r].cells[c].flags.contains(.suspicious)
                    {
                        tables[t].rows[r].cells[c].flags.append(.suspicious)
                    }
                }
            }
        }
        if tables.contains(where: \.found) {
            format = resolvedFormat
            if !detected {
                findings.append(
                    Finding(
                        kind: .formatAssumed,
                        message:
                            "the table labels do not tell the format; the \(resolvedFormat.rawValue) format was assumed from the report year"
                    ))
            }
        } else {
            format = nil
        }

        // Section text: paragraph lines between headings, without table lines and site chrome.
        var isTableLine = [Bool](repeating: false, count: (lines.last?.line ?? 0) + (tokens.last?.line ?? 0) + 2)
        for span in spans { for index in span { isTableLine[tokens[index].line] = true } }
        var endLine = lines.count
        if let last = headings.last {
            endLine = lines[(last.lineIndex + 1)...].firstIndex { PageChrome.isChromeLine($0.text) } ?? lines.count
        }
        func text(_ range: Range<Int>) -> String {
            var text = ""
            var isFirst = true
            for index in range.clamped(to: 0..<endLine)
            where !isTableLine[lines[index].line] && LabelNormalizer.containsKeyScalar(lines[index].text) {
                if !isFirst { text += "\n" }
                text += lines[index].text
                isFirst = false
            }
            return text
        }
        var sections: [ReportSection] = []
        for (i, heading) in headings.enumerated() {
            let next = i + 1 < headings.count ? headings[i + 1].lineIndex : endLine
            sections.append(
                ReportSection(
                    kind: heading.kind, heading: heading.text,
                    text: text((heading.lineIndex + 1)..<max(next, heading.lineIndex + 1))))
        }
        let preamble = text(0..<(headings.first?.lineIndex ?? endLine))
        for kind in SectionKind.allCases where !headings.contains(where: { $0.kind == kind }) {
            findings.append(Finding(kind: .sectionNotFound, message: "section \(kind.canonicalHeading) was not found"))
        }

        if metadata.title == nil, let first = lines.first?.text, first.utf8.count <= 60 || first.count <= 60 {
            metadata.title = first
        }
        var report = Report(
            metadata: metadata, format: format, preamble: preamble, sections: sections,
            tables: tables, findings: findings)
        report.findings += ConsistencyChecker.check(report)
        report.findings += NarrativeCheck.findings(report)
        return report
    }

    /// The section whose heading a table follows.
    private static func section(of table: TableKey) -> SectionKind {
        switch table {
        case .active: .activeDisclosure
        case .applications: .applications
        case .reviews: .reviewsAndLitigation
        }
    }
}
