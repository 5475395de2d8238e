import CLibXML2

/// A NUL-terminated UTF-8 string the parser hands to a ``SAXHandler`` callback (an element or
/// attribute name, an attribute value). It points into the parser's buffers: valid only during the
/// callback that receives it; keep ``string`` or a copy of ``bytes``, never the value itself.
public struct XMLString {
    @usableFromInline let start: UnsafePointer<UInt8>

    @usableFromInline init(_ start: UnsafePointer<UInt8>) {
        self.start = start
    }

    /// The byte at `offset`, which may be at most ``count`` (the terminating NUL).
    @inlinable public subscript(offset: Int) -> UInt8 { start[offset] }

    /// The string from byte `offset` on (at most ``count``).
    @inlinable public func dropFirst(_ offset: Int) -> XMLString { XMLString(start + offset) }

    /// The number of bytes before the terminating NUL.
    @inlinable public var count: Int {
        var length = 0
        while start[length] != 0 { length += 1 }
        return length
    }

    /// The bytes, without the terminating NUL; valid only during the callback.
    @inlinable public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }

    /// The first `length` bytes (at most ``count``); valid only during the callback.
    @inlinable public func prefix(_ length: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: start, count: length)
    }

    /// The text, ill-formed UTF-8 repaired.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Where the string is. Names the parser interns (see ``SAXParser/interns(_:)``) have one address for
    /// the whole parse, so equal addresses mean equal names, and an address is a cache key for what a
    /// name means; the address itself must never be read from.
    @inlinable public var address: UInt { UInt(bitPattern: start) }

    /// True when the string is `other` exactly.
    @inlinable public func equals(_ other: StaticString) -> Bool {
        let wanted = other.utf8Start
        var index = 0
        while index < other.utf8CodeUnitCount {
            if start[index] != wanted[index] { return false }
            index += 1
        }
        return start[index] == 0
    }
}

/// An element's attributes as the parser lists them (SAX1: every attribute, namespace declarations
/// included, by qualified name, in document order). Valid only during the callback.
public struct XMLAttributes: Sequence {
    @usableFromInline let list: UnsafePointer<UnsafePointer<UInt8>?>?

    @usableFromInline init(_ list: UnsafePointer<UnsafePointer<UInt8>?>?) {
        self.list = list
    }

    /// True when the element has no attribute.
    @inlinable public var isEmpty: Bool { list?[0] == nil }

    /// The name of the attribute at `position` (0, 1, …), nil past the last one.
    @inlinable public func name(at position: Int) -> XMLString? {
        list?[2 * position].map(XMLString.init)
    }

    /// The value of the attribute at `position`, if it has one.
    @inlinable public func value(at position: Int) -> XMLString? {
        list?[2 * position + 1].map(XMLString.init)
    }

    public struct Attribute {
        public let name: XMLString
        public let value: XMLString?

        @usableFromInline init(name: XMLString, value: XMLString?) {
            self.name = name
            self.value = value
        }
    }

    public struct Iterator: IteratorProtocol {
        @usableFromInline let attributes: XMLAttributes
        @usableFromInline var position = 0

        @usableFromInline init(_ attributes: XMLAttributes) {
            self.attributes = attributes
        }

        @inlinable public mutating func next() -> Attribute? {
            guard let name = attributes.name(at: position) else { return nil }
            defer { position += 1 }
            return Attribute(name: name, value: attributes.value(at: position))
        }
    }

    @inlinable public func makeIterator() -> Iterator { Iterator(self) }
}

/// The running parser, as a callback sees it: valid only during the callback.
public struct SAXParser {
    let context: xmlParserCtxtPtr

    init(_ context: xmlParserCtxtPtr) {
        self.context = context
    }

    /// Stops the parse: no event follows. The XML parser's result is then ``XMLParseError/stopped``.
    public func stop() {
        SAXSession.of(context).pointee.stopped = true
        xmlStopParser(context)
    }

    /// True when the parser's name dictionary owns `name`: every later occurrence of the name in this
    /// parse comes at the same ``XMLString/address``.
    public func interns(_ name: XMLString) -> Bool {
        guard let dictionary = context.pointee.dict else { return false }
        return xmlDictOwns(dictionary, name.start) == 1
    }

    /// In ``SAXHandler/startElement(_:attributes:parser:)``, true when the element is written `<x/>`:
    /// its end event follows at once (the test libxml2's xmlReader makes: the input stops at `/>`).
    public var isEmptyElementTag: Bool {
        guard let cur = context.pointee.input?.pointee.cur else { return false }
        return cur[0] == UInt8(ascii: "/") && cur[1] == UInt8(ascii: ">")
    }

    /// The line the parser is at (1 for the first), 0 when unknown.
    public var line: Int { Int(context.pointee.input?.pointee.line ?? 0) }
}

/// Receives a parse's events. Every name, attribute and text is valid only during the call that
/// receives it. Events the handler does not implement are ignored.
public protocol SAXHandler {
    /// An element starts (`<x/>` too, which is followed by its end at once).
    mutating func startElement(_ name: XMLString, attributes: XMLAttributes, parser: SAXParser)
    /// An element ends.
    mutating func endElement(_ name: XMLString, parser: SAXParser)
    /// Character data, UTF-8; one text may come in several pieces. Entity and character references are
    /// decoded, except that the XML parser hands `&amp;` inside an attribute value over as `&#38;`.
    mutating func characters(_ text: UnsafeBufferPointer<UInt8>)
    /// A CDATA section's content, UTF-8 (by default, character data).
    mutating func cdata(_ text: UnsafeBufferPointer<UInt8>)
    /// A comment.
    mutating func comment()
    /// A processing instruction.
    mutating func processingInstruction()
    /// A DOCTYPE declaration.
    mutating func doctype(parser: SAXParser)

    // How the parser reaches a handler it holds as a pointer and its type: one call through the
    // conformance's witness table to code specialized for the handler. Not for handlers to implement.
    static func _startElement(
        _ handler: UnsafeMutableRawPointer, _ name: XMLString, _ attributes: XMLAttributes, _ parser: SAXParser)
    static func _endElement(_ handler: UnsafeMutableRawPointer, _ name: XMLString, _ parser: SAXParser)
    static func _characters(_ handler: UnsafeMutableRawPointer, _ text: UnsafeBufferPointer<UInt8>)
    static func _cdata(_ handler: UnsafeMutableRawPointer, _ text: UnsafeBufferPointer<UInt8>)
    static func _comment(_ handler: UnsafeMutableRawPointer)
    static func _processingInstruction(_ handler: UnsafeMutableRawPointer)
    static func _doctype(_ handler: UnsafeMutableRawPointer, _ parser: SAXParser)
}

extension SAXHandler {
    public mutating func endElement(_ name: XMLString, parser: SAXParser) {}
    public mutating func characters(_ text: UnsafeBufferPointer<UInt8>) {}
    public mutating func cdata(_ text: UnsafeBufferPointer<UInt8>) { characters(text) }
    public mutating func comment() {}
    public mutating func processingInstruction() {}
    public mutating func doctype(parser: SAXParser) {}

    @inlinable public static func _startElement(
        _ handler: UnsafeMutableRawPointer, _ name: XMLString, _ attributes: XMLAttributes, _ parser: SAXParser
    ) {
        handler.assumingMemoryBound(to: Self.self).pointee.startElement(name, attributes: attributes, parser: parser)
    }

    @inlinable public static func _endElement(
        _ handler: UnsafeMutableRawPointer, _ name: XMLString, _ parser: SAXParser
    ) {
        handler.assumingMemoryBound(to: Self.self).pointee.endElement(name, parser: parser)
    }

    @inlinable public static func _characters(_ handler: UnsafeMutableRawPointer, _ text: UnsafeBufferPointer<UInt8>) {
        handler.assumingMemoryBound(to: Self.self).pointee.characters(text)
    }

    @inlinable public static func _cdata(_ handler: UnsafeMutableRawPointer, _ text: UnsafeBufferPointer<UInt8>) {
        handler.assumingMemoryBound(to: Self.self).pointee.cdata(text)
    }

    @inlinable public static func _comment(_ handler: UnsafeMutableRawPointer) {
        handler.assumingMemoryBound(to: Self.self).pointee.comment()
    }

    @inlinable public static func _processingInstruction(_ handler: UnsafeMutableRawPointer) {
        handler.assumingMemoryBound(to: Self.self).pointee.processingInstruction()
    }

    @inlinable public static func _doctype(_ handler: UnsafeMutableRawPointer, _ parser: SAXParser) {
        handler.assumingMemoryBound(to: Self.self).pointee.doctype(parser: parser)
    }
}

/// What the C callbacks reach through the parser context's `_private`: the handler, type-erased (a
/// pointer and its type: events go through the type's witness table, as a closure capturing the
/// generic type would be retained and released on every event), and what the parse saw.
struct SAXSession {
    let handler: UnsafeMutableRawPointer
    let handlerType: any SAXHandler.Type
    var stopped = false
    var sawElement = false

    static func of(_ context: xmlParserCtxtPtr) -> UnsafeMutablePointer<SAXSession> {
        context.pointee._private.assumingMemoryBound(to: SAXSession.self)
    }

    /// Runs `body` with a session for `handler` that the callbacks reach through `context`.
    static func with<Handler: SAXHandler, R>(
        _ handler: inout Handler, on context: xmlParserCtxtPtr, _ body: (UnsafeMutablePointer<SAXSession>) -> R
    ) -> R {
        withUnsafeMutablePointer(to: &handler) { handlerPointer in
            var session = SAXSession(handler: UnsafeMutableRawPointer(handlerPointer), handlerType: Handler.self)
            return withUnsafeMutablePointer(to: &session) { sessionPointer in
                context.pointee._private = UnsafeMutableRawPointer(sessionPointer)
                defer { context.pointee._private = nil }
                return body(sessionPointer)
            }
        }
    }

    private static func context(_ raw: UnsafeMutableRawPointer?) -> xmlParserCtxtPtr {
        raw!.assumingMemoryBound(to: xmlParserCtxt.self)
    }

    /// The SAX1 callbacks (not `XML_SAX2_MAGIC`: qualified names, no namespace processing, which costs
    /// a fifth less). The parser must hand the callbacks its context as user data (its default).
    /// `whitespaceAsCharacters` also reports ignorable whitespace as character data (the XML parser's
    /// default handlers do; libxml2 then never tells them apart).
    static func callbacks(whitespaceAsCharacters: Bool) -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.initialized = 1
        sax.startElement = { raw, name, attributes in
            guard let name else { return }
            let context = SAXSession.context(raw)
            let session = SAXSession.of(context)
            session.pointee.sawElement = true
            session.pointee.handlerType._startElement(
                session.pointee.handler, XMLString(name), XMLAttributes(UnsafePointer(attributes)), SAXParser(context))
        }
        sax.endElement = { raw, name in
            guard let name else { return }
            let context = SAXSession.context(raw)
            let session = SAXSession.of(context)
            session.pointee.handlerType._endElement(session.pointee.handler, XMLString(name), SAXParser(context))
        }
        let characters: charactersSAXFunc = { raw, bytes, count in
            guard let bytes else { return }
            let session = SAXSession.of(SAXSession.context(raw))
            session.pointee.handlerType._characters(
                session.pointee.handler, UnsafeBufferPointer(start: bytes, count: Int(count)))
        }
        sax.characters = characters
        if whitespaceAsCharacters { sax.ignorableWhitespace = characters }
        sax.cdataBlock = { raw, bytes, count in
            guard let bytes else { return }
            let session = SAXSession.of(SAXSession.context(raw))
            session.pointee.handlerType._cdata(
                session.pointee.handler, UnsafeBufferPointer(start: bytes, count: Int(count)))
        }
        sax.comment = { raw, _ in
            let session = SAXSession.of(SAXSession.context(raw))
            session.pointee.handlerType._comment(session.pointee.handler)
        }
        sax.processingInstruction = { raw, _, _ in
            let session = SAXSession.of(SAXSession.context(raw))
            session.pointee.handlerType._processingInstruction(session.pointee.handler)
        }
        sax.internalSubset = { raw, _, _, _ in
            let context = SAXSession.context(raw)
            let session = SAXSession.of(context)
            session.pointee.handlerType._doctype(session.pointee.handler, SAXParser(context))
        }
        return sax
    }
}
