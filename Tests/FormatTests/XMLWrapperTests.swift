import GIConvertXML
import TestSupport
import Testing

/// The libxml2 wrapper's SAX API: what a handler receives from the XML push parser and the HTML
/// parser, copied out into Swift values inside each callback.
@Suite("XML wrapper")
struct XMLWrapperTests {
    /// Writes every event as a line of text, so a parse can be compared with what it should give.
    struct EventLog: SAXHandler {
        var events: [String] = []
        var text: [UInt8] = []
        /// Stop the parse at the start of an element with this name.
        var stopAt: String?
        /// Stop the parse at a DOCTYPE declaration.
        var stopsAtDoctype = true
        /// Addresses of interned names, by name.
        var addresses: [String: Set<UInt>] = [:]

        mutating func flushText() {
            if !text.isEmpty { events.append("text \(String(decoding: text, as: UTF8.self))") }
            text = []
        }

        mutating func startElement(_ name: XMLString, attributes: XMLAttributes, parser: SAXParser) {
            flushText()
            let pairs = attributes.map { "\($0.name.string)=\($0.value?.string ?? "")" }
            events.append(
                "start \(name.string)\(pairs.isEmpty ? "" : " " + pairs.joined(separator: " "))\(parser.isEmptyElementTag ? " empty" : "")"
            )
            if parser.interns(name) { addresses[name.string, default: []].insert(name.address) }
            if name.string == stopAt { parser.stop() }
        }

        mutating func endElement(_ name: XMLString, parser: SAXParser) {
            flushText()
            events.append("end \(name.string)")
        }

        mutating func characters(_ text: UnsafeBufferPointer<UInt8>) {
            self.text += text
        }

        mutating func cdata(_ text: UnsafeBufferPointer<UInt8>) {
            flushText()
            events.append("cdata \(String(decoding: text, as: UTF8.self))")
        }

        mutating func comment() {
            flushText()
            events.append("comment")
        }

        mutating func processingInstruction() {
            flushText()
            events.append("pi")
        }

        mutating func doctype(parser: SAXParser) {
            events.append("doctype")
            if stopsAtDoctype { parser.stop() }
        }
    }

    static let document = """
        <?xml version="1.0" encoding="UTF-8"?>
        <w:document xmlns:w="urn:w" xmlns="urn:default"><w:p w:val="a&amp;b" id="7"><w:t>一二&lt;三</w:t><w:br/><!-- note --><?pi data?><x></x></w:p><w:p><![CDATA[<raw>]]></w:p></w:document>
        """

    static let expected = [
        "start w:document xmlns:w=urn:w xmlns=urn:default",
        "start w:p w:val=a&#38;b id=7",
        "start w:t",
        "text 一二<三",
        "end w:t",
        "start w:br empty",
        "end w:br",
        "comment",
        "pi",
        "start x",
        "end x",
        "end w:p",
        "start w:p",
        "cdata <raw>",
        "end w:p",
        "end w:document",
    ]

    /// Parses `bytes` handed over in chunks of seeded random sizes (1 to 9 bytes).
    static func parse(_ bytes: [UInt8], seed: UInt64, into log: inout EventLog) throws(XMLParseError) {
        let storage = copy(bytes)
        defer { storage.deallocate() }
        var random = SplitMix64(seed: seed)
        var position = 0
        try XMLPushParser.parse(documentName: "test.xml", into: &log) { () -> UnsafeRawBufferPointer? in
            let end = min(position + Int(random.next() % 9) + 1, storage.count)
            defer { position = end }
            return UnsafeRawBufferPointer(rebasing: storage[position..<end])
        }
    }

    /// `bytes` in memory that stays put until deallocated.
    static func copy(_ bytes: [UInt8]) -> UnsafeMutableRawBufferPointer {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        storage.copyBytes(from: bytes)
        return storage
    }

    @Test(
        "the push parser gives the same events however the document is cut into chunks",
        arguments: [1, 2, 3, 4] as [UInt64])
    func events(seed: UInt64) throws {
        var log = EventLog()
        try Self.parse(Array(Self.document.utf8), seed: seed, into: &log)
        #expect(log.events == Self.expected)
        // An element name comes interned: one address for all its occurrences.
        #expect(log.addresses["w:p"]?.count == 1)
    }

    @Test("a document in memory parses as one chunk")
    func inMemory() throws {
        var log = EventLog()
        let storage = Self.copy(Array(Self.document.utf8))
        defer { storage.deallocate() }
        try XMLPushParser.parse(UnsafeRawBufferPointer(storage), documentName: "test.xml", into: &log)
        #expect(log.events == Self.expected)
    }

    @Test("malformed XML fails with the line and libxml2's message on one line")
    func malformed() {
        var log = EventLog()
        let bytes = Array("<a>\n<b>\n</a>".utf8)
        do {
            try Self.parse(bytes, seed: 5, into: &log)
            Issue.record("a mismatched end tag was accepted")
        } catch {
            guard case .malformed(let line, let message?) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(line == 3)
            #expect(message.contains("mismatch") && !message.contains("\n"), "\(message)")
        }
    }

    @Test("a handler that stops the parse, a DOCTYPE, no element and a failing source each end it as they should")
    func endings() {
        var log = EventLog(stopAt: "b")
        #expect(throws: XMLParseError.stopped) { try Self.parse(Array("<a><b/><c/></a>".utf8), seed: 6, into: &log) }
        #expect(!log.events.contains { $0.hasPrefix("start c") })
        var doctype = EventLog()
        #expect(throws: XMLParseError.stopped) {
            try Self.parse(Array("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>".utf8), seed: 7, into: &doctype)
        }
        #expect(doctype.events == ["doctype"])
        var empty = EventLog()
        #expect(throws: XMLParseError.self) {
            try Self.parse(Array("<?xml version=\"1.0\"?>".utf8), seed: 8, into: &empty)
        }
        var failing = EventLog()
        var calls = 0
        let storage = Self.copy(Array("<a><b/>".utf8))
        defer { storage.deallocate() }
        #expect(throws: XMLParseError.sourceFailed) {
            try XMLPushParser.parse(documentName: "x", into: &failing) { () -> UnsafeRawBufferPointer? in
                calls += 1
                return calls == 1 ? UnsafeRawBufferPointer(storage) : nil
            }
        }
        var none = EventLog()
        #expect(throws: XMLParseError.cannotStart) {
            try XMLPushParser.parse(documentName: "x", into: &none) { () -> UnsafeRawBufferPointer? in nil }
        }
    }

    @Test("the HTML parser recovers from broken markup and reports comments and the doctype")
    func html() {
        var log = EventLog(stopsAtDoctype: false)
        var page = Array("<!DOCTYPE html><p class=x>一<b>二</p><!-- c --><td>三".utf8)
        page.withUnsafeBufferPointer { _ = HTMLParser.parse($0, into: &log) }
        #expect(log.events.first == "doctype")
        #expect(log.events.contains("start p class=x"))
        #expect(log.events.contains("text 一") && log.events.contains("text 二") && log.events.contains("text 三"))
        #expect(log.events.contains("comment"))
        // A handler may stop the HTML parser too.
        var stopped = EventLog(stopAt: "b")
        page = Array("<p>一<b>二</b><i>三</i></p>".utf8)
        page.withUnsafeBufferPointer { _ = HTMLParser.parse($0, into: &stopped) }
        #expect(!stopped.events.contains("start i"))
    }

    @Test("XMLString compares, counts and slices the bytes it points at")
    func strings() {
        var log = NameLog()
        let storage = Self.copy(Array("<w:tbl xmlns:w='u'/>".utf8))
        defer { storage.deallocate() }
        _ = try? XMLPushParser.parse(UnsafeRawBufferPointer(storage), documentName: "x", into: &log)
        #expect(log.checks == [true, true, true, true, true])
    }

    struct NameLog: SAXHandler {
        var checks: [Bool] = []

        mutating func startElement(_ name: XMLString, attributes: XMLAttributes, parser: SAXParser) {
            checks = [
                name.equals("w:tbl") && !name.equals("w:tb") && !name.equals("w:tbl2"),
                name.count == 5 && Array(name.bytes) == Array("w:tbl".utf8),
                name.dropFirst(2).string == "tbl" && Array(name.prefix(1)) == [UInt8(ascii: "w")],
                attributes.name(at: 0)?.string == "xmlns:w" && attributes.value(at: 0)?.string == "u",
                attributes.name(at: 1) == nil && !attributes.isEmpty,
            ]
        }
    }
}
