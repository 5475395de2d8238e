import GIConvertCore

/// Lays a parsed page out as document blocks: paragraphs where the page breaks lines, data tables as
/// grids with spans resolved, layout tables unwrapped into their content, site chrome left out.
enum HTMLLayout {
    /// The blocks and properties of the page rooted at `root`.
    static func document(from root: HTMLNode) -> Document {
        var emitter = Emitter()
        emitter.visitChildren(root, inArticle: false)
        emitter.flush()
        var warnings = emitter.warnings
        if emitter.blocks.isEmpty { warnings.append(noTextWarning) }
        return Document(blocks: emitter.blocks, properties: properties(root), warnings: warnings)
    }

    static let noTextWarning = "the page has no visible text"

    // MARK: What is text and what is not

    /// Elements that end the paragraph before them and start a new one after them.
    static let blockElements: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dd", "dt", "section",
        "article", "main", "blockquote", "pre", "center", "address", "figure", "figcaption", "hr", "tr",
        "td", "th", "tbody", "thead", "tfoot", "caption", "body", "html", "form", "fieldset", "legend",
        "header", "footer", "nav", "aside", "details", "summary", "hgroup", "menu", "dir", "listing",
        "xmp", "plaintext", "noframes",
    ]

    /// Elements whose content is never page text.
    static let droppedElements: Set<String> = [
        "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
        "applet", "svg", "math", "canvas", "audio", "video", "select", "option", "optgroup", "datalist",
        "button", "textarea", "input", "head", "title", "meta", "link", "base", "map", "area", "img",
        "param", "source", "track",
    ]

    /// Elements that are usually site chrome; dropped unless they hold the report (see ``holdsReport``).
    static let chromeElements: Set<String> = ["nav", "header", "footer", "aside", "form", "menu"]

    /// True for content no reader of the page sees: scripts, styles, form controls, and elements hidden
    /// by `hidden`, `aria-hidden="true"` or an inline style (`display:none`, `visibility:hidden`,
    /// `font-size:0`, `opacity:0`, or moved far off-screen) — the way link-spam blocks are hidden.
    static func isDropped(_ node: HTMLNode) -> Bool {
        guard node.kind == .element else { return false }
        if droppedElements.contains(node.name) { return true }
        if node.attributes["hidden"] != nil { return true }
        if node.attribute("aria-hidden")?.lowercased().trimmed == "true" { return true }
        if let style = node.attribute("style"), styleHides(style) { return true }
        return false
    }

    /// True when an inline style hides its element.
    static func styleHides(_ style: String) -> Bool {
        var hidesOverflow = false
        var zeroSize = false
        for declaration in style.lowercased().split(separator: ";") {
            let parts = declaration.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let property = parts[0].filter { !$0.isWhitespace }
            let value = parts[1].filter { !$0.isWhitespace }.replacingOccurrences(of: "!important", with: "")
            switch property {
            case "display": if value == "none" { return true }
            case "visibility": if value == "hidden" || value == "collapse" { return true }
            case "font-size": if ["0", "0px", "0pt", "0em", "0rem", "0%"].contains(value) { return true }
            case "opacity": if value == "0" || value == "0.0" { return true }
            case "mso-hide": if value == "all" { return true }
            case "left", "top", "text-indent", "margin-left", "margin-top":
                if value.hasPrefix("-"), let magnitude = Double(value.dropFirst().prefix { $0.isNumber || $0 == "." }),
                   magnitude >= 999 { return true }
            case "height", "width", "max-height", "max-width":
                if ["0", "0px"].contains(value) { zeroSize = true }
            case "overflow": if value == "hidden" { hidesOverflow = true }
            default: break
            }
        }
        return zeroSize && hidesOverflow
    }

    /// Words of `id` and `class` values that name navigation, footers, breadcrumbs and share bars, also
    /// as part of a compound (`top-nav`, `main_footer`).
    static let chromeWords: Set<String> = [
        "nav", "navbar", "navigation", "menu", "menubar", "topmenu", "mainmenu", "submenu", "leftmenu", "footer",
        "breadcrumb", "breadcrumbs", "crumb", "crumbs", "share", "bdshare", "bdsharebuttonbox", "sharebox",
        "sidebar", "toolbar", "topbar", "logo", "banner", "copyright", "friendlink", "friendlinks",
    ]

    /// Words that name chrome only as a whole class or id (`position` is a breadcrumb, `position-relative`
    /// is not; `hidden` hides, `overflow-hidden` does not).
    static let wholeChromeWords: Set<String> = ["position", "foot", "hidden", "hide", "sr-only", "visually-hidden", "skiplink"]

    /// True for an element that looks like site chrome by its name, `id` or `class`.
    static func looksLikeChrome(_ node: HTMLNode, inArticle: Bool) -> Bool {
        if chromeElements.contains(node.name) {
            // An article's own header and footer hold its title and date; only the page's are chrome.
            if inArticle && (node.name == "header" || node.name == "footer") { return false }
            return true
        }
        let names = [node.attribute("id"), node.attribute("class")].compactMap { $0?.lowercased() }
        for name in names {
            for word in name.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-") }) {
                let word = String(word)
                if chromeWords.contains(word) || wholeChromeWords.contains(word) { return true }
                if word.split(separator: "-").contains(where: { chromeWords.contains(String($0)) }) { return true }
            }
        }
        return false
    }

    /// Phrases (as match keys) that only the body of a report prints; chrome holding one of them is
    /// kept, because a page that wraps the whole report in `<form>` or a `nav`-classed box still shows it.
    static let reportAnchors = ["第二十条", "申请人情况", "总体情况", "结果维持", "本年新收", "主动公开政府信息情况", "收到和处理政府信息公开申请情况"]

    static func holdsReport(_ node: HTMLNode) -> Bool {
        let key = LabelNormalizer.matchKey(plainText(node))
        return reportAnchors.contains { key.contains($0) }
    }

    /// True when the document's text prints one of the phrases only a report's body prints.
    static func holdsReport(_ document: Document) -> Bool {
        var text = ""
        for block in document.blocks {
            switch block {
            case .paragraph(let paragraph): text += paragraph
            case .table(let grid): for row in grid.rows { for cell in row { text += cell.text } }
            }
        }
        let key = LabelNormalizer.matchKey(text)
        return reportAnchors.contains { key.contains($0) }
    }

    /// All text below `node` except dropped content, without any layout.
    static func plainText(_ node: HTMLNode) -> String {
        var text = ""
        var stack: [HTMLNode] = [node]
        while let current = stack.popLast() {
            if current.kind == .text { text += current.text; continue }
            if current !== node, isDropped(current) { continue }
            stack.append(contentsOf: current.children.reversed())
        }
        return text
    }

    // MARK: Properties

    /// Title, date and publisher from `<title>` and the `<meta>` tags content management systems write.
    static func properties(_ root: HTMLNode) -> DocumentProperties {
        var metas: [String: String] = [:]
        var titleText: String?
        for element in root.descendants(where: { $0.name == "meta" || $0.name == "title" }) {
            if element.name == "title" {
                if titleText == nil { titleText = cleanLine(plainText(element)) }
                continue
            }
            guard let key = (element.attribute("name") ?? element.attribute("property") ?? element.attribute("itemprop"))?.lowercased().trimmed,
                  let content = element.attribute("content").map(cleanLine), !content.isEmpty, metas[key] == nil else { continue }
            metas[key] = content
        }
        func first(_ keys: [String]) -> String? { keys.lazy.compactMap { metas[$0] }.first }
        let title = first(["articletitle", "dc.title"]) ?? titleText.flatMap { $0.isEmpty ? nil : $0 } ?? first(["og:title"])
        let date = first(["pubdate", "publishdate", "publishdatetime", "publishtime", "firstpublishedtime", "releasedate",
                          "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.created", "article:published_time"])
        let publisher = first(["contentsource", "source", "dc.publisher", "dcterms.publisher", "author"])
        return DocumentProperties(title: title, date: date, publisher: publisher)
    }

    // MARK: Text clean-up

    /// HTML whitespace (spaces, tabs, line ends) collapsed to one space; other spaces are printed ones.
    static func collapse(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var inSpace = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case " ", "\t", "\n", "\r", "\u{0C}":
                if !inSpace { result.unicodeScalars.append(" ") }
                inSpace = true
            default:
                result.unicodeScalars.append(scalar)
                inSpace = false
            }
        }
        return result
    }

    /// Elements whose line ends are printed line ends.
    static let preformattedElements: Set<String> = ["pre", "xmp", "listing", "plaintext"]

    /// Whitespace collapsed within lines, line ends kept (for `<pre>`).
    static func collapseKeepingLines(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { collapse(String($0)) }.joined(separator: "\n")
    }

    /// One line: non-breaking spaces as spaces, runs of spaces as one, trimmed.
    /// One pass over the scalars, writing UTF-8: ASCII white space and no-break spaces collapse to one
    /// space; ideographic spaces stay inside the line; both are trimmed at its ends.
    static func cleanLine(_ line: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(line.utf8.count)
        var started = false
        var inRun = false
        var keptLength = 0
        for scalar in line.unicodeScalars {
            switch scalar.value {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0xA0:
                if started && !inRun { bytes.append(0x20) }
                inRun = true
            case 0x3000:
                if started { bytes.append(contentsOf: [0xE3, 0x80, 0x80]) }
                inRun = false
            default:
                started = true
                inRun = false
                appendUTF8(scalar, to: &bytes)
                keptLength = bytes.count
            }
        }
        bytes.removeSubrange(keptLength...)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        let v = scalar.value
        switch v {
        case ..<0x80:
            bytes.append(UInt8(v))
        case ..<0x800:
            bytes.append(contentsOf: [UInt8(0xC0 | (v >> 6)), UInt8(0x80 | (v & 0x3F))])
        case ..<0x10000:
            bytes.append(contentsOf: [UInt8(0xE0 | (v >> 12)), UInt8(0x80 | ((v >> 6) & 0x3F)), UInt8(0x80 | (v & 0x3F))])
        default:
            bytes.append(contentsOf: [UInt8(0xF0 | (v >> 18)), UInt8(0x80 | ((v >> 12) & 0x3F)),
                                      UInt8(0x80 | ((v >> 6) & 0x3F)), UInt8(0x80 | (v & 0x3F))])
        }
    }

    /// Text with `\n` line breaks: each line cleaned, empty lines dropped.
    static func cleanLines(_ text: String) -> String {
        var lines: [String] = []
        for line in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: true) {
            let cleaned = cleanLine(Substring(line))
            if !cleaned.isEmpty { lines.append(cleaned) }
        }
        return lines.joined(separator: "\n")
    }
}

// MARK: - Emitting blocks

struct Emitter {
    var blocks: [Block] = []
    var warnings: [String] = []
    /// The text of the paragraph being built; `\n` where the page breaks the line inside it.
    private var current = ""
    /// How many `<pre>`-like elements enclose the node being visited; their line ends are kept.
    private var preformatted = 0

    mutating func flush() {
        let text = HTMLLayout.cleanLines(current)
        if !text.isEmpty { blocks.append(.paragraph(text)) }
        current = ""
    }

    mutating func visitChildren(_ node: HTMLNode, inArticle: Bool) {
        for child in node.children { visit(child, inArticle: inArticle) }
    }

    mutating func visit(_ node: HTMLNode, inArticle: Bool) {
        if node.kind == .text {
            current += preformatted > 0 ? HTMLLayout.collapseKeepingLines(node.text) : HTMLLayout.collapse(node.text)
            return
        }
        if HTMLLayout.isDropped(node) { return }
        if HTMLLayout.looksLikeChrome(node, inArticle: inArticle), !HTMLLayout.holdsReport(node) { return }
        let inArticle = inArticle || node.name == "article" || node.name == "main"
        switch node.name {
        case "br":
            current += "\n"
        case "table":
            flush()
            table(node, inArticle: inArticle)
            flush()
        default:
            let isBlock = HTMLLayout.blockElements.contains(node.name)
            let isPre = HTMLLayout.preformattedElements.contains(node.name)
            if isBlock { flush() }
            if isPre { preformatted += 1 }
            visitChildren(node, inArticle: inArticle)
            if isPre { preformatted -= 1 }
            if isBlock { flush() }
        }
    }

    // MARK: Tables

    /// Rows of cells of one table, not looking into nested tables.
    private struct TableParts {
        var rows: [[HTMLNode]] = []
        var captions: [HTMLNode] = []
        /// Content that sits in the table but in no cell; browsers show it before the table.
        var stray: [HTMLNode] = []
    }

    private func parts(of table: HTMLNode) -> TableParts {
        var parts = TableParts()
        var implicitRow: [HTMLNode] = []
        func endImplicitRow() {
            if !implicitRow.isEmpty { parts.rows.append(implicitRow) }
            implicitRow = []
        }
        func collect(_ node: HTMLNode) {
            for child in node.children {
                if child.kind == .text {
                    if !child.text.allSatisfy({ $0.isWhitespace }) { parts.stray.append(child) }
                    continue
                }
                if HTMLLayout.isDropped(child) { continue }
                switch child.name {
                case "tr":
                    endImplicitRow()
                    var row: [HTMLNode] = []
                    collectCells(child, into: &row, stray: &parts.stray)
                    // An empty row is kept: cells spanning down from above may cover it.
                    parts.rows.append(row)
                case "td", "th":
                    implicitRow.append(child)
                case "caption":
                    parts.captions.append(child)
                case "colgroup", "col":
                    break
                case "table":
                    endImplicitRow()
                    parts.stray.append(child)
                default:
                    if containsRows(child) {
                        endImplicitRow()
                        collect(child)
                    } else {
                        parts.stray.append(child)
                    }
                }
            }
            endImplicitRow()
        }
        collect(table)
        return parts
    }

    private func collectCells(_ row: HTMLNode, into cells: inout [HTMLNode], stray: inout [HTMLNode]) {
        for child in row.children {
            if child.kind == .text {
                if !child.text.allSatisfy({ $0.isWhitespace }) { stray.append(child) }
                continue
            }
            if HTMLLayout.isDropped(child) { continue }
            if child.name == "td" || child.name == "th" {
                cells.append(child)
            } else if child.name != "table", containsCells(child) {
                collectCells(child, into: &cells, stray: &stray)
            } else {
                stray.append(child)
            }
        }
    }

    /// True when `node` wraps rows of its table (`<tbody>`, or a stray `<form>` between table and rows).
    private func containsRows(_ node: HTMLNode) -> Bool {
        var stack = node.children
        while let current = stack.popLast() {
            guard current.kind == .element, current.name != "table" else { continue }
            if current.name == "tr" || current.name == "td" || current.name == "th" { return true }
            stack.append(contentsOf: current.children)
        }
        return false
    }

    private func containsCells(_ node: HTMLNode) -> Bool {
        var stack = node.children
        while let current = stack.popLast() {
            guard current.kind == .element, current.name != "table", current.name != "tr" else { continue }
            if current.name == "td" || current.name == "th" { return true }
            stack.append(contentsOf: current.children)
        }
        return false
    }

    /// A table whose cells hold page content rather than figures: nested tables, long prose, or a single
    /// column. Its content is laid out as blocks; only data tables become grids. A statistical table may
    /// carry a long note in a row of its own; that does not make it layout.
    private func isLayoutTable(_ parts: TableParts) -> Bool {
        let rows = parts.rows.filter { !$0.isEmpty }
        if rows.isEmpty { return true }
        if rows.allSatisfy({ $0.count == 1 }) { return true }
        var proseInGrid = false
        var proseInOwnRow = false
        var figures = 0
        for row in parts.rows {
            for cell in row {
                let nested = cell.descendants { $0.name == "table" && !HTMLLayout.isDropped($0) }
                if !nested.isEmpty { return true }
                let text = HTMLLayout.cleanLines(HTMLLayout.plainText(cell))
                if Self.isFigure(text) { figures += 1 }
                var prose = text.count > 300
                if !prose {
                    let blocks = cell.descendants { ["p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6"].contains($0.name) }
                        .filter { !HTMLLayout.cleanLine(HTMLLayout.plainText($0)).isEmpty }
                    prose = blocks.count >= 4 && text.count > 120
                }
                if prose {
                    if row.count == 1 { proseInOwnRow = true } else { proseInGrid = true }
                }
            }
        }
        if proseInGrid { return true }
        return proseInOwnRow && figures < 3
    }

    /// Phrases (as match keys) of the statistical tables' headers and row labels.
    static let tableCues = [
        "信息内容", "第二十条", "申请人情况", "自然人", "法人或其他组织", "结果维持", "尚未审结", "本年新收", "予以公开",
        "行政许可", "行政处罚", "处理决定数量", "行政复议", "行政诉讼", "勾稽关系", "不予公开", "无法提供", "不予处理",
        "其他处理", "总计", "本年新制作数量", "本年制发件数", "规范性文件",
    ]

    /// True for a table that may be one of the report's statistical tables: it prints one of their
    /// labels, or figures in at least three cells. Other tables are short labelled facts.
    private func isStatisticalTable(_ node: HTMLNode, _ parts: TableParts) -> Bool {
        let key = LabelNormalizer.matchKey(HTMLLayout.plainText(node))
        if Self.tableCues.contains(where: key.contains) { return true }
        var figures = 0
        for row in parts.rows {
            for cell in row where Self.isFigure(HTMLLayout.cleanLines(HTMLLayout.plainText(cell))) { figures += 1 }
        }
        return figures >= 3
    }

    /// A cell that prints a figure: digits with at most a unit or sign around them (`12`, `251000元`, `增5`).
    static func isFigure(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 16, text.contains(where: { $0.isNumber }) else { return false }
        return text.filter { $0.isNumber || ".,，+-－增减元万件个%％ ".contains($0) }.count * 2 >= text.count
    }

    private mutating func table(_ node: HTMLNode, inArticle: Bool) {
        let parts = parts(of: node)
        for caption in parts.captions { visit(caption, inArticle: inArticle); flush() }
        for stray in parts.stray { visit(stray, inArticle: inArticle) }
        flush()
        if isLayoutTable(parts) {
            for row in parts.rows {
                for cell in row { visit(cell, inArticle: inArticle) }
            }
            return
        }
        if !isStatisticalTable(node, parts) {
            // A table of a few labelled facts (索引号 | 发布机构 | 发布日期): each row one line of text, so
            // `发布日期：2020-01-31` reads as the page prints it.
            for row in parts.rows {
                current = row.map { cellText($0, inArticle: inArticle).replacingOccurrences(of: "\n", with: " ") }
                    .filter { !$0.isEmpty }.joined(separator: " ")
                flush()
            }
            return
        }
        var spanned: [[SpannedCell]] = []
        var hasText = false
        for (r, row) in parts.rows.enumerated() {
            var cells: [SpannedCell] = []
            for cell in row {
                let text = cellText(cell, inArticle: inArticle)
                if !text.isEmpty { hasText = true }
                let remaining = parts.rows.count - r
                var rowSpan = Self.span(cell.attribute("rowspan"))
                if rowSpan == 0 || rowSpan > remaining { rowSpan = remaining }
                let columnSpan = max(1, min(Self.span(cell.attribute("colspan")), 100))
                cells.append(SpannedCell(text: text, rowSpan: max(1, rowSpan), columnSpan: columnSpan))
            }
            spanned.append(cells)
        }
        guard hasText else { return }
        let width = spanned.map { $0.reduce(0) { $0 + $1.columnSpan } }.max() ?? 0
        if width * spanned.count > 250_000 {
            warnings.append("a table declares spans covering more than 250000 cells; its spans were ignored")
            spanned = spanned.map { $0.map { SpannedCell(text: $0.text) } }
        }
        var grid = TableGrid(spannedRows: spanned)
        grid.rows.removeAll { row in row.allSatisfy { $0.text.isEmpty && !$0.isSpanContinuation } }
        blocks.append(.table(grid))
    }

    /// A `rowspan`/`colspan` value: its leading digits, 1 when there are none.
    static func span(_ value: String?) -> Int {
        guard let value else { return 1 }
        let digits = value.trimmed.prefix { $0.isASCII && $0.isNumber }.prefix(6)
        return Int(digits) ?? 1
    }

    /// The text of a data cell, its `<br>` and paragraph breaks kept as `\n`.
    private func cellText(_ cell: HTMLNode, inArticle: Bool) -> String {
        var text = ""
        func walk(_ node: HTMLNode, pre: Bool) {
            for child in node.children {
                if child.kind == .text { text += pre ? HTMLLayout.collapseKeepingLines(child.text) : HTMLLayout.collapse(child.text); continue }
                if HTMLLayout.isDropped(child) { continue }
                if HTMLLayout.looksLikeChrome(child, inArticle: inArticle), !HTMLLayout.holdsReport(child) { continue }
                if child.name == "br" { text += "\n"; continue }
                let isBlock = HTMLLayout.blockElements.contains(child.name)
                if isBlock { text += "\n" }
                walk(child, pre: pre || HTMLLayout.preformattedElements.contains(child.name))
                if isBlock { text += "\n" }
            }
        }
        walk(cell, pre: false)
        return HTMLLayout.cleanLines(text)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces of any kind.
    var trimmed: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// Without leading and trailing spaces (HTML, non-breaking and ideographic).
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\u{A0}" || $0 == "\u{3000}" || $0 == "\t" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
