import GIConvertCore
import GIConvertPDF

/// Reads published PDFs that have a text layer (printed from Word, WPS or a browser). poppler gives
/// each page's characters with their rectangles; ``PageLayout`` turns them into lines and fragments,
/// drops page furniture, and ``TableLayout`` rebuilds the tables from where the glyphs stand: columns
/// from the x-extents of the cells, rows from the lines that carry values, wrapped cell text joined and
/// merged cells resolved. A table that runs over a page break stays one table.
///
/// A PDF without any text (a scan) and one that needs a password to open are refused. A scan with an OCR
/// engine's text layer is read, with a finding, and its figures are flagged suspicious.
public enum PDFReader: ReportReader {
    public static let descriptor = FormatDescriptor(
        name: "pdf",
        summary:
            "PDF files with a text layer (printed from Word, WPS or a browser); tables rebuilt from glyph positions",
        fileExtensions: ["pdf"],
        sniff: { prefix in PDFDocument.looksLikePDF(prefix) ? 95 : 0 })

    public static func read(_ input: ReaderInput) throws(InputError) -> ReaderOutput {
        _ = popplerMessagesRouted
        let pdf: PDFDocument
        do { pdf = try PDFDocument.read(input.bytes) } catch { throw InputError(error) }
        return .document(try document(from: pdf))
    }

    /// Builds the document structure of an already-read PDF.
    public static func document(from pdf: PDFDocument) throws(InputError) -> Document {
        guard pdf.pages.contains(where: { !$0.glyphs.isEmpty }) else { throw .noTextLayer }
        var layout = PageLayout(pages: pdf.pages)
        let lines = layout.contentLines()
        let blocks = DocumentAssembler(lines: lines, bodyLeft: layout.bodyLeft, bodyRight: layout.bodyRight).blocks()
        var properties = DocumentProperties()
        properties.title = pdf.info.title
        properties.date = pdf.info.creationDate
        var warnings = layout.warnings
        let ocrPages = pdf.pages.filter(\.isOCRLayer).count
        let textPages = pdf.pages.filter { !$0.glyphs.isEmpty }.count
        if ocrPages > 0 { warnings.append(.ocrTextLayer(pages: ocrPages, of: textPages)) }
        return Document(
            blocks: blocks, properties: properties, warnings: warnings, figuresInDoubt: ocrPages * 2 > textPages)
    }
}
