import Foundation
import GIConvertBytes
import GIConvertCore
import GIConvertFormats
import JSONWriter
import TestSupport
import Testing

@testable import TextReader

@Suite("Plain-text reader")
struct TextReaderTests {
    static let sample = "测试局2022年政府信息公开工作年度报告\n一、总体情况\n规章 | 1 |\n"

    func paragraphs(_ bytes: [UInt8]) throws -> [String] {
        try TextReader.readDocument(ReaderInput(name: "t.txt", bytes: bytes)).blocks.map { block -> String in
            guard case .paragraph(let text) = block else { return "" }
            return text
        }
    }

    @Test("UTF-8, with or without a byte-order mark, one paragraph per non-empty line")
    func utf8() throws {
        let expected = ["测试局2022年政府信息公开工作年度报告", "一、总体情况", "规章 | 1 |"]
        #expect(try paragraphs(Array(Self.sample.utf8)) == expected)
        #expect(try paragraphs([0xEF, 0xBB, 0xBF] + Array(Self.sample.utf8)) == expected)
    }

    @Test("inline formatting tags a converter wrote are left out; other tags and a lone < stay")
    func inlineFormatting() throws {
        let text = [
            "<u>第二十条第（八）项 信息内容 本年收费金额（单位：万元） 行政事业性收费 311</u>",
            "|信息内容|本年<br>制发件数|<sup>现行有效件数</sup>|<span style=\"color:red\">5</span>|",
            "收费金额 < 1 万元 <x>",
        ].joined(separator: "\n")
        #expect(
            try paragraphs(Array(text.utf8)) == [
                "第二十条第（八）项 信息内容 本年收费金额（单位：万元） 行政事业性收费 311",
                "|信息内容|本年<br>制发件数|现行有效件数|5|",
                "收费金额 < 1 万元 <x>",
            ])
    }

    @Test("empty lines between two lines become one empty paragraph, whatever the line ends")
    func emptyLines() throws {
        #expect(try paragraphs(Array("a\r\n\r\n\r\nb\r\n".utf8)) == ["a", "", "b"])
        #expect(try paragraphs(Array("\n\na\nb\n  \t\nc\rd\r\re".utf8)) == ["a", "b", "", "c", "d", "", "e"])
    }

    @Test("GB18030 (GBK) and UTF-16 text")
    func otherEncodings() throws {
        let gbk = try #require(TextDecoding.convertFromUTF8(Self.sample, to: "GB18030"))
        #expect(try paragraphs(gbk).first == "测试局2022年政府信息公开工作年度报告")
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in Self.sample.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try paragraphs(utf16).count == 3)
    }

    @Test("empty files and binary data are errors, not reports")
    func unreadable() {
        #expect(throws: InputError.empty) { try TextReader.readDocument(ReaderInput(name: "e.txt", bytes: [])) }
        #expect(throws: InputError.empty) {
            try TextReader.readDocument(ReaderInput(name: "e.txt", bytes: Array(" \n\n \n".utf8)))
        }
        #expect(throws: InputError.binary) {
            try TextReader.readDocument(ReaderInput(name: "b.txt", bytes: [0x00, 0x01, 0x02, 0xFF, 0x00]))
        }
        #expect(TextReader.descriptor.sniff([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x00]) == 0)
        #expect(TextReader.descriptor.sniff(Array("一、总体情况".utf8)) > 0)
    }

    /// The table of a document read from `text`.
    func table(_ text: String) throws -> TableGrid {
        let blocks = try TextReader.readDocument(ReaderInput(name: "t.txt", bytes: Array(text.utf8))).blocks
        let tables = blocks.compactMap { block -> TableGrid? in
            guard case .table(let grid) = block else { return nil }
            return grid
        }
        #expect(tables.count == 1)
        return try #require(tables.first)
    }

    @Test("a grid table is a table: a cell's lines join, a number wrapped digit by digit is one number")
    func gridTable() throws {
        let grid = try table(
            """
            标题
            +------+---+---+
            | 一、 | 1 | 1 |
            | 本年 | 5 | 5 |
            | 新收 | 4 | 5 |
            +======+===+===+
            | 二、 | 3 |   |
            +------+---+---+
            后文
            """)
        #expect(grid.rows.map { $0.map(\.text) } == [["一、本年新收", "154", "155"], ["二、", "3", ""]])
    }

    @Test("a table drawn with box-drawing strokes, a cell spanning rows under broken rules")
    func boxDrawnTable() throws {
        let grid = try table(
            """
            ┌────────┬────┬────┐
            │申请情况│自然│总计│
            ├────────┼────┼────┤
            │        │ 821│ 859│
            │  三、  ├────┼────┤
            │        │  18│  18│
            └────────┴────┴────┘
            """)
        #expect(grid.rows.map { $0.map(\.text) } == [["申请情况", "自然", "总计"], ["", "821", "859"], ["", "18", "18"]])
    }

    @Test("an HTML table written into Markdown is a table, its spans resolved; the text around it stays lines")
    func htmlTableInMarkdown() throws {
        let text = """
            三、收到和处理政府信息公开申请情况

            <table style="width:100%;">
            <tbody>
            <tr><td rowspan="2">申请人情况</td><td>自然人</td><td>总计</td></tr>
            <tr><td>5</td><td>5</td></tr>
            </tbody>
            </table>

            四、政府信息公开行政复议、行政诉讼情况
            """
        #expect(try table(text).rows.map { $0.map(\.text) } == [["申请人情况", "自然人", "总计"], ["申请人情况", "5", "5"]])
        let blocks = try TextReader.readDocument(ReaderInput(name: "t.md", bytes: Array(text.utf8))).blocks
        #expect(blocks.first == .paragraph("三、收到和处理政府信息公开申请情况"))
        #expect(blocks.last == .paragraph("四、政府信息公开行政复议、行政诉讼情况"))
    }

    @Test("an HTML table on one line, wrapped in <html><body> as MinerU writes it, is a table")
    func oneLineHTMLTable() throws {
        let html =
            "<html><body><table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>1</td></tr></table></body></html>"
        let grid = try table("前文\n\(html)\n后文\n")
        #expect(grid.rows.map { $0.map(\.text) } == [["信息内容", "本年制发件数"], ["规章", "1"]])
    }

    @Test("a <table> never closed, and tags inside prose, leave the text as lines")
    func unclosedHTMLTable() throws {
        let lines = ["<table>", "<tr><td>规章</td><td>1</td></tr>", "一、总体情况", "文中写到 <table> 标签。"]
        #expect(try paragraphs(Array(lines.joined(separator: "\n").utf8)) == lines)
    }

    @Test("every seed report gives its expected values", arguments: Repository.seedReports)
    func seeds(url: URL) throws {
        let report = try Converter(registry: FormatRegistry(readers: [TextReader.self], writers: [])).convertFile(
            atPath: url.path)
        let expected = try ExpectedValues.forSample(url)
        #expect(expected.mismatches(report) == [])
        #expect(report.format?.rawValue == expected.format)
        #expect(report.metadata.year == expected.year)
        #expect(report.metadata.organization == expected.organization)
        #expect(report.hasRuleFailures == expected.expectsInconsistency)
    }

    /// The samples the registry gives to this reader: by extension, or by content where no reader
    /// claims the extension (the `.md` texts of `Samples/pdf-text`).
    static let goldenSamples: [URL] = Golden.inputs.filter { url in
        guard let bytes = try? Converter.readFile(url.path),
            let reader = try? BuiltinFormats.registry.reader(
                for: ReaderInput(name: url.lastPathComponent, bytes: bytes))
        else { return false }
        return reader.descriptor.name == TextReader.descriptor.name
    }

    @Test("every text sample gives its golden IR", arguments: goldenSamples)
    func golden(sample: URL) throws {
        let mismatch = try Golden.mismatch(sample: sample, reader: TextReader.self, writer: JSONWriter.self)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test("the text samples are the seeds, the layouts and the PDF texts")
    func goldenSamplesCovered() {
        for folder in ["seeds", "layouts", "pdf-text"] {
            #expect(
                Self.goldenSamples.contains { $0.deletingLastPathComponent().lastPathComponent == folder }, "\(folder)")
        }
        #expect(Self.goldenSamples.contains { $0.pathExtension == "md" })
    }
}
