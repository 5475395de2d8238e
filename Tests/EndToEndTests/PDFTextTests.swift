import Foundation
import TestSupport
import Testing

/// Reports as PDF extractors, converters and OCR leave their text (`Scripts/make-pdf-text-corpus.py`).
@Suite("PDF-shaped text")
struct PDFTextTests {
    static let directory = Repository.sample("pdf-text")
    static let truth = (try? ExpectedValues.truth(directory.appendingPathComponent("truth.json"))) ?? [:]

    /// The shared corpus beside the repository, when the machine has it (CI does).
    static let sharedDirectory = Repository.root.deletingLastPathComponent().appendingPathComponent(
        "shared/corpus/pdf-text")
    static let sharedTruth = (try? ExpectedValues.truth(sharedDirectory.appendingPathComponent("truth.json"))) ?? [:]

    static func convert(_ file: URL) throws -> (
        status: Int32, values: [ExpectedValues.CellKey: PrintedCell], year: String, organization: String
    ) {
        let run = try CommandRunner.giconvert([file.path, "-o", "-", "--to", "csv", "--strict", "-q"])
        let rows = run.stdout.components(separatedBy: "\r\n")
        let first = rows.count > 1 ? CSV.fields(rows[1]) : []
        return (run.status, CSV.cells(run.stdout), first.count > 2 ? first[1] : "", first.count > 2 ? first[2] : "")
    }

    @Test("every text gives the values, the consistency verdict, the year and the body", arguments: truth.keys.sorted())
    func text(name: String) throws {
        let expected = try #require(Self.truth[name])
        let result = try Self.convert(Self.directory.appendingPathComponent(name))
        #expect(result.status == (expected.expectsInconsistency ? 3 : 0))
        // A row the extraction lost is printed empty and flagged `missing`, which a blank may be here.
        #expect(expected.mismatches(result.values, blank: .blankOrMissing) == [])
        #expect(expected.year.map(String.init) == result.year)
        #expect(expected.organization == result.organization)
    }

    @Test("the corpus has every extractor's text")
    func corpusPresent() {
        for kind in ["layout", "plumber", "mupdf", "markdown", "ocr"] {
            #expect(Self.truth.keys.contains { $0.contains(".\(kind).") }, "no \(kind) text")
        }
    }

    /// Where a text no longer tells which cell a figure belongs to, the cell may stay blank; it may
    /// never hold another figure.
    @Test("no figure lands in a cell it does not belong to", arguments: sharedTruth.keys.sorted())
    func noWrongFigure(name: String) throws {
        let expected = try #require(Self.sharedTruth[name])
        let result = try Self.convert(Self.sharedDirectory.appendingPathComponent(name))
        #expect(expected.wrongFigures(result.values) == [])
    }

    /// Other extractors' text of Samples/pdf, as they are (`Scripts/make-extractor-corpus.py`).
    static let extractorDirectory = Repository.sample("extractors")
    static let extractorTruth =
        (try? ExpectedValues.truth(extractorDirectory.appendingPathComponent("truth.json"))) ?? [:]

    /// The cells whose figure the text itself gets wrong or no longer tells, each with its evidence.
    static let knownWrongFigures: [String: Set<String>] = [
        // tesseract read `行政规范性文件 154` as `规范性文件”1154`: the table rule became a 1.
        "004_a1987c7275b215ef.libreoffice.tesseract.txt": ["active.normative_documents.new_made"],
        "004_a1987c7275b215ef.owner-password.tesseract.txt": ["active.normative_documents.new_made"],
        // tesseract printed the row as `行政你罚 9 0 6`; the last figure is 0.
        "003_fbaa997d3cdea271.short-page-numbers.tesseract.txt": ["active.penalty.decisions"],
        // tesseract read the rule before a 0 as 1: `10`; the row-total rule's finding names the row.
        "001_b7938c474e787140.uming-letter.tesseract.txt": ["applications.granted.natural_person"],
    ]

    /// Texts that print no year: pdfminer's text of a page turned by `/Rotate` is one character a line.
    static let textsWithoutYear: Set<String> = ["004_a1987c7275b215ef.rotated.pdfminer.txt"]

    @Test("the corpus has every other extractor's text")
    func extractorCorpusPresent() {
        for kind in ["pymupdf4llm", "pypdf", "pypdf-layout", "pdfminer", "tesseract"] {
            #expect(Self.extractorTruth.keys.contains { $0.contains(".\(kind).") }, "no \(kind) text")
        }
    }

    /// Where the text tells the figure, it is right; where it does not, the cell stays blank, except the
    /// cells listed, whose text holds another figure.
    @Test(
        "other extractors' text puts no figure in a cell it does not belong to", arguments: extractorTruth.keys.sorted()
    )
    func extractorNoWrongFigure(name: String) throws {
        let expected = try #require(Self.extractorTruth[name])
        let result = try Self.convert(Self.extractorDirectory.appendingPathComponent(name))
        // A figure placed by arithmetic is flagged `inferred`: a doubt shown, not a confident cell.
        let confident = result.values.filter { !$0.value.flags.contains("inferred") }
        let wrong = Set(expected.wrongFigures(confident).map { String($0.prefix { $0 != ":" }) })
        #expect(wrong == Self.knownWrongFigures[name] ?? [], "\(expected.wrongFigures(confident))")
        if !Self.textsWithoutYear.contains(name) { #expect(expected.year.map(String.init) == result.year) }
    }

    /// A cell left blank because its figure cannot be placed is `missing`, never `blank` (printed empty):
    /// a label printed apart from its figures is no evidence that the row was printed without them. So a
    /// blank never claims an empty cell where the report prints a figure, not even a zero, and never
    /// fails `--strict` on its own.
    @Test("a cell whose figure was not placed is missing, not printed blank", arguments: sharedTruth.keys.sorted())
    func unplacedIsMissing(name: String) throws {
        let expected = try #require(Self.sharedTruth[name])
        let result = try Self.convert(Self.sharedDirectory.appendingPathComponent(name))
        #expect(Self.claimedBlank(result, expected) == [])
        if !expected.expectsInconsistency { #expect(result.status == 0) }
    }

    @Test(
        "other extractors' text: a cell whose figure was not placed is missing, not printed blank",
        arguments: extractorTruth.keys.sorted())
    func extractorUnplacedIsMissing(name: String) throws {
        let expected = try #require(Self.extractorTruth[name])
        let result = try Self.convert(Self.extractorDirectory.appendingPathComponent(name))
        #expect(Self.claimedBlank(result, expected) == [])
    }

    /// The cells flagged printed empty whose report prints a figure there.
    static func claimedBlank(
        _ result: (status: Int32, values: [ExpectedValues.CellKey: PrintedCell], year: String, organization: String),
        _ expected: ExpectedValues
    ) -> [String] {
        result.values.compactMap { key, cell -> String? in
            guard cell.value.isEmpty, cell.flags.contains("blank"), let truth = expected.cells[key],
                !truth.accepts(cell)
            else { return nil }
            return "\(key): want \(truth) got \(cell)"
        }.sorted()
    }
}
