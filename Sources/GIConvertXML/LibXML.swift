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

    /// HTML parser options with the same guarantees, recovering from malformed markup.
    public static let safeHTMLOptions: Int32 = Int32(
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_NOIMPLIED.rawValue)
}
