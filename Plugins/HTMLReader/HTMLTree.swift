import CLibXML2
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

    /// The tag of an element name from libxml2, in any case.
    init(name: UnsafePointer<xmlChar>) {
        self = PackedName(name).flatMap { Self.byName[$0] } ?? .other
    }

    private static let byName: [PackedName: HTMLTag] = Dictionary(
        uniqueKeysWithValues: allCases.filter { $0.rawValue < HTMLTag.other.rawValue }.map { (PackedName("\($0)")!, $0) })

    var isBlock: Bool { rawValue <= HTMLTag.noframes.rawValue }
    var isDropped: Bool { rawValue >= HTMLTag.script.rawValue && rawValue <= HTMLTag.track.rawValue }
    /// Usually site chrome; dropped unless it holds the report.
    var isChrome: Bool { self == .nav || self == .header || self == .footer || self == .aside || self == .form || self == .menu }
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

    /// The attribute of an attribute name from libxml2, in any case, if the layout reads it.
    init?(name: UnsafePointer<xmlChar>) {
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

    init?(_ name: UnsafePointer<xmlChar>) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var index = 0
        while name[index] != 0 {
            let byte = name[index]
            // Outside ASCII, lower-casing may change the length (`K` KELVIN SIGN becomes `k`).
            guard byte < 0x80 else {
                self.init(String(cString: name))
                return
            }
            guard index < 16 else { return nil }
            let lowered = UInt64(HTMLText.asciiLowercased(byte)) << (8 * (index & 7))
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

    private(set) var nodes: [Node] = [Node(tag: .document, end: 1)]
    private(set) var attributes: [AttributeValue] = []
    private(set) var bytes: [UInt8] = []

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
        self.attribute(attribute, of: node).map(HTMLText.string)
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
        for index in (node + 1)..<nodes[Int(node)].end where nodes[Int(index)].tag != .text && predicate(nodes[Int(index)]) {
            found.append(index)
        }
        return found
    }

    /// True when some element below `node` is accepted by `predicate`.
    func containsDescendant(of node: NodeIndex, where predicate: (Node) -> Bool) -> Bool {
        for index in (node + 1)..<nodes[Int(node)].end where nodes[Int(index)].tag != .text && predicate(nodes[Int(index)]) {
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
        return HTMLText.string(text)
    }
}

// MARK: - Parsing

extension HTMLTree {
    /// Elements nested deeper than this are flattened into their ancestor at this depth: their text is
    /// kept, their structure is not. Real pages stay far below it; it bounds the work on junk.
    static let maximumDepth = 120

    /// The page parsed by libxml2's HTML parser. Never fails: malformed markup is recovered by libxml2,
    /// and a page it cannot parse at all becomes an empty tree and a warning.
    static func parse(_ text: String, warnings: inout [String]) -> HTMLTree {
        LibXML.ensureInitialized()
        var tree = HTMLTree()
        var text = text
        guard !text.isEmpty else { return tree }
        guard text.utf8.count < Int(Int32.max) else {
            warnings.append("the page is too large to parse")
            return tree
        }
        let options = LibXML.safeHTMLOptions | Int32(HTML_PARSE_IGNORE_ENC.rawValue)
        var flattened = false
        text.withUTF8 { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { base in
                guard let doc = htmlReadMemory(base, Int32(buffer.count), nil, "UTF-8", options) else { return }
                defer { xmlFreeDoc(doc) }
                flattened = tree.copy(doc.pointee.children)
            }
        }
        if flattened {
            warnings.append("the page nests elements more than \(maximumDepth) deep; the deepest were read as plain text")
        }
        if tree.nodes[0].firstChild < 0, text.contains(where: { !$0.isWhitespace }) {
            warnings.append("the page could not be parsed as HTML")
        }
        return tree
    }

    /// Copies libxml2 nodes from `first` and its siblings below the root, in document order, without
    /// recursion. Returns true when some elements were flattened for depth.
    private mutating func copy(_ first: xmlNodePtr?) -> Bool {
        var flattened = false
        var lastChild: [NodeIndex] = [-1]
        var parentLinks: [NodeIndex] = [-1]
        // The libxml2 elements being read inside of, with the parent and depth to return to.
        var open: [(node: xmlNodePtr, parent: NodeIndex, depth: Int)] = []
        var parent = Self.root
        var depth = 1
        var cursor = first

        func append(_ node: Node, under parent: NodeIndex) -> NodeIndex {
            let index = NodeIndex(nodes.count)
            nodes.append(node)
            lastChild.append(-1)
            parentLinks.append(parent)
            let previous = lastChild[Int(parent)]
            if previous < 0 { nodes[Int(parent)].firstChild = index } else { nodes[Int(previous)].nextSibling = index }
            lastChild[Int(parent)] = index
            return index
        }

        while true {
            while cursor == nil, let (node, outerParent, outerDepth) = open.popLast() {
                cursor = node.pointee.next
                parent = outerParent
                depth = outerDepth
            }
            guard let node = cursor else { break }
            cursor = node.pointee.next
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                let attributeStart = attributes.count
                var element = Node(tag: Self.tag(of: node))
                readAttributes(of: node)
                element.attributes = Int32(attributeStart)..<Int32(attributes.count)
                element.isDropped = isDropped(element)
                if depth > Self.maximumDepth {
                    flattened = true
                    attributes.removeSubrange(attributeStart...)
                    if element.isDropped { continue }
                    if element.tag.isBlock || element.tag == .br {
                        let lineBreak = appendBytes([0x0A])
                        _ = append(Node(tag: .text, text: lineBreak), under: parent)
                    }
                    open.append((node, parent, depth))
                } else {
                    element.hasChromeName = hasChromeName(element)
                    open.append((node, parent, depth))
                    parent = append(element, under: parent)
                }
                depth += 1
                cursor = node.pointee.children
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content {
                    _ = append(Node(tag: .text, text: appendCString(content)), under: parent)
                }
            default:
                // Comments, processing instructions, DTDs and entity declarations carry no page text.
                break
            }
        }
        closeSubtrees(parents: parentLinks)
        return flattened
    }

    /// Sets each node's ``Node/end``: its next sibling, or else where its parent ends.
    private mutating func closeSubtrees(parents: [NodeIndex]) {
        nodes[0].end = NodeIndex(nodes.count)
        for index in nodes.indices.dropFirst() {
            let node = nodes[index]
            nodes[index].end = node.nextSibling >= 0 ? node.nextSibling : nodes[Int(parents[index])].end
        }
    }

    private static func tag(of node: xmlNodePtr) -> HTMLTag {
        guard let name = node.pointee.name else { return .other }
        return HTMLTag(name: name)
    }

    /// Appends the attributes the layout reads (the first of each name, among the first 256) to ``attributes``.
    private mutating func readAttributes(of node: xmlNodePtr) {
        let start = attributes.count
        var attribute = node.pointee.properties
        var count = 0
        while let current = attribute, count < 256 {
            count += 1
            attribute = current.pointee.next
            guard let rawName = current.pointee.name, let name = HTMLAttribute(name: rawName),
                  !attributes[start...].contains(where: { $0.attribute == name }) else { continue }
            let valueStart = Int32(bytes.count)
            var child = current.pointee.children
            while let text = child {
                if let content = text.pointee.content { _ = appendCString(content) }
                child = text.pointee.next
            }
            attributes.append(AttributeValue(attribute: name, value: valueStart..<Int32(bytes.count)))
        }
    }

    /// Appends a C string from libxml2 to ``bytes``, repaired as `String(cString:)` repairs it.
    private mutating func appendCString(_ content: UnsafePointer<xmlChar>) -> Range<Int32> {
        let text = UnsafeBufferPointer(start: content, count: strlen(content))
        let start = Int32(bytes.count)
        if HTMLText.isValidUTF8(text) {
            bytes.append(contentsOf: text)
        } else {
            bytes.append(contentsOf: String(decoding: text, as: UTF8.self).utf8)
        }
        return start..<Int32(bytes.count)
    }

    private mutating func appendBytes(_ text: [UInt8]) -> Range<Int32> {
        let start = Int32(bytes.count)
        bytes.append(contentsOf: text)
        return start..<Int32(bytes.count)
    }

    /// True for content no reader of the page sees: scripts, styles, form controls, and elements hidden
    /// by `hidden`, `aria-hidden="true"` or an inline style (`display:none`, `visibility:hidden`,
    /// `font-size:0`, `opacity:0`, or moved far off-screen) — the way link-spam blocks are hidden.
    private func isDropped(_ element: Node) -> Bool {
        if element.tag.isDropped { return true }
        var attributeIndex = Int(element.attributes.lowerBound)
        while attributeIndex < Int(element.attributes.upperBound) {
            let attribute = attributes[attributeIndex]
            let value = bytes[Int(attribute.value.lowerBound)..<Int(attribute.value.upperBound)]
            switch attribute.attribute {
            case .hidden: return true
            case .ariaHidden: if HTMLText.isTrue(value) { return true }
            case .style: if HTMLText.styleHides(value) { return true }
            default: break
            }
            attributeIndex += 1
        }
        return false
    }

    /// True when the element's `id` or `class` names site chrome.
    private func hasChromeName(_ element: Node) -> Bool {
        var attributeIndex = Int(element.attributes.lowerBound)
        while attributeIndex < Int(element.attributes.upperBound) {
            let attribute = attributes[attributeIndex]
            if attribute.attribute == .id || attribute.attribute == .class,
               HTMLText.namesChrome(bytes[Int(attribute.value.lowerBound)..<Int(attribute.value.upperBound)]) {
                return true
            }
            attributeIndex += 1
        }
        return false
    }
}
