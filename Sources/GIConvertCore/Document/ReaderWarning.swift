/// A problem a reader worked around, one case per kind. Each becomes a `reader_warning` finding whose
/// message is ``message``.
public enum ReaderWarning: Sendable, Equatable {
    // MARK: Decoding

    /// Bytes that are not valid in the encoding the input was read in were replaced.
    case invalidBytesReplaced(encoding: String)
    /// The page declares a charset but is UTF-8, and was read as UTF-8.
    case declaredCharsetIsUTF8(declared: String)
    /// The page is not valid in the charset it declares, and was read as GB18030.
    case invalidInDeclaredCharset(declared: String)

    // MARK: Page structure

    /// The page is too large for the HTML parser.
    case pageTooLarge
    /// Elements nested deeper than the parser's limit were read as plain text.
    case pageNestedTooDeep(maximumDepth: Int)
    /// The HTML parser made nothing of a page that prints something.
    case pageNotParsed
    /// The page shows no text at all.
    case pageWithoutText
    /// The report was found in markup a script writes into the page, not in the page itself.
    case reportInScript

    // MARK: Tables

    /// A table's spans would cover more than `cellLimit` grid positions; its cells were read unspanned.
    case tableSpansIgnored(cellLimit: Int)
    /// A table larger than ``TableLimits/maximumCells`` was cut to its first rows and columns.
    case tableCut(TableCut)
    /// The document prints more table cells than ``TableLimits/maximumStoredCells``.
    case storedCellLimit
    /// The document's tables together pass ``TableLimits/maximumDocumentCells``.
    case documentCellLimit

    // MARK: Word documents

    /// The document embeds another file (`w:altChunk`) whose text was not read.
    case embeddedFileNotRead
    /// Tracked changes were resolved as Word shows them.
    case trackedChanges
    /// The document is made of `boxes` positioned text boxes (a PDF converted to Word): read by where
    /// they stand when `laidOut`, else in the order of their anchors.
    case positionedTextBoxes(boxes: Int, laidOut: Bool)
    /// A numbered list starts at `printed`, outside the `allowed` numbers, and was numbered from the
    /// nearest one.
    case listStartOutOfRange(printed: String, allowed: ClosedRange<Int>, numberedFrom: Int)

    // MARK: PDF

    /// A page's watermark (large light or slanted text across it) was left out of the text; `sample` is
    /// the start of its text.
    case watermarkLeftOut(page: Int, characters: Int, sample: String)
    /// The text of `pages` of the document's `of` pages is an OCR engine's invisible layer over a scan.
    case ocrTextLayer(pages: Int, of: Int)

    /// The sentence for people, as findings carry it.
    public var message: String {
        switch self {
        case .invalidBytesReplaced(let encoding):
            "the page has bytes that are not valid \(encoding); they were replaced"
        case .declaredCharsetIsUTF8(let declared):
            "the page declares the charset \(declared) but is UTF-8; it was read as UTF-8"
        case .invalidInDeclaredCharset(let declared):
            "the page is not valid in its declared charset \(declared); it was read as GB18030"
        case .pageTooLarge:
            "the page is too large to parse"
        case .pageNestedTooDeep(let maximumDepth):
            "the page nests elements more than \(maximumDepth) deep; the deepest were read as plain text"
        case .pageNotParsed:
            "the page could not be parsed as HTML"
        case .pageWithoutText:
            "the page has no visible text"
        case .reportInScript:
            "the report was read from markup inside a script on the page"
        case .tableSpansIgnored(let cellLimit):
            "a table declares spans covering more than \(cellLimit) cells; its spans were ignored"
        case .tableCut(let cut):
            "a table of \(cut.rows) rows and \(cut.columns) columns is larger than any report table (at most \(TableLimits.maximumCells) cells with spans and padding): only its first \(cut.keptRows) rows and \(cut.keptColumns) columns were read"
        case .storedCellLimit:
            "the document's tables print more than \(TableLimits.maximumStoredCells) cells, more than any report: the cells past that were not read"
        case .documentCellLimit:
            "the document's tables hold more than \(TableLimits.maximumDocumentCells) cells with spans and padding, more than any report: the tables past that were not read"
        case .embeddedFileNotRead:
            "the document embeds another file (w:altChunk) whose text was not read"
        case .trackedChanges:
            "the document has tracked changes: deletions were dropped and insertions kept, as Word shows them"
        case .positionedTextBoxes(let boxes, true):
            "the document is \(boxes) positioned text boxes, as a PDF converted to Word is: they were read by where they stand on their pages, line by line"
        case .positionedTextBoxes(let boxes, false):
            "the document is \(boxes) positioned text boxes, as a PDF converted to Word is: not all of them say where they stand, so they were read in the order the file anchors them, which need not be the order they are read in (a row's figures can come before its label), and every figure is flagged suspicious; check them against the original"
        case .listStartOutOfRange(let printed, let allowed, let start):
            "a numbered list in word/numbering.xml starts at \(printed), outside Word's \(allowed.lowerBound)–\(allowed.upperBound): it was numbered from \(start)"
        case .watermarkLeftOut(let page, let characters, let sample):
            "page \(page): \(characters) characters of a watermark (`\(sample)`), large light or slanted text across the page, were left out"
        case .ocrTextLayer(let pages, let total):
            "the text of \(pages) of the \(total) pages is OCR over a scanned image: OCR misreads figures (a table rule as 1, 0 as 6) and loses table rows, so every figure is flagged suspicious; check them against the page"
        }
    }
}
