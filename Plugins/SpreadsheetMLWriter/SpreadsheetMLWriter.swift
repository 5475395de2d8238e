import GIConvertCore
import GIConvertSheets

/// Writes a single-file SpreadsheetML 2003 workbook (the XML some archives expect instead of `.xlsx`),
/// with the same sheets as the XLSX writer (see ``WorkbookLayout``). The `values` sheet streams
/// straight to the output; the other sheets are held as XML text until ``finish(_:)``, since a
/// workbook's sheets follow one another.
public struct SpreadsheetMLWriter: ReportWriter {
    public static let descriptor = FormatDescriptor(
        name: "spreadsheetml",
        summary: "SpreadsheetML 2003 XML workbook (Excel 2003 XML), the same sheets as xlsx",
        fileExtensions: ["xml"])

    private let rowLimit: Int
    private var layout = WorkbookLayout(isCollection: false)
    private var pagers: [SheetPager] = []
    /// The page of `values` being streamed.
    private var valuesPage = 0
    /// The rows of every sheet after the first, as XML, page by page.
    private var pending: [[String]] = []
    private var started = false

    public init() {
        self.init(rowLimit: SheetPager.excelRowLimit)
    }

    /// A writer whose sheets continue on a new page (`values (2)`, …) past `rowLimit` rows.
    public init(rowLimit: Int) {
        self.rowLimit = rowLimit
    }

    public mutating func begin(_ sink: OutputSink, context: WriterContext) throws {
        layout = WorkbookLayout(isCollection: context.isCollection, rowLimit: rowLimit)
        pagers = SheetKind.allCases.map { layout.pager($0) }
        started = true
        sink.write(Self.prologue)
        pending = SheetKind.allCases.map { _ in [] }
        for kind in SheetKind.allCases {
            let rows = Self.rows(layout.header(kind))
            if kind == .values {
                sink.write(Self.worksheetStart(layout.spec(kind)) + rows)
            } else {
                pending[kind.rawValue] = [rows]
            }
        }
    }

    public mutating func write(_ report: Report, to sink: OutputSink) throws {
        if !started { try begin(sink, context: WriterContext(isCollection: false)) }
        for (index, chunk) in layout.chunks(for: report).enumerated() {
            for piece in pagers[index].place(chunk) {
                let rows = Self.rows(piece.chunk)
                if index == SheetKind.values.rawValue {
                    if piece.page > valuesPage {
                        sink.write(Self.worksheetEnd(layout.spec(.values, page: valuesPage)))
                        valuesPage = piece.page
                        sink.write(Self.worksheetStart(layout.spec(.values, page: valuesPage)))
                    }
                    sink.write(rows)
                } else if piece.page == pending[index].count {
                    pending[index].append(rows)
                } else {
                    pending[index][piece.page] += rows
                }
            }
        }
    }

    public mutating func finish(_ sink: OutputSink) throws {
        if !started { try begin(sink, context: WriterContext(isCollection: false)) }
        sink.write(Self.worksheetEnd(layout.spec(.values, page: valuesPage)))
        for kind in SheetKind.allCases where kind != .values {
            for (page, rows) in pending[kind.rawValue].enumerated() {
                let spec = layout.spec(kind, page: page)
                sink.write(Self.worksheetStart(spec))
                sink.write(rows)
                sink.write(Self.worksheetEnd(spec))
            }
            pending[kind.rawValue] = []
        }
        sink.write("</Workbook>\n")
    }

    // MARK: XML

    static let prologue: String = {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n"
        xml +=
            "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
        xml +=
            "xmlns:x=\"urn:schemas-microsoft-com:office:excel\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\" "
        xml += "xmlns:html=\"http://www.w3.org/TR/REC-html40\">\n"
        xml += "<DocumentProperties xmlns=\"urn:schemas-microsoft-com:office:office\"><Title>政府信息公开工作年度报告</Title>"
        xml += "<Author>giconvert</Author></DocumentProperties>\n<Styles>\n"
        for style in CellStyle.allCases {
            xml +=
                style == .plain
                ? "<Style ss:ID=\"Default\" ss:Name=\"Normal\"><Alignment ss:Vertical=\"Bottom\"/></Style>\n"
                : styleXML(style)
        }
        return xml + "</Styles>\n"
    }()

    private static func styleXML(_ style: CellStyle) -> String {
        var xml = "<Style ss:ID=\"\(style.name)\">"
        var alignment: [String] = []
        if style.isCentered { alignment.append("ss:Horizontal=\"Center\" ss:Vertical=\"Center\"") }
        if style.isTopAligned { alignment.append("ss:Vertical=\"Top\"") }
        if style == .label { alignment.append("ss:Vertical=\"Center\"") }
        if style.wrapsText { alignment.append("ss:WrapText=\"1\"") }
        if !alignment.isEmpty { xml += "<Alignment " + alignment.joined(separator: " ") + "/>" }
        if style.hasBorder {
            xml +=
                "<Borders>"
                + ["Bottom", "Left", "Right", "Top"].map {
                    "<Border ss:Position=\"\($0)\" ss:LineStyle=\"Continuous\" ss:Weight=\"1\"/>"
                }.joined() + "</Borders>"
        }
        if style.isBold || style.fontRGB != nil {
            xml +=
                "<Font" + (style.isBold ? " ss:Bold=\"1\"" : "") + (style.fontRGB.map { " ss:Color=\"#\($0)\"" } ?? "")
                + "/>"
        }
        if let rgb = style.fillRGB { xml += "<Interior ss:Color=\"#\(rgb)\" ss:Pattern=\"Solid\"/>" }
        return xml + "</Style>\n"
    }

    static func escape(_ text: String) -> String {
        SheetXML.escape(text, controls: .drop, escapeNewlines: true)
    }

    static func worksheetStart(_ spec: SheetSpec) -> String {
        var xml = "<Worksheet ss:Name=\"\(escape(spec.name))\">\n<Table>\n"
        for width in spec.columnWidths {
            // Widths are in characters; SpreadsheetML wants points (about 5.6 per character at 11pt).
            xml += "<Column ss:Width=\"\(SheetXML.number((width * 5.6).rounded()))\"/>\n"
        }
        return xml
    }

    static func worksheetEnd(_ spec: SheetSpec) -> String {
        var xml = "</Table>\n<WorksheetOptions xmlns=\"urn:schemas-microsoft-com:office:excel\">"
        if spec.frozenRows > 0 || spec.frozenColumns > 0 {
            xml += "<FreezePanes/><FrozenNoSplit/>"
            if spec.frozenRows > 0 {
                xml +=
                    "<SplitHorizontal>\(spec.frozenRows)</SplitHorizontal><TopRowBottomPane>\(spec.frozenRows)</TopRowBottomPane>"
            }
            if spec.frozenColumns > 0 {
                xml +=
                    "<SplitVertical>\(spec.frozenColumns)</SplitVertical><LeftColumnRightPane>\(spec.frozenColumns)</LeftColumnRightPane>"
            }
            let pane = spec.frozenRows > 0 && spec.frozenColumns > 0 ? 0 : spec.frozenRows > 0 ? 2 : 1
            xml += "<ActivePane>\(pane)</ActivePane>"
        }
        return xml + "</WorksheetOptions>\n</Worksheet>\n"
    }

    /// The rows of a chunk. Cells a merge covers are left out, as the format requires; a cell after a
    /// gap names its column with `ss:Index`; a merge's first cell spans it with `ss:MergeAcross` /
    /// `ss:MergeDown`.
    static func rows(_ chunk: SheetChunk) -> String {
        let covered = chunk.coveredColumns()
        var spans: [Int: [Int: (across: Int, down: Int)]] = [:]
        for merge in chunk.merges {
            spans[merge.firstRow, default: [:]][merge.firstColumn] = (
                merge.lastColumn - merge.firstColumn, merge.lastRow - merge.firstRow
            )
        }
        var xml = ""
        for (rowIndex, cells) in chunk.rows.enumerated() {
            xml += "<Row>"
            var next = 0
            for (column, cell) in cells.enumerated() {
                let span = spans[rowIndex]?[column]
                if covered[rowIndex].contains(column) || (cell.isOmittable && span == nil) { continue }
                xml += "<Cell"
                if column != next { xml += " ss:Index=\"\(column + 1)\"" }
                if cell.style != .plain { xml += " ss:StyleID=\"\(cell.style.name)\"" }
                if let span {
                    if span.across > 0 { xml += " ss:MergeAcross=\"\(span.across)\"" }
                    if span.down > 0 { xml += " ss:MergeDown=\"\(span.down)\"" }
                }
                switch cell.value {
                case .empty:
                    xml += "/>"
                case .number(let value):
                    xml += "><Data ss:Type=\"Number\">\(SheetXML.number(value))</Data></Cell>"
                case .text(let text):
                    xml += "><Data ss:Type=\"String\">\(escape(text))</Data></Cell>"
                }
                next = column + 1 + (span?.across ?? 0)
            }
            xml += "</Row>\n"
        }
        return xml
    }
}
