import GIConvertBytes
import GIConvertCore

/// Turns the event stream of `word/document.xml` into blocks, keeping only what Word shows: run text
/// (`w:t`), tabs, breaks and symbols; insertions (`w:ins`) kept, deletions (`w:del`, `w:moveFrom`)
/// dropped; field instructions (`w:instrText`, the code part of `w:fldChar` fields) hidden and field
/// results shown; content controls, smart tags, custom XML and hyperlinks transparent; hidden runs
/// (`w:vanish`) and `mc:Fallback` copies dropped. List numbers generated from `word/numbering.xml` are
/// rendered in front of their paragraph.
struct DocumentBuilder: XMLContentHandler {
    enum CellBlock {
        case text(String)
        case table(TableGrid)
    }

    enum Merge { case none, restart, `continue` }

    struct Cell {
        /// The cell's content while it is one paragraph, as nearly every cell is: kept out of `more` so
        /// that such a cell allocates no array.
        private var single: String?
        /// The cell's blocks once it holds more than one, or a table; empty while `single` is set.
        private var more: [CellBlock] = []
        var gridSpan = 1
        var vMerge = Merge.none
        var hMerge = Merge.none

        init() {}

        var blocks: [CellBlock] {
            if let single { return [.text(single)] }
            return more
        }

        /// True when one of the blocks is a table that `predicate` accepts.
        func containsTable(where predicate: (TableGrid) -> Bool) -> Bool {
            more.contains { if case .table(let grid) = $0 { predicate(grid) } else { false } }
        }

        mutating func append(_ block: CellBlock) {
            if single == nil, more.isEmpty, case .text(let text) = block {
                single = text
                return
            }
            if let text = single {
                more.append(.text(text))
                single = nil
            }
            more.append(block)
        }

        mutating func append(contentsOf blocks: [CellBlock]) {
            for block in blocks { append(block) }
        }

        /// The paragraphs of the cell joined with line breaks (see `DocumentBuilder.cellText`).
        var text: String {
            single ?? DocumentBuilder.cellText(more)
        }
    }

    struct Row {
        var cells: [Cell] = []
        var gridBefore = 0
        var gridAfter = 0
        var deleted = false
    }

    struct Table {
        var rows: [Row] = []
        var row: Row?
        var cell: Cell?
        var inRowProperties = false
        /// The most cells a row has had so far: a new row reserves room for as many, so that its cell
        /// array does not regrow (copying and retaining its cells) as they are appended.
        var widestRow = 4
    }

    struct Paragraph {
        /// Where the paragraph's text starts in the builder's `text` buffer.
        var textStart: Int
        var numId: Int?
        var level: Int?
        var style: String?
        var inProperties = false
    }

    /// Where a floating drawing stands, in EMU from its anchor paragraph, and how large it is.
    struct BoxGeometry {
        var x: Int?
        var y: Int?
        var width = 0
        var height = 0
        /// The body paragraph that anchors it: the boxes of one printed page share one in a converted PDF.
        var anchorParagraph = 0
    }

    /// A text box's paragraph: its text, where its box stands (in EMU from its anchor paragraph), and the
    /// blocks it gave (one a line).
    struct PlacedBox {
        var text: String
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        var anchorParagraph: Int
        var blocks: Range<Int>
    }

    private var numbering: Numbering
    private(set) var warnings: [ReaderWarning] = []
    private var blocks: [Block] = []
    private var tables: [Table] = []
    private var paragraphs: [Paragraph] = []
    /// The UTF-8 text of the open paragraphs, outermost first: a paragraph nested in another (a text
    /// box) is always closed before its outer one goes on, so each one's text is the tail from its
    /// `textStart`, and closing it cuts that tail off.
    private let text = TextBuffer()
    /// Depth of the element whose whole subtree is being skipped.
    private var skipDepth: Int?
    private var runDepth = 0
    private var inRunProperties = false
    private var runHidden = false
    private var inText = false
    /// One entry per open complex field: true while in its instruction part.
    private var fields: [Bool] = []
    /// How many entries of `fields` are true: asked for every piece of text, so kept rather than
    /// searched for (a document may open any number of fields and never close them).
    private var fieldsInInstructions = 0
    /// The grid positions the document's tables may still take (``TableLimits/maximumDocumentCells``).
    private var remainingTableCells = TableLimits.maximumDocumentCells
    /// The table cells that may still be kept before their tables are laid out
    /// (``TableLimits/maximumStoredCells``).
    private var remainingStoredCells = TableLimits.maximumStoredCells
    private var droppedDeletions = false
    /// How many text boxes (`w:txbxContent`) are open around the current element.
    private var textBoxDepth = 0
    /// The place and size of the floating drawing (`wp:anchor`) being read, in EMU.
    private var anchor: BoxGeometry?
    /// Which offset of the anchor the text now read gives: 1 horizontal, 2 vertical, 0 none.
    private var readingOffset = 0
    private var offsetAxis = 0
    /// How many paragraphs of the body (not inside a text box or a table) have started.
    private var bodyParagraphs = 0
    /// The paragraphs of text boxes with their anchors' places, and where in `blocks` each went.
    private var boxes: [PlacedBox] = []
    /// Paragraphs of text boxes that do not say where they stand.
    private var unplacedBoxes = 0
    /// Paragraphs with text inside text boxes, and outside them.
    private var textBoxParagraphs = 0
    private var flowParagraphs = 0

    /// A document with at least this many paragraphs in text boxes, more than in its flow, is made of
    /// positioned text boxes (a PDF converted to Word): a line, or a word of it, per box.
    static let positionedBoxes = 20

    /// True when the document is made of positioned text boxes. Their order in the file is the order
    /// of their anchors, not the order they are read in: a row's figures can come before its label.
    var isPositionedText: Bool {
        textBoxParagraphs >= Self.positionedBoxes && textBoxParagraphs > flowParagraphs
    }

    /// True when nearly every text box says where it stands (an anchor with offsets), so that the boxes
    /// are read by their places (``laidOutBoxes()``) rather than in the file's order.
    var isLaidOut: Bool { unplacedBoxes * 10 <= boxes.count }

    /// True when the document's figures cannot be vouched for: positioned text boxes read in the order
    /// the file anchors them, which need not be their reading order.
    var figuresInDoubt: Bool { isPositionedText && !isLaidOut }

    init(numbering: Numbering) {
        self.numbering = numbering
    }

    mutating func startElement(_ event: XMLStartElement) {
        if skipDepth == nil { start(event) }
    }

    mutating func endElement(_ event: XMLEndElement) {
        if let depth = skipDepth {
            if event.depth == depth { skipDepth = nil }
            return
        }
        end(event)
    }

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        if skipDepth == nil, inText, !runHidden, fieldsInInstructions == 0, !paragraphs.isEmpty {
            text.append(bytes)
        } else if readingOffset != 0 {
            let offset = Int(String(decoding: bytes, as: UTF8.self).trimmingWhitespace())
            if readingOffset == 1 { anchor?.x = offset } else { anchor?.y = offset }
        }
    }

    /// The elements nearly every event is about (paragraphs, runs and their text); everything else
    /// goes to `startOther`, kept out of line so that this stays small and cheap to enter.
    private mutating func start(_ event: XMLStartElement) {
        if event.namespace == .compatibility {
            if event.name == .Fallback, !event.isEmpty { skipDepth = event.depth }
            return
        }
        if event.namespace == .drawing {
            startDrawing(event)
            return
        }
        guard event.namespace == .word else { return }
        switch event.name {
        case .p:
            if paragraphs.isEmpty, tables.isEmpty { bodyParagraphs += 1 }
            paragraphs.append(Paragraph(textStart: text.count))
            if event.isEmpty { endParagraph() }
        case .pPr:
            if let p = paragraphs.indices.last, !event.isEmpty { paragraphs[p].inProperties = true }
        case .r:
            if !event.isEmpty {
                runDepth += 1
                runHidden = false
            }
        case .rPr:
            if runDepth > 0, !event.isEmpty { inRunProperties = true }
        case .t:
            if runDepth > 0 { inText = !event.isEmpty }
        case .other:
            // Formatting and layout elements Word shows no text for: the most common case.
            break
        default:
            startOther(event)
        }
    }

    /// A floating drawing's anchor, its offsets and its size.
    @inline(never)
    private mutating func startDrawing(_ event: XMLStartElement) {
        switch event.name {
        case .anchor: anchor = BoxGeometry(anchorParagraph: bodyParagraphs)
        case .positionH: offsetAxis = 1
        case .positionV: offsetAxis = 2
        case .posOffset: readingOffset = event.isEmpty ? 0 : offsetAxis
        case .extent:
            anchor?.width = event.attribute("cx").flatMap { Int($0) } ?? 0
            anchor?.height = event.attribute("cy").flatMap { Int($0) } ?? 0
        default: break
        }
    }

    @inline(never)
    private mutating func startOther(_ event: XMLStartElement) {
        let name = event.name
        // A deleted table row is marked inside its row properties: `<w:trPr><w:del …/></w:trPr>`.
        if name == .del, let t = tables.indices.last, tables[t].inRowProperties {
            tables[t].row?.deleted = true
            droppedDeletions = true
            return
        }
        if name.isHiddenContent {
            if name == .del || name == .moveFrom { droppedDeletions = true }
            if !event.isEmpty { skipDepth = event.depth }
            return
        }
        switch name {
        case .pStyle:
            if let p = paragraphs.indices.last, paragraphs[p].inProperties {
                paragraphs[p].style = event.attribute("val")
            }
        case .numId:
            if let p = paragraphs.indices.last, paragraphs[p].inProperties {
                paragraphs[p].numId = event.attribute("val").flatMap { Int($0) }
            }
        case .ilvl:
            if let p = paragraphs.indices.last, paragraphs[p].inProperties {
                paragraphs[p].level = event.attribute("val").flatMap { Int($0) }
            }
        case .vanish, .specVanish:
            if runDepth > 0, inRunProperties, Self.isOn(event.attribute("val")) { runHidden = true }
        case .tab, .ptab:
            if runDepth > 0, !inRunProperties { append("\t") }
        case .br, .cr:
            if runDepth > 0 { append("\n") }
        case .noBreakHyphen:
            if runDepth > 0 { append("-") }
        case .sym:
            if runDepth > 0, let code = event.attribute("char").flatMap({ UInt32($0, radix: 16) }) {
                let value = code >= 0xF000 && code <= 0xF0FF ? code - 0xF000 : code
                if let scalar = Unicode.Scalar(value), value >= 0x20 { append(String(Character(scalar))) }
            }
        case .fldChar:
            switch event.attribute("fldCharType") {
            case "begin":
                fields.append(true)
                fieldsInInstructions += 1
            case "separate":
                if fields.last == true {
                    fields[fields.count - 1] = false
                    fieldsInInstructions -= 1
                }
            case "end":
                if fields.popLast() == true { fieldsInInstructions -= 1 }
            default: break
            }
        case .tbl:
            tables.append(Table())
        case .txbxContent:
            if !event.isEmpty { textBoxDepth += 1 }
        case .altChunk:
            if !warnings.contains(.embeddedFileNotRead) { warnings.append(.embeddedFileNotRead) }
        case .tr:
            if let t = tables.indices.last {
                var row = Row()
                row.cells.reserveCapacity(min(tables[t].widestRow, 64))
                tables[t].row = row
            }
        case .trPr:
            if let t = tables.indices.last, !event.isEmpty { tables[t].inRowProperties = true }
        case .gridBefore:
            if let t = tables.indices.last, tables[t].inRowProperties {
                tables[t].row?.gridBefore = Self.gridSkip(event.attribute("val"))
            }
        case .gridAfter:
            if let t = tables.indices.last, tables[t].inRowProperties {
                tables[t].row?.gridAfter = Self.gridSkip(event.attribute("val"))
            }
        case .tc:
            if let t = tables.indices.last { tables[t].cell = Cell() }
        case .gridSpan:
            if let t = tables.indices.last, tables[t].cell != nil {
                tables[t].cell?.gridSpan = max(1, min(event.attribute("val").flatMap { Int($0) } ?? 1, 64))
            }
        case .vMerge:
            if let t = tables.indices.last, tables[t].cell != nil {
                tables[t].cell?.vMerge = event.attribute("val") == "restart" ? .restart : .continue
            }
        case .hMerge:
            if let t = tables.indices.last, tables[t].cell != nil {
                tables[t].cell?.hMerge = event.attribute("val") == "restart" ? .restart : .continue
            }
        default:
            break
        }
    }

    private mutating func end(_ event: XMLEndElement) {
        if event.namespace == .drawing {
            switch event.name {
            case .posOffset: readingOffset = 0
            case .positionH, .positionV: offsetAxis = 0
            case .anchor: anchor = nil
            default: break
            }
            return
        }
        guard event.namespace == .word else { return }
        switch event.name {
        case .p: endParagraph()
        case .pPr: if let p = paragraphs.indices.last { paragraphs[p].inProperties = false }
        case .r:
            runDepth = max(0, runDepth - 1)
            runHidden = false
            inRunProperties = false
        case .rPr: inRunProperties = false
        case .t: inText = false
        case .trPr, .tc, .tr, .tbl: endTableElement(event.name)
        case .txbxContent: textBoxDepth = max(0, textBoxDepth - 1)
        default: break
        }
    }

    /// The end of a table, row, cell or row properties: out of line, as `startOther`.
    @inline(never)
    private mutating func endTableElement(_ name: ElementName) {
        switch name {
        case .trPr: if let t = tables.indices.last { tables[t].inRowProperties = false }
        case .tc:
            // `take()` moves the cell and the row out rather than copying them.
            if let t = tables.indices.last, let cell = tables[t].cell.take() {
                remainingStoredCells -= 1
                if remainingStoredCells >= 0 {
                    tables[t].row?.cells.append(cell)
                } else if remainingStoredCells == -1 {
                    warnings.append(.storedCellLimit)
                }
            }
        case .tr:
            if let t = tables.indices.last, let row = tables[t].row.take() {
                tables[t].widestRow = max(tables[t].widestRow, row.cells.count)
                if !row.deleted { tables[t].rows.append(row) }
            }
        case .tbl: endTable()
        default: break
        }
    }

    private mutating func append(_ string: String) {
        guard !runHidden, fieldsInInstructions == 0, !paragraphs.isEmpty else { return }
        text.append(string)
    }

    /// A `w:gridBefore`/`w:gridAfter` count: the grid columns a row skips, from 0 to 64 as `w:gridSpan`.
    private static func gridSkip(_ value: String?) -> Int {
        max(0, min(value.flatMap { Int($0) } ?? 0, 64))
    }

    private static func isOn(_ value: String?) -> Bool {
        guard let value else { return true }
        return !["0", "false", "off"].contains(value.lowercased())
    }

    @inline(never)
    private mutating func endParagraph() {
        guard let paragraph = paragraphs.popLast() else { return }
        inText = false
        // An empty paragraph (common in tables) needs no decoding.
        let bytes = text.bytes(from: paragraph.textStart)
        // An empty paragraph (common in tables) needs no decoding.
        var paragraphText = bytes.isEmpty ? "" : String(decoding: bytes, as: UTF8.self)
        var needsTrim = !String.startsAndEndsPlainlyVisible(bytes)
        text.truncate(to: paragraph.textStart)
        if paragraph.numId != nil || paragraph.style != nil,
            let label = numbering.label(numId: paragraph.numId, level: paragraph.level, style: paragraph.style),
            !paragraphText.allSatisfy(\.isWhitespace)
        {
            paragraphText = label + paragraphText
            needsTrim = true
        }
        if !bytes.isEmpty {
            if textBoxDepth > 0 { textBoxParagraphs += 1 } else { flowParagraphs += 1 }
        }
        var placed = false
        if textBoxDepth > 0, !paragraphText.allSatisfy(\.isWhitespace) {
            if tables.isEmpty, let anchor, let x = anchor.x, let y = anchor.y {
                let text = paragraphText.split(whereSeparator: \.isNewline).joined(separator: " ")
                boxes.append(
                    PlacedBox(
                        text: text.trimmingWhitespace(), x: x, y: y, width: anchor.width, height: anchor.height,
                        anchorParagraph: anchor.anchorParagraph, blocks: blocks.count..<blocks.count))
                placed = true
            } else {
                unplacedBoxes += 1
            }
        }
        if let t = tables.indices.last, tables[t].cell != nil {
            let text = needsTrim ? paragraphText.trimmingWhitespace() : paragraphText
            if !text.isEmpty { tables[t].cell?.append(.text(text)) }
            return
        }
        appendLines(of: paragraphText)
        if placed { boxes[boxes.count - 1].blocks = boxes[boxes.count - 1].blocks.lowerBound..<blocks.count }
    }

    /// Appends a paragraph per line of `text` that is not blank: what `text.split(separator: "\n")`
    /// gives, found on the UTF-8 bytes instead of walking grapheme clusters. A line feed is a grapheme
    /// of its own except right after a carriage return ("\r\n" is one Character, which that split
    /// does not split), so the lines are the same.
    private mutating func appendLines(of text: String) {
        var text = text
        // Offsets of the line feeds that end a line; usually there are none.
        let breaks: [Int] = text.withUTF8 { bytes in
            var breaks: [Int] = []
            var searchFrom = 0
            // A memchr search: narrative paragraphs are long, and a byte-by-byte scan cost several instructions a byte.
            while let offset = ByteSearch.firstIndex(of: 0x0A, in: bytes, from: searchFrom) {
                if offset == 0 || bytes[offset - 1] != UInt8(ascii: "\r") { breaks.append(offset) }
                searchFrom = offset + 1
            }
            return breaks
        }
        if breaks.isEmpty {
            if !text.isBlank { blocks.append(.paragraph(text)) }
            return
        }
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        for offset in breaks {
            let lineEnd = utf8.index(utf8.startIndex, offsetBy: offset)
            appendLine(text[lineStart..<lineEnd])
            lineStart = utf8.index(after: lineEnd)
        }
        appendLine(text[lineStart..<utf8.endIndex])
    }

    private mutating func appendLine(_ line: Substring) {
        let line = String(line)
        if !line.isBlank { blocks.append(.paragraph(line)) }
    }

    @inline(never)
    private mutating func endTable() {
        guard let table = tables.popLast() else { return }
        let rows = table.rows.filter { !$0.cells.isEmpty }
        guard !rows.isEmpty else { return }
        // A layout wrapper: one column of cells, holding tables of its own or a single cell. Its content
        // is the document's, so it is unwrapped rather than flattened into one cell.
        // So is a table with a real table (two rows and two columns or more) in one of its cells: data
        // tables do not nest tables, page layouts do, and the nested table must stay a grid to be read.
        let oneColumn = rows.allSatisfy { $0.cells.count == 1 }
        let holdsTables = rows.contains { $0.cells.contains { $0.containsTable { _ in true } } }
        let holdsGrids = rows.contains {
            $0.cells.contains {
                $0.containsTable {
                    $0.rows.count >= 2 && ($0.rows.first?.count ?? 0) >= 2
                }
            }
        }
        if holdsGrids || (oneColumn && (holdsTables || rows.count == 1)) {
            let inner = rows.flatMap { $0.cells.flatMap(\.blocks) }
            if let t = tables.indices.last, tables[t].cell != nil {
                tables[t].cell?.append(contentsOf: inner)
            } else {
                for block in inner {
                    switch block {
                    case .text(let text): appendLines(of: text)
                    case .table(let grid): blocks.append(.table(grid))
                    }
                }
            }
            return
        }
        guard remainingTableCells > 0 else {
            if !warnings.contains(.documentCellLimit) { warnings.append(.documentCellLimit) }
            return
        }
        let (grid, cut) = Self.grid(rows, maximumCells: min(TableLimits.maximumCells, remainingTableCells))
        if let cut { warnings.append(.tableCut(cut)) }
        remainingTableCells -= grid.rows.count * (grid.rows.first?.count ?? 0)
        if let t = tables.indices.last, tables[t].cell != nil {
            tables[t].cell?.append(.table(grid))
        } else {
            blocks.append(.table(grid))
        }
    }

    /// Resolves `w:gridSpan`, `w:vMerge`, `w:hMerge` and `w:gridBefore`/`w:gridAfter` into a grid whose
    /// continuation positions carry their origin's text, with ``TableGrid/resolving(_:maximumCells:)``.
    /// A table whose grid would pass `maximumCells` positions keeps the rows and columns
    /// ``TableLimits/fit(rowCount:width:maximumCells:)`` gives for its declared size, and says so.
    static func grid(_ rows: [Row], maximumCells: Int) -> (TableGrid, TableCut?) {
        // Each row's width is known before its cells are laid out: its skipped columns and its spans.
        var declaredWidth = 0
        for row in rows {
            var rowWidth = row.gridBefore + row.gridAfter
            for cell in row.cells { rowWidth += max(cell.gridSpan, 1) }
            declaredWidth = max(declaredWidth, rowWidth)
        }
        let fit = TableLimits.fit(rowCount: rows.count, width: declaredWidth, maximumCells: maximumCells)
        let keptRows = fit?.rows ?? rows.count
        let keptWidth = fit?.columns ?? declaredWidth
        // The rows cut to the kept size, so that resolving them cuts nothing more.
        var spanned: [[SpannedCell]] = []
        spanned.reserveCapacity(keptRows)
        var aboveWidth = 0
        for r in 0..<keptRows {
            var out: [SpannedCell] = []
            var width = 0
            func skip(_ count: Int) {
                for _ in 0..<min(count, keptWidth - width) { out.append(SpannedCell(text: "")) }
                width = max(width, min(width + count, keptWidth))
            }
            skip(rows[r].gridBefore)
            // Fields are read in place: copying a `Cell` would retain its blocks.
            for c in rows[r].cells.indices {
                if width >= keptWidth { break }
                let span = min(max(rows[r].cells[c].gridSpan, 1), keptWidth - width)
                if rows[r].cells[c].vMerge == .continue, r > 0, width < aboveWidth {
                    out.append(SpannedCell(text: "", columnSpan: span, merge: .withCellAbove))
                } else if rows[r].cells[c].hMerge == .continue, width > 0 {
                    out.append(SpannedCell(text: "", columnSpan: span, merge: .withCellLeft))
                } else {
                    out.append(SpannedCell(text: rows[r].cells[c].text, columnSpan: span))
                }
                width += span
            }
            skip(rows[r].gridAfter)
            aboveWidth = width
            spanned.append(out)
        }
        let grid = TableGrid.resolving(spanned, maximumCells: maximumCells).grid
        let cut = fit.map {
            TableCut(rows: rows.count, columns: declaredWidth, keptRows: $0.rows, keptColumns: $0.columns)
        }
        return (grid, cut)
    }

    /// The paragraphs of a cell joined with line breaks; a small nested table (one row or one column;
    /// larger ones unwrap their outer table) gives a line per row, its cells separated by spaces.
    static func cellText(_ blocks: [CellBlock]) -> String {
        if blocks.count == 1, case .text(let text) = blocks[0] { return text }
        var lines: [String] = []
        for block in blocks {
            switch block {
            case .text(let text): lines.append(text)
            case .table(let grid):
                for row in grid.rows {
                    let line = row.filter { !$0.isSpanContinuation && !$0.text.isEmpty }.map(\.text).joined(
                        separator: " ")
                    if !line.isEmpty { lines.append(line) }
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    mutating func finish() -> [Block] {
        while !paragraphs.isEmpty { endParagraph() }
        while !tables.isEmpty {
            if let t = tables.indices.last {
                if let cell = tables[t].cell {
                    tables[t].row?.cells.append(cell)
                    tables[t].cell = nil
                }
                if let row = tables[t].row {
                    tables[t].rows.append(row)
                    tables[t].row = nil
                }
            }
            endTable()
        }
        warnings += numbering.warnings
        if droppedDeletions {
            warnings.append(.trackedChanges)
        }
        if isPositionedText {
            if isLaidOut { blocks = laidOutBoxes() }
            warnings.append(.positionedTextBoxes(boxes: textBoxParagraphs, laidOut: isLaidOut))
        }
        return blocks
    }
}

extension DocumentBuilder {
    /// The blocks with the text boxes of each anchor paragraph (a converted PDF's page) in reading
    /// order: boxes whose middles stand within half a box's height of each other make a line, left to
    /// right, and lines go top to bottom. Boxes set apart by more than half their height are cells
    /// of a table's row, kept apart by a run of spaces; closer ones are pieces of one text and join.
    func laidOutBoxes() -> [Block] {
        // Offsets count from the anchor paragraph: boxes of another paragraph are another group. A
        // converter anchors every page's boxes to one paragraph, offsets from the page's top: a box that
        // starts well above the boxes before it (two inches, and above half their depth) starts the
        // next page.
        var groups: [Int: [PlacedBox]] = [:]
        var page = 0
        var anchorParagraph = boxes.first?.anchorParagraph ?? 0
        var pageBottom = 0
        for box in boxes {
            let y = box.y
            if box.anchorParagraph != anchorParagraph || pageBottom - y > Self.pageTurn && y * 2 < pageBottom {
                page += 1
                pageBottom = 0
                anchorParagraph = box.anchorParagraph
            }
            pageBottom = max(pageBottom, y)
            groups[page, default: []].append(box)
        }
        let firstBlocks = Dictionary(
            groups.map { ($0.key, $0.value.map(\.blocks.lowerBound).min()!) }, uniquingKeysWith: min)
        let boxBlocks = Set(boxes.flatMap(\.blocks))
        var groupAt: [Int: Int] = [:]
        for (group, block) in firstBlocks { groupAt[block] = group }
        var result: [Block] = []
        for (index, block) in blocks.enumerated() {
            if let group = groupAt[index] {
                result += Self.lines(of: groups[group]!).map { .paragraph($0) }
            } else if !boxBlocks.contains(index) {
                result.append(block)
            }
        }
        return result
    }

    /// How far above the boxes before it a box must start to start a new page: two inches, in EMU.
    static let pageTurn = 2 * 914_400

    /// The lines of one page's boxes.
    static func lines(of boxes: [PlacedBox]) -> [String] {
        let sorted = boxes.sorted {
            let a = $0.y * 2 + $0.height
            let b = $1.y * 2 + $1.height
            return a != b ? a < b : $0.x < $1.x
        }
        var lines: [[PlacedBox]] = []
        var lineMiddle = 0
        var lineHeight = 0
        for box in sorted {
            let middle = box.y * 2 + box.height
            if !lines.isEmpty, abs(middle - lineMiddle) <= max(lineHeight, box.height) {
                lines[lines.count - 1].append(box)
                continue
            }
            lines.append([box])
            lineMiddle = middle
            lineHeight = box.height
        }
        return lines.map { line in
            var text = ""
            var previousEnd: Int?
            for box in line.sorted(by: { $0.x < $1.x }) {
                if let end = previousEnd {
                    let gap = box.x - end
                    if gap * 2 > box.height {
                        text += "    "
                    } else if gap * 5 > box.height {
                        text += " "
                    }
                }
                text += box.text
                previousEnd = box.x + box.width
            }
            return text
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        // Most text has nothing to trim: keep it rather than copy it, and decide that from its first and
        // last scalars instead of breaking graphemes when they say so.
        if startsAndEndsPlainlyVisible { return self }
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace })
        else {
            return ""
        }
        return String(self[first...last])
    }

    /// `allSatisfy(\.isWhitespace)` (true when empty), answered from the first scalar when that is
    /// plainly visible.
    var isBlank: Bool {
        if utf8.withContiguousStorageIfAvailable({ !$0.isEmpty && Self.isPlainVisible($0, at: 0) }) == true {
            return false
        }
        return allSatisfy(\.isWhitespace)
    }

    /// True when the first and the last scalar are ``Unicode/Scalar/isPlainVisible``; read straight
    /// from the UTF-8, which is much cheaper than the generic `unicodeScalars.first` and `.last`.
    private var startsAndEndsPlainlyVisible: Bool {
        utf8.withContiguousStorageIfAvailable(Self.startsAndEndsPlainlyVisible) ?? false
    }

    /// The same test on valid UTF-8 `bytes`: when true, a string of them has nothing to trim.
    static func startsAndEndsPlainlyVisible(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !bytes.isEmpty && isPlainVisible(bytes, at: 0)
            && isPlainVisible(bytes, at: UTF8Scalars.start(bytes, before: bytes.count))
    }

    /// True when the scalar whose valid UTF-8 starts at `bytes[index]` is ``Unicode/Scalar/isPlainVisible``.
    @inline(__always)
    private static func isPlainVisible(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        Unicode.Scalar(UTF8Scalars.decode(bytes, at: index).value)?.isPlainVisible == true
    }
}

extension Unicode.Scalar {
    /// True for printable ASCII and the common CJK ideographs, punctuation and full-width forms: not
    /// whitespace, and never joined to the character before them (none is a grapheme Extend, ZWJ or
    /// SpacingMark), so a Character that starts or ends with one is not whitespace. Only the first
    /// scalar of a string always starts a Character; the last ends one that begins with it or with a
    /// scalar that is not whitespace either (Prepend, Hangul, regional indicator, pictographic).
    @inline(__always)
    var isPlainVisible: Bool {
        switch value {
        case 0x21...0x7E, 0x3001...0x3029, 0x3030...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF01...0xFF5E: true
        default: false
        }
    }
}

/// The UTF-8 text of the open paragraphs: a growable byte buffer that appends with one copy and
/// truncates by moving its end, cheaper than `[UInt8]`'s generic `append(contentsOf:)` and
/// `removeSubrange`. Owned by one `DocumentBuilder`, which is only ever used in place.
private final class TextBuffer {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity = 4096
    private(set) var count = 0

    init() {
        storage = .allocate(capacity: capacity)
    }

    deinit {
        storage.deallocate()
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if count + bytes.count > capacity { grow(toHold: count + bytes.count) }
        (storage + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    func append(_ string: String) {
        var string = string
        string.withUTF8 { append($0) }
    }

    /// The bytes from `start` to the end, valid until the buffer is next changed.
    func bytes(from start: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: storage + start, count: count - start)
    }

    func truncate(to newCount: Int) {
        count = newCount
    }

    private func grow(toHold needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        larger.initialize(from: storage, count: count)
        storage.deallocate()
        storage = larger
        capacity = newCapacity
    }
}
