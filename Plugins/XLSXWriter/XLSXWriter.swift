import Foundation
import GIConvertCore
import GIConvertSheets
import GIConvertZip

/// Writes an Office Open XML workbook (`.xlsx`): `values` (the long CSV cell for cell, numbers as
/// numbers), the three statistical tables, the sections' text and the findings (see
/// ``WorkbookLayout``). Each sheet's rows are serialised as the reports arrive; the package is zipped
/// in ``finish(_:)``.
public struct XLSXWriter: ReportWriter {
    public static let descriptor = FormatDescriptor(
        name: "xlsx",
        summary: "Excel workbook: values (the long CSV), active, applications, reviews, sections, findings",
        fileExtensions: ["xlsx"], isBinary: true)

    private let rowLimit: Int
    private let memoryLimit: Int
    private var layout = WorkbookLayout(isCollection: false)
    private var pagers: [SheetPager] = []
    /// Per sheet, its pages (one unless it outgrows ``rowLimit``).
    private var pages: [[SheetBuffer]] = []
    private var strings = SharedStrings()

    public init() {
        self.init(rowLimit: SheetPager.excelRowLimit)
    }

    /// A writer whose sheets continue on a new page (`values (2)`, …) past `rowLimit` rows, and whose
    /// sheets' XML moves to temporary files once one holds more than `memoryLimit` bytes.
    public init(rowLimit: Int, memoryLimit: Int = 256 << 10) {
        self.rowLimit = rowLimit
        self.memoryLimit = memoryLimit
    }

    public mutating func begin(_ sink: OutputSink, context: WriterContext) throws {
        layout = WorkbookLayout(isCollection: context.isCollection, rowLimit: rowLimit)
        pagers = SheetKind.allCases.map { layout.pager($0) }
        pages = []
        for kind in SheetKind.allCases {
            var first = newPage(kind, 0)
            try first.append(layout.header(kind), strings: &strings)
            pages.append([first])
        }
    }

    private func newPage(_ kind: SheetKind, _ page: Int) -> SheetBuffer {
        SheetBuffer(layout.spec(kind, page: page), selected: kind == .values && page == 0, memoryLimit: memoryLimit)
    }

    public mutating func write(_ report: Report, to sink: OutputSink) throws {
        if pages.isEmpty { try begin(sink, context: WriterContext(isCollection: false)) }
        for (index, chunk) in layout.chunks(for: report).enumerated() {
            for piece in pagers[index].place(chunk) {
                if piece.page == pages[index].count {
                    pages[index].append(newPage(SheetKind.allCases[index], piece.page))
                }
                try pages[index][piece.page].append(piece.chunk, strings: &strings)
            }
        }
    }

    public mutating func finish(_ sink: OutputSink) throws {
        if pages.isEmpty { try begin(sink, context: WriterContext(isCollection: false)) }
        let names = SheetKind.allCases.flatMap { kind in
            pages[kind.rawValue].indices.map { layout.spec(kind, page: $0).name }
        }
        var zip = ZipWriter()
        zip.add("[Content_Types].xml", text: Self.contentTypes(sheetCount: names.count))
        zip.add("_rels/.rels", text: Self.packageRelationships)
        zip.add("docProps/app.xml", text: Self.appProperties(names))
        zip.add("docProps/core.xml", text: Self.coreProperties)
        zip.add("xl/workbook.xml", text: Self.workbook(names))
        zip.add("xl/_rels/workbook.xml.rels", text: Self.workbookRelationships(sheetCount: names.count))
        zip.add("xl/styles.xml", text: Self.styles)
        var number = 0
        for kind in pages.indices {
            for page in pages[kind].indices {
                number += 1
                try pages[kind][page].finish(as: "xl/worksheets/sheet\(number).xml", into: &zip)
            }
        }
        pages = []
        zip.add("xl/sharedStrings.xml", strings.document())
        strings = SharedStrings()
        // The archive comes back from a temporary file in pieces: memory does not grow with its size.
        do { try zip.archive { sink.write($0) } } catch { throw OutputError(error) }
    }

    // MARK: Package parts

    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static func contentTypes(sheetCount: Int) -> String {
        var xml = declaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        xml += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        xml += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        xml +=
            "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for index in 1...sheetCount {
            xml +=
                "<Override PartName=\"/xl/worksheets/sheet\(index).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        xml +=
            "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        xml +=
            "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
        xml +=
            "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        xml +=
            "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        return xml + "</Types>"
    }

    static let packageRelationships =
        declaration
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
        + "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
        + "</Relationships>"

    static let coreProperties =
        declaration
        + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
        + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
        + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        + "<dc:title>政府信息公开工作年度报告</dc:title><dc:creator>giconvert</dc:creator>"
        + "</cp:coreProperties>"

    static func appProperties(_ names: [String]) -> String {
        var xml =
            declaration
            + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
            + "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>giconvert</Application>"
        xml +=
            "<HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>"
        xml += "<vt:variant><vt:i4>\(names.count)</vt:i4></vt:variant></vt:vector></HeadingPairs>"
        xml += "<TitlesOfParts><vt:vector size=\"\(names.count)\" baseType=\"lpstr\">"
        for name in names { xml += "<vt:lpstr>\(SheetXML.escape(name, controls: .drop))</vt:lpstr>" }
        return xml + "</vt:vector></TitlesOfParts></Properties>"
    }

    static func workbook(_ names: [String]) -> String {
        var xml = declaration + "<workbook xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipNamespace)\">"
        xml += "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (index, name) in names.enumerated() {
            xml +=
                "<sheet name=\"\(SheetXML.escape(name, controls: .drop))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        return xml + "</sheets></workbook>"
    }

    static func workbookRelationships(sheetCount: Int) -> String {
        var xml = declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for index in 1...sheetCount {
            xml +=
                "<Relationship Id=\"rId\(index)\" Type=\"\(relationshipNamespace)/worksheet\" Target=\"worksheets/sheet\(index).xml\"/>"
        }
        xml +=
            "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(relationshipNamespace)/styles\" Target=\"styles.xml\"/>"
        xml +=
            "<Relationship Id=\"rId\(sheetCount + 2)\" Type=\"\(relationshipNamespace)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        return xml + "</Relationships>"
    }

    /// One font, fill and border per need; one `cellXfs` entry per ``CellStyle``, in its order, so a
    /// cell's `s` attribute is its style's raw value.
    static let styles: String = {
        let styles = CellStyle.allCases
        var fonts = ["<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"]
        var fills = [
            "<fill><patternFill patternType=\"none\"/></fill>", "<fill><patternFill patternType=\"gray125\"/></fill>",
        ]
        let borders = [
            "<border><left/><right/><top/><bottom/><diagonal/></border>",
            "<border>"
                + ["left", "right", "top", "bottom"].map { "<\($0) style=\"thin\"><color auto=\"1\"/></\($0)>" }
                .joined()
                + "<diagonal/></border>",
        ]
        var xfs: [String] = []
        for style in styles {
            var fontId = 0
            if style.isBold || style.fontRGB != nil {
                fontId = fonts.count
                fonts.append(
                    "<font>" + (style.isBold ? "<b/>" : "") + "<sz val=\"11\"/>"
                        + (style.fontRGB.map { "<color rgb=\"FF\($0)\"/>" } ?? "")
                        + "<name val=\"Calibri\"/><family val=\"2\"/></font>")
            }
            var fillId = 0
            if let rgb = style.fillRGB {
                fillId = fills.count
                fills.append(
                    "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FF\(rgb)\"/><bgColor indexed=\"64\"/></patternFill></fill>"
                )
            }
            let borderId = style.hasBorder ? 1 : 0
            var xf = "<xf numFmtId=\"0\" fontId=\"\(fontId)\" fillId=\"\(fillId)\" borderId=\"\(borderId)\" xfId=\"0\""
            if fontId != 0 { xf += " applyFont=\"1\"" }
            if fillId != 0 { xf += " applyFill=\"1\"" }
            if borderId != 0 { xf += " applyBorder=\"1\"" }
            var alignment: [String] = []
            if style.isCentered { alignment.append("horizontal=\"center\" vertical=\"center\"") }
            if style.isTopAligned { alignment.append("vertical=\"top\"") }
            if style == .label { alignment.append("vertical=\"center\"") }
            if style.wrapsText { alignment.append("wrapText=\"1\"") }
            if alignment.isEmpty {
                xf += "/>"
            } else {
                xf += " applyAlignment=\"1\"><alignment " + alignment.joined(separator: " ") + "/></xf>"
            }
            xfs.append(xf)
        }
        var xml = declaration + "<styleSheet xmlns=\"\(mainNamespace)\">"
        xml += "<fonts count=\"\(fonts.count)\">" + fonts.joined() + "</fonts>"
        xml += "<fills count=\"\(fills.count)\">" + fills.joined() + "</fills>"
        xml += "<borders count=\"\(borders.count)\">" + borders.joined() + "</borders>"
        xml += "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        xml += "<cellXfs count=\"\(xfs.count)\">" + xfs.joined() + "</cellXfs>"
        xml += "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        return xml + "</styleSheet>"
    }()
}

/// The shared-string table: each distinct text once, cells refer to it by index. Texts are told
/// apart by their UTF-8 bytes (hashing a `String` normalises it, which costs more than the rest of the
/// writer): two spellings of the same text that differ in bytes get two entries, which reads the same.
struct SharedStrings: Sendable {
    private var indices: [TextBytes: Int] = [:]
    private var items: [UInt8] = []
    private var references = 0

    mutating func index(of text: String) -> Int {
        references += 1
        let key = TextBytes(text)
        if let index = indices[key] { return index }
        let index = indices.count
        indices[key] = index
        let preserve = text.first.map { $0.isWhitespace } == true || text.last.map { $0.isWhitespace } == true
        items.append(contentsOf: (preserve ? "<si><t xml:space=\"preserve\">" : "<si><t>").utf8)
        SheetXML.appendEscaped(text, controls: .ooxmlEscape, to: &items)
        items.append(contentsOf: "</t></si>".utf8)
        return index
    }

    func document() -> [UInt8] {
        var bytes = Array(
            (XLSXWriter.declaration
                + "<sst xmlns=\"\(XLSXWriter.mainNamespace)\" count=\"\(references)\" uniqueCount=\"\(indices.count)\">")
                .utf8)
        bytes += items
        bytes += Array("</sst>".utf8)
        return bytes
    }
}

/// A text compared and hashed by its UTF-8 bytes, not by Unicode canonical equivalence.
struct TextBytes: Hashable, Sendable {
    let text: String

    init(_ text: String) {
        var text = text
        text.makeContiguousUTF8()
        self.text = text
    }

    static func == (lhs: TextBytes, rhs: TextBytes) -> Bool {
        guard lhs.text.utf8.count == rhs.text.utf8.count else { return false }
        let compared: Bool?? = lhs.text.utf8.withContiguousStorageIfAvailable { left in
            rhs.text.utf8.withContiguousStorageIfAvailable { right in
                left.isEmpty || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0
            }
        }
        if let compared, let compared { return compared }
        return lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    func hash(into hasher: inout Hasher) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({
            hasher.combine(bytes: UnsafeRawBufferPointer($0))
        }) {
            return done
        }
        for unit in text.utf8 { hasher.combine(unit) }
    }
}

/// One worksheet part, written as rows arrive: the XML is held in memory up to `memoryLimit` bytes,
/// then moves to an anonymous temporary file (created and unlinked at once, so nothing is left behind
/// whatever happens) that the zip writer reads when it packs the workbook.
struct SheetBuffer: Sendable {
    private var pending: [UInt8]
    private var file: Int32?
    private var rowCount = 0
    private var columnCount = 0
    private var merges: [CellRange] = []
    private let memoryLimit: Int
    /// Where the `<dimension>` slot starts; it is filled in when the sheet's extent is known.
    private let dimensionOffset: Int

    init(_ spec: SheetSpec, selected: Bool, memoryLimit: Int) {
        self.memoryLimit = memoryLimit
        pending = Array(Self.declarationAndRoot.utf8)
        dimensionOffset = pending.count
        pending += Self.dimension(rows: 0, columns: 0)
        pending += Array(Self.head(spec, selected: selected).utf8)
    }

    static let declarationAndRoot =
        XLSXWriter.declaration
        + "<worksheet xmlns=\"\(XLSXWriter.mainNamespace)\" xmlns:r=\"\(XLSXWriter.relationshipNamespace)\">"

    /// `<dimension ref="A1:L201"/>` padded with spaces to a fixed width, so it can be written over in
    /// place once the rows are known (the widest is `A1:XFD1048576`).
    static func dimension(rows: Int, columns: Int) -> [UInt8] {
        let end = rows > 0 && columns > 0 ? ":" + CellReference.a1(row: rows - 1, column: columns - 1) : ""
        let element = Array("<dimension ref=\"A1\(end)\"/>".utf8)
        return element + Array(repeating: UInt8(ascii: " "), count: max(0, dimensionWidth - element.count))
    }

    static let dimensionWidth = 40

    mutating func append(_ chunk: SheetChunk, strings: inout SharedStrings) throws(OutputError) {
        if !chunk.merges.isEmpty { merges += chunk.merges.map { $0.offset(rows: rowCount) } }
        for cells in chunk.rows {
            var number: [UInt8] = []
            SheetXML.appendInteger(Int64(rowCount + 1), to: &number)
            Self.rowOpen.withUTF8Buffer { pending.append(contentsOf: $0) }
            pending.append(contentsOf: number)
            pending.append(0x22)
            pending.append(0x3E)
            for column in cells.indices {
                let cell = cells[column]
                if cell.isOmittable { continue }
                // <c r="B3" s="1"
                Self.cellOpen.withUTF8Buffer { pending.append(contentsOf: $0) }
                pending.append(contentsOf: CellReference.columnBytes(column))
                pending.append(contentsOf: number)
                pending.append(0x22)
                if cell.style != .plain {
                    Self.styleOpen.withUTF8Buffer { pending.append(contentsOf: $0) }
                    SheetXML.appendInteger(Int64(cell.style.rawValue), to: &pending)
                    pending.append(0x22)
                }
                switch cell.value {
                case .empty:
                    pending.append(0x2F)
                    pending.append(0x3E)
                case .number(let value):
                    Self.valueOpen.withUTF8Buffer { pending.append(contentsOf: $0) }
                    SheetXML.appendNumber(value, to: &pending)
                    Self.valueClose.withUTF8Buffer { pending.append(contentsOf: $0) }
                case .text(let text):
                    Self.sharedValueOpen.withUTF8Buffer { pending.append(contentsOf: $0) }
                    SheetXML.appendInteger(Int64(strings.index(of: text)), to: &pending)
                    Self.valueClose.withUTF8Buffer { pending.append(contentsOf: $0) }
                }
            }
            Self.rowClose.withUTF8Buffer { pending.append(contentsOf: $0) }
            rowCount += 1
            columnCount = max(columnCount, cells.count)
        }
        if pending.count >= memoryLimit { try spill() }
    }

    private static let rowOpen: StaticString = "<row r=\""
    private static let rowClose: StaticString = "</row>"
    private static let cellOpen: StaticString = "<c r=\""
    private static let styleOpen: StaticString = " s=\""
    private static let valueOpen: StaticString = "><v>"
    private static let sharedValueOpen: StaticString = " t=\"s\"><v>"
    private static let valueClose: StaticString = "</v></c>"

    /// Ends the part and hands it to `zip` as `name`.
    mutating func finish(as name: String, into zip: inout ZipWriter) throws(OutputError) {
        var tail = "</sheetData>"
        if !merges.isEmpty {
            tail +=
                "<mergeCells count=\"\(merges.count)\">" + merges.map { "<mergeCell ref=\"\($0.a1)\"/>" }.joined()
                + "</mergeCells>"
        }
        tail +=
            "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>"
        pending.append(contentsOf: tail.utf8)
        let dimension = Self.dimension(rows: rowCount, columns: columnCount)
        if let file {
            try spill()
            let written = dimension.withUnsafeBytes { pwrite(file, $0.baseAddress!, $0.count, off_t(dimensionOffset)) }
            if written != dimension.count {
                throw .writeFailed(reason: "temporary file: \(String(cString: strerror(errno)))")
            }
            zip.add(name, fileDescriptor: file)
            self.file = nil
        } else {
            pending.replaceSubrange(dimensionOffset..<(dimensionOffset + dimension.count), with: dimension)
            zip.add(name, pending)
        }
        pending = []
    }

    private mutating func spill() throws(OutputError) {
        let descriptor: Int32
        if let file {
            descriptor = file
        } else {
            descriptor = try Self.anonymousFile()
            file = descriptor
        }
        let failure: Int32? = pending.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
        if let failure { throw .writeFailed(reason: "temporary file: \(String(cString: strerror(failure)))") }
        pending.removeAll(keepingCapacity: true)
    }

    private static func anonymousFile() throws(OutputError) -> Int32 {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((directory + "/giconvert-xlsx-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw .writeFailed(
                reason: "cannot create a temporary file in \(directory): \(String(cString: strerror(errno)))")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return descriptor
    }

    /// Everything between the dimension and the rows: the frozen pane, the column widths.
    static func head(_ spec: SheetSpec, selected: Bool) -> String {
        var head = "<sheetViews><sheetView workbookViewId=\"0\"" + (selected ? " tabSelected=\"1\"" : "") + ">"
        let (frozenRows, frozenColumns) = (spec.frozenRows, spec.frozenColumns)
        if frozenRows > 0 || frozenColumns > 0 {
            let topLeft = CellReference.a1(row: frozenRows, column: frozenColumns)
            let pane = frozenRows > 0 && frozenColumns > 0 ? "bottomRight" : frozenRows > 0 ? "bottomLeft" : "topRight"
            head +=
                "<pane" + (frozenColumns > 0 ? " xSplit=\"\(frozenColumns)\"" : "")
                + (frozenRows > 0 ? " ySplit=\"\(frozenRows)\"" : "")
                + " topLeftCell=\"\(topLeft)\" activePane=\"\(pane)\" state=\"frozen\"/>"
            head += "<selection pane=\"\(pane)\" activeCell=\"\(topLeft)\" sqref=\"\(topLeft)\"/>"
        }
        head += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
        if !spec.columnWidths.isEmpty {
            head += "<cols>"
            for (index, width) in spec.columnWidths.enumerated() {
                head +=
                    "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(SheetXML.number(width))\" customWidth=\"1\"/>"
            }
            head += "</cols>"
        }
        return head + "<sheetData>"
    }
}
