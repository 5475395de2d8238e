import GIConvertCore

/// Writes one self-contained HTML page for checking many reports at a glance: a summary (reports,
/// reports with findings, counts per rule and per kind of doubt), one line per report with its
/// failing checks, and, for each report with findings, its three tables as printed with every
/// doubtful cell marked and explained.
///
/// The page needs no network and no script to be read; a small inline script only adds filtering
/// and sorting. It streams: each report's HTML is written as it comes and forgotten; only the
/// summary counts are kept, and the summary is written last but shown first (CSS `order`).
public struct AuditPageWriter: ReportWriter {
    public static let descriptor = FormatDescriptor(
        name: "html",
        summary:
            "an audit page: summary of findings, reports with their failing checks, tables with doubtful cells marked",
        fileExtensions: ["html", "htm"])

    /// Counts for the summary, kept while the reports stream past.
    private var reportCount = 0
    private var reportsWithFindings = 0
    private var reportsFailingStrict = 0
    private var findingsByKind: [String: Int] = [:]
    private var failuresByRule: [String: Int] = [:]
    private var cellsByMark: [String: Int] = [:]
    /// Reports failing `--strict` are shown open, the first ``openLimit`` of them, so the page opens on examples.
    private var openedCount = 0
    static let openLimit = 10

    public init() {}

    public mutating func begin(_ sink: OutputSink, context: WriterContext) throws {
        sink.write(Self.head)
    }

    public mutating func write(_ report: Report, to sink: OutputSink) throws {
        reportCount += 1
        if !report.findings.isEmpty { reportsWithFindings += 1 }
        if report.hasRuleFailures { reportsFailingStrict += 1 }
        for finding in report.findings {
            findingsByKind[finding.kind.rawValue, default: 0] += 1
            if finding.kind == .ruleFailed, let rule = finding.rule { failuresByRule[rule, default: 0] += 1 }
        }
        let marks = CellMarks(report)
        for mark in marks.all { cellsByMark[mark.rawValue, default: 0] += 1 }
        let open = report.hasRuleFailures && openedCount < Self.openLimit
        if open { openedCount += 1 }
        sink.write(Self.render(report, marks: marks, index: reportCount, open: open))
    }

    public mutating func finish(_ sink: OutputSink) throws {
        sink.write("</div>\n")
        sink.write(summary())
        sink.write(Self.script)
        sink.write("</div>\n</body>\n</html>\n")
    }

    // MARK: Summary

    private func summary() -> String {
        var out = "<section id=\"summary\" class=\"summary\">\n<h1>giconvert audit</h1>\n<dl class=\"counts\">"
        out += "<dt>Reports</dt><dd id=\"count-reports\">\(reportCount)</dd>"
        out += "<dt>Reports with findings</dt><dd id=\"count-with-findings\">\(reportsWithFindings)</dd>"
        out +=
            "<dt>Reports failing <code>--strict</code></dt><dd id=\"count-failing\">\(reportsFailingStrict)</dd></dl>\n"
        out += Self.countTable("Findings per kind", "kinds", findingsByKind)
        out += Self.countTable("Broken rules", "rules", failuresByRule)
        out += Self.countTable(
            "Doubtful cells per mark", "marks", cellsByMark.mapKeys { CellMark(rawValue: $0)?.name ?? $0 })
        out +=
            "<p class=\"legend\">Cell marks: "
            + CellMark.allCases.map { "<span class=\"\($0.rawValue)\">\($0.symbol) \($0.name)</span>" }.joined(
                separator: " ")
        out += ". Hover a marked cell for its message.</p>\n"
        out +=
            "<p class=\"controls\"><label>Filter <input id=\"filter\" type=\"search\" placeholder=\"source, organization, rule…\"></label> "
        out += "<label><input id=\"only-findings\" type=\"checkbox\"> only reports with findings</label> "
        out +=
            "Sort: <button data-sort=\"index\">input order</button> <button data-sort=\"findings\">most findings</button> "
        out += "<button data-sort=\"org\">organization</button> <button data-sort=\"year\">year</button> "
        out += "<a href=\"#reports\">reports ↓</a></p>\n</section>\n"
        return out
    }

    private static func countTable(_ title: String, _ id: String, _ counts: [String: Int]) -> String {
        guard !counts.isEmpty else { return "<h2>\(title)</h2><p id=\"\(id)\">none</p>\n" }
        var out = "<h2>\(title)</h2>\n<table id=\"\(id)\" class=\"tally\">"
        for (name, count) in counts.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
            out += "<tr><th>\(escape(name))</th><td>\(count)</td></tr>"
        }
        return out + "</table>\n"
    }

    // MARK: Reports

    /// One report: a line with its failing checks, and, when it has findings, its tables and findings.
    static func render(_ report: Report, marks: CellMarks, index: Int, open: Bool = false) -> String {
        let meta = report.metadata
        let checks = report.findings.filter(\.kind.failsStrictCheck).map { $0.rule ?? $0.kind.rawValue }
        let uniqueChecks = checks.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let organization = meta.organization ?? ""
        let year = meta.year.map(String.init) ?? ""
        let searchText = [meta.source, organization, year] + report.findings.map { $0.rule ?? $0.kind.rawValue }
        var out =
            "<details\(open ? " open" : "") class=\"report\(report.hasRuleFailures ? " failing" : "")\" data-index=\"\(index)\" data-findings=\"\(report.findings.count)\""
        out +=
            " data-org=\"\(escape(organization))\" data-year=\"\(year)\" data-text=\"\(escape(searchText.joined(separator: " ")))\">\n"
        out +=
            "<summary><span class=\"src\">\(escape(meta.source))</span> <span class=\"org\">\(escape(organization))</span> "
        out +=
            "<span class=\"year\">\(year)</span> <span class=\"nf\">\(report.findings.count) finding\(report.findings.count == 1 ? "" : "s")</span>"
        if !uniqueChecks.isEmpty {
            out +=
                " <span class=\"checks\">" + uniqueChecks.map { "<code>\(escape($0))</code>" }.joined(separator: " ")
                + "</span>"
        }
        out += "</summary>\n"
        guard !report.findings.isEmpty else { return out + "<p>No findings.</p>\n</details>\n" }
        if let format = report.format { out += "<p>National format \(format.rawValue).</p>\n" }
        for table in report.tables {
            out += "<h3>\(tableTitle(table.key))</h3>\n"
            out += table.found ? render(table, marks: marks) : "<p class=\"missing\">not found</p>\n"
        }
        out += "<h3>Findings</h3>\n<ul class=\"findings\">"
        for finding in report.findings {
            let place = [finding.table?.rawValue, finding.row, finding.column].compactMap { $0 }.joined(separator: "/")
            out +=
                "<li class=\"\(finding.kind.failsStrictCheck ? "fail" : "doubt")\"><code>\(finding.kind.rawValue)</code>"
            if !place.isEmpty { out += " <code>\(escape(place))</code>" }
            out += " \(escape(finding.message))</li>"
        }
        return out + "</ul>\n</details>\n"
    }

    private static func tableTitle(_ key: TableKey) -> String {
        switch key {
        case .active: "二、主动公开政府信息情况"
        case .applications: "三、收到和处理政府信息公开申请情况"
        case .reviews: "四、政府信息公开行政复议、行政诉讼情况"
        }
    }

    /// A table as printed: consecutive rows sharing their columns form one block under a header of
    /// those columns' labels.
    static func render(_ table: StatisticalTable, marks: CellMarks) -> String {
        var out = "<table class=\"grid\">"
        var previousColumns: [String] = []
        for row in table.rows {
            let columns = row.cells.map(\.column)
            if columns != previousColumns {
                out +=
                    "<tr class=\"head\"><th></th>" + row.cells.map { "<th>\(escape($0.label))</th>" }.joined() + "</tr>"
                previousColumns = columns
            }
            out += "<tr><th title=\"\(escape(row.printedLabel ?? ""))\">\(escape(row.label))</th>"
            for cell in row.cells {
                let cellMarks = marks.marks(table.key, row.key, cell.column)
                let text = cell.value.map(NumberFormatting.plain) ?? ""
                if cellMarks.isEmpty {
                    out += "<td>\(text)</td>"
                } else {
                    let classes = cellMarks.map(\.rawValue).joined(separator: " ")
                    let title = marks.messages(table.key, row.key, cell.column, cell)
                    out +=
                        "<td class=\"\(classes)\" title=\"\(escape(title))\">\(text)<sup>\(cellMarks.map(\.symbol).joined())</sup></td>"
                }
            }
            out += "</tr>"
        }
        return out + "</table>\n"
    }

    // MARK: Page

    static let head = """
        <!DOCTYPE html>
        <html lang="zh">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>giconvert audit</title>
        <style>
        body{font:14px/1.45 system-ui,"Noto Sans CJK SC",sans-serif;margin:0;color:#222;background:#fafafa}
        .page{display:flex;flex-direction:column;padding:1em 2em}
        .summary{order:-1;background:#fff;border:1px solid #ccc;padding:.5em 1.5em;margin-bottom:1em}
        .counts{display:grid;grid-template-columns:max-content max-content;gap:.2em 1.5em}
        .counts dd{margin:0;font-weight:bold}
        .tally{border-collapse:collapse}.tally th{text-align:left;font-weight:normal;padding-right:2em}
        .report{background:#fff;border:1px solid #ddd;margin:.25em 0;padding:.2em .8em}
        .report.failing{border-left:4px solid #c0392b}
        .report summary{cursor:pointer}.src{font-family:monospace}.nf{color:#666}
        .checks code{background:#fdecea;color:#a5281b;padding:0 .3em;margin-right:.2em}
        .grid{border-collapse:collapse;margin:.3em 0;font-size:13px}
        .grid th,.grid td{border:1px solid #bbb;padding:.1em .4em}
        .grid td{text-align:right;min-width:2.5em}.grid tr.head th{background:#eee;font-weight:normal;font-size:12px}
        .grid tr>th:first-child{text-align:left;font-weight:normal;max-width:28em}
        td sup{font-size:10px;margin-left:.15em}
        .rule{background:#f8c4bd}.narrative{background:#fbd99a}.inferred{background:#cfe2fb}
        .suspicious{background:#fff3a6}.blank{background:repeating-linear-gradient(45deg,#fff,#fff 3px,#eee 3px,#eee 6px)}
        .missing{color:#a5281b}
        .findings li.fail code:first-child{color:#a5281b}
        .legend span{padding:0 .4em;margin-right:.3em}
        .hidden{display:none}
        </style>
        </head>
        <body>
        <div class="page">
        <div id="reports" class="reports">

        """

    static let script = """
        <script>
        (function(){
          var list=document.getElementById('reports'),filter=document.getElementById('filter'),only=document.getElementById('only-findings');
          function apply(){var q=filter.value.toLowerCase();
            list.querySelectorAll('details.report').forEach(function(d){
              var hide=(q&&d.dataset.text.toLowerCase().indexOf(q)<0)||(only.checked&&d.dataset.findings==='0');
              d.classList.toggle('hidden',hide);});}
          filter.addEventListener('input',apply);only.addEventListener('change',apply);
          document.querySelectorAll('button[data-sort]').forEach(function(b){b.addEventListener('click',function(){
            var key=b.dataset.sort,items=Array.prototype.slice.call(list.querySelectorAll('details.report'));
            items.sort(function(x,y){
              if(key==='findings')return (+y.dataset.findings)-(+x.dataset.findings)||(+x.dataset.index)-(+y.dataset.index);
              if(key==='org'||key==='year')return x.dataset[key].localeCompare(y.dataset[key])||(+x.dataset.index)-(+y.dataset.index);
              return (+x.dataset.index)-(+y.dataset.index);});
            items.forEach(function(d){list.appendChild(d);});});});
        })();
        </script>

        """
}

/// What a marked cell has wrong, most serious first.
enum CellMark: String, CaseIterable, Sendable {
    case rule
    case narrative
    case inferred
    case suspicious
    case blank

    var name: String {
        switch self {
        case .rule: "rule broken"
        case .narrative: "narrative disagrees"
        case .inferred: "inferred"
        case .suspicious: "suspicious"
        case .blank: "blank"
        }
    }

    /// A symbol shown beside the figure, so the mark reads without colour.
    var symbol: String {
        switch self {
        case .rule: "✗"
        case .narrative: "≠"
        case .inferred: "~"
        case .suspicious: "?"
        case .blank: "∅"
        }
    }
}

/// The marks of one report's cells, from its findings and the cells' flags.
struct CellMarks {
    private var findings: [String: [Finding]] = [:]
    private var marksByCell: [String: [CellMark]] = [:]
    /// One entry per marked cell and mark.
    private(set) var all: [CellMark] = []

    init(_ report: Report) {
        for finding in report.findings {
            guard let table = finding.table, let row = finding.row, let column = finding.column else { continue }
            let mark: CellMark? =
                switch finding.kind {
                case .ruleFailed: .rule
                case .narrativeMismatch, .carryOverMismatch: .narrative
                case .valuesInferred: .inferred
                case .suspiciousCell: .suspicious
                default: nil
                }
            let key = Self.key(table, row, column)
            findings[key, default: []].append(finding)
            if let mark { add(mark, key) }
        }
        for table in report.tables where table.found {
            for row in table.rows {
                for cell in row.cells {
                    let key = Self.key(table.key, row.key, cell.column)
                    if cell.flags.contains(.inferred) { add(.inferred, key) }
                    if cell.flags.contains(.suspicious) { add(.suspicious, key) }
                    if cell.flags.contains(.blank) || cell.flags.contains(.missing) { add(.blank, key) }
                }
            }
        }
    }

    private mutating func add(_ mark: CellMark, _ key: String) {
        guard !(marksByCell[key]?.contains(mark) ?? false) else { return }
        marksByCell[key, default: []].append(mark)
        all.append(mark)
    }

    private static func key(_ table: TableKey, _ row: String, _ column: String) -> String {
        "\(table.rawValue)/\(row)/\(column)"
    }

    func marks(_ table: TableKey, _ row: String, _ column: String) -> [CellMark] {
        let marks = marksByCell[Self.key(table, row, column)] ?? []
        return CellMark.allCases.filter(marks.contains)
    }

    /// The messages of the cell's findings, then what its flags say.
    func messages(_ table: TableKey, _ row: String, _ column: String, _ cell: TableCell) -> String {
        var lines = (findings[Self.key(table, row, column)] ?? []).map { "\($0.kind.rawValue): \($0.message)" }
        if cell.flags.contains(.inferred) { lines.append("inferred: placed by a consistency rule, not by position") }
        if cell.flags.contains(.suspicious) { lines.append("suspicious: printed as “\(cell.raw)”") }
        if cell.flags.contains(.missing) {
            lines.append("missing: no cell was found")
        } else if cell.flags.contains(.blank) {
            lines.append("blank: printed empty")
        }
        return lines.joined(separator: "\n")
    }
}

/// `text` with the five HTML-special characters escaped, for text and attribute values.
func escape(_ text: String) -> String {
    guard text.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" || $0 == "\"" || $0 == "'" }) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 16)
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(character)
        }
    }
    return out
}

extension Dictionary where Key == String, Value == Int {
    /// The counts under new names, counts of names that meet added up.
    func mapKeys(_ transform: (String) -> String) -> [String: Int] {
        var result: [String: Int] = [:]
        for (key, value) in self { result[transform(key), default: 0] += value }
        return result
    }
}
