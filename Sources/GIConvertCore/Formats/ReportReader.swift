/// A reader turns the bytes of one input file into what giconvert converts: document structure
/// (paragraphs and tables), or finished reports for a format that already is giconvert's IR.
///
/// A reader knows its format and nothing about reports: recognising sections and tables in a
/// ``Document`` is ``ReportRecognizer``'s job. To add a reader, conform a type to this protocol in a
/// module under `Plugins/` and list it in `BuiltinFormats`.
public protocol ReportReader: Sendable {
    static var descriptor: FormatDescriptor { get }

    /// Reads one input. Throws ``InputError`` when the input cannot be read at all; problems the reader
    /// can work around go into ``Document/warnings``.
    static func read(_ input: ReaderInput) throws(InputError) -> ReaderOutput
}

/// What a reader makes of one input.
public enum ReaderOutput: Sendable, Equatable {
    /// Paragraphs and tables, in which ``ReportRecognizer`` finds the report (every document format).
    case document(Document)
    /// Reports that need no recognising: a file of giconvert's IR, which may hold many (a migrated
    /// archive). Its reader's descriptor says ``FormatDescriptor/producesReports``.
    case reports([Report])
}

/// One input handed to a reader.
public struct ReaderInput: Sendable {
    /// The name of the input as given (a path, or `archive.zip/member`), for messages and metadata.
    public var name: String
    /// The whole content of the input.
    public var bytes: [UInt8]
    public var options: ReaderOptions

    public init(name: String, bytes: [UInt8], options: ReaderOptions = .init()) {
        self.name = name
        self.bytes = bytes
        self.options = options
    }
}

/// Limits and choices that apply to every reader.
public struct ReaderOptions: Sendable {
    /// The most bytes a reader may inflate from a compressed container (zip-bomb guard).
    public var maxUncompressedBytes: Int
    /// The highest ratio of uncompressed to compressed size a container member may have.
    public var maxCompressionRatio: Int

    public init(maxUncompressedBytes: Int = 512 << 20, maxCompressionRatio: Int = 200) {
        self.maxUncompressedBytes = maxUncompressedBytes
        self.maxCompressionRatio = maxCompressionRatio
    }
}
