import Foundation
import GIConvertCore
import TestSupport
import Testing

@testable import CSVWriter
@testable import JSONWriter
@testable import TextReader

@Suite("CSV and JSON writers")
struct WriterTests {
    static func seed(_ index: Int) throws -> Report {
        try Converter(registry: FormatRegistry(readers: [TextReader.self], writers: []))
            .convertFile(
                atPath: Repository.seedReports[index].path, name: Repository.seedReports[index].lastPathComponent)
    }

    static func write<W: ReportWriter>(_ type: W.Type, _ reports: [Report], collection: Bool = false) throws -> String {
        var writer = W()
        return String(
            decoding: try writer.bytes(of: reports, context: WriterContext(isCollection: collection)), as: UTF8.self)
    }

    @Test("the long CSV starts with the spec's required columns, in order")
    func csvHeader() throws {
        let csv = try Self.write(CSVWriter.self, [Self.seed(0)])
        let header = csv.prefix { $0 != "\r\n" }
        #expect(header.hasPrefix("source,year,organization,table,row,column,value,flags"))
    }

    @Test("one CSV row per value, blanks empty with the blank flag, 2019 rows only in 2019 reports")
    func csvRows() throws {
        let report = try Self.seed(4)
        let csv = try Self.write(CSVWriter.self, [report])
        let lines = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let cellCount = report.tables.filter(\.found).flatMap(\.rows).flatMap(\.cells).count
        #expect(lines.count == cellCount + 1)
        #expect(
            lines.contains(
                "004_a1987c7275b215ef.txt,2019,新樂市人民政府,applications,carried_over,natural_person,,blank,2019,二、上年结转政府信息公开申请数量,自然人,"
            ))
        #expect(
            lines.contains { $0.hasPrefix("004_a1987c7275b215ef.txt,2019,新樂市人民政府,active,licensing,change,-5711,,") })
        #expect(
            lines.contains {
                $0.hasPrefix("004_a1987c7275b215ef.txt,2019,新樂市人民政府,active,procurement,amount_10k_yuan,6089.19,,")
            })
        #expect(lines.contains { $0.contains(",applications,other,") })
        #expect(!lines.contains { $0.contains(",other_misc,") })
        let zero = try Self.write(CSVWriter.self, [Self.seed(0)])
        #expect(zero.contains(",applications,other_misc,"))
        #expect(zero.contains("applications,denied_enforcement_files,research,0,suspicious,"))
    }

    @Test("the CSV fast path writes exactly the long-table records")
    func csvFastPath() throws {
        var report = try Self.seed(0)
        report.metadata.organization = "a,\"b\"\nc"
        report.tables[0].rows[0].cells[0].raw = "x\r\ny"
        var fast: [UInt8] = []
        LongTableCSV.append(report, to: &fast)
        let slow = LongTable.records(report).map(CSVRecord.line).joined()
        #expect(String(decoding: fast, as: UTF8.self) == slow)
    }

    @Test("fields with commas, quotes and line breaks are quoted as RFC 4180 says")
    func csvQuoting() {
        #expect(
            CSVRecord.line(["a", "b,c", "d\"e", "f\ng", "h\r\ni"]) == "a,\"b,c\",\"d\"\"e\",\"f\ng\",\"h\r\ni\"\r\n")
    }

    @Test("JSON holds the whole IR, every section's text, and reads back equal")
    func json() throws {
        let report = try Self.seed(0)
        let json = try Self.write(JSONWriter.self, [report])
        let decoded = try JSONDecoder().decode(Report.self, from: Data(json.utf8))
        #expect(decoded == report)
        #expect(decoded.irVersion == Report.currentIRVersion)
        #expect(decoded.sections.count == 6)
        #expect(decoded.sections.allSatisfy { !$0.text.isEmpty })
        #expect(
            try Self.write(JSONWriter.self, [Self.seed(4)]).contains("\"value\" : null"),
            "a blank cell is null, not 0 or absent")
        #expect(try Self.write(JSONWriter.self, [report]) == json, "the same report gives the same bytes")
    }

    @Test("many reports make a JSON array")
    func jsonArray() throws {
        let reports = [try Self.seed(1), try Self.seed(2)]
        let json = try Self.write(JSONWriter.self, reports, collection: true)
        #expect(try JSONDecoder().decode([Report].self, from: Data(json.utf8)) == reports)
    }
}

@Suite("Choosing formats")
struct RegistryTests {
    let registry = FormatRegistry(readers: [TextReader.self], writers: [CSVWriter.self, JSONWriter.self])

    @Test("writers by extension, case-insensitively, and by name")
    func writers() {
        #expect(registry.writer(forPath: "out/report.CSV")?.descriptor.name == "csv")
        #expect(registry.writer(forPath: "x.json")?.descriptor.name == "json")
        #expect(registry.writer(forPath: "x.pdf") == nil)
        #expect(registry.writer(named: "JSON")?.descriptor.name == "json")
    }

    @Test("readers by name, extension, then content")
    func readers() throws {
        #expect(try registry.reader(for: ReaderInput(name: "a.txt", bytes: [0x41])).descriptor.name == "text")
        // Markdown is text, though its cells' `<br>` and its HTML tables look like a page's markup.
        let markdown = Array(String(repeating: "| 行政许可<br>80 | 1<br>2 |\n", count: 8).utf8)
        #expect(try registry.reader(for: ReaderInput(name: "r.md", bytes: markdown)).descriptor.name == "text")
        #expect(
            try registry.reader(for: ReaderInput(name: "noext", bytes: Array("一、总体情况".utf8))).descriptor.name == "text")
        #expect(throws: InputError.binary) {
            try registry.reader(for: ReaderInput(name: "x.bin", bytes: [0, 1, 2, 3]))
        }
        #expect(throws: InputError.empty) { try registry.reader(for: ReaderInput(name: "x.txt", bytes: [])) }
        #expect(throws: (any Error).self) {
            try registry.reader(for: ReaderInput(name: "x.txt", bytes: [0x41]), named: "nope")
        }
        #expect(FormatRegistry.fileExtension(of: "dir.v2/report") == nil)
        #expect(FormatRegistry.fileExtension(of: "a/b.HTML") == "html")
    }
}
