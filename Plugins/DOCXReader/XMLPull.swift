import CLibXML2
import GIConvertCore
import GIConvertXML
import GIConvertZip

/// The namespaces the DOCX reader tells apart.
enum XMLNamespace: UInt8, Sendable, Equatable {
    /// WordprocessingML, transitional or strict.
    case word
    /// Markup compatibility (`mc:AlternateContent`).
    case compatibility
    case other
}

/// The element local names the DOCX reader acts on; every other name is `.other`. Each case is
/// spelled exactly as the XML name it stands for (hence `Fallback`).
enum ElementName: UInt8, CaseIterable, Sendable {
    case other
    // word/document.xml
    case p, pPr, pStyle, numId, ilvl, r, rPr, vanish, specVanish, t, tab, ptab, br, cr, noBreakHyphen, sym
    case fldChar, tbl, altChunk, tr, trPr, gridBefore, gridAfter, tc, gridSpan, vMerge, hMerge
    // Elements whose content Word does not show as text: from `del` to `endnotePr`, see `isHiddenContent`.
    case del, moveFrom, delText, delInstrText, instrText, sdtPr, sdtEndPr
    case pPrChange, rPrChange, sectPrChange, tblPrChange, tblPrExChange, tcPrChange
    case trPrChange, tblGridChange, numberingChange, sectPr, tblGrid, footnotePr, endnotePr
    // mc:Fallback
    case Fallback
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
    /// SAX2's attribute array: five pointers per attribute (local name, prefix, URI, value, value end).
    fileprivate let attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    fileprivate let attributeCount: Int
    /// SAX2's namespace declarations: two pointers per declaration (prefix, URI).
    fileprivate let namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    fileprivate let namespaceCount: Int

    func `is`(_ namespace: XMLNamespace, _ name: ElementName) -> Bool {
        self.namespace == namespace && self.name == name
    }

    /// The value of the attribute with local name `localName` (any prefix, so `w:val` and `val`).
    /// Namespace declarations count as attributes named by their prefix (`xmlns` for the default
    /// namespace) and come first, as xmlReader's attribute walk has them.
    func attribute(_ localName: StaticString) -> String? {
        let wanted = localName.utf8Start
        if let namespaces {
            for i in 0..<namespaceCount {
                let name = namespaces[2 * i] ?? ("xmlns" as StaticString).utf8Start
                if xmlStrEqual(name, wanted) == 1 {
                    return namespaces[2 * i + 1].map { String(cString: $0) } ?? ""
                }
            }
        }
        guard let attributes else { return nil }
        for i in 0..<attributeCount {
            guard let name = attributes[5 * i], xmlStrEqual(name, wanted) == 1,
                  let value = attributes[5 * i + 3], let end = attributes[5 * i + 4]
            else { continue }
            return Self.decodeAttributeValue(UnsafeBufferPointer(start: value, count: end - value))
        }
        return nil
    }

    /// Without entity substitution libxml2's SAX2 hands over `&amp;` (and `&#38;`) in an attribute value
    /// as the text `&#38;`, which its tree builder decodes; every other reference arrives decoded (and a
    /// document without a DTD has no other entities). Decodes it the same way.
    private static func decodeAttributeValue(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        let escaped = Array("&#38;".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "&"), i + escaped.count <= bytes.count,
               bytes[i..<(i + escaped.count)].elementsEqual(escaped) {
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

/// Streaming parses with libxml2's SAX2 push parser: no tree is built and no string is made for an
/// element name. Never loads DTDs, substitutes entities or touches the network
/// (``LibXML/safeXMLOptions``), and stops at a DOCTYPE declaration, which Office never writes.
///
/// The events are those libxml2's xmlReader gives (which parses with the same push parser), so
/// errors and empty elements come out the same: `<x/>` is one start with `isEmpty`, `<x></x>` a start
/// and an end.
enum StreamingParser {
    /// Parses a zip member as it inflates, so the member is never held whole. A failure of the zip
    /// reader (size or ratio limit, corrupt data) wins over the XML error it causes.
    static func parse<Handler: XMLContentHandler>(
        _ reader: inout ZipEntryReader, partName: String, into handler: inout Handler
    ) throws(InputError) {
        LibXML.ensureInitialized()
        let chunkSize = 1 << 16
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 1)
        defer { chunk.deallocate() }
        var failure: InputError?
        let outcome = run(partName: partName, into: &handler) { () -> UnsafeRawBufferPointer? in
            let count = reader.read(into: chunk)
            if count < 0 {
                failure = reader.failure
                return nil
            }
            return UnsafeRawBufferPointer(rebasing: chunk[0..<count])
        }
        if let failure { throw failure }
        try outcome.get()
    }

    /// Parses a small part held in memory (`docProps/core.xml`, `word/numbering.xml`).
    static func parse<Handler: XMLContentHandler>(
        _ bytes: [UInt8], partName: String, into handler: inout Handler
    ) throws(InputError) {
        LibXML.ensureInitialized()
        if bytes.isEmpty { throw .malformed("\(partName) is empty") }
        let outcome: Result<Void, InputError> = bytes.withUnsafeBytes { buffer in
            var delivered = false
            return run(partName: partName, into: &handler) { () -> UnsafeRawBufferPointer? in
                defer { delivered = true }
                return delivered ? UnsafeRawBufferPointer(start: nil, count: 0) : buffer
            }
        }
        try outcome.get()
    }

    /// Drives the push parser with the chunks `nextChunk` returns (empty at the end, nil when the
    /// source failed).
    private static func run<Handler: XMLContentHandler>(
        partName: String, into handler: inout Handler, nextChunk: () -> UnsafeRawBufferPointer?
    ) -> Result<Void, InputError> {
        withUnsafeMutablePointer(to: &handler) { handlerPointer in
            var session = SAXSession(handler: UnsafeMutableRawPointer(handlerPointer), handlerType: Handler.self)
            defer { session.deallocate() }
            return withUnsafeMutablePointer(to: &session) { sessionPointer in
                drive(sessionPointer, partName: partName, nextChunk: nextChunk)
            }
        }
    }

    private static func drive(
        _ session: UnsafeMutablePointer<SAXSession>, partName: String, nextChunk: () -> UnsafeRawBufferPointer?
    ) -> Result<Void, InputError> {
        var sax = SAXSession.handlerCallbacks()
        guard var pending = nextChunk() else { return .failure(.malformed("cannot parse \(partName)")) }
        // Like xmlReader: the first four bytes go to the context, which detects the encoding from them.
        let head = min(4, pending.count)
        guard let context = xmlCreatePushParserCtxt(
            &sax, session, pending.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(head), partName)
        else { return .failure(.malformed("cannot parse \(partName)")) }
        defer { xmlFreeParserCtxt(context) }
        xmlCtxtUseOptions(context, LibXML.safeXMLOptions)
        session.pointee.context = context
        session.pointee.dictionary = context.pointee.dict
        pending = UnsafeRawBufferPointer(rebasing: pending[head...])

        func malformed() -> InputError {
            if session.pointee.sawDoctype {
                // Office never writes a DTD; one in a package part is an attack (entity expansion).
                return .malformed("malformed XML in \(partName): a DOCTYPE declaration, which Office files never contain")
            }
            let line = context.pointee.input?.pointee.line ?? 0
            return .malformed("malformed XML in \(partName)" + (line > 0 ? " at line \(line)" : ""))
        }
        while true {
            let finished = pending.isEmpty
            let status = xmlParseChunk(
                context, pending.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(pending.count), finished ? 1 : 0)
            if status != 0 || context.pointee.wellFormed == 0 || session.pointee.sawDoctype { return .failure(malformed()) }
            if finished { break }
            guard let next = nextChunk() else { return .failure(.malformed("cannot parse \(partName)")) }
            pending = next
        }
        if !session.pointee.sawElement { return .failure(.malformed("malformed XML in \(partName): no root element")) }
        return .success(())
    }
}

/// The state the C callbacks reach through the parser's user data: the handler (type-erased: a
/// pointer and its type, through which the callbacks reach it), the element depth and the name caches.
private struct SAXSession {
    let handler: UnsafeMutableRawPointer
    /// The handler's type. Events go through its witness table; closures capturing the generic type
    /// were retained and released on every event.
    let handlerType: any XMLContentHandler.Type
    var context: xmlParserCtxtPtr?
    /// The parser's dictionary, which interns element names and namespace URIs.
    var dictionary: xmlDictPtr?
    var depth = 0
    /// Set by a start tag written `<x/>`: the end event libxml2 sends next is not passed on.
    var endOfEmptyElement = false
    var sawElement = false
    var sawDoctype = false
    var names = InternedNameTable<ElementName>(capacity: 256)
    var namespaces = InternedNameTable<XMLNamespace>(capacity: 16)
    /// The last namespace URI classified and its meaning: nearly every element of a part is in the same
    /// namespace, so one pointer comparison usually answers. Only a URI the dictionary owns is kept.
    var lastURI: UnsafePointer<xmlChar>?
    var lastNamespace = XMLNamespace.other
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
        namespaces.deallocate()
        openElements.deallocate()
    }

    /// Records the element opened at `depth`.
    @inline(__always)
    mutating func push(_ element: (ElementName, XMLNamespace), at depth: Int) {
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

    func start(_ element: XMLStartElement) {
        Self.start(handlerType, handler, element)
    }

    func end(_ element: XMLEndElement) {
        Self.end(handlerType, handler, element)
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        Self.text(handlerType, handler, bytes)
    }

    // Called with the handler's type opened from `handlerType`.
    private static func start<Handler: XMLContentHandler>(_: Handler.Type, _ handler: UnsafeMutableRawPointer, _ element: XMLStartElement) {
        handler.assumingMemoryBound(to: Handler.self).pointee.startElement(element)
    }

    private static func end<Handler: XMLContentHandler>(_: Handler.Type, _ handler: UnsafeMutableRawPointer, _ element: XMLEndElement) {
        handler.assumingMemoryBound(to: Handler.self).pointee.endElement(element)
    }

    private static func text<Handler: XMLContentHandler>(_: Handler.Type, _ handler: UnsafeMutableRawPointer, _ bytes: UnsafeBufferPointer<UInt8>) {
        handler.assumingMemoryBound(to: Handler.self).pointee.text(bytes)
    }

    static let wordNamespaces = [
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
    ]
    static let compatibilityNamespace = "http://schemas.openxmlformats.org/markup-compatibility/2006"

    @inline(__always)
    mutating func elementName(_ localName: UnsafePointer<xmlChar>?) -> ElementName {
        guard let localName else { return .other }
        return names.cachedValue(for: localName) ?? names.insert(localName, dictionary: dictionary, Self.elementName(localName))
    }

    @inline(__always)
    mutating func namespace(_ uri: UnsafePointer<xmlChar>?) -> XMLNamespace {
        guard let uri else { return .other }
        if uri == lastURI { return lastNamespace }
        return classifyNamespace(uri)
    }

    @inline(never)
    private mutating func classifyNamespace(_ uri: UnsafePointer<xmlChar>) -> XMLNamespace {
        let namespace = namespaces.cachedValue(for: uri) ?? namespaces.insert(uri, dictionary: dictionary, Self.namespace(uri))
        if let dictionary, xmlDictOwns(dictionary, uri) == 1 {
            lastURI = uri
            lastNamespace = namespace
        }
        return namespace
    }

    @inline(never)
    private static func elementName(_ localName: UnsafePointer<xmlChar>) -> ElementName {
        ElementName.byName[String(cString: localName)] ?? .other
    }

    private static func namespace(_ uri: UnsafePointer<xmlChar>) -> XMLNamespace {
        let string = String(cString: uri)
        if wordNamespaces.contains(string) { return .word }
        return string == compatibilityNamespace ? .compatibility : .other
    }

    static func handlerCallbacks() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC
        sax.startElementNs = { context, localName, _, uri, namespaceCount, namespaces, attributeCount, _, attributes in
            let session = context!.assumingMemoryBound(to: SAXSession.self)
            let depth = session.pointee.depth
            session.pointee.depth += 1
            session.pointee.sawElement = true
            let name = session.pointee.elementName(localName)
            if name == .other {
                // Not reported, and neither is its end: whether it is `<x/>` does not matter.
                session.pointee.push((.other, .other), at: depth)
                session.pointee.endOfEmptyElement = false
                return
            }
            let namespace = session.pointee.namespace(uri)
            session.pointee.push((name, namespace), at: depth)
            // xmlReader's test for `<x/>`: the parser stops right before "/>".
            var isEmpty = false
            if let cur = session.pointee.context?.pointee.input?.pointee.cur, cur[0] == UInt8(ascii: "/"), cur[1] == UInt8(ascii: ">") {
                isEmpty = true
            }
            session.pointee.endOfEmptyElement = isEmpty
            session.pointee.start(XMLStartElement(
                name: name, namespace: namespace, isEmpty: isEmpty, depth: depth,
                attributes: attributes, attributeCount: Int(attributeCount),
                namespaces: namespaces, namespaceCount: Int(namespaceCount)))
        }
        sax.endElementNs = { context, _, _, _ in
            let session = context!.assumingMemoryBound(to: SAXSession.self)
            session.pointee.depth -= 1
            if session.pointee.endOfEmptyElement {
                session.pointee.endOfEmptyElement = false
                return
            }
            let (name, namespace) = session.pointee.openElements[session.pointee.depth]
            if name == .other { return }
            session.pointee.end(XMLEndElement(name: name, namespace: namespace, depth: session.pointee.depth))
        }
        let characters: charactersSAXFunc = { context, bytes, count in
            guard let bytes, count > 0 else { return }
            let session = context!.assumingMemoryBound(to: SAXSession.self)
            session.pointee.endOfEmptyElement = false
            session.pointee.text(UnsafeBufferPointer(start: bytes, count: Int(count)))
        }
        sax.characters = characters
        sax.ignorableWhitespace = characters
        sax.cdataBlock = { context, bytes, count in
            guard let bytes, count > 0 else { return }
            let session = context!.assumingMemoryBound(to: SAXSession.self)
            session.pointee.text(UnsafeBufferPointer(start: bytes, count: Int(count)))
        }
        sax.internalSubset = { context, _, _, _ in
            let session = context!.assumingMemoryBound(to: SAXSession.self)
            session.pointee.sawDoctype = true
            if let parser = session.pointee.context { xmlStopParser(parser) }
        }
        return sax
    }
}

/// Maps the names libxml2 interns in its parser dictionary to what they mean, by pointer: an element
/// name is looked at once per document, not once per element. A name not owned by the dictionary is
/// classified every time (never cached: its memory may be reused).
private struct InternedNameTable<Value> {
    private let keys: UnsafeMutablePointer<UnsafePointer<xmlChar>?>
    private let values: UnsafeMutablePointer<Value>
    private let mask: Int
    private var count = 0

    init(capacity: Int) {
        precondition(capacity > 0 && capacity & (capacity - 1) == 0, "capacity must be a power of two")
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: nil, count: capacity)
        values = .allocate(capacity: capacity)
        mask = capacity - 1
    }

    func deallocate() {
        keys.deallocate()
        values.deallocate()
    }

    /// The value cached for `name`, if any.
    @inline(__always)
    func cachedValue(for name: UnsafePointer<xmlChar>) -> Value? {
        var slot = Self.slot(for: name, mask: mask)
        while let key = keys[slot] {
            if key == name { return values[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    @inline(__always)
    private static func slot(for name: UnsafePointer<xmlChar>, mask: Int) -> Int {
        Int((UInt(bitPattern: name) &* 0x9E37_79B9_7F4A_7C15) >> (UInt.bitWidth - 16)) & mask
    }

    /// Caches `value`, just classified, for a `name` not cached yet, if the parser's dictionary owns the
    /// name. Keeps a quarter of the slots free so probes stay short.
    @inline(never)
    mutating func insert(_ name: UnsafePointer<xmlChar>, dictionary: xmlDictPtr?, _ value: Value) -> Value {
        var slot = Self.slot(for: name, mask: mask)
        while keys[slot] != nil { slot = (slot + 1) & mask }
        if count < (mask + 1) * 3 / 4, let dictionary, xmlDictOwns(dictionary, name) == 1 {
            keys[slot] = name
            (values + slot).initialize(to: value)
            count += 1
        }
        return value
    }
}
