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

    static func convert(_ file: URL) throws -> (status: Int32, values: [ExpectedValues.CellKey: String], year: String, organization: String) {
        let run = try CommandLineTests.run([file.path, "-o", "-", "--to", "csv", "--strict", "-q"])
        let rows = run.stdout.components(separatedBy: "\r\n")
        let first = rows.count > 1 ? CommandLineTests.parseCSVLine(rows[1]) : []
        return (run.status, CommandLineTests.values(csv: run.stdout), first.count > 2 ? first[1] : "", first.count > 2 ? first[2] : "")
    }

    @Test("every text gives the values, the consistency verdict, the year and the body", arguments: truth.keys.sorted())
    func text(name: String) throws {
        let expected = try #require(Self.truth[name])
        let result = try Self.convert(Self.directory.appendingPathComponent(name))
        #expect(result.status == (expected.expectsInconsistency ? 3 : 0))
        #expect(expected.mismatches(result.values) == [])
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
        let wrong = expected.mismatches(result.values).filter { !$0.hasSuffix(" got ") && !$0.hasSuffix("got nothing") }
        #expect(wrong == [])
    }

    /// A cell left blank because its figure cannot be placed is `missing`, never `blank` (printed empty):
    /// a label printed apart from its figures is no evidence that the row was printed without them. So a
    /// blank never claims a zero the report does not print, and never fails `--strict` on its own.
    @Test("a cell whose figure was not placed is missing, not printed blank", arguments: sharedTruth.keys.sorted())
    func unplacedIsMissing(name: String) throws {
        let expected = try #require(Self.sharedTruth[name])
        let run = try CommandLineTests.run([Self.sharedDirectory.appendingPathComponent(name).path, "-o", "-", "--to", "csv", "--strict", "-q"])
        let lines = run.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map(CommandLineTests.parseCSVLine)
        let header = try #require(lines.first)
        let column = { (name: String) in try #require(header.firstIndex(of: name)) }
        let (table, row, cell, value, flags) = (try column("table"), try column("row"), try column("column"), try column("value"), try column("flags"))
        var claimedBlank: [String] = []
        for fields in lines.dropFirst() where fields[value].isEmpty && fields[flags].split(separator: ";").contains("blank") {
            let key = ExpectedValues.CellKey(fields[table], fields[row], fields[cell])
            if let truth = expected.cells[key], !truth.accepts("0") { claimedBlank.append(key.description) }
        }
        #expect(claimedBlank == [])
        if !expected.expectsInconsistency { #expect(run.status == 0) }
    }
}
