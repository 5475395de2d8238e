import Foundation
import GIConvertCore
import GIConvertSheets
import GIConvertZip
import SpreadsheetMLWriter
import TestSupport
import Testing
import XLSXWriter

/// The columns of the `values` sheet that hold numbers.
let numericColumns: Set<Int> = [LongTable.valueColumn, LongTable.columns.firstIndex(of: "year")!]
let sheetNames = ["values", "active", "applications", "reviews", "sections", "findings"]

/// Writes `reports` with `W`, saves the file and reads it back with `script`.
func readBack<W: ReportWriter>(
    _ type: W.Type, _ reports: [Report], collection: Bool? = nil, script: String, fileName: String
) throws -> WorkbookDump {
    let directory = try Support.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = try Support.save(try Support.write(type, reports, collection: collection), as: fileName, in: directory)
    return try Support.python(script, [file.path], in: directory, as: WorkbookDump.self)
}

func openXLSX(_ reports: [Report], collection: Bool? = nil) throws -> WorkbookDump {
    try readBack(
        XLSXWriter.self, reports, collection: collection, script: ReaderScripts.openpyxl, fileName: "report.xlsx")
}

func openSpreadsheetML(_ reports: [Report], collection: Bool? = nil) throws -> WorkbookDump {
    try readBack(
        SpreadsheetMLWriter.self, reports, collection: collection, script: ReaderScripts.spreadsheetML,
        fileName: "report.xml")
}

/// The text of a cell read back, `nil` when it is not text.
private func text(_ dump: WorkbookDump, _ sheet: String, _ row: Int, _ column: Int) -> String? {
    guard let rows = dump.sheet[sheet]?.cells, row < rows.count, column < rows[row].count else { return nil }
    return rows[row][column].s
}

@Suite("XLSX writer")
struct XLSXWriterTests {
    @Test(
        "the values sheet of one report equals the long CSV cell for cell, numbers as numbers",
        arguments: Support.seedNames)
    func valuesEqualCSV(seed: String) throws {
        let report = try Support.report(seed)
        let dump = try openXLSX([report])
        #expect(dump.problems == [])
        #expect(dump.sheets == sheetNames)
        let values = try #require(dump.sheet["values"])
        #expect(mismatches(values.cells, try Support.csv([report]), numericColumns: numericColumns) == [])
        #expect(values.freeze == "A2")
    }

    @Test("the printed-style sheets have the printed headings, merged, and frozen")
    func printedLayout() throws {
        let report = try Support.report("000_71c8ded71e417266")
        let dump = try openXLSX([report])
        let applications = try #require(dump.sheet["applications"])
        #expect(applications.freeze == "A4")
        for range in ["A1:C3", "D1:J1", "D2:D3", "E2:I2", "J2:J3"] { #expect(applications.merged.contains(range)) }
        #expect(text(dump, "applications", 0, 3) == "申请人情况")
        #expect(text(dump, "applications", 1, 3) == "自然人")
        #expect(text(dump, "applications", 1, 4) == "法人或其他组织")
        #expect((4...8).map { text(dump, "applications", 2, $0) } == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"])
        #expect(text(dump, "applications", 1, 9) == "总计")
        // One sheet row per table row: the label over three columns as printed, then the seven
        // applicant columns as numbers.
        let table = try #require(report.table(.applications))
        #expect(applications.cells.count == 3 + table.rows.count)
        for (offset, row) in table.rows.enumerated() {
            let cells = applications.cells[3 + offset]
            #expect(cells[0..<3].compactMap(\.s).joined(separator: " ") == row.label)
            for (index, column) in ReportSchema.applicantColumns.enumerated() {
                let value = row.cell(column.key)?.value
                #expect(cells[3 + index] == (value.map { ReadCell(t: "n", n: $0) } ?? ReadCell(t: "e")))
            }
        }
        // 三、本年度办理结果 runs down the outcome rows, （三）不予公开 down its eight items, and 一、 across.
        let rowNumber = { (key: String) in 4 + (table.rows.firstIndex { $0.key == key } ?? -100) }
        #expect(applications.merged.contains("A\(rowNumber("granted")):A\(rowNumber("handled_total"))"))
        #expect(
            applications.merged.contains("B\(rowNumber("denied_state_secret")):B\(rowNumber("denied_admin_query"))"))
        #expect(applications.merged.contains("A\(rowNumber("new_received")):C\(rowNumber("new_received"))"))
        #expect(applications.merged.contains("B\(rowNumber("handled_total")):C\(rowNumber("handled_total"))"))

        let reviews = try #require(dump.sheet["reviews"])
        #expect(reviews.freeze == "A4")
        for range in ["A1:E1", "F1:O1", "F2:J2", "K2:O2", "A2:A3", "E2:E3"] { #expect(reviews.merged.contains(range)) }
        #expect(text(dump, "reviews", 0, 0) == "行政复议")
        #expect(text(dump, "reviews", 0, 5) == "行政诉讼")
        #expect(text(dump, "reviews", 1, 5) == "未经复议直接起诉")
        #expect(text(dump, "reviews", 1, 10) == "复议后起诉")
        #expect(reviews.cells[3][2] == ReadCell(t: "n", n: report.cell(.reviews, "cases", "review_other")?.value))

        let active = try #require(dump.sheet["active"])
        #expect(active.cells.contains { $0.first?.s == "第二十条第（一）项" })
        #expect(active.cells.contains { $0.first?.s == "规章" })

        let sections = try #require(dump.sheet["sections"])
        #expect(sections.freeze == "A2")
        for section in report.sections {
            #expect(
                sections.cells.contains { $0.count > 2 && $0[0].s == section.kind.rawValue && $0[2].s == section.text })
        }
        // Column widths are set, not left to the reader's default.
        #expect((dump.sheet["values"]?.widths["A"] ?? 0) > 20)
    }

    @Test("cells with a flag or a failed rule are filled; blank cells stay empty")
    func markedCells() throws {
        // 000 has suspicious cells; 004 breaks applications.balance.
        let suspicious = try Support.report("000_71c8ded71e417266")
        let failing = try Support.report("004_a1987c7275b215ef")
        for report in [suspicious, failing] {
            let dump = try openXLSX([report])
            let records = try Support.csv([report])
            let values = try #require(dump.sheet["values"])
            let failed = Set(
                report.findings.filter { $0.kind == .ruleFailed }.compactMap { finding in
                    finding.table.flatMap { table in
                        finding.row.flatMap { row in finding.column.map { "\(table.rawValue)/\(row)/\($0)" } }
                    }
                })
            var marked = 0
            for (index, record) in records.enumerated().dropFirst() {
                let key = "\(record[3])/\(record[4])/\(record[5])"
                let flags = Set(record[7].split(separator: ";").map(String.init))
                let reference = "G\(index + 1)"
                let fill = values.fills[reference]
                if failed.contains(key) {
                    #expect(fill == "FFC7CE", "\(key) breaks a rule and should be red")
                    marked += 1
                } else if !flags.isDisjoint(with: ["suspicious", "inferred", "missing"]) {
                    #expect(fill == "FFEB9C", "\(key) is flagged \(flags) and should be amber")
                    marked += 1
                } else {
                    #expect(fill == nil, "\(key) has nothing to check")
                }
                if record[6].isEmpty { #expect(values.cells[index][LongTable.valueColumn] == ReadCell(t: "e")) }
            }
            #expect(marked > 0)
            // The printed-style sheet marks the same cells.
            let applications = try #require(dump.sheet["applications"])
            #expect(applications.fills.values.contains { $0 == "FFC7CE" || $0 == "FFEB9C" })
            let findings = try #require(dump.sheet["findings"])
            #expect(findings.cells.count >= 1 + report.findings.count)
        }
    }

    @Test("many reports: values is the CSV of all of them; the tables have a row per report")
    func bulkWorkbook() throws {
        let reports = try Support.seedNames.map(Support.report)
        let dump = try openXLSX(reports, collection: true)
        #expect(dump.problems == [])
        #expect(dump.sheets == sheetNames)
        let values = try #require(dump.sheet["values"])
        #expect(mismatches(values.cells, try Support.csv(reports), numericColumns: numericColumns) == [])

        let applications = try #require(dump.sheet["applications"])
        #expect(applications.freeze == "A3")
        #expect(applications.merged.contains("G1:K1"))
        let expectedRows = reports.reduce(0) {
            $0 + ($1.table(.applications).map { $0.found ? $0.rows.count : 0 } ?? 0)
        }
        #expect(applications.cells.count == 2 + expectedRows)
        #expect(
            Set(applications.cells.dropFirst(2).compactMap { $0.first?.s })
                == Set(reports.filter { $0.table(.applications)?.found == true }.map(\.metadata.source)))

        let reviews = try #require(dump.sheet["reviews"])
        #expect(reviews.cells.count == 3 + reports.filter { $0.table(.reviews)?.found == true }.count)
        let findings = try #require(dump.sheet["findings"])
        #expect(findings.cells.first?.first?.s == "source")
        #expect(findings.cells.count >= 1 + reports.reduce(0) { $0 + $1.findings.count })
        let sections = try #require(dump.sheet["sections"])
        #expect(
            sections.cells.count - 1 == reports.reduce(0) { $0 + $1.sections.count + ($1.preamble.isEmpty ? 0 : 1) })
    }

    @Test("text with markup characters, control characters and more than 32,767 characters still opens")
    func awkwardText() throws {
        var report = try Support.report("000_71c8ded71e417266")
        let awkward = "A & B <C> \"D\" 'E' \u{01}\u{0B}\u{1F} tab\there _x0041_ \u{FFFE}end"
        report.metadata.organization = awkward
        report.sections[0].text = "first\r\nsecond \u{01}\u{0B} & <b>bold</b>"
        report.sections[1].text = String(repeating: "政", count: 40_000)
        let dump = try openXLSX([report])
        #expect(dump.problems == [])
        // openpyxl shows OOXML's `_xHHHH_` escapes as written (Excel turns them back into characters).
        func shownByOpenpyxl(_ text: String) -> String {
            var out = ""
            for scalar in text.unicodeScalars {
                switch scalar.value {
                case 0x09, 0x0A, 0x0D: out.unicodeScalars.append(scalar)
                case 0..<0x20, 0xFFFE, 0xFFFF: out += "_x" + String(format: "%04X", scalar.value) + "_"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out
        }
        let values = try #require(dump.sheet["values"])
        #expect(
            mismatches(
                values.cells, try Support.csv([report]), numericColumns: numericColumns, transform: shownByOpenpyxl)
                == [])
        #expect(text(dump, "values", 1, 2) == shownByOpenpyxl(awkward))
        let sections = try #require(dump.sheet["sections"])
        let texts = sections.cells.compactMap { $0.count > 2 ? $0[2].s : nil }
        #expect(texts.contains(shownByOpenpyxl(report.sections[0].text)))
        #expect(texts.contains(String(repeating: "政", count: SheetCell.maxTextLength)))

        // The SpreadsheetML file drops what XML cannot hold and keeps the rest.
        let xml = try openSpreadsheetML([report])
        #expect(xml.problems == [])
        let dropped = String(
            String.UnicodeScalarView(
                awkward.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\t" }.filter { $0.value != 0xFFFE }))
        #expect(text(xml, "values", 1, 2) == dropped)
        #expect(
            xml.sheet["sections"]?.cells.contains { $0.count > 2 && $0[2].s == "first\r\nsecond  & <b>bold</b>" }
                == true)
    }
}

@Suite("Sheets past the row limit")
struct PagingTests {
    /// A small limit stands for Excel's 1,048,576 rows.
    static let limit = 60

    @Test(
        "values continues on pages that each start with the header; together they are the CSV",
        arguments: ["xlsx", "xml"])
    func valuesPages(format: String) throws {
        let reports = try ["000_71c8ded71e417266", "003_fbaa997d3cdea271"].map(Support.report)
        let directory = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dump: WorkbookDump
        if format == "xlsx" {
            // A tiny memory limit also sends every sheet through a temporary file.
            var writer = XLSXWriter(rowLimit: Self.limit, memoryLimit: 512)
            let file = try Support.save(try write(&writer, reports), as: "paged.xlsx", in: directory)
            dump = try Support.python(ReaderScripts.openpyxl, [file.path], in: directory, as: WorkbookDump.self)
        } else {
            var writer = SpreadsheetMLWriter(rowLimit: Self.limit)
            let file = try Support.save(try write(&writer, reports), as: "paged.xml", in: directory)
            dump = try Support.python(ReaderScripts.spreadsheetML, [file.path], in: directory, as: WorkbookDump.self)
        }
        #expect(dump.problems == [])
        let csv = try Support.csv(reports)
        let pageCount = (csv.count - 1 + Self.limit - 2) / (Self.limit - 1)
        let valuePages = ["values"] + (1..<pageCount).map { "values (\($0 + 1))" }
        #expect(Array(dump.sheets.prefix(pageCount)) == valuePages)
        #expect(Array(dump.sheets.dropFirst(pageCount).prefix(2)) == ["active", "applications"])
        var rows: [[ReadCell]] = []
        for name in valuePages {
            let cells = try #require(dump.sheet[name]?.cells)
            #expect(cells.count <= Self.limit)
            #expect(cells.first?.compactMap(\.s) == LongTable.columns)
            #expect(dump.sheet[name]?.freeze == "A2")
            rows += rows.isEmpty ? cells : Array(cells.dropFirst())
        }
        #expect(mismatches(rows, csv, numericColumns: numericColumns) == [])
        for name in dump.sheets { #expect((dump.sheet[name]?.cells.count ?? 0) <= Self.limit, "\(name)") }
    }

    private func write<W: ReportWriter>(_ writer: inout W, _ reports: [Report]) throws -> [UInt8] {
        try writer.bytes(of: reports, context: WriterContext(isCollection: true))
    }

    @Test("a workbook whose sheets went through temporary files has the same bytes as one held in memory")
    func spilledWorkbook() throws {
        let reports = try Support.seedNames.map(Support.report)
        var inMemory = XLSXWriter()
        var spilled = XLSXWriter(rowLimit: SheetPager.excelRowLimit, memoryLimit: 1)
        let expected = try write(&inMemory, reports)
        #expect(try write(&spilled, reports) == expected)
    }

    @Test("the pager splits chunks at the limit and repeats the header")
    func pager() {
        let header = SheetChunk(rows: [[.text("h")]], merges: [])
        var pager = SheetPager(header: header, rowLimit: 3)
        let chunk = SheetChunk(rows: (1...5).map { [.number(Double($0))] })
        let pieces = pager.place(chunk)
        #expect(pieces.map(\.page) == [0, 1, 1, 2, 2])
        #expect(pieces.map(\.chunk.rows.count) == [2, 1, 2, 1, 1])
        #expect(pieces[1].chunk == header && pieces[3].chunk == header)
        #expect(pager.pageCount == 3)
    }
}

@Suite("Workbook parts")
struct WorkbookPartsTests {
    @Test("sheet names follow Excel's rules and stay unique")
    func sheetNames() {
        #expect(SheetName.make("a/b\\c[d]:e*f?g") == "a_b_c_d__e_f_g")
        #expect(SheetName.make(String(repeating: "长", count: 40)).count == 31)
        #expect(SheetName.make("values", taken: ["Values"]) == "values (2)")
        #expect(SheetName.make("'quoted'") == "quoted")
        #expect(SheetName.make("") == "sheet")
        let long = String(repeating: "x", count: 31)
        let second = SheetName.make(long, taken: [long])
        #expect(second.utf16.count == 31 && second != long && SheetName.isValid(second))
        for collection in [false, true] {
            let names = WorkbookLayout(isCollection: collection).sheets.map(\.name)
            #expect(names == ["values", "active", "applications", "reviews", "sections", "findings"])
            #expect(names.allSatisfy(SheetName.isValid))
            #expect(Set(names.map { $0.lowercased() }).count == names.count)
        }
    }

    @Test("XML text escaping")
    func escaping() {
        #expect(SheetXML.escape("a&b<c>\"d\"'e'", controls: .drop) == "a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;")
        #expect(SheetXML.escape("x\u{01}y\u{0B}z\tq\nr\rs", controls: .ooxmlEscape) == "x_x0001_y_x000B_z\tq\nr&#13;s")
        #expect(SheetXML.escape("x\u{01}y\u{FFFF}z", controls: .drop) == "xyz")
        #expect(SheetXML.escape("keep _x0041_ and _x12_", controls: .ooxmlEscape) == "keep _x005F_x0041_ and _x12_")
        #expect(SheetXML.escape("a\nb", controls: .drop, escapeNewlines: true) == "a&#10;b")
        #expect(SheetXML.escape("普通文本", controls: .ooxmlEscape) == "普通文本")
        #expect(SheetXML.number(5) == "5" && SheetXML.number(-35) == "-35" && SheetXML.number(6089.19) == "6089.19")
        #expect(CellReference.column(0) == "A" && CellReference.column(25) == "Z" && CellReference.column(26) == "AA")
        #expect(CellReference.a1(row: 2, column: 27) == "AB3")
    }

    @Test("the zip writer's archive reads back with the zip reader, members in order")
    func zipRoundTrip() throws {
        var writer = ZipWriter()
        writer.add("[Content_Types].xml", text: "<Types/>")
        writer.add("xl/empty.bin", [])
        let big = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 % 7) }
        writer.add("xl/big.bin", big)
        let bytes = try writer.archive()
        #expect(ZipArchive.looksLikeZip(bytes))
        try ZipArchive.withArchive(bytes) { archive throws(ZipError) in
            #expect(archive.entries.map(\.name) == ["[Content_Types].xml", "xl/empty.bin", "xl/big.bin"])
            #expect(try archive.contents(of: archive.entries[0]) == Array("<Types/>".utf8))
            #expect(try archive.contents(of: archive.entries[1]) == [])
            #expect(try archive.contents(of: archive.entries[2]) == big)
            #expect(archive.entries[2].compressedSize < big.count)
        }
        #expect(writer.names.isEmpty, "the members are released once archived")
        // The same content gives the same bytes.
        var again = ZipWriter()
        again.add("[Content_Types].xml", text: "<Types/>")
        again.add("xl/empty.bin", [])
        again.add("xl/big.bin", big)
        #expect(try again.archive() == bytes)
    }

    @Test(
        "LibreOffice reads the values sheet of both workbooks as the long CSV",
        .enabled(if: Support.libreOfficeCalcAvailable, "needs LibreOffice (soffice) with Calc"))
    func libreOfficeRoundTrip() throws {
        let reports = try ["000_71c8ded71e417266", "004_a1987c7275b215ef"].map(Support.report)
        let directory = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let xlsx = try Support.save(try Support.write(XLSXWriter.self, reports), as: "bulk.xlsx", in: directory)
        let xml = try Support.save(
            try Support.write(SpreadsheetMLWriter.self, reports), as: "bulk-2003.xml", in: directory)
        let output = directory.appendingPathComponent("csv")
        // A private profile, so a LibreOffice already running elsewhere cannot take the job over.
        let result = try Support.run(
            [
                "soffice", "-env:UserInstallation=\(directory.appendingPathComponent("profile").absoluteString)",
                "--headless",
                "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", output.path, xlsx.path,
                xml.path,
            ], in: directory)
        #expect(result.status == 0, "\(result.errors)")
        let expected = try Support.csv(reports)
        for name in ["bulk.csv", "bulk-2003.csv"] {
            let data = try Data(contentsOf: output.appendingPathComponent(name))
            let records = CSV.records(String(decoding: data, as: UTF8.self))
            #expect(records == expected, "\(name) differs from the CSV")
        }
    }
}
