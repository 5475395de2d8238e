import GIConvertCore

/// Lays a parsed page out as document blocks: paragraphs where the page breaks lines, data tables as
/// grids with spans resolved, layout tables unwrapped into their content, site chrome left out.
enum BlockLayout {
    /// The blocks and properties of the page.
    static func document(from tree: HTMLTree) -> Document {
        var emitter = Emitter(tree: tree)
        emitter.visitChildren(of: HTMLTree.root, inArticle: false)
        emitter.flush()
        var warnings = emitter.warnings
        if emitter.blocks.isEmpty { warnings.append(.pageWithoutText) }
        return Document(blocks: emitter.blocks, properties: properties(tree), warnings: warnings)
    }

    // MARK: What is text and what is not

    /// True when an `aria-hidden` value says `true`.
    static func isTrue(_ value: String) -> Bool {
        value.lowercased().trimmed == "true"
    }

    /// What the declarations of an inline style found so far say about hiding its element.
    struct StyleEffects {
        private var hidesOverflow = false
        private var zeroSize = false

        /// True when the style hides its element whatever else it says.
        var hides: Bool { zeroSize && hidesOverflow }

        /// Takes in one declaration (lower case, without white space or `!important`); true when it
        /// hides the element on its own.
        mutating func apply(property: String, value: String) -> Bool {
            switch property {
            case "display": if value == "none" { return true }
            case "visibility": if value == "hidden" || value == "collapse" { return true }
            case "font-size": if ["0", "0px", "0pt", "0em", "0rem", "0%"].contains(value) { return true }
            case "opacity": if value == "0" || value == "0.0" { return true }
            case "mso-hide": if value == "all" { return true }
            case "left", "top", "text-indent", "margin-left", "margin-top":
                if value.hasPrefix("-"), let magnitude = Double(value.dropFirst().prefix { $0.isNumber || $0 == "." }),
                    magnitude >= 999
                {
                    return true
                }
            case "height", "width", "max-height", "max-width":
                if ["0", "0px"].contains(value) { zeroSize = true }
            case "overflow": if value == "hidden" { hidesOverflow = true }
            default: break
            }
            return false
        }
    }

    /// True when an inline style hides its element: `display:none`, `visibility:hidden`, `font-size:0`,
    /// `opacity:0`, moved far off-screen, or no size with its overflow hidden.
    static func styleHides(_ style: String) -> Bool {
        var effects = StyleEffects()
        for declaration in style.lowercased().split(separator: ";") {
            let parts = declaration.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let property = parts[0].filter { !$0.isWhitespace }
            let value = parts[1].filter { !$0.isWhitespace }.replacingOccurrences(of: "!important", with: "")
            if effects.apply(property: property, value: value) { return true }
        }
        return effects.hides
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
    static let wholeChromeWords: Set<String> = [
        "position", "foot", "hidden", "hide", "sr-only", "visually-hidden", "skiplink",
    ]

    /// True for a word of an `id` or `class` value (lower case, split at all but letters, digits and
    /// `-`) that names chrome whole or in one of its `-`-separated parts.
    static func isChromeWord(_ word: String) -> Bool {
        if chromeWords.contains(word) || wholeChromeWords.contains(word) { return true }
        return word.split(separator: "-").contains(where: { chromeWords.contains(String($0)) })
    }

    /// True when an `id` or `class` value names site chrome.
    static func namesChrome(_ value: String) -> Bool {
        value.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-") })
            .contains { isChromeWord(String($0)) }
    }

    /// True for an element that looks like site chrome by its name, `id` or `class`.
    static func looksLikeChrome(_ node: HTMLTree.Node, inArticle: Bool) -> Bool {
        if node.tag.isChrome {
            // An article's own header and footer hold its title and date; only the page's are chrome.
            return !(inArticle && (node.tag == .header || node.tag == .footer))
        }
        return node.hasChromeName
    }

    /// True when the element's text prints a phrase only a report's body prints; chrome holding one is
    /// kept, because a page that wraps the whole report in `<form>` or a `nav`-classed box still shows it.
    static func holdsReport(_ node: HTMLTree.NodeIndex, in tree: HTMLTree) -> Bool {
        ReportSchema.printsReportBody(tree.plainText(of: node))
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
        return ReportSchema.printsReportBody(text)
    }

    // MARK: Properties

    /// Title, date and publisher from `<title>` and the `<meta>` tags content management systems write.
    static func properties(_ tree: HTMLTree) -> DocumentProperties {
        var metas: [String: String] = [:]
        var titleText: String?
        for element in tree.descendants(of: HTMLTree.root, where: { $0.tag == .meta || $0.tag == .title }) {
            if tree[element].tag == .title {
                if titleText == nil { titleText = cleanLine(tree.plainText(of: element)) }
                continue
            }
            let name =
                tree.attributeString(.name, of: element) ?? tree.attributeString(.property, of: element)
                ?? tree.attributeString(.itemprop, of: element)
            guard let key = name?.lowercased().trimmed,
                let content = tree.attributeString(.content, of: element).map(cleanLine), !content.isEmpty,
                metas[key] == nil
            else { continue }
            metas[key] = content
        }
        func first(_ keys: [String]) -> String? { keys.lazy.compactMap { metas[$0] }.first }
        let title =
            first(["articletitle", "dc.title"]) ?? titleText.flatMap { $0.isEmpty ? nil : $0 } ?? first(["og:title"])
        let date = first([
            "pubdate", "publishdate", "publishdatetime", "publishtime", "firstpublishedtime", "releasedate",
            "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.created", "article:published_time",
        ])
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

    /// Whitespace collapsed within lines, line ends kept (for `<pre>`).
    static func collapseKeepingLines(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { collapse(String($0)) }.joined(separator: "\n")
    }

    /// One line: non-breaking spaces as spaces, runs of spaces as one, trimmed; ideographic spaces stay
    /// inside the line.
    static func cleanLine(_ line: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        TextRules.appendCleanLine(ArraySlice(line.utf8), to: &bytes)
        return TextRules.string(bytes)
    }

    /// Characters a figure may carry around its digits: signs, separators, units, and spaces.
    static let figureMarks = ".,，+-－增减元万件个%％ "

    /// A cell that prints a figure: digits with at most a unit or sign around them (`12`, `251000元`, `增5`).
    static func isFigure(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 16, text.contains(where: { $0.isNumber }) else { return false }
        return text.filter { $0.isNumber || figureMarks.contains($0) }.count * 2 >= text.count
    }

    /// A `rowspan`/`colspan` value: its leading digits, 1 when there are none.
    static func span(_ value: String) -> Int {
        let digits = value.trimmed.prefix { $0.isASCII && $0.isNumber }.prefix(6)
        return Int(digits) ?? 1
    }
}

// MARK: - Emitting blocks

struct Emitter {
    let tree: HTMLTree
    var blocks: [Block] = []
    var warnings: [ReaderWarning] = []
    /// The text of the paragraph being built; `\n` where the page breaks the line inside it.
    private var current: [UInt8] = []
    /// How many `<pre>`-like elements enclose the node being visited; their line ends are kept.
    private var preformatted = 0
    /// Reused for the text of one cell or paragraph at a time, before and after clean-up.
    private var scratch: [UInt8] = []
    /// The grid positions the page's tables may still take (``TableLimits/maximumDocumentCells``).
    private var remainingTableCells = TableLimits.maximumDocumentCells
    /// True once a table was dropped for want of them: the warning is given once.
    private var droppedTables = false
    private var cleaned: [UInt8] = []

    init(tree: HTMLTree) {
        self.tree = tree
    }

    mutating func flush() {
        guard !current.isEmpty else { return }
        cleaned.removeAll(keepingCapacity: true)
        TextRules.appendCleanLines(current[...], to: &cleaned)
        if !cleaned.isEmpty { blocks.append(.paragraph(TextRules.string(cleaned))) }
        current.removeAll(keepingCapacity: true)
    }

    mutating func visitChildren(of node: HTMLTree.NodeIndex, inArticle: Bool) {
        for child in tree.children(of: node) { visit(child, inArticle: inArticle) }
    }

    mutating func visit(_ index: HTMLTree.NodeIndex, inArticle: Bool) {
        let node = tree[index]
        if node.tag == .text {
            if preformatted > 0 {
                TextRules.appendCollapsedKeepingLines(tree.text(of: index), to: &current)
            } else {
                TextRules.appendCollapsed(tree.text(of: index), to: &current)
            }
            return
        }
        if node.isDropped { return }
        if BlockLayout.looksLikeChrome(node, inArticle: inArticle), !BlockLayout.holdsReport(index, in: tree) { return }
        let inArticle = inArticle || node.tag == .article || node.tag == .main
        switch node.tag {
        case .br:
            current.append(0x0A)
        case .table:
            flush()
            table(index, inArticle: inArticle)
            flush()
        default:
            if node.tag.isBlock { flush() }
            if node.tag.isPreformatted { preformatted += 1 }
            visitChildren(of: index, inArticle: inArticle)
            if node.tag.isPreformatted { preformatted -= 1 }
            if node.tag.isBlock { flush() }
        }
    }

    // MARK: Tables

    /// Rows of cells of one table, not looking into nested tables.
    private struct TableParts {
        var rows: [[HTMLTree.NodeIndex]] = []
        var captions: [HTMLTree.NodeIndex] = []
        /// Content that sits in the table but in no cell; browsers show it before the table.
        var stray: [HTMLTree.NodeIndex] = []
    }

    private func parts(of table: HTMLTree.NodeIndex) -> TableParts {
        var parts = TableParts()
        var implicitRow: [HTMLTree.NodeIndex] = []
        func endImplicitRow() {
            if !implicitRow.isEmpty { parts.rows.append(implicitRow) }
            implicitRow = []
        }
        func collect(_ node: HTMLTree.NodeIndex) {
            for child in tree.children(of: node) {
                let element = tree[child]
                if element.tag == .text {
                    if !TextRules.isAllWhitespace(tree.text(of: child)) { parts.stray.append(child) }
                    continue
                }
                if element.isDropped { continue }
                switch element.tag {
                case .tr:
                    endImplicitRow()
                    var row: [HTMLTree.NodeIndex] = []
                    collectCells(child, into: &row, stray: &parts.stray)
                    // An empty row is kept: cells spanning down from above may cover it.
                    parts.rows.append(row)
                case .td, .th:
                    implicitRow.append(child)
                case .caption:
                    parts.captions.append(child)
                case .colgroup, .col:
                    break
                case .table:
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

    private func collectCells(
        _ row: HTMLTree.NodeIndex, into cells: inout [HTMLTree.NodeIndex], stray: inout [HTMLTree.NodeIndex]
    ) {
        for child in tree.children(of: row) {
            let element = tree[child]
            if element.tag == .text {
                if !TextRules.isAllWhitespace(tree.text(of: child)) { stray.append(child) }
                continue
            }
            if element.isDropped { continue }
            if element.tag.isCell {
                cells.append(child)
            } else if element.tag != .table, containsCells(child) {
                collectCells(child, into: &cells, stray: &stray)
            } else {
                stray.append(child)
            }
        }
    }

    /// True when `node` wraps rows of its table (`<tbody>`, or a stray `<form>` between table and rows).
    private func containsRows(_ node: HTMLTree.NodeIndex) -> Bool {
        firstElement(below: node, skipping: { $0 == .table }, matching: { $0 == .tr || $0.isCell })
    }

    private func containsCells(_ node: HTMLTree.NodeIndex) -> Bool {
        firstElement(below: node, skipping: { $0 == .table || $0 == .tr }, matching: \.isCell)
    }

    /// True when an element below `node`, outside the subtrees of `skipping` elements, is `matching`.
    private func firstElement(below node: HTMLTree.NodeIndex, skipping: (HTMLTag) -> Bool, matching: (HTMLTag) -> Bool)
        -> Bool
    {
        var index = node + 1
        let end = tree[node].end
        while index < end {
            let tag = tree[index].tag
            if tag != .text {
                if skipping(tag) {
                    index = tree[index].end
                    continue
                }
                if matching(tag) { return true }
            }
            index += 1
        }
        return false
    }

    /// What the cells of a table say about it, read in one pass.
    private struct CellSurvey {
        /// The table holds page content rather than figures (see ``Emitter/survey(_:)``).
        var isLayout = false
        /// How many cells print a figure; counted only when the table is not layout.
        var figureCells = 0
    }

    /// A table whose cells hold page content rather than figures: nested tables, long prose, or a single
    /// column. Its content is laid out as blocks; only data tables become grids. A statistical table may
    /// carry a long note in a row of its own; that does not make it layout.
    private mutating func survey(_ parts: TableParts) -> CellSurvey {
        if !parts.rows.contains(where: { !$0.isEmpty }) || parts.rows.allSatisfy({ $0.count <= 1 }) {
            return CellSurvey(isLayout: true)
        }
        var proseInGrid = false
        var proseInOwnRow = false
        var figures = 0
        for row in parts.rows {
            for cell in row {
                if tree.containsDescendant(of: cell, where: { $0.tag == .table && !$0.isDropped }) {
                    return CellSurvey(isLayout: true)
                }
                scratch.removeAll(keepingCapacity: true)
                tree.appendPlainText(of: cell, to: &scratch)
                cleaned.removeAll(keepingCapacity: true)
                TextRules.appendCleanLines(scratch[...], to: &cleaned)
                let text = cleaned[...]
                if TextRules.isFigure(text) { figures += 1 }
                var prose = TextRules.characterCount(of: text, exceeds: 300)
                if !prose, TextRules.characterCount(of: text, exceeds: 120) {
                    prose = hasProseBlocks(cell)
                }
                if prose {
                    if row.count == 1 { proseInOwnRow = true } else { proseInGrid = true }
                }
            }
        }
        return CellSurvey(isLayout: proseInGrid || (proseInOwnRow && figures < 3), figureCells: figures)
    }

    /// True when at least four paragraph-like elements below `cell` print something.
    private func hasProseBlocks(_ cell: HTMLTree.NodeIndex) -> Bool {
        var blocks = 0
        var text: [UInt8] = []
        for block in tree.descendants(of: cell, where: { $0.tag.isProseBlock }) {
            text.removeAll(keepingCapacity: true)
            tree.appendPlainText(of: block, to: &text)
            if !TextRules.isBlankLine(text[...]) {
                blocks += 1
                if blocks >= 4 { return true }
            }
        }
        return false
    }

    /// True for a table that may be one of the report's statistical tables: it prints one of their
    /// labels, or figures in at least three cells. Other tables are short labelled facts.
    private func isStatisticalTable(_ node: HTMLTree.NodeIndex, figureCells: Int) -> Bool {
        if figureCells >= 3 { return true }
        return ReportSchema.printsTableLabel(tree.plainText(of: node))
    }

    private mutating func table(_ node: HTMLTree.NodeIndex, inArticle: Bool) {
        let parts = parts(of: node)
        for caption in parts.captions {
            visit(caption, inArticle: inArticle)
            flush()
        }
        for stray in parts.stray { visit(stray, inArticle: inArticle) }
        flush()
        let survey = survey(parts)
        if survey.isLayout {
            for row in parts.rows {
                for cell in row { visit(cell, inArticle: inArticle) }
            }
            return
        }
        if !isStatisticalTable(node, figureCells: survey.figureCells) {
            // A table of a few labelled facts (索引号 | 发布机构 | 发布日期): each row one line of text, so
            // `发布日期：2020-01-31` reads as the page prints it.
            for row in parts.rows {
                for cell in row {
                    let text = TextRules.linesJoinedBySpaces(cellText(cell, inArticle: inArticle))
                    guard !text.isEmpty else { continue }
                    if !current.isEmpty { current.append(0x20) }
                    current.append(contentsOf: text)
                }
                flush()
            }
            return
        }
        var spanned: [[SpannedCell]] = []
        var hasText = false
        for (r, row) in parts.rows.enumerated() {
            var cells: [SpannedCell] = []
            for cell in row {
                let text = TextRules.string(cellText(cell, inArticle: inArticle))
                if !text.isEmpty { hasText = true }
                let remaining = parts.rows.count - r
                var rowSpan = tree.attribute(.rowspan, of: cell).map(TextRules.span) ?? 1
                if rowSpan == 0 || rowSpan > remaining { rowSpan = remaining }
                let columnSpan = max(1, min(tree.attribute(.colspan, of: cell).map(TextRules.span) ?? 1, 100))
                cells.append(SpannedCell(text: text, rowSpan: max(1, rowSpan), columnSpan: columnSpan))
            }
            spanned.append(cells)
        }
        guard hasText else { return }
        let width = spanned.map { $0.reduce(0) { $0 + $1.columnSpan } }.max() ?? 0
        let spanLimit = 250_000
        if width * spanned.count > spanLimit,
            spanned.contains(where: { $0.contains { $0.rowSpan > 1 || $0.columnSpan > 1 } })
        {
            warnings.append(.tableSpansIgnored(cellLimit: spanLimit))
            spanned = spanned.map { $0.map { SpannedCell(text: $0.text) } }
        }
        guard remainingTableCells > 0 else {
            if !droppedTables {
                droppedTables = true
                warnings.append(.documentCellLimit)
            }
            return
        }
        let (resolved, cut) = TableGrid.resolving(
            spanned, maximumCells: min(TableLimits.maximumCells, remainingTableCells))
        if let cut { warnings.append(.tableCut(cut)) }
        remainingTableCells -= resolved.rows.count * (resolved.rows.first?.count ?? 0)
        var grid = resolved
        grid.rows.removeAll { row in row.allSatisfy { $0.text.isEmpty && !$0.isSpanContinuation } }
        blocks.append(.table(grid))
    }

    /// The text of a data cell, its `<br>` and paragraph breaks kept as `\n`; valid until the next call.
    private mutating func cellText(_ cell: HTMLTree.NodeIndex, inArticle: Bool) -> ArraySlice<UInt8> {
        scratch.removeAll(keepingCapacity: true)
        appendCellContent(of: cell, preformatted: false, inArticle: inArticle)
        cleaned.removeAll(keepingCapacity: true)
        TextRules.appendCleanLines(scratch[...], to: &cleaned)
        return cleaned[...]
    }

    private mutating func appendCellContent(of node: HTMLTree.NodeIndex, preformatted: Bool, inArticle: Bool) {
        for child in tree.children(of: node) {
            let element = tree[child]
            if element.tag == .text {
                if preformatted {
                    TextRules.appendCollapsedKeepingLines(tree.text(of: child), to: &scratch)
                } else {
                    TextRules.appendCollapsed(tree.text(of: child), to: &scratch)
                }
                continue
            }
            if element.isDropped { continue }
            if BlockLayout.looksLikeChrome(element, inArticle: inArticle), !BlockLayout.holdsReport(child, in: tree) {
                continue
            }
            if element.tag == .br {
                scratch.append(0x0A)
                continue
            }
            if element.tag.isBlock { scratch.append(0x0A) }
            appendCellContent(of: child, preformatted: preformatted || element.tag.isPreformatted, inArticle: inArticle)
            if element.tag.isBlock { scratch.append(0x0A) }
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces of any kind.
    var trimmed: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
