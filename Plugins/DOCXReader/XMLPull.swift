import CLibXML2
import GIConvertCore
import GIConvertXML
import GIConvertZip

/// The namespaces the DOCX reader tells apart.
enum XMLNamespace: Sendable, Equatable {
    /// WordprocessingML, transitional or strict.
    case word
    /// Markup compatibility (`mc:AlternateContent`).
    case compatibility
    case other
}

/// One node of a pull parse, valid only during the callback that receives it: attribute look-ups go
/// to the live parser.
struct XMLEvent {
    enum Kind { case start, end, text }
    let kind: Kind
    let namespace: XMLNamespace
    /// The local name of an element; empty for text.
    let name: String
    /// True for `<x/>`: no end event follows.
    let isEmpty: Bool
    let depth: Int
    /// The text of a text node; empty otherwise.
    let text: String
    fileprivate let reader: OpaquePointer

    /// The value of the attribute with local name `localName` (any prefix, so `w:val` and `val`).
    func attribute(_ localName: String) -> String? {
        guard kind == .start, xmlTextReaderHasAttributes(reader) == 1 else { return nil }
        defer { xmlTextReaderMoveToElement(reader) }
        var found: String?
        var more = xmlTextReaderMoveToFirstAttribute(reader)
        while more == 1 {
            if let name = xmlTextReaderConstLocalName(reader), String(cString: name) == localName,
               let value = xmlTextReaderConstValue(reader) {
                found = String(cString: value)
                break
            }
            more = xmlTextReaderMoveToNextAttribute(reader)
        }
        return found
    }

    func `is`(_ namespace: XMLNamespace, _ name: String) -> Bool {
        self.namespace == namespace && self.name == name
    }
}

/// Pull parsing with libxml2's `xmlTextReader`, never loading DTDs, substituting external entities
/// or touching the network (``LibXML/safeXMLOptions``).
enum StreamingParser {
    static let wordNamespaces: Set<String> = [
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
    ]
    static let compatibilityNamespace = "http://schemas.openxmlformats.org/markup-compatibility/2006"

    /// Parses a zip member as it inflates: libxml2 asks for bytes through `reader`, so the member is
    /// never held whole. A failure of the zip reader (size or ratio limit, corrupt data) wins over the
    /// XML error it causes.
    static func parse(
        _ reader: inout ZipEntryReader, partName: String, _ handle: (XMLEvent) -> Void
    ) throws(InputError) {
        LibXML.ensureInitialized()
        let outcome: Result<Void, InputError> = withUnsafeMutablePointer(to: &reader) { pointer in
            let read: xmlInputReadCallback = { context, buffer, length in
                guard let context, let buffer, length > 0 else { return 0 }
                let source = context.assumingMemoryBound(to: ZipEntryReader.self)
                return Int32(source.pointee.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))))
            }
            guard let xml = xmlReaderForIO(read, nil, pointer, partName, nil, LibXML.safeXMLOptions) else {
                return .failure(pointer.pointee.failure ?? .malformed("cannot parse \(partName)"))
            }
            defer { xmlFreeTextReader(xml) }
            let result = run(xml, partName: partName, handle)
            if let failure = pointer.pointee.failure { return .failure(failure) }
            return result
        }
        try outcome.get()
    }

    /// Parses a small part held in memory (`docProps/core.xml`, `word/numbering.xml`).
    static func parse(_ bytes: [UInt8], partName: String, _ handle: (XMLEvent) -> Void) throws(InputError) {
        LibXML.ensureInitialized()
        let outcome: Result<Void, InputError> = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else {
                return .failure(.malformed("\(partName) is empty"))
            }
            let chars = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            guard let xml = xmlReaderForMemory(chars, Int32(clamping: buffer.count), partName, nil, LibXML.safeXMLOptions) else {
                return .failure(.malformed("cannot parse \(partName)"))
            }
            defer { xmlFreeTextReader(xml) }
            return run(xml, partName: partName, handle)
        }
        try outcome.get()
    }

    private static func run(_ xml: OpaquePointer, partName: String, _ handle: (XMLEvent) -> Void) -> Result<Void, InputError> {
        var sawElement = false
        while true {
            let status = xmlTextReaderRead(xml)
            if status == 0 { break }
            if status < 0 {
                let line = xmlTextReaderGetParserLineNumber(xml)
                return .failure(.malformed("malformed XML in \(partName)" + (line > 0 ? " at line \(line)" : "")))
            }
            let type = xmlTextReaderNodeType(xml)
            switch type {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue), Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                sawElement = true
                let name = xmlTextReaderConstLocalName(xml).map { String(cString: $0) } ?? ""
                var namespace = XMLNamespace.other
                if let uri = xmlTextReaderConstNamespaceUri(xml) {
                    let string = String(cString: uri)
                    if wordNamespaces.contains(string) { namespace = .word }
                    else if string == compatibilityNamespace { namespace = .compatibility }
                }
                let isStart = type == Int32(XML_READER_TYPE_ELEMENT.rawValue)
                handle(XMLEvent(
                    kind: isStart ? .start : .end, namespace: namespace, name: name,
                    isEmpty: isStart && xmlTextReaderIsEmptyElement(xml) == 1,
                    depth: Int(xmlTextReaderDepth(xml)), text: "", reader: xml))
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
                 Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue), Int32(XML_READER_TYPE_WHITESPACE.rawValue):
                let text = xmlTextReaderConstValue(xml).map { String(cString: $0) } ?? ""
                handle(XMLEvent(kind: .text, namespace: .other, name: "", isEmpty: false,
                                depth: Int(xmlTextReaderDepth(xml)), text: text, reader: xml))
            case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
                // Office never writes a DTD; one in a package part is an attack (entity expansion).
                return .failure(.malformed("malformed XML in \(partName): a DOCTYPE declaration, which Office files never contain"))
            default:
                break
            }
        }
        if !sawElement { return .failure(.malformed("malformed XML in \(partName): no root element")) }
        return .success(())
    }
}
