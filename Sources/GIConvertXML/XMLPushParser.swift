import CLibXML2

/// Why an XML document could not be parsed to its end.
public enum XMLParseError: Error, Equatable, Sendable {
    /// The parser could not be made, or the source had no first chunk.
    case cannotStart
    /// The source failed (`nextChunk` returned nil) after the first chunk.
    case sourceFailed
    /// The document is not well-formed XML. `line` is where the parser stopped (0 when unknown);
    /// `libraryMessage` is libxml2's first message about it, on one line.
    case malformed(line: Int, libraryMessage: String?)
    /// The handler stopped the parse (``SAXParser/stop()``).
    case stopped
    /// The document ended without any element. `libraryMessage` as for ``malformed(line:libraryMessage:)``.
    case noRootElement(libraryMessage: String?)
}

/// Streaming XML parses with libxml2's SAX push parser: no tree is built and no string is made for an
/// element name. Never loads DTDs, substitutes entities or touches the network, and never prints.
///
/// The events are those libxml2's xmlReader gives (which parses with the same push parser), so errors
/// come out the same.
public enum XMLPushParser {
    /// Parses the document whose bytes `nextChunk` returns, chunk by chunk (an empty chunk at the end,
    /// nil when the source failed), reporting its events to `handler`. `documentName` names the document
    /// in libxml2's messages.
    public static func parse<Handler: SAXHandler>(
        documentName: String, into handler: inout Handler, nextChunk: () -> UnsafeRawBufferPointer?
    ) throws(XMLParseError) {
        var pending: UnsafeRawBufferPointer
        if let first = nextChunk() { pending = first } else { throw .cannotStart }
        let (outcome, firstError) = LibXML.capturingErrors { () -> Result<Void, XMLParseError> in
            var sax = SAXSession.callbacks(whitespaceAsCharacters: true)
            // Like xmlReader: the first four bytes go to the context, which detects the encoding from them.
            let head = min(4, pending.count)
            guard
                let context = xmlCreatePushParserCtxt(
                    &sax, nil, pending.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(head), documentName)
            else { return .failure(.cannotStart) }
            defer { xmlFreeParserCtxt(context) }
            xmlCtxtUseOptions(context, LibXML.safeXMLOptions)
            pending = UnsafeRawBufferPointer(rebasing: pending[head...])
            // A first chunk the context took whole is not the end of the document.
            if head > 0, pending.isEmpty {
                guard let next = nextChunk() else { return .failure(.sourceFailed) }
                pending = next
            }
            return SAXSession.with(&handler, on: context) { session -> Result<Void, XMLParseError> in
                while true {
                    let finished = pending.isEmpty
                    let status = xmlParseChunk(
                        context, pending.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(pending.count),
                        finished ? 1 : 0)
                    if session.pointee.stopped { return .failure(.stopped) }
                    if status != 0 || context.pointee.wellFormed == 0 {
                        return .failure(
                            .malformed(line: Int(context.pointee.input?.pointee.line ?? 0), libraryMessage: nil))
                    }
                    if finished { break }
                    guard let next = nextChunk() else { return .failure(.sourceFailed) }
                    pending = next
                }
                return session.pointee.sawElement ? .success(()) : .failure(.noRootElement(libraryMessage: nil))
            }
        }
        switch outcome {
        case .success: return
        case .failure(.malformed(let line, _)): throw .malformed(line: line, libraryMessage: firstError)
        case .failure(.noRootElement): throw .noRootElement(libraryMessage: firstError)
        case .failure(let failure): throw failure
        }
    }

    /// Parses a document held in memory.
    public static func parse<Handler: SAXHandler>(
        _ bytes: UnsafeRawBufferPointer, documentName: String, into handler: inout Handler
    ) throws(XMLParseError) {
        var delivered = false
        try parse(documentName: documentName, into: &handler) { () -> UnsafeRawBufferPointer? in
            defer { delivered = true }
            return delivered ? UnsafeRawBufferPointer(start: nil, count: 0) : bytes
        }
    }
}

/// libxml2's forgiving HTML parser.
public enum HTMLParser {
    /// Parses the UTF-8 page in `page`, reporting its events to `handler`. Malformed markup is recovered
    /// from as browsers would (every error is dropped); nothing is fetched. Returns libxml2's first
    /// message about the page, if it had any.
    @discardableResult
    public static func parse<Handler: SAXHandler>(_ page: UnsafeBufferPointer<UInt8>, into handler: inout Handler)
        -> String?
    {
        LibXML.ensureInitialized()
        guard let context = htmlNewParserCtxt() else { return nil }
        defer { htmlFreeParserCtxt(context) }
        // Without a `startDocument` handler libxml2 builds no document of its own.
        context.pointee.sax.pointee = SAXSession.callbacks(whitespaceAsCharacters: false)
        let options = LibXML.safeHTMLOptions | Int32(HTML_PARSE_IGNORE_ENC.rawValue)
        return SAXSession.with(&handler, on: context) { _ in
            LibXML.capturingErrors {
                page.baseAddress.map { start in
                    start.withMemoryRebound(to: CChar.self, capacity: page.count) { base in
                        _ = htmlCtxtReadMemory(context, base, Int32(page.count), nil, "UTF-8", options)
                    }
                }
            }.firstError
        }
    }
}
