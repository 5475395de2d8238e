import Foundation
import TestSupport
import Testing

/// Word files and a web page as document converters and text browsers leave their text
/// (`Scripts/make-converter-corpus.py`): grid tables with cells wrapped over lines, tables between
/// dashed rules, tables drawn with box-drawing strokes.
@Suite("Converter text")
struct ConverterTextTests {
    static let directory = Repository.sample("converters")
    static let truth = (try? ExpectedValues.truth(directory.appendingPathComponent("truth.json"))) ?? [:]

    @Test(
        "every text gives the values, the year and the body; no figure lands in another cell",
        arguments: truth.keys.sorted())
    func text(name: String) throws {
        let expected = try #require(Self.truth[name])
        let result = try PDFTextTests.convert(Self.directory.appendingPathComponent(name))
        #expect(expected.wrongFigures(result.values) == [])
        #expect(expected.year.map(String.init) == result.year)
        #expect(expected.organization == result.organization)
        // lynx and pandoc print the web page's table with its blank cells dropped, so which applicant
        // column a figure is in cannot be told: those rows stay blank. Every other text keeps its cells.
        if !(name.hasPrefix("shanghai") && (name.contains(".lynx.") || name.contains(".pandoc-plain."))) {
            #expect(result.status == (expected.expectsInconsistency ? 3 : 0))
            #expect(expected.mismatches(result.values, blank: .blankOrMissing) == [])
        }
    }

    @Test("the corpus has every converter's text")
    func corpusPresent() {
        for kind in ["pandoc-plain", "pandoc-rst", "pandoc.md", "lynx", "w3m"] {
            #expect(Self.truth.keys.contains { $0.contains(".\(kind)") }, "no \(kind) text")
        }
    }
}
