import GIConvertCore
import GIConvertXML

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An element name the layout acts on; every other element is `.other`.
enum HTMLTag: UInt8, CaseIterable, Sendable {
    // Blocks: they end the paragraph before them and start a new one after them.
    case p, div, h1, h2, h3, h4, h5, h6, li, ul, ol, dl, dd, dt, section, article, main, blockquote, pre, center
    case address, figure, figcaption, hr, tr, td, th, tbody, thead, tfoot, caption, body, html, form, fieldset
    case legend, header, footer, nav, aside, details, summary, hgroup, menu, dir, listing, xmp, plaintext, noframes
    // Content no reader of the page sees.
    case script, style, noscript, template, iframe, frame, frameset, object, embed, applet, svg, math, canvas, audio
    case video, select, option, optgroup, datalist, button, textarea, input, head, title, meta, link, base, map, area
    case img, param, source, track
    case br, table, colgroup, col
    /// An element the layout has no rule for.
    case other
    /// The synthetic element the page's top-level nodes hang from.
    case document
    /// Not an element: a run of character data.
    case text

    /// The tag of an element name from the parser, in any case.
    init(name: XMLString) {
        self = PackedName(name).flatMap { Self.byName[$0] } ?? .other
    }

    private static let byName: [PackedName: HTMLTag] = Dictionary(
        uniqueKeysWithValues: allCases.filter { $0.rawValue < HTMLTag.other.rawValue }.map {
            (PackedName("\($0)")!, $0)
        })

    var isBlock: Bool { rawValue <= HTMLTag.noframes.rawValue }
    var isDropped: Bool { rawValue >= HTMLTag.script.rawValue && rawValue <= HTMLTag.track.rawValue }
    /// Usually site chrome; dropped unless it holds the report.
    var isChrome: Bool {
        self == .nav || self == .header || self == .footer || self == .aside || self == .form || self == .menu
    }
    /// Its line ends are printed line ends.
    var isPreformatted: Bool { self == .pre || self == .xmp || self == .listing || self == .plaintext }
    /// A block whose text makes a table cell prose when there are several of them.
    var isProseBlock: Bool { rawValue <= HTMLTag.li.rawValue }
    var isCell: Bool { self == .td || self == .th }
}

/// The attributes the layout reads; the others are not kept.
enum HTMLAttribute: UInt8, CaseIterable, Sendable {
    case hidden, ariaHidden, style, id, `class`, rowspan, colspan, name, property, itemprop, content
    /// `type`, read on scripts.
    case scriptType

    /// The attribute of an attribute name from the parser, in any case, if the layout reads it.
    init?(name: XMLString) {
        guard let packed = PackedName(name), let attribute = Self.byName[packed] else { return nil }
        self = attribute
    }

    private static let byName: [PackedName: HTMLAttribute] = [
        "hidden": .hidden, "aria-hidden": .ariaHidden, "style": .style, "id": .id, "class": .class,
        "rowspan": .rowspan, "colspan": .colspan, "name": .name, "property": .property, "itemprop": .itemprop,
        "content": .content, "type": .scriptType,
    ].reduce(into: [:]) { $0[PackedName($1.key)!] = $1.value }
}

/// A lower-cased name of at most 16 bytes packed into two words, so looking it up costs no allocation.
/// Names are lower-cased as `String.lowercased()` does; a longer name has no packed form, and no name
/// the layout acts on is that long.
struct PackedName: Hashable, Sendable {
    private let low: UInt64
    private let high: UInt64

    init?(_ name: String) {
        var bytes = Array(name.lowercased().utf8)
        guard bytes.count <= 16, !bytes.contains(0) else { return nil }
        bytes += Array(repeating: 0, count: 16 - bytes.count)
        var low: UInt64 = 0
        var high: UInt64 = 0
        for index in 0..<8 {
            low |= UInt64(bytes[index]) << (8 * index)
            high |= UInt64(bytes[8 + index]) << (8 * index)
        }
        self.init(low: low, high: high)
    }

    init?(_ name: XMLString) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var index = 0
        while name[index] != 0 {
            let byte = name[index]
            // Outside ASCII, lower-casing may change the length (`K` KELVIN SIGN becomes `k`).
            guard byte < 0x80 else {
                self.init(name.string)
                return
            }
            guard index < 16 else { return nil }
            let lowered = UInt64(TextRules.asciiLowercased(byte)) << (8 * (index & 7))
            if index < 8 { low |= lowered } else { high |= lowered }
            index += 1
        }
        self.init(low: low, high: high)
    }

    private init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }
}

/// A parsed page, copied out of libxml2 so no C pointer outlives the parse: its nodes in document
/// order under a synthetic root (index 0), and their text and attribute values in one UTF-8 buffer.
/// A node's descendants are the nodes right after it, up to its ``Node/end``.
struct HTMLTree: Sendable {
    typealias NodeIndex = Int32

    struct Node: Sendable {
        /// `.text` for character data.
        var tag: HTMLTag
        /// Hidden from readers by its name, `hidden`, `aria-hidden` or its inline style.
        var isDropped = false
        /// Its `id` or `class` names site chrome.
        var hasChromeName = false
        var firstChild: NodeIndex = -1
        var nextSibling: NodeIndex = -1
        /// One past its last descendant.
        var end: NodeIndex = 0
        /// A text node's text, in ``HTMLTree/bytes``.
        var text: Range<Int32> = 0..<0
        /// An element's attributes, in ``HTMLTree/attributes``.
        var attributes: Range<Int32> = 0..<0
    }

    struct AttributeValue: Sendable {
        var attribute: HTMLAttribute
        var value: Range<Int32>
    }

    static let root: NodeIndex = 0

    fileprivate(set) var nodes: [Node] = [Node(tag: .document, end: 1)]
    fileprivate(set) var attributes: [AttributeValue] = []
    fileprivate(set) var bytes: [UInt8] = []

    subscript(node: NodeIndex) -> Node { nodes[Int(node)] }

    /// The text of a text node.
    func text(of node: NodeIndex) -> ArraySlice<UInt8> {
        let range = nodes[Int(node)].text
        return bytes[Int(range.lowerBound)..<Int(range.upperBound)]
    }

    /// The value of an element's attribute, if it has it.
    func attribute(_ attribute: HTMLAttribute, of node: NodeIndex) -> ArraySlice<UInt8>? {
        let range = nodes[Int(node)].attributes
        for index in Int(range.lowerBound)..<Int(range.upperBound) where attributes[index].attribute == attribute {
            let value = attributes[index].value
            return bytes[Int(value.lowerBound)..<Int(value.upperBound)]
        }
        return nil
    }

    func attributeString(_ attribute: HTMLAttribute, of node: NodeIndex) -> String? {
        self.attribute(attribute, of: node).map(TextRules.string)
    }

    /// The children of `node`, in order.
    func children(of node: NodeIndex) -> Children { Children(nodes: nodes, upcoming: nodes[Int(node)].firstChild) }

    struct Children: Sequence, IteratorProtocol {
        let nodes: [Node]
        var upcoming: NodeIndex

        mutating func next() -> NodeIndex? {
            guard upcoming >= 0 else { return nil }
            defer { upcoming = nodes[Int(upcoming)].nextSibling }
            return upcoming
        }
    }

    /// The elements below `node`, depth first, in document order, that `predicate` accepts.
    func descendants(of node: NodeIndex, where predicate: (Node) -> Bool) -> [NodeIndex] {
        var found: [NodeIndex] = []
        for index in (node + 1)..<nodes[Int(node)].end
        where nodes[Int(index)].tag != .text && predicate(nodes[Int(index)]) {
            found.append(index)
        }
        return found
    }

    /// True when some element below `node` is accepted by `predicate`.
    func containsDescendant(of node: NodeIndex, where predicate: (Node) -> Bool) -> Bool {
        for index in (node + 1)..<nodes[Int(node)].end
        where nodes[Int(index)].tag != .text && predicate(nodes[Int(index)]) {
            return true
        }
        return false
    }

    /// Appends all text below `node` except dropped content (`node` itself is read even when dropped),
    /// without any layout.
    func appendPlainText(of node: NodeIndex, to output: inout [UInt8]) {
        if nodes[Int(node)].tag == .text {
            output.append(contentsOf: text(of: node))
            return
        }
        var index = node + 1
        let end = nodes[Int(node)].end
        while index < end {
            let current = nodes[Int(index)]
            if current.tag == .text {
                output.append(contentsOf: bytes[Int(current.text.lowerBound)..<Int(current.text.upperBound)])
                index += 1
            } else if current.isDropped {
                index = current.end
            } else {
                index += 1
            }
        }
    }

    func plainText(of node: NodeIndex) -> String {
        var text: [UInt8] = []
        appendPlainText(of: node, to: &text)
        return TextRules.string(text)
    }
}

// MARK: - Parsing

extension HTMLTree {
    /// Elements nested deeper than this are flattened into their ancestor at this depth: their text is
    /// kept, their structure is not. Real pages stay far below it; it bounds the work on junk.
    static let maximumDepth = 120

    /// The page parsed by libxml2's HTML parser. Never fails: malformed markup is recovered by libxml2,
    /// and a page it cannot parse at all becomes an empty tree and a warning.
    static func parse(_ text: String, warnings: inout [ReaderWarning]) -> HTMLTree {
        LibXML.ensureInitialized()
        var text = text
        guard !text.isEmpty else { return HTMLTree() }
        guard text.utf8.count < Int(Int32.max) else {
            warnings.append(.pageTooLarge)
            return HTMLTree()
        }
        var builder = HTMLTreeBuilder()
        text.withUTF8 { builder.parse($0) }
        let tree = builder.finish()
        if builder.flattened {
            warnings.append(.pageNestedTooDeep(maximumDepth: maximumDepth))
        }
        if tree.nodes[0].firstChild < 0, text.contains(where: { !$0.isWhitespace }) {
            warnings.append(.pageNotParsed)
        }
        return tree
    }
}

/// Builds an ``HTMLTree`` from the events of libxml2's HTML parser. Nodes are linked as libxml2's own
/// tree builder (SAX2.c) links them — adjacent character data in one node, a top-level element after
/// the first one under that one unless a doctype or comment came first, nothing past libxml2's depth
/// limit — so the tree is the one `htmlReadMemory` would return, without libxml2 building and freeing it.
private struct HTMLTreeBuilder: SAXHandler {
    private var tree = HTMLTree()
    private(set) var flattened = false

    /// What the last child of a libxml2 node is, for merging character data into it.
    private enum LastChild {
        case none
        case text(HTMLTree.NodeIndex)
        case cdata(HTMLTree.NodeIndex)
        case other
    }

    /// An element libxml2 has open (its node stack), innermost last.
    private struct OpenElement {
        /// Where its children go in the tree: itself, or the ancestor it was flattened into.
        var container: HTMLTree.NodeIndex
        var depth: Int
        var lastChild = LastChild.none
        /// Inside a dropped element that was flattened: nothing of it is kept.
        var isSkipped = false
    }

    private var open: [OpenElement] = []
    private var lastChildren: [HTMLTree.NodeIndex] = [-1]
    private var parents: [HTMLTree.NodeIndex] = [-1]
    /// The text nodes whose C string ended at a NUL: what libxml2 appends after it is never read.
    private var cutTexts: Set<HTMLTree.NodeIndex> = []
    private var documentHasChildren = false
    /// The document's first child is an element, which takes in later top-level elements.
    private var documentStartsWithElement = false
    private var hasDoctype = false
    /// libxml2 stopped at its depth limit; later events change nothing.
    private var halted = false

    /// How deep libxml2's tree builder nests elements before it stops the parser (`xmlParserMaxDepth`).
    private static let libxmlMaximumDepth = 256

    /// Parses `page`; libxml2 recovers from every error in a page, and its messages are dropped.
    mutating func parse(_ page: UnsafeBufferPointer<UInt8>) {
        HTMLParser.parse(page, into: &self)
    }

    mutating func finish() -> HTMLTree {
        tree.repairText()
        tree.closeSubtrees(parents: parents)
        return tree
    }

    private mutating func append(_ node: HTMLTree.Node, under parent: HTMLTree.NodeIndex) -> HTMLTree.NodeIndex {
        let index = HTMLTree.NodeIndex(tree.nodes.count)
        tree.nodes.append(node)
        lastChildren.append(-1)
        parents.append(parent)
        let previous = lastChildren[Int(parent)]
        if previous < 0 {
            tree.nodes[Int(parent)].firstChild = index
        } else {
            tree.nodes[Int(previous)].nextSibling = index
        }
        lastChildren[Int(parent)] = index
        return index
    }

    mutating func startElement(_ name: XMLString, attributes: XMLAttributes, parser: SAXParser) {
        guard !halted else { return }
        if open.count > Self.libxmlMaximumDepth {
            halted = true
            parser.stop()
            return
        }
        // The parent libxml2 links the element to: the open element, else the document, whose first
        // element takes in the top-level elements that follow it.
        var parent = OpenElement(container: HTMLTree.root, depth: 0)
        if let innermost = open.last {
            parent = innermost
            open[open.count - 1].lastChild = .other
        } else if !documentHasChildren {
            documentHasChildren = true
            documentStartsWithElement = true
        } else if documentStartsWithElement {
            parent = OpenElement(container: tree.nodes[0].firstChild, depth: 1)
        }
        let depth = parent.depth + 1
        if parent.isSkipped {
            open.append(OpenElement(container: parent.container, depth: depth, isSkipped: true))
            return
        }
        let attributeStart = tree.attributes.count
        var element = HTMLTree.Node(tag: HTMLTag(name: name))
        readAttributes(attributes)
        element.attributes = Int32(attributeStart)..<Int32(tree.attributes.count)
        element.isDropped = tree.isDropped(element)
        if depth > HTMLTree.maximumDepth {
            flattened = true
            tree.attributes.removeSubrange(attributeStart...)
            if element.isDropped {
                open.append(OpenElement(container: parent.container, depth: depth, isSkipped: true))
                return
            }
            if element.tag.isBlock || element.tag == .br {
                _ = append(HTMLTree.Node(tag: .text, text: tree.appendBytes([0x0A])), under: parent.container)
            }
            open.append(OpenElement(container: parent.container, depth: depth))
        } else {
            element.hasChromeName = tree.hasChromeName(element)
            open.append(OpenElement(container: append(element, under: parent.container), depth: depth))
        }
    }

    mutating func endElement(_ name: XMLString, parser: SAXParser) {
        guard !halted, !open.isEmpty else { return }
        open.removeLast()
    }

    /// Character data goes into the open element's last child when that is character data of the same
    /// kind, else into a new text node; with no element open, libxml2 drops it.
    mutating func characters(_ text: UnsafeBufferPointer<UInt8>) {
        characterData(text, isCDATA: false)
    }

    mutating func cdata(_ text: UnsafeBufferPointer<UInt8>) {
        characterData(text, isCDATA: true)
    }

    private mutating func characterData(_ chunk: UnsafeBufferPointer<UInt8>, isCDATA: Bool) {
        guard !halted, let current = open.last, !current.isSkipped else { return }
        switch (current.lastChild, isCDATA) {
        case (.text(let node), false), (.cdata(let node), true):
            guard !cutTexts.contains(node) else { return }
            tree.extendText(of: node, with: chunk)
            if chunk.contains(0) { cutTexts.insert(node) }
        default:
            let node = append(HTMLTree.Node(tag: .text, text: tree.appendBytes(chunk)), under: current.container)
            if chunk.contains(0) { cutTexts.insert(node) }
            open[open.count - 1].lastChild = isCDATA ? .cdata(node) : .text(node)
        }
    }

    mutating func comment() {
        otherNode()
    }

    mutating func processingInstruction() {
        otherNode()
    }

    /// A comment or processing instruction: no page text, but it ends a run of character data.
    private mutating func otherNode() {
        guard !halted else { return }
        if open.isEmpty {
            documentHasChildren = true
        } else {
            open[open.count - 1].lastChild = .other
        }
    }

    /// libxml2 puts the document's first doctype before all its children.
    mutating func doctype(parser: SAXParser) {
        guard !halted, !hasDoctype else { return }
        hasDoctype = true
        documentHasChildren = true
        documentStartsWithElement = false
    }

    /// Appends the attributes the layout reads (the first of each name, among the first 256).
    private mutating func readAttributes(_ attributes: XMLAttributes) {
        let start = tree.attributes.count
        var index = 0
        while index < 256, let rawName = attributes.name(at: index) {
            let value = attributes.value(at: index)
            index += 1
            guard let name = HTMLAttribute(name: rawName),
                !tree.attributes[start...].contains(where: { $0.attribute == name })
            else { continue }
            let range = value.map { tree.appendBytes($0.bytes) } ?? Int32(tree.bytes.count)..<Int32(tree.bytes.count)
            tree.attributes.append(HTMLTree.AttributeValue(attribute: name, value: range))
        }
    }
}

extension HTMLTree {
    /// Appends bytes to ``bytes``; their range there.
    fileprivate mutating func appendBytes(_ text: some Collection<UInt8>) -> Range<Int32> {
        let start = Int32(bytes.count)
        bytes.append(contentsOf: text)
        return start..<Int32(bytes.count)
    }

    /// Adds character data to a text node, moving its text to the end of ``bytes`` first if it is not
    /// there already.
    fileprivate mutating func extendText(of node: NodeIndex, with chunk: UnsafeBufferPointer<UInt8>) {
        var range = nodes[Int(node)].text
        if range.upperBound != Int32(bytes.count) {
            range = appendBytes(Array(bytes[Int(range.lowerBound)..<Int(range.upperBound)]))
        }
        bytes.append(contentsOf: chunk)
        nodes[Int(node)].text = range.lowerBound..<Int32(bytes.count)
    }

    /// Cuts each text and attribute value at its first NUL and repairs ill-formed UTF-8, as reading
    /// libxml2's C strings with `String(cString:)` does.
    fileprivate mutating func repairText() {
        for index in nodes.indices where nodes[index].tag == .text {
            nodes[index].text = repaired(nodes[index].text)
        }
        for index in attributes.indices {
            attributes[index].value = repaired(attributes[index].value)
        }
    }

    private mutating func repaired(_ range: Range<Int32>) -> Range<Int32> {
        let (isClean, cString) = bytes.withUnsafeBufferPointer { buffer -> (Bool, UnsafeBufferPointer<UInt8>) in
            let slice = UnsafeBufferPointer(rebasing: buffer[Int(range.lowerBound)..<Int(range.upperBound)])
            let length =
                slice.baseAddress.map { strnlen(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self), slice.count) }
                ?? 0
            let cString = UnsafeBufferPointer(rebasing: slice[0..<length])
            return (length == slice.count && TextRules.isValidUTF8(cString), cString)
        }
        guard !isClean else { return range }
        let text = Array(String(decoding: cString, as: UTF8.self).utf8)
        _ = cString
        return appendBytes(text)
    }

    /// Sets each node's ``Node/end``: its next sibling, or else where its parent ends.
    fileprivate mutating func closeSubtrees(parents: [NodeIndex]) {
        nodes[0].end = NodeIndex(nodes.count)
        for index in nodes.indices.dropFirst() {
            let node = nodes[index]
            nodes[index].end = node.nextSibling >= 0 ? node.nextSibling : nodes[Int(parents[index])].end
        }
    }

    /// True for content no reader of the page sees: scripts, styles, form controls, and elements hidden
    /// by `hidden`, `aria-hidden="true"` or an inline style (`display:none`, `visibility:hidden`,
    /// `font-size:0`, `opacity:0`, or moved far off-screen) — the way link-spam blocks are hidden.
    fileprivate func isDropped(_ element: Node) -> Bool {
        if element.tag.isDropped { return true }
        for attribute in attributes[Int(element.attributes.lowerBound)..<Int(element.attributes.upperBound)] {
            let value = bytes[Int(attribute.value.lowerBound)..<Int(attribute.value.upperBound)]
            switch attribute.attribute {
            case .hidden: return true
            case .ariaHidden: if TextRules.isTrue(value) { return true }
            case .style: if TextRules.styleHides(value) { return true }
            default: break
            }
        }
        return false
    }

    /// True when the element's `id` or `class` names site chrome.
    fileprivate func hasChromeName(_ element: Node) -> Bool {
        attributes[Int(element.attributes.lowerBound)..<Int(element.attributes.upperBound)].contains { attribute in
            (attribute.attribute == .id || attribute.attribute == .class)
                && TextRules.namesChrome(bytes[Int(attribute.value.lowerBound)..<Int(attribute.value.upperBound)])
        }
    }
}
