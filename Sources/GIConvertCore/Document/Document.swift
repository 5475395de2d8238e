/// The structure a reader extracts from an input file, before anything is known about reports.
///
/// Readers know formats, not reports: they turn bytes into paragraphs and tables (with row and column
/// spans already resolved into a grid) and hand this to ``ReportRecognizer``, which knows reports and
/// nothing about formats. Every reader therefore gets the same recognition.
public struct Document: Sendable, Equatable {
    /// The blocks in reading order.
    public var blocks: [Block]
    /// Metadata the format itself carries (an HTML `<title>`, a DOCX `docProps/core.xml`).
    public var properties: DocumentProperties
    /// Problems the reader worked around; they become findings of the report.
    public var warnings: [ReaderWarning]
    /// True when the reader cannot vouch for the figures or for where they stand: the text is an OCR
    /// engine's reading of scanned images (a PDF's invisible OCR layer), which misreads figures, or a
    /// converter's positioned text boxes, whose order in the file need not be the order they are read
    /// in. Every figure is flagged suspicious.
    public var figuresInDoubt: Bool

    public init(
        blocks: [Block] = [], properties: DocumentProperties = .init(), warnings: [ReaderWarning] = [],
        figuresInDoubt: Bool = false
    ) {
        self.blocks = blocks
        self.properties = properties
        self.warnings = warnings
        self.figuresInDoubt = figuresInDoubt
    }
}

/// One block of a document: a paragraph of text or a table.
public enum Block: Sendable, Equatable {
    case paragraph(String)
    case table(TableGrid)
}

/// Metadata stated by the container format rather than by the report's text.
public struct DocumentProperties: Sendable, Equatable {
    /// The document title (`<title>`, `dc:title`).
    public var title: String?
    /// A creation or publication date as printed or stored (`dcterms:created`, `发布日期`).
    public var date: String?
    /// The publishing body when the format states it (`来源`, `dc:creator`).
    public var publisher: String?

    public init(title: String? = nil, date: String? = nil, publisher: String? = nil) {
        self.title = title
        self.date = date
        self.publisher = publisher
    }
}
