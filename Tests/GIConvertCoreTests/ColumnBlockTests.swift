import Testing

@testable import GIConvertCore

/// The active-disclosure table as reading-order extraction prints it: row labels with their first
/// columns, then each remaining column as a header and one value a line, sometimes after the table.
@Suite("Reading sub-tables printed column by column")
struct ColumnBlockTests {
    func report(_ lines: [String], year: Int = 2021) -> Report {
        let blocks = (["测试局\(year)年政府信息公开工作年度报告", "一、总体情况", "概述。", "二、主动公开政府信息情况"] + lines)
            .map(Block.paragraph)
        return ReportRecognizer.recognize(Document(blocks: blocks), source: "t.txt")
    }

    /// The 2021 table's first sub-table with its last column printed after the next section heading.
    static let lastColumnApart = [
        "第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "规章", "0", "0", "行政规范", "3", "1", "性文件",
        "第二十条第（五）项", "信息内容", "本年处理决定数量", "行政许可", "809",
        "三、收到和处理政府信息公开申请情况", "现行有效件数", "2", "7",
    ]

    @Test("a column printed after the table fills the sub-table's last column, flagged inferred")
    func lastColumnAfterTheTable() {
        let report = report(Self.lastColumnApart)
        let expected: [(String, String, Double)] = [
            ("regulations", "issued", 0), ("regulations", "repealed", 0), ("regulations", "in_force", 2),
            ("normative_documents", "issued", 3), ("normative_documents", "repealed", 1),
            ("normative_documents", "in_force", 7),
        ]
        for (row, column, value) in expected {
            let cell = report.cell(.active, row, column)
            #expect(cell?.value == value, "\(row).\(column)")
            #expect(cell?.flags.contains(.inferred) == true, "\(row).\(column)")
        }
        #expect(report.cell(.active, "licensing", "decisions")?.value == 809)
        #expect(report.findings.contains { $0.kind == .valuesInferred && $0.row == "regulations" })
        #expect(!report.findings.contains { $0.kind == .valueCountMismatch && $0.table == .active })
    }

    /// The nine column blocks of the 2019 table's first three sub-tables, as (sub-table, column) in the
    /// order an extractor prints them: one sub-table after another, or (pdfminer) the last column of
    /// two sub-tables after the first two columns of both.
    static let columnOrders: [[(block: Int, column: Int)]] = [
        (0..<9).map { ($0 / 3, $0 % 3) },
        [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (2, 0), (2, 1), (1, 2), (2, 2)],
    ]

    @Test("2019: labels of three sub-tables, then nine column blocks, each to its own sub-table", arguments: [0, 1])
    func everyColumnApart(order: Int) {
        var lines = [
            "第二十条第（一）项", "信息内容", "规章", "规范性文件", "第二十条第（五）项", "信息内容", "行政许可", "其他对外管理服务",
            "事项", "第二十条第（六）项", "信息内容", "行政处罚", "行政强制",
        ]
        let headers = [["本年新制作数量", "本年新公开数量", "对外公开总数量"], ["上一年项目数量", "本年增/减", "处理决定数量"]]
        for (block, column) in Self.columnOrders[order] {
            let first = 10 + block * 3 + column
            lines += [headers[min(block, 1)][column], "\(first)", "\(first + 20)"]
        }
        let report = report(lines)
        let rows = ["regulations", "normative_documents", "licensing", "other_services", "penalty", "coercion"]
        for (position, row) in rows.enumerated() {
            let block = position / 2
            let columns =
                block == 0 ? ["new_made", "new_published", "total_published"] : ["prev_year", "change", "decisions"]
            for (offset, column) in columns.enumerated() {
                let expected = Double((position % 2 == 0 ? 10 : 30) + block * 3 + offset)
                #expect(report.cell(.active, row, column)?.value == expected, "\(row).\(column)")
            }
        }
    }

    @Test("a value printed without a header between the rows and their column block: the sub-table stays blank")
    func strayValueBeforeTheBlock() {
        var lines = Self.lastColumnApart
        lines.insert("5", at: lines.firstIndex(of: "现行有效件数")!)
        let report = report(lines)
        #expect(report.cell(.active, "regulations", "in_force")?.value == nil)
        #expect(report.findings.contains { $0.kind == .valueCountMismatch && $0.row == "regulations" })
    }

    @Test("a block of the column with another number of values comes first: the sub-table stays blank")
    func blockOfAnotherLengthFirst() {
        var lines = Self.lastColumnApart
        lines.insert(contentsOf: ["现行有效件数", "4", "4", "4"], at: lines.firstIndex(of: "三、收到和处理政府信息公开申请情况")!)
        let report = report(lines)
        #expect(report.cell(.active, "regulations", "in_force")?.value == nil)
        #expect(report.cell(.active, "normative_documents", "issued")?.value == nil)
        #expect(report.findings.contains { $0.kind == .valueCountMismatch && $0.row == "regulations" })
    }

    @Test("a column block printed before the rows' labels is not theirs")
    func blockBeforeTheRows() {
        var lines = Self.lastColumnApart
        lines.removeLast(3)
        lines.insert(contentsOf: ["现行有效件数", "2", "7"], at: 0)
        let report = report(lines)
        #expect(report.cell(.active, "regulations", "in_force")?.value == nil)
        #expect(report.findings.contains { $0.kind == .valueCountMismatch && $0.row == "regulations" })
    }

    @Test("a column's values end at an empty line: the change printed after it is not one of them")
    func emptyLineEndsTheColumn() {
        var lines = Self.lastColumnApart
        lines += ["", "减 5"]
        let report = report(lines)
        #expect(report.cell(.active, "regulations", "in_force")?.value == 2)
        #expect(report.cell(.active, "normative_documents", "in_force")?.value == 7)
        lines.remove(at: lines.count - 2)
        let joined = self.report(lines)
        #expect(joined.cell(.active, "regulations", "in_force")?.value == nil)
        #expect(joined.findings.contains { $0.kind == .valueCountMismatch && $0.row == "regulations" })
    }

    /// The 2019 table (of a 2020 report) as pdftotext prints it in reading order, cut after the first
    /// sub-table's column blocks: its last rows (fees, procurement) are not printed, and the column
    /// blocks' figures line up with them by position.
    static let blocksWhereRowsAreMissing = [
        "第二十条第（一）项", "本年新制", "信息内容", "作数量", "规章", "1", "规范性文件", "154", "第二十条第（五）项", "上一年项",
        "信息内容", "目数量", "行政许可", "19175", "其他对外管理", "223", "服务事项", "第二十条第（六）项", "上一年项", "信息内容",
        "目数量", "行政处罚", "9", "行政强制", "24", "第二十条第（八）项", "信息内容", "上一年项", "", "本年新公", "开数量", "1",
        "105", "", "对外公开", "总数量", "1", "752", "",
    ]

    @Test("figures a column block names are not also another row's by position: that row is left blank")
    func blockFiguresAreNotAlsoPlacedByPosition() {
        let report = report(Self.blocksWhereRowsAreMissing, year: 2020)
        let expected: [(String, String, Double)] = [
            ("regulations", "new_made", 1), ("regulations", "new_published", 1), ("regulations", "total_published", 1),
            ("normative_documents", "new_made", 154), ("normative_documents", "new_published", 105),
            ("normative_documents", "total_published", 752),
        ]
        for (row, column, value) in expected {
            #expect(report.cell(.active, row, column)?.value == value, "\(row).\(column)")
        }
        for row in ["fees", "procurement"] {
            #expect(report.table(.active)?.row(row)?.cells.allSatisfy { $0.value == nil } == true, "\(row)")
            #expect(report.findings.contains { $0.kind == .rowAmbiguous && $0.row == row }, "\(row)")
        }
    }

    /// The 2019 table as pdftotext prints the PDF of a Word file whose cells are centred vertically:
    /// every label first, then every column as a block. The first sub-table of 行政许可's is cut short
    /// (its second row's figures are printed on their own, without a header), so its 上一年项目数量
    /// block holds one figure, as many as fees has rows.
    static let sharedColumnHeaders = [
        "第二十条第（一）项", "信息内容", "规章", "规范性文件", "第二十条第（五）项", "信息内容", "行政许可", "其他对外管理服务", "事项",
        "第二十条第（六）项", "信息内容", "行政处罚", "行政强制", "第二十条第（八）项", "信息内容", "行政事业性收费", "第二十条第（九）项", "",
        "本年新制作数量", "1", "154", "", "本年新公开数量", "1", "105", "", "对外公开总数量", "1", "752", "", "上一年项目数量", "19175", "",
        "本年增/减", "減 5711", "", "处理决定数量", "20219", "", "223", "", "229", "", "576", "", "上一年项目数量", "9", "24", "",
        "本年增/减", "增1", "增3", "", "处理决定数量", "488", "830", "", "上一年项目数量", "1", "", "本年增/减", "1", "",
        "信息内容", "采购项目数量", "政府集中采购", "18", "三、收到和处理政府信息公开申请情况",
    ]

    @Test("a block of a column sub-tables share is the first sub-table's that lacks it, never a later one's")
    func sharedColumnBlockIsTheFirstSubTables() {
        let report = report(Self.sharedColumnHeaders, year: 2020)
        #expect(report.cell(.active, "normative_documents", "total_published")?.value == 752)
        // 19175 and 減 5711 are 行政许可's; fees, a sub-table of one row further on, does not take them.
        for row in ["licensing", "other_services", "fees"] {
            #expect(report.table(.active)?.row(row)?.cells.allSatisfy { $0.value == nil } == true, "\(row)")
        }
    }

    /// pdfminer's text of the same table centred vertically: each sub-table's labels, then its column
    /// blocks; 行政许可's are cut short (one figure each, the other after an empty line), and 行政处罚's
    /// follow its labels whole.
    static let subTableByBlocks = [
        "第二十条第（一）项", "", "信息内容", "", "本年新制", "作数量", "规章", "0", "规范性文件 0", "第二十条第（五）项", "",
        "上一年项", "目数量", "0", "", "信息内容", "", "行政许可", "其他对外管理", "服务事项", "第二十条第（六）项", "", "0", "",
        "本年新公", "开数量", "0", "0", "", "对外公开", "总数量", "0", "6", "", "本年增/减", "", "0", "", "0", "", "处理决定", "数量",
        "0", "", "0", "", "信息内容", "", "行政处罚", "行政强制", "第二十条第（八）项", "", "上一年项", "目数量", "9", "0", "",
        "本年增/减", "", "0", "0", "", "处理决定", "数量", "0", "0", "", "信息内容", "", "上一年项", "目数量", "", "本年增/减", "",
        "行政事业性收", "费", "第二十条第（九）项", "", "0", "", "0", "", "信息内容", "", "采购项目", "数量", "", "采购总金额（换算为",
        "万元）", "0", "", "三、收到和处理政府信息公开申请情况",
    ]

    @Test("blocks a sub-table fits but cannot take (a figure without a header among them) stay free for the next")
    func blocksOfARefusedSubTableStayFree() {
        let report = report(Self.subTableByBlocks, year: 2020)
        #expect(report.cell(.active, "penalty", "prev_year")?.value == 9)
        #expect(report.cell(.active, "penalty", "decisions")?.value == 0)
        #expect(report.cell(.active, "coercion", "change")?.value == 0)
        #expect(report.cell(.active, "licensing", "prev_year")?.value == nil)
    }
}
