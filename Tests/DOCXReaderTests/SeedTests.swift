import DOCXReader
import GIConvertCore
import TestSupport
import Testing
import TextReader

/// The five seed reports rendered as DOCX by python-docx (merged cells, split runs) and by LibreOffice
/// give exactly the values of their text versions.
@Suite struct SeedTests {
    static let seeds = [
        "000_71c8ded71e417266", "001_b7938c474e787140", "002_be443cd012c0fc6a", "003_fbaa997d3cdea271",
        "004_a1987c7275b215ef",
    ]
    /// Every seed by python-docx and by LibreOffice, and two rewritten with Word's own markup (headings
    /// as a numbered list, tracked changes, field codes, bookmarks, smart tags, a content control).
    static let cases =
        seeds.flatMap { seed in ["python-docx", "libreoffice"].map { (seed, $0) } }
        + [("000_71c8ded71e417266", "word-style"), ("003_fbaa997d3cdea271", "word-style")]

    let converter = Converter(registry: FormatRegistry(readers: [TextReader.self, DOCXReader.self], writers: []))

    struct Value: Equatable, CustomStringConvertible {
        var value: String
        var flags: String
        var description: String { flags.isEmpty ? value : "\(value) [\(flags)]" }
    }

    /// (table, row, column) → value and flags. `inferred` is left out: the text versions of some seeds
    /// drop blank cells, so their values are placed by arithmetic, while the DOCX tables hold every cell
    /// at its position.
    func values(_ report: Report) -> [String: Value] {
        var result: [String: Value] = [:]
        for record in LongTable.records(report) {
            let flags = record[7].split(separator: ";").filter { $0 != "inferred" }.joined(separator: ";")
            result["\(record[3]).\(record[4]).\(record[5])"] = Value(value: record[6], flags: flags)
        }
        return result
    }

    @Test(arguments: cases)
    func docxGivesTheTextValues(seed: String, tool: String) throws {
        let text = try converter.convertFile(atPath: Repository.sample("seeds/\(seed).txt").path, name: seed)
        let word = try converter.convertFile(atPath: fixturePath("\(seed).\(tool).docx"), name: seed)
        let expected = values(text)
        #expect(expected.count >= 190)
        #expect(values(word) == expected)
        #expect(word.metadata.year == text.metadata.year)
        #expect(word.metadata.organization == text.metadata.organization)
        #expect(word.format == text.format)
        #expect(word.sections.map(\.heading) == text.sections.map(\.heading))
    }

    @Test(arguments: cases)
    func docxTablesAreRealGrids(seed: String, tool: String) throws {
        let document = try DOCXReader.readDocument(ReaderInput(name: seed, bytes: try fixture("\(seed).\(tool).docx")))
        #expect(document.tables.count == 3)
        // The applications table's header and label column are merged cells.
        #expect(document.tables.contains { $0.rows.contains { $0.contains(where: \.isSpanContinuation) } })
        #expect(document.properties.title?.isEmpty == false)
    }
}
