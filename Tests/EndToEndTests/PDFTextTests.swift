import Foundation
import Testing
import TestSupport

/// Reports as PDF extractors, converters and OCR leave their text (`Scripts/make-pdf-text-corpus.py`).
@Suite("PDF-shaped text")
struct PDFTextTests {
    static let directory = Repository.sample("pdf-text")
    static let truth = (try? ExpectedValues.truth(directory.appendingPathComponent("truth.json"))) ?? [:]

    /// The shared corpus beside the repository, when the machine has it (CI does).
    static let sharedDirectory = Repository.root.deletingLastPathComponent().appendingPathComponent("shared/corpus/pdf-text")
    static let sharedTruth = (try? ExpectedValues.truth(sharedDirectory.appendingPathComponent("truth.json"))) ?? [:]

    static func convert(_ file: URL) throws -> (status: Int32, values: [ExpectedValues.CellKey: PrintedCell], year: String, organization: String) {
        let run = try CommandLineTests.run([file.path, "-o", "-", "--to", "csv", "--strict", "-q"])
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

    /// A cell left blank because its figure cannot be placed is `missing`, never `blank` (printed empty):
    /// a label printed apart from its figures is no evidence that the row was printed without them. So a
    /// blank never claims a zero the report does not print, and never fails `--strict` on its own.
    @Test("a cell whose figure was not placed is missing, not printed blank", arguments: sharedTruth.keys.sorted())
    func unplacedIsMissing(name: String) throws {
        let expected = try #require(Self.sharedTruth[name])
        let result = try Self.convert(Self.sharedDirectory.appendingPathComponent(name))
        let zero = PrintedCell(value: "0")
        let claimedBlank = result.values.compactMap { key, cell -> String? in
            guard cell.value.isEmpty, cell.flags.contains("blank"), let truth = expected.cells[key],
                  !truth.accepts(cell), !truth.accepts(zero) else { return nil }
            return "\(key): want \(truth) got \(cell)"
        }.sorted()
        #expect(claimedBlank == [])
        if !expected.expectsInconsistency { #expect(result.status == 0) }
    }
}
