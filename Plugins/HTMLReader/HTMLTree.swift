import CLibXML2
import GIConvertXML

/// One node of a parsed page, copied out of libxml2's tree so no C pointer outlives the parse.
final class HTMLNode {
    enum Kind {
        case element
        case text
    }

    let kind: Kind
    /// The lower-case element name; empty for text.
    let name: String
    /// Attributes by lower-case name.
    let attributes: [String: String]
    /// The character data of a text node (entities already resolved).
    let text: String
    var children: [HTMLNode] = []

    init(element name: String, attributes: [String: String]) {
        kind = .element
        self.name = name
        self.attributes = attributes
        text = ""
    }

    init(text: String) {
        kind = .text
        name = ""
        attributes = [:]
        self.text = text
    }

    func attribute(_ name: String) -> String? { attributes[name] }

    /// Every element below this node, depth first, in document order.
    func descendants(where predicate: (HTMLNode) -> Bool) -> [HTMLNode] {
        var found: [HTMLNode] = []
        var stack: [HTMLNode] = children.reversed()
        while let node = stack.popLast() {
            if node.kind == .element, predicate(node) { found.append(node) }
            stack.append(contentsOf: node.children.reversed())
        }
        return found
    }
}

/// Parses decoded page text with libxml2's HTML parser.
enum HTMLTree {
    /// Elements nested deeper than this are flattened into their ancestor at this depth: their text is
    /// kept, their structure is not. Real pages stay far below it; it bounds recursion on junk.
    static let maximumDepth = 120

    /// The parsed page as a tree under a synthetic `#document` element. Never fails: malformed markup
    /// is recovered by libxml2, and a page it cannot parse at all becomes an empty tree and a warning.
    static func parse(_ text: String, warnings: inout [String]) -> HTMLNode {
        LibXML.ensureInitialized()
        let root = HTMLNode(element: "#document", attributes: [:])
        var utf8 = Array(text.utf8)
        guard !utf8.isEmpty else { return root }
        guard utf8.count < Int(Int32.max) else {
            warnings.append("the page is too large to parse")
            return root
        }
        let options = LibXML.safeHTMLOptions | Int32(HTML_PARSE_IGNORE_ENC.rawValue)
        var flattened = false
        utf8.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { base in
                guard let doc = htmlReadMemory(base, Int32(buffer.count), nil, "UTF-8", options) else { return }
                defer { xmlFreeDoc(doc) }
                flattened = copy(doc.pointee.children, into: root)
            }
        }
        if flattened {
            warnings.append("the page nests elements more than \(maximumDepth) deep; the deepest were read as plain text")
        }
        if root.children.isEmpty, text.contains(where: { !$0.isWhitespace }) {
            warnings.append("the page could not be parsed as HTML")
        }
        return root
    }

    /// Copies libxml2 nodes from `first` and its siblings into `parent`, iteratively. Returns true when
    /// some elements were flattened for depth.
    private static func copy(_ first: xmlNodePtr?, into parent: HTMLNode) -> Bool {
        var flattened = false
        var stack: [(node: xmlNodePtr, parent: HTMLNode, depth: Int)] = []
        func pushSiblings(_ first: xmlNodePtr?, _ parent: HTMLNode, _ depth: Int) {
            var siblings: [xmlNodePtr] = []
            var cursor = first
            while let node = cursor {
                siblings.append(node)
                cursor = node.pointee.next
            }
            for node in siblings.reversed() { stack.append((node, parent, depth)) }
        }
        pushSiblings(first, parent, 1)
        while let (node, parent, depth) = stack.popLast() {
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                guard depth <= maximumDepth else {
                    flattened = true
                    let name = elementName(node)
                    if HTMLLayout.isDropped(HTMLNode(element: name, attributes: attributes(node))) { continue }
                    if breaksText(name) { parent.children.append(HTMLNode(text: "\n")) }
                    pushSiblings(node.pointee.children, parent, depth + 1)
                    continue
                }
                let element = HTMLNode(element: elementName(node), attributes: attributes(node))
                parent.children.append(element)
                pushSiblings(node.pointee.children, element, depth + 1)
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content {
                    parent.children.append(HTMLNode(text: String(cString: content)))
                }
            default:
                // Comments, processing instructions, DTDs and entity declarations carry no page text.
                break
            }
        }
        return flattened
    }

    private static func elementName(_ node: xmlNodePtr) -> String {
        guard let name = node.pointee.name else { return "" }
        return String(cString: name).lowercased()
    }

    private static func attributes(_ node: xmlNodePtr) -> [String: String] {
        var result: [String: String] = [:]
        var attribute = node.pointee.properties
        var count = 0
        while let current = attribute, count < 256 {
            count += 1
            if let rawName = current.pointee.name {
                var value = ""
                var child = current.pointee.children
                while let text = child {
                    if let content = text.pointee.content { value += String(cString: content) }
                    child = text.pointee.next
                }
                let name = String(cString: rawName).lowercased()
                if result[name] == nil { result[name] = value }
            }
            attribute = current.pointee.next
        }
        return result
    }

    /// Elements whose boundaries separate lines of text, for flattened content.
    private static func breaksText(_ name: String) -> Bool {
        HTMLLayout.blockElements.contains(name) || name == "br" || name == "tr" || name == "td" || name == "th"
    }
}
