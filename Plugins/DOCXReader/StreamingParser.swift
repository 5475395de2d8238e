import GIConvertCore
import GIConvertXML
import GIConvertZip
import GIConvertZipInput

/// The namespaces the DOCX reader tells apart.
enum XMLNamespace: UInt8, Sendable, Equatable {
    /// WordprocessingML, transitional or strict.
    case word
    /// Markup compatibility (`mc:AlternateContent`).
    case compatibility
    /// WordprocessingML drawings (`wp:anchor`: where a text box stands).
    case drawing
    case other
}

/// The element local names the DOCX reader acts on; every other name is `.other`. Each case is
/// spelled exactly as the XML name it stands for (hence `Fallback`).
enum ElementName: UInt8, CaseIterable, Sendable {
    case other
    // word/document.xml
    case p, pPr, pStyle, numId, ilvl, r, rPr, vanish, specVanish, t, tab, ptab, br, cr, noBreakHyphen, sym
    case fldChar, tbl, altChunk, tr, trPr, gridBefore, gridAfter, tc, gridSpan, vMerge, hMerge, txbxContent
    // Elements whose content Word does not show as text: from `del` to `endnotePr`, see `isHiddenContent`.
    case del, moveFrom, delText, delInstrText, instrText, sdtPr, sdtEndPr
    case pPrChange, rPrChange, sectPrChange, tblPrChange, tblPrExChange, tcPrChange
    case trPrChange, tblGridChange, numberingChange, sectPr, tblGrid, footnotePr, endnotePr
    // mc:Fallback, spelled as the XML name is.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    case Fallback
    // wp: a floating drawing's place and size.
    case anchor, positionH, positionV, posOffset, extent
    // word/numbering.xml
    case abstractNum, lvl, numFmt, lvlText, start, num, abstractNumId
    // word/styles.xml
    case style, basedOn
    // docProps/core.xml
    case title, created

    /// True for the WordprocessingML elements whose subtree Word does not show as text.
    var isHiddenContent: Bool {
        rawValue >= ElementName.del.rawValue && rawValue <= ElementName.endnotePr.rawValue
    }

    static let byName: [String: ElementName] = Dictionary(
        uniqueKeysWithValues: allCases.filter { $0 != .other }.map { ("\($0)", $0) })
}

/// The start of an element, valid only during the callback that receives it: its attributes point
/// into the parser's buffers.
struct XMLStartElement {
    let name: ElementName
    let namespace: XMLNamespace
    /// True for `<x/>`: no end event follows (as with libxml2's xmlReader).
    let isEmpty: Bool
    /// The number of ancestors: 0 for the root.
    let depth: Int
    /// Every attribute by qualified name, namespace declarations (`xmlns`, `xmlns:w`) among them.
    fileprivate let attributes: XMLAttributes

    func `is`(_ namespace: XMLNamespace, _ name: ElementName) -> Bool {
        self.namespace == namespace && self.name == name
    }

    /// The value of the attribute with local name `localName` (any prefix, so `w:val` and `val`).
    /// Namespace declarations count as attributes named by their prefix (`xmlns` for the default
    /// namespace) and come first, as xmlReader's attribute walk has them.
    func attribute(_ localName: StaticString) -> String? {
        var i = 0
        while let name = attributes.name(at: i) {
            if let prefix = QualifiedName.declaredPrefix(name), prefix.equals(localName) {
                return attributes.value(at: i)?.string ?? ""
            }
            i += 1
        }
        i = 0
        while let name = attributes.name(at: i) {
            if QualifiedName.declaredPrefix(name) == nil, QualifiedName.localPart(name).equals(localName),
                let value = attributes.value(at: i)
            {
                return Self.decodeAttributeValue(value.bytes)
            }
            i += 1
        }
        return nil
    }

    /// Without entity substitution libxml2 hands over `&amp;` (and `&#38;`) in an attribute value as
    /// the text `&#38;`, which its tree builder decodes; every other reference arrives decoded (and a
    /// document without a DTD has no other entities). Decodes it the same way.
    private static func decodeAttributeValue(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        let escaped = Array("&#38;".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "&"), i + escaped.count <= bytes.count,
                bytes[i..<(i + escaped.count)].elementsEqual(escaped)
            {
                out.append(UInt8(ascii: "&"))
                i += escaped.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The end of an element (not sent for `<x/>`, whose start says `isEmpty`).
struct XMLEndElement {
    let name: ElementName
    let namespace: XMLNamespace
    /// The number of ancestors, as for the start.
    let depth: Int

    func `is`(_ namespace: XMLNamespace, _ name: ElementName) -> Bool {
        self.namespace == namespace && self.name == name
    }
}

/// Receives the content of a part as it is parsed. Elements whose name is `.other` are not reported:
/// `ElementName` lists every name a handler acts on, and most elements of a part (formatting,
/// layout) are none of them.
protocol XMLContentHandler {
    mutating func startElement(_ element: XMLStartElement)
    mutating func endElement(_ element: XMLEndElement)
    /// Character data (text, CDATA, whitespace), UTF-8; a text node may come in several pieces.
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>)
}

/// Streaming parses of package parts with ``XMLPushParser``, libxml2's SAX push parser behind the
/// GIConvertXML wrapper. Stops at a DOCTYPE declaration, which Office never writes.
///
/// `<x/>` is one start with `isEmpty`, `<x></x>` a start and an end, as with libxml2's xmlReader.
enum StreamingParser {
    /// Parses a zip member as it inflates, so the member is never held whole. A failure of the zip
    /// reader (size or ratio limit, corrupt data) wins over the XML error it causes.
    static func parse<Handler: XMLContentHandler>(
        _ reader: inout ZipEntryReader, partName: String, into handler: inout Handler
    ) throws(InputError) {
        let chunkSize = 1 << 16
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 1)
        defer { chunk.deallocate() }
        var failure: ZipError?
        let outcome = run(partName: partName, into: &handler) { (events: inout WordEvents) throws(XMLParseError) in
            try XMLPushParser.parse(documentName: partName, into: &events) { () -> UnsafeRawBufferPointer? in
                let count = reader.read(into: chunk)
                if count < 0 {
                    failure = reader.failure
                    return nil
                }
                return UnsafeRawBufferPointer(rebasing: chunk[0..<count])
            }
        }
        if let failure { throw InputError(failure) }
        try outcome.get()
    }

    /// Parses a small part held in memory (`docProps/core.xml`, `word/numbering.xml`).
    static func parse<Handler: XMLContentHandler>(
        _ bytes: [UInt8], partName: String, into handler: inout Handler
    ) throws(InputError) {
        if bytes.isEmpty { throw .malformed("\(partName) is empty") }
        let outcome: Result<Void, InputError> = bytes.withUnsafeBytes { buffer in
            run(partName: partName, into: &handler) { (events: inout WordEvents) throws(XMLParseError) in
                try XMLPushParser.parse(buffer, documentName: partName, into: &events)
            }
        }
        try outcome.get()
    }

    /// Runs `parse` with the events going through a ``WordEvents`` to `handler`, and says what a
    /// failure means.
    private static func run<Handler: XMLContentHandler>(
        partName: String, into handler: inout Handler, _ parse: (inout WordEvents) throws(XMLParseError) -> Void
    ) -> Result<Void, InputError> {
        withUnsafeMutablePointer(to: &handler) { handlerPointer in
            var events = WordEvents(handler: UnsafeMutableRawPointer(handlerPointer), handlerType: Handler.self)
            defer { events.deallocate() }
            do throws(XMLParseError) {
                try parse(&events)
                return .success(())
            } catch {
                return .failure(inputError(error, partName: partName))
            }
        }
    }

    /// What a failure of the XML parser means to the user: the one place an ``XMLParseError`` becomes
    /// an ``InputError``. libxml2's own account of what is wrong ends the message.
    static func inputError(_ failure: XMLParseError, partName: String) -> InputError {
        switch failure {
        case .cannotStart, .sourceFailed:
            return .malformed("cannot parse \(partName)")
        case .stopped:
            // Only a DOCTYPE stops a parse. Office never writes a DTD; one in a package part is an attack
            // (entity expansion).
            return .malformed("malformed XML in \(partName): a DOCTYPE declaration, which Office files never contain")
        case .malformed(let line, let libraryMessage):
            let message = "malformed XML in \(partName)" + (line > 0 ? " at line \(line)" : "")
            return .malformed(libraryMessage.map { message + ": " + $0 } ?? message)
        case .noRootElement(let libraryMessage):
            let message = "malformed XML in \(partName): no root element"
            return .malformed(libraryMessage.map { message + ": " + $0 } ?? message)
        }
    }
}

/// Turns the parser's events into the DOCX reader's: classifies each element name (by its interned
/// address, so a name is looked at once per document, not once per element), resolves its prefix
/// through the namespace bindings in force, drops the elements no handler acts on, and sends the
/// others to the handler (type-erased: a pointer and its type, through which it is reached).
///
/// The parser works in SAX1 mode, which hands over qualified names and leaves namespaces to the
/// application: it costs a fifth less than SAX2, whose per-element namespace work this reader does
/// not need, since Office declares its namespaces once, on the root.
struct WordEvents: SAXHandler {
    let handler: UnsafeMutableRawPointer
    /// The handler's type. Events go through its witness table; closures capturing the generic type
    /// were retained and released on every event.
    let handlerType: any XMLContentHandler.Type
    var depth = 0
    /// Set by a start tag written `<x/>`: the end event the parser sends next is not passed on.
    var endOfEmptyElement = false
    var scope = NamespaceScope()
    /// What each qualified name means under the bindings in force; emptied when they change.
    var names = InternedNameTable<(ElementName, XMLNamespace)>(capacity: 256)
    /// The name and namespace of each open element, by depth: an end tag always closes the element
    /// its start opened (libxml2 stops at a mismatched one), so its end is classified from here.
    var openElements: UnsafeMutablePointer<(ElementName, XMLNamespace)>
    var openCapacity = 64

    init(handler: UnsafeMutableRawPointer, handlerType: any XMLContentHandler.Type) {
        self.handler = handler
        self.handlerType = handlerType
        openElements = .allocate(capacity: openCapacity)
    }

    func deallocate() {
        names.deallocate()
        openElements.deallocate()
    }

    mutating func startElement(_ qualifiedName: XMLString, attributes: XMLAttributes, parser: SAXParser) {
        let depth = self.depth
        self.depth += 1
        declareNamespaces(attributes, depth: depth)
        let (name, namespace) = classify(qualifiedName, parser)
        push((name, namespace), at: depth)
        if name == .other {
            // Not reported, and neither is its end: whether it is `<x/>` does not matter.
            endOfEmptyElement = false
            return
        }
        let isEmpty = parser.isEmptyElementTag
        endOfEmptyElement = isEmpty
        Self.start(
            handlerType, handler,
            XMLStartElement(
                name: name, namespace: namespace, isEmpty: isEmpty, depth: depth, attributes: attributes))
    }

    mutating func endElement(_ qualifiedName: XMLString, parser: SAXParser) {
        depth -= 1
        let depth = self.depth
        endNamespaces(depth: depth)
        if endOfEmptyElement {
            endOfEmptyElement = false
            return
        }
        let (name, namespace) = openElements[depth]
        if name == .other { return }
        Self.end(handlerType, handler, XMLEndElement(name: name, namespace: namespace, depth: depth))
    }

    mutating func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard !text.isEmpty else { return }
        endOfEmptyElement = false
        Self.text(handlerType, handler, text)
    }

    mutating func cdata(_ text: UnsafeBufferPointer<UInt8>) {
        guard !text.isEmpty else { return }
        Self.text(handlerType, handler, text)
    }

    mutating func doctype(parser: SAXParser) {
        parser.stop()
    }

    /// Records the element opened at `depth`.
    @inline(__always)
    private mutating func push(_ element: (ElementName, XMLNamespace), at depth: Int) {
        if depth == openCapacity { grow() }
        openElements[depth] = element
    }

    @inline(never)
    private mutating func grow() {
        let larger = UnsafeMutablePointer<(ElementName, XMLNamespace)>.allocate(capacity: openCapacity * 2)
        larger.moveInitialize(from: openElements, count: openCapacity)
        openElements.deallocate()
        openElements = larger
        openCapacity *= 2
    }

    // Called with the handler's type opened from `handlerType`.
    private static func start<Handler: XMLContentHandler>(
        _: Handler.Type, _ handler: UnsafeMutableRawPointer, _ element: XMLStartElement
    ) {
        handler.assumingMemoryBound(to: Handler.self).pointee.startElement(element)
    }

    private static func end<Handler: XMLContentHandler>(
        _: Handler.Type, _ handler: UnsafeMutableRawPointer, _ element: XMLEndElement
    ) {
        handler.assumingMemoryBound(to: Handler.self).pointee.endElement(element)
    }

    private static func text<Handler: XMLContentHandler>(
        _: Handler.Type, _ handler: UnsafeMutableRawPointer, _ bytes: UnsafeBufferPointer<UInt8>
    ) {
        handler.assumingMemoryBound(to: Handler.self).pointee.text(bytes)
    }

    static let wordNamespaces = [
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
    ]
    static let compatibilityNamespace = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    static let drawingNamespace = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"

    /// Takes the element's namespace declarations, if any, into the scope.
    @inline(__always)
    private mutating func declareNamespaces(_ attributes: XMLAttributes, depth: Int) {
        guard !attributes.isEmpty else { return }
        if scope.declare(attributes, depth: depth, classify: Self.namespace) { names.removeAll() }
    }

    /// Forgets the declarations of the element at `depth`, which has ended.
    @inline(__always)
    private mutating func endNamespaces(depth: Int) {
        if scope.end(depth: depth) { names.removeAll() }
    }

    @inline(__always)
    private mutating func classify(_ qualifiedName: XMLString, _ parser: SAXParser) -> (ElementName, XMLNamespace) {
        names.cachedValue(for: qualifiedName.address)
            ?? names.insert(
                qualifiedName.address, isInterned: parser.interns(qualifiedName), classifyUncached(qualifiedName))
    }

    @inline(never)
    private func classifyUncached(_ qualifiedName: XMLString) -> (ElementName, XMLNamespace) {
        let name = ElementName.byName[QualifiedName.localPart(qualifiedName).string] ?? .other
        // The namespace of an element no handler acts on does not matter.
        if name == .other { return (.other, .other) }
        return (name, scope.namespace(ofPrefix: QualifiedName.prefix(qualifiedName)))
    }

    private static func namespace(_ uri: XMLString?) -> XMLNamespace {
        guard let uri else { return .other }
        let string = uri.string
        if wordNamespaces.contains(string) { return .word }
        if string == drawingNamespace { return .drawing }
        return string == compatibilityNamespace ? .compatibility : .other
    }
}

/// Maps the names the parser interns in its dictionary to what they mean, by address: an element name
/// is looked at once per document, not once per element. A name the parser does not intern is
/// classified every time (never cached: its memory may be reused).
struct InternedNameTable<Value> {
    private let keys: UnsafeMutablePointer<UInt>
    private let values: UnsafeMutablePointer<Value>
    private let mask: Int
    private var count = 0

    init(capacity: Int) {
        precondition(capacity > 0 && capacity & (capacity - 1) == 0, "capacity must be a power of two")
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0, count: capacity)
        values = .allocate(capacity: capacity)
        mask = capacity - 1
    }

    func deallocate() {
        keys.deallocate()
        values.deallocate()
    }

    /// Forgets every cached value.
    mutating func removeAll() {
        guard count > 0 else { return }
        keys.update(repeating: 0, count: mask + 1)
        count = 0
    }

    /// The value cached for the name at `address`, if any.
    @inline(__always)
    func cachedValue(for address: UInt) -> Value? {
        var slot = Self.slot(for: address, mask: mask)
        while keys[slot] != 0 {
            if keys[slot] == address { return values[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    @inline(__always)
    private static func slot(for address: UInt, mask: Int) -> Int {
        Int((address &* 0x9E37_79B9_7F4A_7C15) >> (UInt.bitWidth - 16)) & mask
    }

    /// Caches `value`, just classified, for a name at `address` not cached yet, if the parser interns the
    /// name. Keeps a quarter of the slots free so probes stay short.
    @inline(never)
    mutating func insert(_ address: UInt, isInterned: @autoclosure () -> Bool, _ value: Value) -> Value {
        var slot = Self.slot(for: address, mask: mask)
        while keys[slot] != 0 { slot = (slot + 1) & mask }
        if count < (mask + 1) * 3 / 4, isInterned() {
            keys[slot] = address
            (values + slot).initialize(to: value)
            count += 1
        }
        return value
    }
}
