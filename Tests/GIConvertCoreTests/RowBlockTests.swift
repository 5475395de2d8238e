import Testing

@testable import GIConvertCore

/// The applications table as pdftotext prints it without `-layout`: a page's row labels cut into
/// pieces, then the column headers' pieces and the rows' figures one a line, row after row.
@Suite("Reading rows printed as their labels, then their figures")
struct RowBlockTests {
    func report(_ lines: [String]) -> Report {
        let head = [
            "测试局2021年政府信息公开工作年度报告", "一、总体情况", "概述。", "二、主动公开政府信息情况", "第二十条第（一）项", "信息内容",
            "本年制发件数", "本年废止件数", "规章", "0", "0", "行政规范性文件", "3", "0",
            "三、收到和处理政府信息公开申请情况",
        ]
        let tail = ["四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "无。"]
        return ReportRecognizer.recognize(Document(blocks: (head + lines + tail).map(Block.paragraph)), source: "t.txt")
    }

    /// The first page's rows: 一、二、三（一）（二）, their labels' pieces, then the header's pieces with
    /// the figures among them (`法律 / 服务 / 机构` between the fourth and fifth column).
    static let firstPageLabels = [
        "（本列数据的勾稽关系", "为：第一项加第二项之", "和，等于第三项加第四", "项之和）", "一、本年新收政府信息", "公开申请数量",
        "二、上年结转政府信息", "公开申请数量", "三、", "（一）予以公", "本年", "开", "度办", "（二）部分公", "理结", "开（区分处理",
    ]
    static let header = ["申请人情况", "自然", "法人或其他组织", "人", "商业", "科研", "社会", "企业", "机构", "公益", "组织"]
    /// Per row, its seven figures.
    static let firstPageFigures = [
        ["154", "0", "0", "0", "0", "1", "155"], ["13", "0", "0", "0", "0", "0", "13"],
        ["79", "0", "0", "0", "0", "0", "79"], ["15", "0", "0", "0", "0", "0", "15"],
    ]

    /// The figures one a line, row after row, with the last columns' header pieces after the fourth
    /// and fifth figure.
    static func printed(_ rows: [[String]]) -> [String] {
        let figures = rows.joined().map { $0 }
        return Array(figures[..<4]) + ["法律", "服务", "机构"] + [figures[4]] + ["其他"] + Array(figures[5...]) + ["总计"]
    }

    @Test("four rows' labels, then their 28 figures row by row: read by counting, flagged inferred")
    func rowsByCounting() {
        let report = report(Self.firstPageLabels + Self.header + Self.printed(Self.firstPageFigures))
        let keys = ["new_received", "carried_over", "granted", "partially_granted"]
        let columns = ReportSchema.applicantColumns.map(\.key)
        for (row, key) in keys.enumerated() {
            for (column, columnKey) in columns.enumerated() {
                let cell = report.cell(.applications, key, columnKey)
                #expect(cell?.value == Double(Self.firstPageFigures[row][column]), "\(key).\(columnKey)")
                #expect(cell?.flags.contains(.inferred) == true, "\(key).\(columnKey)")
            }
        }
        #expect(report.findings.contains { $0.kind == .valuesInferred && $0.row == "new_received" })
    }

    @Test("figures printed right under another table's column header are not counted")
    func foreignHeaderFigures() {
        let lines = Self.firstPageLabels + ["现行有效件数", "0", "8"] + Self.header + Self.printed(Self.firstPageFigures)
        let report = report(lines)
        #expect(report.cell(.applications, "new_received", "total")?.value == 155)
        #expect(report.cell(.applications, "partially_granted", "natural_person")?.value == 15)
    }

    @Test("a figure short, or a row's label missing, and nothing is read by counting")
    func countMustFit() {
        var short = Self.firstPageFigures
        short[3].removeLast()
        let cut = report(Self.firstPageLabels + Self.header + Self.printed(short))
        #expect(cut.cell(.applications, "partially_granted", "natural_person")?.value == nil)
        #expect(cut.cell(.applications, "new_received", "natural_person")?.value == nil)

        let labels = Self.firstPageLabels.filter { $0 != "（二）部分公" }
        let unlabelled = report(labels + Self.header + Self.printed(Self.firstPageFigures))
        #expect(unlabelled.cell(.applications, "new_received", "natural_person")?.value == nil)
    }

    @Test("figures whose rows do not add up row by row are not read; nor where read column by column they add up too")
    func rowsMustAddUp() {
        // The same figures printed column by column: read row by row, the rows do not add up.
        let byColumn = (0..<7).map { column in Self.firstPageFigures.map { $0[column] } }
        let flat = byColumn.joined().map { $0 }
        let columnMajor = report(Self.firstPageLabels + Self.header + flat)
        #expect(columnMajor.cell(.applications, "new_received", "natural_person")?.value == nil)
        #expect(columnMajor.cell(.applications, "granted", "total")?.value == nil)

        // Two rows that add up whichever way their figures are read, with other values: row by row
        // 0 … 0 and 1 0 0 0 0 0 1, column by column 0 … 0 and 0 0 0 1 0 0 1.
        let labels = ["一、本年新收政府信息", "公开申请数量", "二、上年结转政府信息", "公开申请数量"]
        let figures = Array(repeating: "0", count: 7) + ["1", "0", "0", "0", "0", "0", "1"]
        let ambiguous = report(labels + Self.header + figures)
        #expect(ambiguous.cell(.applications, "carried_over", "natural_person")?.value == nil)
        #expect(ambiguous.cell(.applications, "new_received", "natural_person")?.value == nil)
    }

    @Test("numerals that start a word inside a label (三安全一稳定, 第三方) are no rows' starts")
    func numeralInsideLabel() {
        let labels = [
            "（三", "1.属", "）不", "于国", "予公", "家秘", "开", "密", "2.其", "他法", "律行", "政法", "规禁", "止公", "开", "3.危",
            "及“三", "安全", "一稳", "定”", "4.保", "护第", "三方", "合法", "权益",
        ]
        let figures = (0..<4).flatMap { row in
            row == 1 ? ["2", "0", "0", "0", "0", "1", "3"] : Array(repeating: "0", count: 7)
        }
        let report = report(Self.firstPageLabels + Self.header + Self.printed(Self.firstPageFigures) + labels + figures)
        #expect(report.cell(.applications, "denied_prohibited_by_law", "natural_person")?.value == 2)
        #expect(report.cell(.applications, "denied_prohibited_by_law", "total")?.value == 3)
        #expect(report.cell(.applications, "denied_third_party", "total")?.value == 0)
        #expect(report.cell(.applications, "denied_third_party", "total")?.flags.contains(.inferred) == true)
    }

    /// True when a finding says rows were read by counting.
    func readByCounting(_ report: Report) -> Bool {
        report.findings.contains { $0.kind == .valuesInferred && $0.message.contains("read by counting") }
    }

    @Test("figures before the first row's label: rows may print their figures before their labels, and none is counted")
    func figuresBeforeLabels() {
        let other = [
            ["1", "0", "0", "0", "0", "0", "1"], ["2", "0", "0", "0", "0", "0", "2"],
            ["0", "1", "0", "0", "0", "0", "1"],
            ["0", "0", "0", "0", "0", "0", "0"],
        ]
        let lines = Self.header + Self.printed(Self.firstPageFigures) + Self.firstPageLabels + Self.printed(other)
        let report = report(lines)
        #expect(report.cell(.applications, "new_received", "natural_person")?.value != 1)
        let counted = readByCounting(report)
        #expect(!counted)
    }

    @Test("figures on a label's line are that row's, printed on its line: a run holding them is not counted")
    func figuresBesideLabels() {
        let lines = [
            "一、本年新收政府信息公开申请数量 154 0 0 0 0 1 155", "二、上年结转政府信息公开申请数量 13 0 0 0 0 0 13",
            "三、本年度办理结果 （一）予以公开 79 0 0 0 0 0 79", "（二）部分公开 0 0 0 0 0 15", "（区分处理的，只计这一情形，不计其他情形）", "15",
        ]
        let report = report(Self.header + lines)
        #expect(report.cell(.applications, "partially_granted", "other_org")?.value != 15)
        let counted = readByCounting(report)
        #expect(!counted)
    }
}
