import Foundation
import GIConvertCore
import Testing

/// Reader warnings are typed, one case per kind, and become findings with the exact sentences the
/// findings CSV and JSON have always carried.
@Suite("Reader warnings")
struct ReaderWarningTests {
    /// Every kind of warning with the sentence its finding carries.
    static let sentences: [(ReaderWarning, String)] = [
        (
            .invalidBytesReplaced(encoding: "UTF-16LE"),
            "the page has bytes that are not valid UTF-16LE; they were replaced"
        ),
        (
            .declaredCharsetIsUTF8(declared: "gb2312"),
            "the page declares the charset gb2312 but is UTF-8; it was read as UTF-8"
        ),
        (
            .invalidInDeclaredCharset(declared: "big5"),
            "the page is not valid in its declared charset big5; it was read as GB18030"
        ),
        (.pageTooLarge, "the page is too large to parse"),
        (
            .pageNestedTooDeep(maximumDepth: 120),
            "the page nests elements more than 120 deep; the deepest were read as plain text"
        ),
        (.pageNotParsed, "the page could not be parsed as HTML"),
        (.pageWithoutText, "the page has no visible text"),
        (.reportInScript, "the report was read from markup inside a script on the page"),
        (
            .tableSpansIgnored(cellLimit: 250_000),
            "a table declares spans covering more than 250000 cells; its spans were ignored"
        ),
        (
            .tableCut(TableCut(rows: 2001, columns: 2000, keptRows: 125, keptColumns: 2000)),
            "a table of 2001 rows and 2000 columns is larger than any report table (at most 250000 cells with spans and padding): only its first 125 rows and 2000 columns were read"
        ),
        (
            .storedCellLimit,
            "the document's tables print more than 2000000 cells, more than any report: the cells past that were not read"
        ),
        (
            .documentCellLimit,
            "the document's tables hold more than 500000 cells with spans and padding, more than any report: the tables past that were not read"
        ),
        (.embeddedFileNotRead, "the document embeds another file (w:altChunk) whose text was not read"),
        (
            .ocrTextLayer(pages: 3, of: 4),
            "the text of 3 of the 4 pages is OCR over a scanned image: OCR misreads figures (a table rule as 1, 0 as 6) and loses table rows, so every figure is flagged suspicious; check them against the page"
        ),
        (
            .trackedChanges,
            "the document has tracked changes: deletions were dropped and insertions kept, as Word shows them"
        ),
        (
            .positionedTextBoxes(boxes: 412, laidOut: true),
            "the document is 412 positioned text boxes, as a PDF converted to Word is: they were read by where they stand on their pages, line by line"
        ),
        (
            .positionedTextBoxes(boxes: 412, laidOut: false),
            "the document is 412 positioned text boxes, as a PDF converted to Word is: not all of them say where they stand, so they were read in the order the file anchors them, which need not be the order they are read in (a row's figures can come before its label), and every figure is flagged suspicious; check them against the original"
        ),
        (
            .listStartOutOfRange(printed: "-5", allowed: 0...32767, numberedFrom: 0),
            "a numbered list in word/numbering.xml starts at -5, outside Word's 0–32767: it was numbered from 0"
        ),
    ]

    @Test("each kind of warning says its sentence, the data it carries filled in")
    func messages() {
        for (warning, sentence) in Self.sentences {
            #expect(warning.message == sentence)
        }
        #expect(Set(Self.sentences.map(\.1)).count == Self.sentences.count, "no two kinds share a sentence")
    }

    @Test("warnings become reader_warning findings in the order the reader gave them, with their sentences")
    func findings() throws {
        let warnings: [ReaderWarning] = [.declaredCharsetIsUTF8(declared: "gbk"), .pageWithoutText, .trackedChanges]
        let report = ReportRecognizer.recognize(
            Document(blocks: [.paragraph("一、总体情况")], warnings: warnings), source: "w.html")
        let readerFindings = report.findings.filter { $0.kind == .readerWarning }
        #expect(readerFindings.map(\.message) == warnings.map(\.message))
        let json = String(decoding: try JSONEncoder().encode(readerFindings[1]), as: UTF8.self)
        #expect(json.contains(#""kind":"reader_warning""#) && json.contains("the page has no visible text"))
    }

    @Test("warnings of one kind compare by the data they carry")
    func equality() {
        #expect(ReaderWarning.invalidBytesReplaced(encoding: "GB18030") == .invalidBytesReplaced(encoding: "GB18030"))
        #expect(ReaderWarning.invalidBytesReplaced(encoding: "GB18030") != .invalidBytesReplaced(encoding: "UTF-8"))
        #expect(ReaderWarning.pageWithoutText != .pageNotParsed)
    }

    @Test("a document whose text is OCR has every figure flagged suspicious, blanks and missing cells as they are")
    func ocrFiguresSuspicious() {
        let blocks: [Block] = [
            .paragraph("二、主动公开政府信息情况"),
            .table(
                TableGrid(rows: [
                    ["信息内容", "本年处理决定数量"].map { GridCell(text: $0) },
                    ["行政许可", "809"].map { GridCell(text: $0) },
                    ["行政处罚", ""].map { GridCell(text: $0) },
                ])),
        ]
        func cells(_ document: Document) -> [TableCell] {
            let report = ReportRecognizer.recognize(document, source: "o.pdf")
            return report.tables.first { $0.key == .active }!.rows.flatMap(\.cells)
        }
        let printed = cells(Document(blocks: blocks))
        let ocr = cells(Document(blocks: blocks, figuresInDoubt: true))
        #expect(printed.count == ocr.count)
        for (plain, scanned) in zip(printed, ocr) {
            #expect(plain.value == scanned.value)
            #expect(scanned.flags == (plain.value == nil ? plain.flags : plain.flags + [.suspicious]))
        }
        #expect(ocr.contains { $0.value == 809 && $0.flags == [.suspicious] })
    }
}
