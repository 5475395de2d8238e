import CLibXML2

/// Process-wide set-up of libxml2, done once before any parser runs.
public enum LibXML {
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// The version of libxml2 this build was compiled against (`2.9.14`).
    public static let version = LIBXML_DOTTED_VERSION

    /// Initialises libxml2 if that has not happened yet; cheap after the first call. Call it before
    /// creating any parser.
    public static func ensureInitialized() {
        _ = initialized
    }

    /// XML parser options that never touch the network, never substitute external entities or load
    /// DTDs, and never print: errors are read from the parser's result instead.
    public static let safeXMLOptions: Int32 = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_COMPACT.rawValue)

    /// Runs `body`, one parse, with libxml2's error messages on this thread collected instead of
    /// printed: libxml2 prints some of them (an input encoding error) whatever the parser's options say.
    /// Returns what `body` returns and libxml2's first message, on one line, if it had any.
    ///
    /// The structured error handler libxml2 calls is per thread; the one in force before is restored,
    /// so a parse started inside another (a part read while the main part is parsed) keeps its own.
    public static func capturingErrors<Result>(_ body: () -> Result) -> (result: Result, firstError: String?) {
        ensureInitialized()
        giconvert_silence_generic_errors()
        let sink = ErrorSink()
        let savedHandler = __xmlStructuredError().pointee
        let savedContext = __xmlStructuredErrorContext().pointee
        xmlSetStructuredErrorFunc(
            Unmanaged.passUnretained(sink).toOpaque(),
            { context, error in
                guard let context, let error else { return }
                let sink = Unmanaged<ErrorSink>.fromOpaque(context).takeUnretainedValue()
                if sink.first == nil, let message = error.pointee.message {
                    sink.first = ErrorSink.oneLine(String(cString: message))
                }
            })
        let result = withExtendedLifetime(sink) { body() }
        xmlSetStructuredErrorFunc(savedContext, savedHandler)
        return (result, sink.first)
    }

    /// The first message of a parse.
    private final class ErrorSink {
        var first: String?

        /// libxml2's message without its line ends and with runs of white space made one space.
        static func oneLine(_ message: String) -> String {
            message.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
    }

    /// HTML parser options with the same guarantees, recovering from malformed markup.
    public static let safeHTMLOptions: Int32 = Int32(
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_NOIMPLIED.rawValue)
}
