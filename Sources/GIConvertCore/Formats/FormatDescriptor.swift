/// How a format presents itself to the registry: its name, the file extensions it owns, and, for
/// readers, a sniffer that recognises its content.
public struct FormatDescriptor: Sendable {
    /// The short name used by `--from` / `--to` and `giconvert formats` (`text`, `html`, `csv`).
    public let name: String
    /// One line for `giconvert formats`.
    public let summary: String
    /// Lower-case file extensions without the dot, most usual first.
    public let fileExtensions: [String]
    /// How sure the format is that `prefix` (the first bytes of an input, up to ``sniffLength``) is
    /// one of its files: 0 = not at all, 100 = certain. Writers return 0.
    public let sniff: @Sendable (_ prefix: [UInt8]) -> Int
    /// True for a writer whose output is not text (a zip package), which is never sent to a terminal.
    public let isBinary: Bool
    /// True for a reader whose output is ``ReaderOutput/reports(_:)`` (giconvert's own IR), known before
    /// reading so a bulk run can pass over a `.json` that is not IR without reading it as a report.
    public let producesReports: Bool

    /// How many leading bytes of an input a sniffer gets to see.
    public static let sniffLength = 8192

    public init(
        name: String, summary: String, fileExtensions: [String],
        sniff: @escaping @Sendable (_ prefix: [UInt8]) -> Int = { _ in 0 }, isBinary: Bool = false,
        producesReports: Bool = false
    ) {
        self.name = name
        self.summary = summary
        self.fileExtensions = fileExtensions
        self.sniff = sniff
        self.isBinary = isBinary
        self.producesReports = producesReports
    }
}
