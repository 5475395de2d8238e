import GIConvertCore

/// Pages of absolutely positioned runs, as PDF-to-HTML converters write them (pdftohtml): every line of
/// a printed page, or every run of one font in it, is an element placed by its `top` and `left`, in the
/// PDF's reading order. Read element by element, a table's cells come one per line, which the
/// recognition reads like any text with a cell per line. But a converter that starts a run wherever the
/// font changes cuts one cell or title into pieces (`行政` / `许可`, `減` / `5711`, `遂宁市安居区` /
/// `2024` / `年…`): runs on one line that touch are joined back into one.
///
/// Where runs touch is estimated, since the page does not say how wide its text is: ideographs one em,
/// other characters half an em. Two runs are joined only when the second starts within half an em of
/// where the first ends, the first has no space inside (spaced-out text is wider than its characters),
/// and never between two figures (`15` / `3` may be two cells).
enum PositionedRuns {
    /// Fewer positioned runs than this are a page's decoration (a floating banner), not its text.
    static let minimumRuns = 20

    /// One positioned element's text.
    struct Run {
        var top: Float
        var left: Float
        /// The font size, in the page's units; nil when neither the element nor its classes give one.
        var size: Float?
        /// The element's text, split at its `<br>`s.
        var lines: [String]
        /// The printed page (the sized container) the run stands on.
        var page: Int
    }

    /// The page's paragraphs, run by run with touching runs joined, when most of its text is positioned;
    /// nil otherwise.
    static func paragraphs(in tree: HTMLTree) -> [String]? {
        guard hasPositionedRuns(tree) else { return nil }
        var reader = Reader(tree: tree, classes: classStyles(tree))
        reader.read()
        guard reader.runs.count >= minimumRuns, reader.positionedBytes * 5 >= reader.totalBytes * 4 else {
            return nil
        }
        var paragraphs: [String] = []
        var previous: Run?
        for run in reader.runs {
            if let last = previous, touches(last, run), let joined = paragraphs.popLast() {
                paragraphs.append(joined + run.lines[0])
                previous = Run(
                    top: last.top, left: last.left, size: last.size, lines: [joined + run.lines[0]], page: run.page)
                continue
            }
            paragraphs += run.lines
            previous = run
        }
        return paragraphs.map(BlockLayout.cleanLine).filter { !$0.isEmpty }
    }

    /// True when `next` continues `run` on its line: both single lines on one page and at one height,
    /// `next` starting within half an em of where `run`'s text ends, and not a figure after a figure.
    static func touches(_ run: Run, _ next: Run) -> Bool {
        guard run.page == next.page, run.lines.count == 1, next.lines.count == 1, let size = run.size,
            next.size == size, abs(run.top - next.top) <= size / 4,
            let last = run.lines[0].unicodeScalars.last(where: { !$0.properties.isWhitespace }),
            let first = next.lines[0].unicodeScalars.first(where: { !$0.properties.isWhitespace })
        else { return false }
        if isFigure(last) && isFigure(first) { return false }
        // Spaced-out text (`信 息`, characters spread over a cell's width) is wider than its characters.
        if run.lines[0].unicodeScalars.contains(where: \.properties.isWhitespace) { return false }
        let width = run.lines[0].unicodeScalars.reduce(Float(0)) { $0 + ($1.value < 0x2E80 ? size / 2 : size) }
        return abs(next.left - (run.left + width)) <= size / 2
    }

    static func isFigure(_ scalar: Unicode.Scalar) -> Bool {
        (0x30...0x39).contains(scalar.value) || (0xFF10...0xFF19).contains(scalar.value)
    }

    /// A cheap look before any style is parsed: at least ``minimumRuns`` inline styles give a `top`.
    private static func hasPositionedRuns(_ tree: HTMLTree) -> Bool {
        var count = 0
        for index in tree.nodes.indices where tree.nodes[index].tag != .text && !tree.nodes[index].attributes.isEmpty {
            guard let style = tree.attribute(.style, of: HTMLTree.NodeIndex(index)), containsTop(style) else {
                continue
            }
            count += 1
            if count >= minimumRuns { return true }
        }
        return false
    }

    /// True when the style has a `top:` declaration.
    private static func containsTop(_ style: ArraySlice<UInt8>) -> Bool {
        var index = style.startIndex
        while index + 3 < style.endIndex {
            if TextRules.asciiLowercased(style[index]) == 0x74, TextRules.asciiLowercased(style[index + 1]) == 0x6F,
                TextRules.asciiLowercased(style[index + 2]) == 0x70,
                index == style.startIndex || style[index - 1] == 0x3B || style[index - 1] == 0x20
                    || style[index - 1] == 0x22
            {
                var after = index + 3
                while after < style.endIndex, style[after] == 0x20 { after += 1 }
                if after < style.endIndex, style[after] == 0x3A { return true }
            }
            index += 1
        }
        return false
    }

    /// What a style says about placing text, in the page's units (`px` and `pt` taken as they are: a
    /// page uses one of them throughout).
    struct Placement {
        var top: Float?
        var left: Float?
        var width: Float?
        var height: Float?
        var fontSize: Float?

        /// The declarations of an inline style or a rule's body.
        init(style: String) {
            for declaration in style.lowercased().split(separator: ";") {
                let parts = declaration.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let property = parts[0].filter { !$0.isWhitespace }
                let value = Self.length(parts[1].filter { !$0.isWhitespace })
                switch property {
                case "top": top = value
                case "left": left = value
                case "width": width = value
                case "height": height = value
                case "font-size": fontSize = value
                default: break
                }
            }
        }

        /// A CSS length in `px` or `pt`, or a bare number.
        static func length(_ value: String) -> Float? {
            var number = value
            if number.hasSuffix("pt") || number.hasSuffix("px") { number.removeLast(2) }
            return Float(number)
        }
    }

    /// The font sizes the page's style sheets give class selectors (`.ft10{font-size:18px}`).
    static func classStyles(_ tree: HTMLTree) -> [String: Float] {
        var sheet = ""
        for index in tree.nodes.indices where tree.nodes[index].tag == .style {
            sheet += tree.plainText(of: HTMLTree.NodeIndex(index))
        }
        var sizes: [String: Float] = [:]
        for rule in sheet.split(separator: "}") {
            let parts = rule.split(separator: "{", maxSplits: 1)
            guard parts.count == 2, let size = Placement(style: String(parts[1])).fontSize else { continue }
            for selector in parts[0].split(separator: ",") {
                let name = selector.drop { $0.isWhitespace }
                guard name.first == ".", !name.dropFirst().contains(where: { $0 == " " || $0 == "." || $0 == ":" })
                else { continue }
                sizes[String(name.dropFirst()).trimmed] = size
            }
        }
        return sizes
    }

    /// Walks the tree once, collecting the positioned runs in document order.
    struct Reader {
        let tree: HTMLTree
        let classes: [String: Float]
        var runs: [Run] = []
        /// UTF-8 bytes of text inside positioned runs, and of all text the page shows, white space left out.
        var positionedBytes = 0
        var totalBytes = 0

        init(tree: HTMLTree, classes: [String: Float]) {
            self.tree = tree
            self.classes = classes
        }

        mutating func read() {
            // Containers with a size: the printed pages.
            var open: [(end: HTMLTree.NodeIndex, page: Int)] = []
            var pageCount = 0
            var index: HTMLTree.NodeIndex = 1
            let count = HTMLTree.NodeIndex(tree.nodes.count)
            while index < count {
                let node = tree[index]
                while let last = open.last, last.end <= index { open.removeLast() }
                if node.isDropped {
                    index = max(node.end, index + 1)
                    continue
                }
                if node.tag == .text {
                    totalBytes += visibleBytes(tree.text(of: index))
                    index += 1
                    continue
                }
                guard !node.attributes.isEmpty, let style = tree.attributeString(.style, of: index) else {
                    index += 1
                    continue
                }
                let placement = Placement(style: style)
                if let top = placement.top, let left = placement.left {
                    var lines = [""]
                    appendText(below: index, to: &lines)
                    let size = placement.fontSize ?? classSize(of: index)
                    runs.append(Run(top: top, left: left, size: size, lines: lines, page: open.last?.page ?? 0))
                    index = max(node.end, index + 1)
                    continue
                }
                if let width = placement.width, let height = placement.height, width > 0, height > 0 {
                    pageCount += 1
                    open.append((end: node.end, page: pageCount))
                }
                index += 1
            }
        }

        /// The font size the element's classes give.
        func classSize(of node: HTMLTree.NodeIndex) -> Float? {
            guard let names = tree.attributeString(.class, of: node) else { return nil }
            return names.split(separator: " ").lazy.compactMap { classes[String($0)] }.first
        }

        /// Appends the text below `node`, starting a line at each `<br>`.
        mutating func appendText(below node: HTMLTree.NodeIndex, to lines: inout [String]) {
            for child in tree.children(of: node) {
                let current = tree[child]
                if current.isDropped { continue }
                switch current.tag {
                case .text:
                    let bytes = tree.text(of: child)
                    let visible = visibleBytes(bytes)
                    totalBytes += visible
                    positionedBytes += visible
                    lines[lines.count - 1] += TextRules.string(bytes)
                case .br:
                    lines.append("")
                default:
                    appendText(below: child, to: &lines)
                }
            }
        }

        /// The bytes of `text` that are not white space.
        func visibleBytes(_ text: ArraySlice<UInt8>) -> Int {
            text.reduce(0) { $0 + ($1 == 0x20 || $1 == 0x0A || $1 == 0x0D || $1 == 0x09 ? 0 : 1) }
        }
    }
}
