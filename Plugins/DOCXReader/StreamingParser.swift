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
    /// SAX1's attribute array: a qualified name and a value per attribute, ended by a null name.
    /// Namespace declarations (`xmlns`, `xmlns:w`) are among them.
    fileprivate let attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

    func `is`(_ namespace: XMLNamespace, _ name: ElementName) -> Bool {
        self.namespace == namespace && self.name == name
    }

    /// The value of the attribute with local name `localName` (any prefix, so `w:val` and `val`).
    /// Namespace declarations count as attributes named by their prefix (`xmlns` for the default
    /// namespace) and come first, as xmlReader's attribute walk has them.
    func attribute(_ localName: StaticString) -> String? {
        guard let attributes else { return nil }
        let wanted = localName.utf8Start
        var i = 0
        while let name = attributes[i] {
            if let prefix = QualifiedName.declaredPrefix(name), xmlStrEqual(prefix, wanted) == 1 {
                return attributes[i + 1].map { String(cString: $0) } ?? ""
            }
            i += 2
        }
        i = 0
        while let name = attributes[i] {
            if QualifiedName.declaredPrefix(name) == nil, xmlStrEqual(QualifiedName.localPart(name), wanted) == 1,
               let value = attributes[i + 1] {
                return Self.decodeAttributeValue(UnsafeBufferPointer(start: value, count: Int(xmlStrlen(value))))
            }
            i += 2
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

/// Streaming parses with libxml2's SAX push parser: no tree is built and no string is made for an
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
                let (outcome, firstError) = LibXML.capturingErrors {
                    drive(sessionPointer, partName: partName, nextChunk: nextChunk)
                }
                // libxml2's own account of what is wrong ends the message; a DOCTYPE needs none.
                if case .failure(.malformed(let message)) = outcome, let firstError, !sessionPointer.pointee.sawDoctype {
                    return .failure(.malformed(message + ": " + firstError))
                }
                return outcome
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
/// pointer and its type, through which the callbacks reach it), the element depth, the namespace
/// bindings and the name cache.
///
/// libxml2 parses in its SAX1 mode, which hands over qualified names and leaves namespaces to the
/// application: it costs a fifth less than SAX2, whose per-element namespace work this reader does
/// not need, since Office declares its namespaces once, on the root.
private struct SAXSession {
    let handler: UnsafeMutableRawPointer
    /// The handler's type. Events go through its witness table; closures capturing the generic type
    /// were retained and released on every event.
    let handlerType: any XMLContentHandler.Type
    var context: xmlParserCtxtPtr?
    /// The parser's dictionary, which interns element names.
    var dictionary: xmlDictPtr?
    var depth = 0
    /// Set by a start tag written `<x/>`: the end event libxml2 sends next is not passed on.
    var endOfEmptyElement = false
    var sawElement = false
    var sawDoctype = false
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

    /// Takes the element's namespace declarations, if any, into the scope.
    @inline(__always)
    mutating func declareNamespaces(_ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, depth: Int) {
        guard let attributes, attributes[0] != nil else { return }
        if scope.declare(attributes, depth: depth, classify: Self.namespace) { names.removeAll() }
    }

    /// Forgets the declarations of the element at `depth`, which has ended.
    @inline(__always)
    mutating func endNamespaces(depth: Int) {
        if scope.end(depth: depth) { names.removeAll() }
    }

    @inline(__always)
    mutating func classify(_ qualifiedName: UnsafePointer<xmlChar>?) -> (ElementName, XMLNamespace) {
        guard let qualifiedName else { return (.other, .other) }
        return names.cachedValue(for: qualifiedName)
            ?? names.insert(qualifiedName, dictionary: dictionary, classifyUncached(qualifiedName))
    }

    @inline(never)
    private func classifyUncached(_ qualifiedName: UnsafePointer<xmlChar>) -> (ElementName, XMLNamespace) {
        let name = ElementName.byName[String(cString: QualifiedName.localPart(qualifiedName))] ?? .other
        // The namespace of an element no handler acts on does not matter.
        if name == .other { return (.other, .other) }
        return (name, scope.namespace(ofPrefix: QualifiedName.prefix(qualifiedName)))
    }

    private static func namespace(_ uri: UnsafePointer<xmlChar>?) -> XMLNamespace {
        guard let uri else { return .other }
        let string = String(cString: uri)
        if wordNamespaces.contains(string) { return .word }
        return string == compatibilityNamespace ? .compatibility : .other
    }

    static func handlerCallbacks() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        // SAX1: not XML_SAX2_MAGIC.
        sax.initialized = 1
        sax.startElement = { context, qualifiedName, attributes in
            let session = context!.assumingMemoryBound(to: SAXSession.self)
            let depth = session.pointee.depth
            session.pointee.depth += 1
            session.pointee.sawElement = true
            session.pointee.declareNamespaces(attributes, depth: depth)
            let (name, namespace) = session.pointee.classify(qualifiedName)
            session.pointee.push((name, namespace), at: depth)
            if name == .other {
                // Not reported, and neither is its end: whether it is `<x/>` does not matter.
                session.pointee.endOfEmptyElement = false
                return
            }
            // xmlReader's test for `<x/>`: the parser stops right before "/>".
            var isEmpty = false
            if let cur = session.pointee.context?.pointee.input?.pointee.cur, cur[0] == UInt8(ascii: "/"), cur[1] == UInt8(ascii: ">") {
                isEmpty = true
            }
            session.pointee.endOfEmptyElement = isEmpty
            session.pointee.start(XMLStartElement(
                name: name, namespace: namespace, isEmpty: isEmpty, depth: depth, attributes: attributes))
        }
        sax.endElement = { context, _ in
            let session = context!.assumingMemoryBound(to: SAXSession.self)
            session.pointee.depth -= 1
            let depth = session.pointee.depth
            session.pointee.endNamespaces(depth: depth)
            if session.pointee.endOfEmptyElement {
                session.pointee.endOfEmptyElement = false
                return
            }
            let (name, namespace) = session.pointee.openElements[depth]
            if name == .other { return }
            session.pointee.end(XMLEndElement(name: name, namespace: namespace, depth: depth))
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

    /// Forgets every cached value.
    mutating func removeAll() {
        guard count > 0 else { return }
        keys.update(repeating: nil, count: mask + 1)
        count = 0
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
