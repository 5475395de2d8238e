import Testing

@testable import GIConvertCore

/// The same report printed in every layout the text copies use must give the same values.
@Suite("Recognising tables in every layout")
struct RecognitionLayoutTests {
    /// A small 2021-format report: row label, then the seven applicant columns.
    static let applicationRows: [(String, [String])] = [
        ("一、本年新收政府信息公开申请数量", ["3", "1", "0", "0", "0", "0", "4"]),
        ("二、上年结转政府信息公开申请数量", ["1", "0", "0", "0", "0", "0", "1"]),
        ("三、本年度办理结果 （一）予以公开", ["2", "1", "0", "0", "0", "0", "3"]),
        ("（四）无法提供 1.本机关不掌握相关政府信息", ["1", "0", "0", "0", "0", "0", "1"]),
        ("（七）总计", ["3", "1", "0", "0", "0", "0", "4"]),
        ("四、结转下年度继续办理", ["1", "0", "0", "0", "0", "0", "1"]),
    ]
    static let header = ["申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    static let reviewValues = ["1", "0", "0", "0", "1", "0", "1", "0", "0", "1", "0", "0", "0", "0", "0"]

    /// The reviews table as pipe rows: its heading, its header cells, its values.
    static let pipeReviewLines = [
        reviewHeader[0], reviewHeader.dropFirst().joined(separator: " | "),
        reviewValues.joined(separator: " | ") + " |",
    ]

    /// The report's lines before the applications table's header.
    static let reportHead = [
        "测试局2022年政府信息公开工作年度报告", "一、总体情况", "概述。", "二、主动公开政府信息情况",
        "第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数",
        "规章", "0", "0", "0", "行政规范性文件", "2", "1", "7",
        "三、收到和处理政府信息公开申请情况", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    ]

    static func document(_ lines: [String]) -> Document {
        Document(blocks: (reportHead + lines).map(Block.paragraph))
    }

    func assertValues(_ report: Report, sourceLocation: SourceLocation = #_sourceLocation) {
        let table = report.table(.applications)
        #expect(table?.found == true, sourceLocation: sourceLocation)
        #expect(report.format == .v2021, sourceLocation: sourceLocation)
        #expect(
            report.cell(.applications, "new_received", "natural_person")?.value == 3, sourceLocation: sourceLocation)
        #expect(report.cell(.applications, "new_received", "commercial")?.value == 1, sourceLocation: sourceLocation)
        #expect(report.cell(.applications, "new_received", "total")?.value == 4, sourceLocation: sourceLocation)
        #expect(report.cell(.applications, "unavailable_not_held", "total")?.value == 1, sourceLocation: sourceLocation)
        #expect(
            report.cell(.applications, "carried_forward", "natural_person")?.value == 1, sourceLocation: sourceLocation)
        #expect(report.cell(.applications, "granted", "total")?.value == 3, sourceLocation: sourceLocation)
        #expect(report.cell(.active, "normative_documents", "in_force")?.value == 7, sourceLocation: sourceLocation)
        #expect(report.cell(.reviews, "cases", "review_total")?.value == 1, sourceLocation: sourceLocation)
        #expect(report.cell(.reviews, "cases", "suit_direct_total")?.value == 1, sourceLocation: sourceLocation)
        #expect(
            !report.findings.contains { $0.kind == .ruleFailed }, "\(report.findings)", sourceLocation: sourceLocation)
    }

    static let reviewHeader =
        [
            "四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
            "未经复议直接起诉", "复议后起诉",
        ] + Array(repeating: ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"], count: 2).flatMap { $0 }

    @Test("one cell per line")
    func oneCellPerLine() {
        var lines = Self.header
        for (label, values) in Self.applicationRows { lines += [label] + values }
        lines += Self.reviewHeader + Self.reviewValues + ["五、存在的主要问题及改进情况", "问题。"]
        assertValues(ReportRecognizer.recognize(Self.document(lines), source: "t.txt"))
    }

    @Test("text spaced out as OCR prints it (`行 政 许 可`): the title, the tables' anchors and labels still read")
    func spacedOut() {
        /// A space after every ideograph or CJK mark that another follows.
        func spaced(_ line: String) -> String {
            func isWide(_ c: Character) -> Bool { c.unicodeScalars.first.map { $0.value >= 0x3000 } ?? false }
            var out = ""
            for (c, next) in zip(line, line.dropFirst().map(Optional.some) + [nil]) {
                out.append(c)
                if let next, isWide(c), isWide(next) { out.append(" ") }
            }
            return out
        }
        var lines = Self.header
        for (label, values) in Self.applicationRows { lines += [label] + values }
        lines += Self.reviewHeader + Self.reviewValues + ["五、存在的主要问题及改进情况", "问题。"]
        #expect(spaced("测试局2022年") == "测 试 局2022年")
        let report = ReportRecognizer.recognize(
            Document(blocks: (Self.reportHead + lines).map(spaced).map(Block.paragraph)), source: "t.txt")
        assertValues(report)
        #expect(report.metadata.organization == "测试局")
        #expect(report.metadata.year == 2022)
    }

    /// pdftotext -layout of a table whose cells are centred vertically: a wrapped label's first half on
    /// the line above its figures, its second half on the line below, just above the next row's label.
    @Test("labels wrapped around their figures, as vertically centred cells print: no row read one off")
    func labelsAroundTheirValues() {
        var lines = Self.header
        for (label, values) in Self.applicationRows {
            let half = (label.count + 1) / 2
            lines += [
                String(label.prefix(half)), "    " + values.joined(separator: "   "), String(label.dropFirst(half)),
            ]
        }
        lines += Self.reviewHeader + Self.reviewValues + ["五、存在的主要问题及改进情况", "问题。"]
        let report = ReportRecognizer.recognize(Self.document(lines), source: "t.txt")
        assertValues(report)
        #expect(report.cell(.applications, "handled_total", "total")?.value == 4)
    }

    /// The reviews section as pdftotext's raw text prints a header printed vertically: the applications
    /// table's last figures after the section heading, then the header one character a line (its words
    /// interleaved), then the row's figures one a line.
    static func verticalReviewLines(_ values: [String]) -> [String] {
        var lines = Self.header
        for (label, values) in Self.applicationRows { lines += [label] + values }
        lines += ["四、政府信息公开行政复议、行政诉讼情况"] + Array(repeating: "0", count: 15)
        lines += ["结", "结", "其", "尚", "总", "果", "果", "他", "未", "计", "维", "纠", "结", "审", "持", "正", "果", "结"]
        return lines + values + ["五、存在的主要问题及改进情况", "问题。"]
    }

    @Test("a reviews header printed one character a line: the figures before it are not the row")
    func verticalReviewHeader() {
        let report = ReportRecognizer.recognize(
            Self.document(Self.verticalReviewLines(Self.reviewValues)), source: "t.txt")
        #expect(report.cell(.reviews, "cases", "review_total")?.value == 1)
        #expect(report.cell(.reviews, "cases", "suit_direct_corrected")?.value == 1)
        #expect(report.cell(.reviews, "cases", "suit_direct_total")?.value == 1)
    }

    @Test("reviews figures one a line that do not add up in the order printed: the row is left blank")
    func reviewFiguresOutOfOrder() {
        // The first group's total printed among the second group's outcomes.
        let values = ["1", "0", "0", "0", "0", "1", "0", "1", "0", "1", "0", "0", "0", "0", "0"]
        let report = ReportRecognizer.recognize(Self.document(Self.verticalReviewLines(values)), source: "t.txt")
        #expect(report.table(.reviews)?.rows.first?.cells.allSatisfy { $0.value == nil } == true)
        #expect(report.findings.contains { $0.kind == .rowAmbiguous && $0.table == .reviews })
    }

    @Test("Markdown cells with <br>: a label's lines join, numbers after it are cells of their own")
    func markdownLineBreaksInCells() {
        var lines = ["|" + Self.header.joined(separator: "|") + "|", "|---|---|---|---|---|---|---|---|---|"]
        for (label, values) in Self.applicationRows {
            // The label wrapped in its cell, its first number taken into the label's cell, the last two
            // numbers in one cell (a converter's merged columns).
            let middle = label.index(label.startIndex, offsetBy: label.count / 2)
            let cell = "\(label[..<middle])<br>\(label[middle...])<br/>\(values[0])"
            lines.append(
                "|" + ([cell] + values[1..<5] + ["\(values[5])<BR />\(values[6])"]).joined(separator: "|") + "|")
        }
        lines += Self.pipeReviewLines
        assertValues(ReportRecognizer.recognize(Self.document(lines), source: "t.md"))
    }

    @Test("a pipe row holding two rows, each cell's figures stacked with <br>: read as the two rows")
    func stackedRows() throws {
        // PyMuPDF's Markdown takes two printed rows for one where a label's cell spans both.
        let lines = [
            "|申请人情况|自然人|商业企业|科研机构|社会公益组织|法律服务机构|其他|总计|", "|---|---|---|---|---|---|---|---|",
            "|一、本年新收政府信息公开申请数量|3|1|0|0|0|0|4|", "|二、上年结转政府信息公开申请数量|1|0|0|0|0|0|1|",
            // The label's lines say which row each is by their item numbers.
            "|三、本年度办<br>理结果<br>（一）予以公开<br>（二）部分公开（区分处理的，<br>只计这一情形，不计其他情形）"
                + "|2<br>1|1<br>0|0<br>0|0<br>0|0<br>0|0<br>0|3<br>1|",
            "|（四）无法提供 1.本机关不掌握相关政府信息|0|0|0|0|0|0|0|",
            // One line per row in every label cell.
            "|（七）总<br>四、结转下年度继续|计<br>办理|3<br>1|1<br>0|0<br>0|0<br>0|0<br>0|0<br>0|4<br>1|",
        ]
        let report = ReportRecognizer.recognize(Self.document(lines + Self.pipeReviewLines), source: "t.md")
        let table = try #require(report.table(.applications))
        let expected: [String: [Double]] = [
            "granted": [2, 1, 0, 0, 0, 0, 3], "partially_granted": [1, 0, 0, 0, 0, 0, 1],
            "handled_total": [3, 1, 0, 0, 0, 0, 4], "carried_forward": [1, 0, 0, 0, 0, 0, 1],
        ]
        for (key, values) in expected {
            #expect(table.row(key)?.cells.map(\.value) == values, "\(key)")
        }
        #expect(!report.findings.contains { $0.kind == .ruleFailed })
    }

    @Test("a pipe row stacking rows whose labels' lines do not say which row each is: no row is read from it")
    func stackedRowsWithoutTheirLabels() throws {
        // Item numbers in two label cells: which line of which cell starts which row cannot be told.
        let lines = [
            "|申请人情况|自然人|商业企业|科研机构|社会公益组织|法律服务机构|其他|总计|", "|---|---|---|---|---|---|---|---|",
            "|一、本年新收政府信息公开申请数量|3|1|0|0|0|0|4|", "|二、上年结转政府信息公开申请数量|1|0|0|0|0|0|1|",
            "|三、本年度办理结果 （一）予以公开|3|1|0|0|0|0|4|",
            "|（七）总计<br>四、结转下年度继续办|（六）其他处理 3.其他<br><br>理|0<br>3<br>1|0<br>1<br>0|0<br>0<br>0"
                + "|0<br>0<br>0|0<br>0<br>0|0<br>0<br>0|0<br>4<br>1|",
        ]
        let report = ReportRecognizer.recognize(Self.document(lines + Self.pipeReviewLines), source: "t.md")
        for key in ["other_misc", "handled_total", "carried_forward"] {
            let values = report.table(.applications)?.row(key)?.cells.compactMap(\.value) ?? []
            #expect(values.isEmpty, "\(key): \(values)")
        }
        #expect(report.cell(.applications, "granted", "total")?.value == 4)
    }

    @Test("a label's cell holding a number and the next cell another is a row of two values, not one")
    func labelCellNumberIsACell() {
        let lines = [
            "测试局2022年政府信息公开工作年度报告", "二、主动公开政府信息情况", "|第二十条第（一）项||||",
            "|信息内容<br>本|年制发件数|本年废止件数|现行有效件数|", "|规章<br>0|||0||0|", "|行政规范性文件<br>3|||0||3|",
            "|第二十条第（五）项||||", "|信息内容<br>本|年处理决|定数量|", "|行政许可<br>80|9|",
            "|第二十条第（六）项||||", "|行政处罚<br>169|", "|行政强制<br>0|", "三、收到和处理政府信息公开申请情况",
        ]
        let report = ReportRecognizer.recognize(Document(blocks: lines.map(Block.paragraph)), source: "t.md")
        #expect(report.table(.active)?.rows.first { $0.key == "normative_documents" }?.cells.map(\.value) == [3, 0, 3])
        #expect(report.cell(.active, "penalty", "decisions")?.value == 169)
        // 80 and 9 (809 cut in two) for one column: which is the figure cannot be told.
        #expect(report.cell(.active, "licensing", "decisions")?.value == nil)
        #expect(report.findings.contains { $0.kind == .valueCountMismatch && $0.row == "licensing" })
    }

    @Test("zeros printed against each other are as many cells, after a label's closing quote too")
    func gluedZeros() {
        var lines = Self.header
        for (label, values) in Self.applicationRows { lines.append(([label] + values).joined(separator: "  ")) }
        lines.insert("        3.危及 三安全一稳定“            ”00000   0  0", at: Self.header.count + 3)
        lines += Self.reviewHeader + [Self.reviewValues.joined(separator: "  "), "五、存在的主要问题及改进情况", "问题。"]
        let report = ReportRecognizer.recognize(Self.document(lines), source: "t.txt")
        assertValues(report)
        let row = report.table(.applications)?.rows.first { $0.key == "denied_three_safeties" }
        #expect(row?.cells.map(\.value) == Array(repeating: 0, count: 7))
    }

    @Test("two cells glued into one number are divided only where every total rule then holds")
    func gluedCellsDividedByTotals() {
        var lines = Self.header
        for (label, values) in Self.applicationRows { lines += [label] + values }
        // 行政复议 8 1 1 0 总计 10, then 5 0 2 0 7 and 0 0 0 0 0: `10` and `5` printed as `105`.
        let glued = ["8", "1", "1", "0", "105", "0", "2", "0", "7", "0", "0", "0", "0", "0"]
        lines += Self.reviewHeader + [glued.joined(separator: " "), "五、存在的主要问题及改进情况", "问题。"]
        let report = ReportRecognizer.recognize(Self.document(lines), source: "t.txt")
        #expect(report.cell(.reviews, "cases", "review_total")?.value == 10)
        #expect(report.cell(.reviews, "cases", "suit_direct_upheld")?.value == 5)
        #expect(report.cell(.reviews, "cases", "review_total")?.flags.contains(.inferred) == true)
        #expect(report.findings.contains { $0.kind == .valuesInferred && $0.table == .reviews })
    }

    @Test("a glued number is not divided when two divisions keep the totals, or none does")
    func gluedCellsRefused() {
        let columns = ReportSchema.table(.reviews, format: .v2021).rows[0].columns
        let zeros = Array(repeating: "0", count: 10)
        // `11 11 0 13`: 11+1+1+0 and 1+1+11+0 both make 13.
        #expect(GluedCells.split(["11", "11", "0", "13"] + zeros, columns: columns) == nil)
        // `12 0 0 5`: neither 1+2 nor anything else makes 5.
        #expect(GluedCells.split(["12", "0", "0", "5"] + zeros, columns: columns) == nil)
        // `1 1 103 0…`: 1+1+10+3 is no total, and 1|03 starts with 0, which no count does.
        #expect(GluedCells.split(["1", "1", "103"] + zeros + ["0"], columns: columns) == nil)
        // `11 1 0 3`: only 1|1 makes 3.
        #expect(
            GluedCells.split(["11", "1", "0", "3"] + zeros, columns: columns)?.texts.prefix(5) == [
                "1", "1", "1", "0", "3",
            ])
    }

    @Test("OCR text: a table rule read as `|` inside a row leaves its figures cells")
    func ocrStrayRules() {
        var lines = [Self.header.joined(separator: "  ")]
        for (index, (label, values)) in Self.applicationRows.enumerated() {
            // OCR reads the rule after the first column as `|`, sometimes against the next figure.
            let rule = index % 2 == 0 ? " |" : " | "
            lines.append("\(label)     \(values[0])\(rule)" + values.dropFirst().joined(separator: "   "))
        }
        lines += Self.reviewHeader + [Self.reviewValues.joined(separator: "  "), "五、存在的主要问题及改进情况", "问题。"]
        assertValues(ReportRecognizer.recognize(Self.document(lines), source: "t.txt"))
    }

    @Test("a short sentence's figures are prose, not cells of the row above it")
    func shortSentenceIsProse() {
        let lines = [
            "测试局2021年政府信息公开工作年度报告", "二、主动公开政府信息情况", "第二十条第（八）项",
            "信息内容 本年收费金额（单位：万元）", "行政事业", "性收费", "三、收到和处理政府信息公开申请情况",
            "2021 年,我局共受理政府信息公开申请 5 件,均已办结,办结率 100%。", "14",
        ]
        let report = ReportRecognizer.recognize(Document(blocks: lines.map(Block.paragraph)), source: "t.txt")
        let fees = report.cell(.active, "fees", "amount_10k_yuan")?.value
        #expect(fees != 2021 && fees != 5)
    }

    @Test("one row per line with pipes")
    func pipeRows() {
        var lines = [Self.header.joined(separator: " | ") + " |"]
        for (label, values) in Self.applicationRows { lines.append(([label] + values).joined(separator: " | ") + " |") }
        lines += Self.pipeReviewLines
        assertValues(ReportRecognizer.recognize(Self.document(lines), source: "t.txt"))
    }

    @Test("a header row's empty last cell is not the first cell of the figures' row below it")
    func headerRowEndingInAnEmptyCell() {
        // pymupdf4llm's reviews table: the header's last row ends in an empty cell, the figures' row
        // starts with one (结果维持 is blank).
        var lines = [Self.header.joined(separator: " | ") + " |"]
        for (label, values) in Self.applicationRows { lines.append(([label] + values).joined(separator: " | ") + " |") }
        lines += [
            "四、政府信息公开行政复议、行政诉讼情况", "||行政复议||||行政诉讼|||||||||||",
            "|结果|结果|其他|尚未|总计|未经复议直接起诉|||||复议后起诉|||||",
            "||||||结果维持|结果纠正|其他结果|尚未审结|总计|结果维持|结果纠正|其他结果|尚未审结|总计||",
            "|维持|纠正|结果|审结||", "||0|0|3|3|0|0|0|0|0|0|0|0||0|",
        ]
        let report = ReportRecognizer.recognize(Self.document(lines), source: "t.md")
        #expect(report.cell(.reviews, "cases", "review_upheld")?.flags.contains(.blank) == true)
        #expect(report.cell(.reviews, "cases", "review_pending")?.value == 3)
        #expect(report.cell(.reviews, "cases", "review_total")?.value == 3)
        #expect(report.cell(.reviews, "cases", "suit_after_review_total")?.value == 0)
    }

    @Test("a pipe table whose labels take three columns: empty label cells are no blank values")
    func pipeLabelColumns() throws {
        let lines = [
            "| 申请人情况 |  |  | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
            "|---|---|---|---|---|---|---|---|---|---|",
            "| 一、本年新收政府信息公开申请数量 |  |  | 3 | 1 | 0 | 0 | 0 | 0 | 4 |",
            "| 二、上年结转政府信息公开申请数量 |  |  | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "| 三、本年度办理结果 | （一）予以公开 |  | 2 | 1 | 0 | 0 | 0 | 0 | 3 |",
            "|  | （四）无法提供 | 1.本机关不掌握相关政府信息 | 1 |  | 0 | 0 | 0 | 0 | 1 |",
            "|  | （七）总计 |  | 3 | 1 | 0 | 0 | 0 | 0 | 4 |",
            "| 四、结转下年度继续办理 |  |  | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        ]
        let report = ReportRecognizer.recognize(Self.document(lines), source: "t.md")
        let table = try #require(report.table(.applications))
        for key in ["new_received", "handled_total"] {
            #expect(table.row(key)?.cells.map(\.value) == [3, 1, 0, 0, 0, 0, 4], "\(key)")
        }
        let unavailable = try #require(table.row("unavailable_not_held")?.cells)
        #expect(unavailable.map(\.value) == [1, nil, 0, 0, 0, 0, 1])
        #expect(unavailable[1].flags == [.blank])
    }

    @Test("a grid cut short on the right: its header tells which columns its cells are in; the rest are missing")
    func gridCutShortOnTheRight() throws {
        func row(_ cells: [String]) -> [GridCell] {
            cells.map { $0 == "^" ? GridCell(text: "", isSpanContinuation: true) : GridCell(text: $0) }
        }
        /// The table with the first `printed` figures of each row, in a grid `columns` cells wide.
        func document(_ header: [[String]], printed: Int, columns: Int) -> Document {
            var rows = header.map(row)
            for (label, values) in Self.applicationRows {
                let cells = values.prefix(printed).map { $0 == "0" ? "" : $0 }
                rows.append(row([label, "^"] + cells + Array(repeating: "", count: columns - 2 - cells.count)))
            }
            return Document(
                blocks: Self.reportHead.map(Block.paragraph) + [
                    .table(TableGrid(rows: rows)), .paragraph("四、政府信息公开行政复议、行政诉讼情况"),
                ])
        }
        // Five of the seven applicant columns, the fifth cut inside its name, as a narrow page prints it.
        let cut = document(
            [
                ["申请人情况", "^", "^", "^", "^", "^", "^"],
                ["^", "^", "自然人", "法人或其他组织", "^", "^", "^"],
                ["^", "^", "^", "商业企业", "科研机构", "社会公益组织", "法律服"],
            ], printed: 5, columns: 7)
        let report = ReportRecognizer.recognize(cut, source: "t.pdf")
        let table = try #require(report.table(.applications))
        let granted = try #require(table.row("granted")?.cells)
        #expect(granted.map(\.value) == [2, 1, nil, nil, nil, nil, nil])
        #expect(granted.prefix(5).allSatisfy { !$0.flags.contains(.missing) && !$0.flags.contains(.inferred) })
        #expect(granted.suffix(2).allSatisfy { $0.flags == [.missing] })
        #expect(report.findings.contains { $0.row == "granted" && $0.message.contains("其他、总计 are not printed") })
        // The whole table, its last two columns empty in every row, is not cut: those cells are blank.
        let whole = document(
            [
                ["申请人情况", "^", "^", "^", "^", "^", "^", "^", "^"],
                ["^", "^", "自然人", "法人或其他组织", "^", "^", "^", "^", "总计"],
                ["^", "^", "^", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "^"],
            ], printed: 5, columns: 9)
        let wholeRow = try #require(
            ReportRecognizer.recognize(whole, source: "t.pdf").table(.applications)?.row("granted"))
        #expect(!wholeRow.cells.contains { $0.flags.contains(.missing) })
    }

    @Test("a grid setting each header over its figures' column and an empty one: the empty ones are no columns")
    func headersOverPaddingColumns() throws {
        func row(_ cells: [String]) -> [GridCell] {
            cells.map { $0 == "^" ? GridCell(text: "", isSpanContinuation: true) : GridCell(text: $0) }
        }
        // Each header spans two grid columns; the figures stand in the second, one figure's cell spanning
        // both. A row whose first column is blank leads with empty cells the label does not own.
        let grid = TableGrid(rows: [
            row(["第二十条第（一）项", "^", "^", "^", "^", "^", "^"]),
            row(["信息内容", "本年制发件数", "^", "本年废止件数", "^", "现行有效件数", "^"]),
            row(["规章", "", "3", "", "1", "", "29"]),
            row(["行政规范性文件", "", "", "", "36", "^", "0"]),
        ])
        func document(_ grid: TableGrid) -> Document {
            Document(
                blocks: ["测试局2022年政府信息公开工作年度报告", "一、总体情况", "概述。", "二、主动公开政府信息情况"].map(Block.paragraph)
                    + [.table(grid), .paragraph("三、收到和处理政府信息公开申请情况")])
        }
        let table = try #require(ReportRecognizer.recognize(document(grid), source: "t.pdf").table(.active))
        #expect(table.row("regulations")?.cells.map(\.value) == [3, 1, 29])
        let documents = try #require(table.row("normative_documents")?.cells)
        #expect(documents.map(\.value) == [nil, 36, 0])
        #expect(documents[0].flags == [.blank])
        // With one such column only, and no figure's cell spanning it, a header set one column off looks
        // the same: the row is not read by dropping it.
        let single = TableGrid(rows: [
            row(["第二十条第（一）项", "^", "^", "^", "^"]),
            row(["信息内容", "本年制发件数", "本年废止件数", "^", "现行有效件数"]),
            row(["规章", "3", "", "1", "29"]),
            row(["行政规范性文件", "", "", "36", ""]),
        ])
        let singleTable = try #require(ReportRecognizer.recognize(document(single), source: "t.pdf").table(.active))
        #expect(singleTable.row("normative_documents")?.cells.map(\.value) != [nil, 36, nil])
    }

    @Test("a grid cell printing figures on lines of their own leaves its row blank, with a finding")
    func cellsRunTogether() throws {
        func row(_ cells: [String]) -> [GridCell] {
            cells.map { $0 == "^" ? GridCell(text: "", isSpanContinuation: true) : GridCell(text: $0) }
        }
        // A PDF's borderless table whose column edges were drawn one cell off: 增27 and 0 of two cells
        // in one, the cell after them empty.
        let grid = TableGrid(rows: [
            row(["第二十条第（六）项", "^", "^", "^"]),
            row(["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]),
            row(["行政处罚", "", "增27\n0", ""]),
            row(["行政强制", "64", "-19", ""]),
        ])
        let document = Document(
            blocks: ["测试局2020年政府信息公开工作年度报告", "一、总体情况", "概述。", "二、主动公开政府信息情况"].map(Block.paragraph)
                + [.table(grid), .paragraph("三、收到和处理政府信息公开申请情况")])
        let report = ReportRecognizer.recognize(document, source: "t.pdf")
        let penalty = try #require(report.table(.active)?.row("penalty"))
        #expect(penalty.cells.map(\.value) == [nil, nil, nil])
        #expect(penalty.cells.allSatisfy { $0.flags == [.missing] })
        #expect(
            report.findings.contains {
                $0.row == "penalty" && $0.kind == .valueCountMismatch && $0.message.contains("'增27 / 0'")
            })
        #expect(report.table(.active)?.row("coercion")?.cells.map(\.value) == [64, -19, nil])
    }

    @Test("a grid cell holding a sign apart from its figure leaves its row blank, with a finding")
    func signCutApart() throws {
        func row(_ cells: [String]) -> [GridCell] {
            cells.map { $0 == "^" ? GridCell(text: "", isSpanContinuation: true) : GridCell(text: $0) }
        }
        // 减1 cut into 减 | 1 where other rows' cells set the column edges: read as a label, 减 split
        // the row, which took 49 and two empty cells.
        let grid = TableGrid(rows: [
            row(["第二十条第（六）项", "^", "^", "^", "^", "^"]),
            row(["信息内容", "上一年项目数量", "本年增/减", "^", "^", "处理决定数量"]),
            row(["行政处罚", "49", "", "减", "1", "10903"]),
            row(["行政强制", "12", "", "", "0", "0"]),
        ])
        let document = Document(
            blocks: ["测试局2020年政府信息公开工作年度报告", "一、总体情况", "概述。", "二、主动公开政府信息情况"].map(Block.paragraph)
                + [.table(grid), .paragraph("三、收到和处理政府信息公开申请情况")])
        let report = ReportRecognizer.recognize(document, source: "t.pdf")
        let penalty = try #require(report.table(.active)?.row("penalty"))
        #expect(penalty.cells.allSatisfy { $0.value == nil && $0.flags == [.missing] })
        #expect(
            report.findings.contains {
                $0.row == "penalty" && $0.kind == .valueCountMismatch
                    && $0.message.contains("'减', apart from its figure")
            })
        // A dash alone is still a blank.
        #expect(ValueParser.parse("-")?.isBlank == true)
    }

    @Test("a reviews grid cut short on the right: its columns are told by their names in order, group by group")
    func reviewsGridCutShortOnTheRight() throws {
        func row(_ cells: [String]) -> [GridCell] {
            cells.map { $0 == "^" ? GridCell(text: "", isSpanContinuation: true) : GridCell(text: $0) }
        }
        let outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        // Fourteen of fifteen columns; the fourteenth's name cut inside (尚未结).
        let leaves = outcomes + outcomes + outcomes.prefix(3) + ["尚未结"]
        let grid = TableGrid(rows: [
            row(["行政复议", "^", "^", "^", "^", "行政诉讼"] + Array(repeating: "^", count: 8)),
            row(Array(repeating: "^", count: 5) + ["未经复议直接起诉", "^", "^", "^", "^", "复议后起诉", "^", "^", "^"]),
            row(leaves),
            row(Self.reviewValues.prefix(14).map { $0 }),
        ])
        let document = Document(
            blocks: Self.reportHead.map(Block.paragraph) + [
                .paragraph("四、政府信息公开行政复议、行政诉讼情况"), .table(grid), .paragraph("五、政府信息公开工作存在的主要问题及改进情况"),
            ])
        let cells = try #require(
            ReportRecognizer.recognize(document, source: "t.pdf").table(.reviews)?.row("cases")?.cells)
        #expect(cells.prefix(14).map(\.value) == Self.reviewValues.prefix(14).map { Double($0) })
        #expect(cells.last?.flags == [.missing])
    }

    @Test("a table cut to four columns: rows whose layout split a column are not read as whole")
    func cutTableWithSplitColumns() throws {
        // A page too narrow for the table keeps four applicant columns; after a page break the layout
        // split columns in two, so some rows have as many cells as the table has columns, or more.
        func row(_ cells: [String]) -> [GridCell] { cells.map { GridCell(text: $0) } }
        var rows = [
            row(["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织"]),
            row(["一、本年新收政府信息公开申请数量", "154", "0", "0", "0"]),
            row(["二、上年结转政府信息公开申请数量", "13", "0", "0", "0"]),
            // Seven cells, the four figures among three empty ones.
            row(["三、本年度办理结果 （一）予以公开", "", "79", "", "0", "", "0", "0"]),
            // Nine cells, three empty ones leading where two are too many.
            row(["（二）部分公开", "", "", "", "15", "", "0", "", "0", "0"]),
        ]
        for label in ["（三）不予公开 1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "（七）总计"] {
            rows.append(row([label, "1", "0", "0", "0"]))
        }
        rows.append(row(["四、结转下年度继续办理", "0", "0", "0", "0"]))
        let width = rows.map(\.count).max()!
        let grid = TableGrid(rows: rows.map { $0 + Array(repeating: GridCell(text: ""), count: width - $0.count) })
        let document = Document(
            blocks: Self.reportHead.map(Block.paragraph) + [.table(grid), .paragraph("四、政府信息公开行政复议、行政诉讼情况")])
        let table = try #require(ReportRecognizer.recognize(document, source: "t.pdf").table(.applications))
        for key in ["granted", "partially_granted", "new_received"] {
            let cells = try #require(table.row(key)?.cells)
            #expect(cells.allSatisfy { $0.value == nil }, "\(key)")
        }
    }

    @Test("a money unit in a cell of its own after its figure is the figure's: 251000 | 元 is 25.1 万元")
    func moneyUnitInItsOwnCell() throws {
        let head: [Block] = [.paragraph("二、主动公开政府信息情况"), .paragraph("第二十条第（九）项")]
        let grid = Document(
            blocks: head + [
                .table(
                    TableGrid(rows: [
                        ["信息内容", "采购项目数量", "", "采购总金额", ""].map { GridCell(text: $0) },
                        ["政府集中采购", "6", "", "251000", "元"].map { GridCell(text: $0) },
                    ]))
            ])
        let pipes = Document(
            blocks: head + ["信息内容 | 采购项目数量 | 采购总金额", "政府集中采购 | 6 | 251000 | 元"].map(Block.paragraph))
        // Each fragment of the page a line of its own (pdftohtml's positioned paragraphs).
        let fragments = Document(
            blocks: head + ["信息内容", "采购项目数量", "采购总金额", "政府集中采购", "6", "251000", "元"].map(Block.paragraph))
        for document in [grid, pipes, fragments] {
            let row = try #require(ReportRecognizer.recognize(document, source: "t").table(.active)?.row("procurement"))
            let amount = try #require(row.cells.first { $0.column == "amount_10k_yuan" })
            #expect(amount.value == 25.1)
            #expect(amount.flags == [.converted])
            #expect(row.cells.first { $0.column == "items" }?.value == 6)
        }
    }

    @Test("a converter's empty row after a short row does not pad it to the table's width")
    func emptyRowAfterAShortRow() throws {
        // pdfplumber's table finder writes an empty row after each row; the short row 四 has two figures
        // and the empty row four cells: seven cells that would put 72 under 商业企业 and 科研机构.
        let report = ReportRecognizer.recognize(
            Self.document([
                "| （二）部分公开（ | 区分处理的，只计这一情 | 形，不计其他情形） | 3 |  |  |  |",
                "|  | 1.属于国家秘密 |  | 14 |  |  |  |", "|  | 5.属于三类内部事务信息 |  | 5 |  |  |  |",
                "| 四、结转下年度继续 | 办理 |  | 72 | 72 |", "|  |  |  |  |  |",
                "| 四、政府信息公开行政 | 复议、行政诉讼 | 情况 |  |  |",
            ]), source: "t.md")
        let row = try #require(report.table(.applications)?.row("carried_forward"))
        #expect(row.cells.allSatisfy { $0.value == nil }, "\(row.cells.map(\.value))")
    }

    @Test("a figure cut at its decimal point into two cells is one figure: 6089 | .19萬元, 6532. | 96")
    func figureCutAtItsDecimalPoint() throws {
        func active(_ lines: [String]) -> StatisticalTable? {
            let head = ["测试局2019年政府信息公开工作年度报告", "一、总体情况", "概述。", "二、主动公开政府信息情况"]
            return ReportRecognizer.recognize(Document(blocks: (head + lines).map(Block.paragraph)), source: "t.md")
                .table(.active)
        }
        // The 2019 format's procurement row: its amount cut as `6089 | .19萬元`.
        let procurement = try #require(
            active(["第二十条第（九）项", "| 信息内容 | 采购项目数量 | 采购总金额 | |", "| 政府集中采购 | 18 | 6089 | .19萬元 |"])?.row(
                "procurement"))
        #expect(procurement.cells.first { $0.column == "items" }?.value == 18)
        #expect(procurement.cells.first { $0.column == "amount_10k_yuan" }?.value == 6089.19)
        // The 2021 format's fees: `6532. | 96`.
        let fees = active(["第二十条第（八）项", "| 信息内容 | 本年收费金额（单位：万元） | |", "| 行政事业性收费 | 6532. | 96 |"])
        #expect(fees?.row("fees")?.cells.first { $0.column == "amount_10k_yuan" }?.value == 6532.96)
    }

    @Test("an empty cell before a row's figures, in a column another row prints a figure in, is not its label's")
    func emptyValueCellBeforeFigures() throws {
        // PyMuPDF's Markdown: 处理决定数量 cut into two cells, so every row has one cell too many; 行政处罚's
        // first cell is empty, as 上一年项目数量 is, where 行政强制 prints 98.
        let lines = [
            "测试局2019年政府信息公开工作年度报告", "一、总体情况", "概述。", "二、主动公开政府信息情况",
            "||第二十条第|（六）项|||", "|信息内容|上一年项目数量|本年增/减|处理决|定数量|", "|行政处罚||36||0|",
            "|行政强制|98|0||0|",
        ]
        let report = ReportRecognizer.recognize(Document(blocks: lines.map(Block.paragraph)), source: "t.md")
        #expect(report.cell(.active, "penalty", "prev_year")?.value != 36)
        #expect(
            report.cell(.active, "penalty", "change")?.value != nil || report.findings.contains { $0.row == "penalty" })
        #expect(report.cell(.active, "coercion", "prev_year")?.value == 98)
        #expect(report.cell(.active, "coercion", "decisions")?.value == 0)
    }

    @Test("a dash in a cell of its own before a change may be its sign: the change is left blank, with a finding")
    func dashBeforeSignedChange() throws {
        let head = ["测试局2019年政府信息公开工作年度报告", "一、总体情况", "概述。", "二、主动公开政府信息情况"]
        func report(_ row: String) -> Report {
            let lines = head + ["第二十条第（八）项", "|信息内容|上一年项目数量|本年|增/减|", row]
            return ReportRecognizer.recognize(Document(blocks: lines.map(Block.paragraph)), source: "t.md")
        }
        // PyMuPDF's Markdown of `-4` under a header cut in two: `| 4 | - | 4 |` is 4 and -4, or 4, a blank, 4.
        let split = report("|行政事业性收费|4|-|4|")
        #expect(split.cell(.active, "fees", "prev_year")?.value == 4)
        #expect(split.cell(.active, "fees", "change")?.value == nil)
        #expect(split.cell(.active, "fees", "change")?.flags == [.missing])
        #expect(split.findings.contains { $0.row == "fees" && $0.column == "change" && $0.message.contains("sign") })
        // An empty cell is no sign.
        let empty = report("|行政事业性收费|4| |4|")
        #expect(empty.cell(.active, "fees", "change")?.value == 4)
        #expect(!empty.findings.contains { $0.row == "fees" && $0.column == "change" })
    }

    @Test("pipe rows written without the cells their label's row span covers: each row's own cells are its last")
    func pipeRowsOfUnevenWidth() throws {
        // markitdown's tables: a row span's cells are left out, a column span's written empty, so every
        // row has its own width and the empty cells before the figures are the label's.
        let lines = [
            "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | | | 申请人情况 | | | | | | |",
            "| 自然人 | 法人或其他组织 | | | | | 总计 |",
            "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |",
            "| 一、本年新收政府信息公开申请数量 | | | 821 | 35 |  |  | 2 | 1 | 859 |",
            "| 二、上年结转政府信息公开申请数量 | | | 18 |  |  |  |  |  | 18 |",
            "| 三、本年度办理结果 | （一）予以公开 | | 258 | 12 |  |  | 1 | 1 | 272 |",
            "| （二）部分公开（区分处理的，只计这一情形，不计其他情形） | | 3 |  |  |  |  |  | 3 |",
            // Cut short on the right: two empty cells lead and only one is past the columns.
            "| 2.其他法律行政法规禁止公开 | | | 14 |  |  |  |  |  |",
        ]
        let table = try #require(ReportRecognizer.recognize(Self.document(lines), source: "t.md").table(.applications))
        func values(_ key: String) -> [Double?] { table.row(key)?.cells.map(\.value) ?? [] }
        #expect(values("new_received") == [821, 35, nil, nil, 2, 1, 859])
        #expect(values("carried_over") == [18, nil, nil, nil, nil, nil, 18])
        #expect(values("granted") == [258, 12, nil, nil, 1, 1, 272])
        #expect(values("partially_granted") == [3, nil, nil, nil, nil, nil, 3])
        #expect(values("denied_prohibited_by_law") == [nil, nil, nil, nil, nil, nil, nil])
    }

    @Test("a pipe table whose only figures stand in its first row: the label columns are told by the rows below")
    func pipeLabelColumnsOfSparseTable() throws {
        // Cut short on the right: 其他 and 总计 are off the page.
        let lines = [
            "| 申请人情况 |  |  | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 |",
            "|---|---|---|---|---|---|---|---|",
            "| 一、本年新收政府信息公开申请数量 |  |  | 5 |  |  |  |  |",
            "| 二、上年结转政府信息公开申请数量 |  |  |  |  |  |  |  |",
            "| 三、本年度办理结果 | （一）予以公开 |  |  |  |  |  |  |",
            "|  | （三）不予公开 | 1.属于国家秘密 |  |  |  |  |  |",
        ]
        let report = ReportRecognizer.recognize(Self.document(lines), source: "t.md")
        let row = try #require(report.table(.applications)?.row("new_received"))
        #expect(row.cells.allSatisfy { $0.value == nil || $0.value == 5 && $0.column == "natural_person" })
        #expect(row.cells.first { $0.column == "research" }?.value == nil)
    }

    /// Clipped on the right, a pipe table prints six of seven columns; the row whose label takes
    /// fewer columns must not make seven values of them with an empty label cell.
    @Test("a pipe table cut short on the right: a row with an empty label cell is not read as whole")
    func pipeLabelColumnsOfClippedTable() throws {
        var lines = [
            "| 申请人情况 |  |  | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |",
            "|---|---|---|---|---|---|---|---|---|",
            "| 一、本年新收政府信息公开申请数量 |  |  | 154 | 0 | 0 | 0 | 0 | 1 |",
            "| 二、上年结转政府信息公开申请数量 |  |  | 13 | 0 | 0 | 0 | 0 | 0 |",
            "| 三、本年度办理结果 | （一）予以公开 |  | 79 | 0 | 0 | 0 | 0 | 0 |",
        ]
        lines += ["|  | （二）部分公开 |  | 15 | 0 | 0 | 0 | 0 | 0 |"]
        lines += ["|  | （七）总计 |  | 167 | 0 | 0 | 0 | 0 | 1 |"]
        lines += ["| 四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 0 | 0 |"]
        let report = ReportRecognizer.recognize(Self.document(lines), source: "t.md")
        let total = try #require(report.table(.applications)?.row("handled_total"))
        #expect(total.cells.allSatisfy { $0.value == nil }, "\(total.cells.map(\.value))")
        #expect(report.findings.contains { $0.row == "handled_total" && $0.kind == .valueCountMismatch })
    }

    @Test("rows printed without figures before the next section: its table's 总计 header does not name them")
    func rowLabelInNextSectionHeader() throws {
        var lines: [String] = [Self.header.joined(separator: " ")]
        for (label, values) in Self.applicationRows.prefix(4) {
            lines.append(([label] + values).joined(separator: " "))
        }
        lines += [
            "（七）总计", "四、结转下年度继续办理", "四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼",
            "结果维持 结果纠正 其他结果 尚未审结 总计", "0", "0", "1", "0", "1", "未经复议直接起诉", "复议后起诉",
            "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其", "2", "0", "0", "0", "2", "0", "0",
        ]
        let report = ReportRecognizer.recognize(Self.document(lines), source: "t.txt")
        let total = try #require(report.table(.applications)?.row("handled_total"))
        #expect(total.cells.allSatisfy { $0.value == nil }, "\(total.cells.map(\.value))")
        #expect(report.cell(.applications, "new_received", "total")?.value == 4)
    }

    @Test("a row's figures on two lines beside the two parts of its label are not read from the first alone")
    func rowFiguresOnTwoLines() throws {
        let lines = [
            Self.header.joined(separator: " "),
            "一、本年新收政府信息公 0 0 0 0 0", "开申请数量 5 5",
            "二、上年结转政府信息公 0 0 0 0 0", "开申请数量 0 0",
            "三、本年度办理结果 （一）予以公开 5 0 0 0 0 0 5",
        ]
        let report = ReportRecognizer.recognize(Self.document(lines), source: "t.txt")
        let received = try #require(report.table(.applications)?.row("new_received"))
        #expect(received.cells.allSatisfy { $0.value == nil }, "\(received.cells.map(\.value))")
        #expect(report.findings.contains { $0.kind == .valueCountMismatch && $0.row == "new_received" })
        // Zeros on both lines are zeros in every column.
        #expect(report.table(.applications)?.row("carried_over")?.cells.map(\.value) == [0, 0, 0, 0, 0, 0, 0])
    }

    @Test("figures after the next sub-table's heading are not named by the label before that heading")
    func labelBeforeNextSubTableHeading() throws {
        // pdfminer's order: a sub-table's labels, the next heading, then figures.
        let lines = [
            "测试局2022年政府信息公开工作年度报告", "一、总体情况", "概述。", "二、主动公开政府信息情况",
            "第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数",
            "规章", "0", "0", "0", "行政规范性文件", "2", "1", "7",
            "第二十条第（五）项", "信息内容", "本年处理决定数量", "行政许可", "信息内容", "行政处罚", "行政强制",
            "信息内容", "行政事业性收费", "第二十条第（六）项", "809", "本年处理决定数量", "169", "0",
            "第二十条第（八）项", "本年收费金额（单位：万元）", "14",
            "三、收到和处理政府信息公开申请情况",
        ]
        let report = ReportRecognizer.recognize(Document(blocks: lines.map(Block.paragraph)), source: "t.txt")
        #expect(report.cell(.active, "fees", "amount_10k_yuan")?.value != 809)
        #expect(report.cell(.active, "normative_documents", "in_force")?.value == 7)
    }

    @Test("one cell per line, each ending in a pipe, with filler pipes")
    func cellsEndingInPipes() {
        var lines = Self.header.map { "\($0) |" } + ["|||"]
        for (label, values) in Self.applicationRows { lines += ["\(label) |"] + values.map { "\($0) |" } + ["||"] }
        lines +=
            [Self.reviewHeader[0]] + Self.reviewHeader.dropFirst().map { "\($0) |" }
            + Self.reviewValues.map { "\($0) |" }
        assertValues(ReportRecognizer.recognize(Self.document(lines), source: "t.txt"))
    }

    @Test("a whole table flattened onto one line")
    func flattened() {
        var parts = Self.header
        for (label, values) in Self.applicationRows {
            parts += [label.replacingOccurrences(of: " ", with: "")] + values
        }
        let lines = [
            parts.joined(separator: " "), Self.reviewHeader[0],
            (Self.reviewHeader.dropFirst() + Self.reviewValues).joined(separator: " "),
        ]
        assertValues(ReportRecognizer.recognize(Self.document(lines), source: "t.txt"))
    }

    @Test("a real table grid with spans")
    func grid() {
        var rows: [[SpannedCell]] = [
            [
                SpannedCell(text: "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowSpan: 3, columnSpan: 3),
                SpannedCell(text: "申请人情况", columnSpan: 7),
            ],
            [
                SpannedCell(text: "自然人", rowSpan: 2), SpannedCell(text: "法人或其他组织", columnSpan: 5),
                SpannedCell(text: "总计", rowSpan: 2),
            ],
            ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"].map { SpannedCell(text: $0) },
        ]
        for (label, values) in Self.applicationRows {
            let parts = label.split(separator: " ").map(String.init)
            let labelCells =
                parts.count == 2
                ? [SpannedCell(text: parts[0]), SpannedCell(text: parts[1], columnSpan: 2)]
                : [SpannedCell(text: parts[0], columnSpan: 3)]
            rows.append(labelCells + values.map { SpannedCell(text: $0) })
        }
        let reviews = TableGrid(spannedRows: [
            [SpannedCell(text: "行政复议", columnSpan: 5), SpannedCell(text: "行政诉讼", columnSpan: 10)],
            ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"].map { SpannedCell(text: $0, rowSpan: 2) }
                + [SpannedCell(text: "未经复议直接起诉", columnSpan: 5), SpannedCell(text: "复议后起诉", columnSpan: 5)],
            Array(repeating: ["结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总计"], count: 2).flatMap { $0 }.map {
                SpannedCell(text: $0)
            },
            Self.reviewValues.map { SpannedCell(text: $0) },
        ])
        var document = Self.document([])
        document.blocks += [.table(TableGrid(spannedRows: rows)), .paragraph(Self.reviewHeader[0]), .table(reviews)]
        assertValues(ReportRecognizer.recognize(document, source: "t.html"))
    }

    @Test("a grid row broken across a page: its figures are read from its label's first part, not claimed blank")
    func rowBrokenAcrossPage() throws {
        let blank = [String](repeating: "", count: 7)
        let rows: [[String]] = [
            ["", ""] + Self.header.prefix(2),
            ["一、本年新收政府信息公开申请数量", ""] + ["3", "1", "0", "0", "0", "0", "4"],
            ["（四）无法提供", "1.本机关不掌握相关政府信息"] + ["1", "0", "0", "0", "0", "0", "1"],
            ["（四）无法提供", "2.没有"] + ["2", "0", "0", "0", "0", "0", "2"],
            ["（本列数据的勾稽关系为：第一项加第二项之和）", ""] + blank,
            ["", "现成信息需要另行制作"] + blank,
            ["", "3.补正后申请内容仍不明确"] + ["0", "0", "0", "0", "0", "0", "0"],
        ]
        var document = Self.document([])
        document.blocks.append(.table(TableGrid(spannedRows: rows.map { $0.map { SpannedCell(text: $0) } })))
        let report = ReportRecognizer.recognize(document, source: "t.pdf")
        let row = try #require(report.table(.applications)?.row("unavailable_needs_creation"))
        #expect(row.cells.map(\.value) == [2, 0, 0, 0, 0, 0, 2])
        #expect(report.cell(.applications, "unavailable_unclear", "total")?.value == 0)
    }

    @Test("a row of empty cells that only resembles a row's label is no printed empty row of it")
    func emptyRowResemblingLabel() throws {
        let blank = [String](repeating: "", count: 7)
        let rows: [[String]] = [
            ["", ""] + Self.header.prefix(2),
            ["一、本年新收政府信息公开申请数量", ""] + ["3", "1", "0", "0", "0", "0", "4"],
            ["（三）不予公开", "4.保护第三方合法权益"] + ["0", "0", "0", "0", "0", "0", "0"],
            ["（三）不予公开", "5.属于"] + ["1", "0", "0", "0", "0", "0", "1"],
            ["", "三类内"] + blank,
            ["（本列数据的勾稽部关事系务为：第一项加第二项信之息和）", ""] + blank,
            ["", "6.属于四类过程性信息"] + ["0", "0", "0", "0", "0", "0", "0"],
        ]
        var document = Self.document([])
        document.blocks.append(.table(TableGrid(spannedRows: rows.map { $0.map { SpannedCell(text: $0) } })))
        let report = ReportRecognizer.recognize(document, source: "t.pdf")
        let row = try #require(report.table(.applications)?.row("denied_internal_affairs"))
        #expect(!row.cells.contains { $0.flags.contains(.blank) }, "\(row.cells.map(\.flags))")
        #expect(report.cell(.applications, "denied_process_info", "total")?.value == 0)
    }

    @Test("empty grid cells are blank and stay in their columns")
    func gridBlanks() throws {
        var rows: [[SpannedCell]] = [Self.header.prefix(2).map { SpannedCell(text: $0) }]
        rows.append(
            [SpannedCell(text: "一、本年新收政府信息公开申请数量")]
                + ["5", "", "\u{A0}", "", "2", "", "7"].map { SpannedCell(text: $0) })
        var document = Self.document([])
        document.blocks.append(.table(TableGrid(spannedRows: rows)))
        let report = ReportRecognizer.recognize(document, source: "t.html")
        let cells = try #require(report.table(.applications)?.row("new_received")?.cells)
        #expect(cells.map(\.value) == [5, nil, nil, nil, 2, nil, 7])
        #expect(cells[1].flags == [.blank])
    }

    @Test("a row printed with its blanks dropped is placed by the row-total rule and flagged inferred")
    func inferredRow() throws {
        let lines = [
            Self.header.joined(separator: " | "),
            "一、本年新收政府信息公开申请数量 | 5 | 5 | ||||||",
            "二、上年结转政府信息公开申请数量 | | | | | | | |",
        ]
        let report = ReportRecognizer.recognize(Self.document(lines), source: "t.txt")
        let row = try #require(report.table(.applications)?.row("new_received"))
        #expect(row.cells.map(\.value) == [5, nil, nil, nil, nil, nil, 5])
        #expect(row.cells[0].flags == [.inferred])
        #expect(row.cells[6].flags == [.inferred])
        // Which cells are blank follows from where the count was placed: as inferred as the count.
        #expect(row.cells[1].flags == [.blank, .inferred])
        #expect(report.findings.contains { $0.kind == .valuesInferred && $0.row == "new_received" })
        #expect(report.table(.applications)?.row("carried_over")?.cells.allSatisfy { $0.value == nil } == true)
    }

    @Test("blanks dropped around two counts: which columns they are in cannot be told, so the row stays blank")
    func twoCountsWithBlanksDropped() throws {
        let lines = [
            Self.header.joined(separator: " | "),
            "一、本年新收政府信息公开申请数量 821 35 2 1 859",
            "二、上年结转政府信息公开申请数量 18 18",
        ]
        let report = ReportRecognizer.recognize(Self.document(lines), source: "t.txt")
        let row = try #require(report.table(.applications)?.row("new_received"))
        #expect(row.cells.allSatisfy { $0.value == nil && $0.flags == [.missing] })
        #expect(report.findings.contains { $0.kind == .valueCountMismatch && $0.row == "new_received" })
        #expect(report.cell(.applications, "carried_over", "natural_person")?.value == 18)
    }

    @Test("a total of 0 with columns dropped: every column is 0, flagged inferred; a lone 0 is no total")
    func zeroTotalWithColumnsDropped() throws {
        let lines = [
            Self.header.joined(separator: " | "),
            "一、本年新收政府信息公开申请数量 0 0 0",
            "二、上年结转政府信息公开申请数量 0",
        ]
        let report = ReportRecognizer.recognize(Self.document(lines), source: "t.txt")
        let row = try #require(report.table(.applications)?.row("new_received"))
        #expect(row.cells.allSatisfy { $0.value == 0 && $0.flags == [.inferred] })
        let single = try #require(report.table(.applications)?.row("carried_over"))
        #expect(single.cells.allSatisfy { $0.value == nil })
    }

    @Test("rows cut alike, some of whose last value is no total: a row of zeros cut so is not read as zeros")
    func tableCutToItsFirstColumns() throws {
        // A table too wide for its page prints each row's first five columns; the other organizations'
        // 1 and the totals are off the page.
        let lines = [
            Self.header.joined(separator: " | "),
            "一、本年新收政府信息公开申请数量 15 0 0 0 0", "二、上年结转政府信息公开申请数量 0 0 0 0 0",
            "三、本年度办理结果 （一）予以公开 13 0 0 0 0", "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 2 0 0 0 0",
            "（三）不予公开 1.属于国家秘密 0 0 0 0 0",
            // A piece of another count, its figures adding up, is cut as well: no total is printed.
            "2.其他法律行政法规禁止公开 0 0 0 0",
        ]
        let report = ReportRecognizer.recognize(Self.document(lines), source: "t.txt")
        for key in ["carried_over", "denied_state_secret", "new_received", "denied_prohibited_by_law"] {
            let row = try #require(report.table(.applications)?.row(key))
            #expect(row.cells.allSatisfy { $0.value == nil }, "\(key)")
            #expect(report.findings.contains { $0.kind == .valueCountMismatch && $0.row == key }, "\(key)")
        }
    }

    @Test("text that runs rows together: a short piece of a row is not read by the row-total rule")
    func rowsRunTogether() throws {
        // pdftotext without -layout: one row's label followed by two rows' figures, and a row whose two
        // figures are a piece of its own (its natural persons' 3 is printed elsewhere).
        let lines = [
            Self.header.joined(separator: " | "),
            "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3 0 0 0 0 0 0 0",
            "二、上年结转政府信息公开申请数量", "三、本年度办理结果 （一）予以公开 0 0",
        ]
        let report = ReportRecognizer.recognize(Self.document(lines), source: "t.txt")
        let row = try #require(report.table(.applications)?.row("granted"))
        #expect(row.cells.allSatisfy { $0.value == nil })
        #expect(report.findings.contains { $0.kind == .valueCountMismatch && $0.row == "granted" })
    }

    @Test("lines that only draw rules (------ ------, ──────) hold no blank cells")
    func ruleLines() throws {
        // pandoc's plain text of a 2019 table whose rows are blank but one: dashed rules above and
        // below, read as cells they were rows of blanks that the rows around them could take.
        let rule = String(repeating: "-", count: 30) + " " + String(repeating: "-", count: 8)
        let lines = [
            rule, Self.header.joined(separator: "   "), "一、本年新收政府信息公开申请数量     5      5",
            "二、上年结转政府信息公开申请数量", "三、本年度办理结果 （一）予以公开", "（七）总计     5      5",
            "四、结转下年度继续办理", rule, String(repeating: "─", count: 12),
        ]
        let report = ReportRecognizer.recognize(Self.document(lines), source: "t.txt")
        #expect(report.cell(.applications, "new_received", "natural_person")?.value == 5)
        #expect(report.cell(.applications, "handled_total", "total")?.value == 5)
        #expect(report.cell(.applications, "carried_over", "natural_person")?.value == nil)
        let drawn = Document(blocks: [rule, "+====+====+", "──────", "——", "-"].map(Block.paragraph))
        #expect(TokenizedDocument(drawn).tokens.map(\.text) == ["——", "-"])
    }

    @Test("traditional script labels")
    func traditional() {
        var lines = ["申請人情況", "自然人", "法人或其他組織", "總計", "商業企業", "科研機構", "社會公益組織", "法律服務機構", "其他"]
        let traditional = [
            "一、本年新收政府資訊公開申請數量", "二、上年結轉政府資訊公開申請數量", "三、本年度辦理結果 （一）予以公開",
            "（四）無法提供 1.本機關不掌握相關政府資訊", "（七）總計", "四、結轉下年度繼續辦理",
        ]
        for (label, (_, values)) in zip(traditional, Self.applicationRows) { lines += [label] + values }
        lines +=
            [
                "四、政府資訊公開行政複議、行政訴訟情況", "行政複議", "行政訴訟", "結果維持", "結果糾正", "其他結果", "尚未審結", "總計",
                "未經複議直接起訴", "複議後起訴",
            ] + Self.reviewValues
        assertValues(ReportRecognizer.recognize(Self.document(lines), source: "t.txt"))
    }

    @Test("a document with no report converts, with a finding per missing table")
    func noReport() {
        let report = ReportRecognizer.recognize(
            Document(blocks: [.paragraph("通知"), .paragraph("这是一份普通的通知。")]), source: "x.txt")
        #expect(report.tables.allSatisfy { !$0.found })
        #expect(report.format == nil)
        #expect(Set(report.findings.filter { $0.kind == .tableNotFound }.compactMap(\.table)) == Set(TableKey.allCases))
    }

    @Test("spam after the report stays out of the last section")
    func spamAfterReport() throws {
        let lines = ["六、其他需要报告的事项", "本年度未收取信息处理费。", "扫一扫在手机上查看当前页面", "92国产精品午夜福利,成年黄网站", "<蜘蛛词>| <蜘蛛词>|"]
        let report = ReportRecognizer.recognize(Self.document(lines), source: "t.txt")
        let section = try #require(report.sections.first { $0.kind == .otherMatters })
        #expect(section.text == "本年度未收取信息处理费。")
    }

    @Test("a merged cell's figure repeated once per column it spans is one cell")
    func repeatedSpans() {
        // `本年增/减 | 本年增/减` over `1 | 1`; `采购总金额 | 采购总金额` over `6089.19萬元 | 6089.19萬元`.
        #expect(RepeatedSpans.columns(["1", "1", "1"], count: 2) == [0, 1])
        #expect(RepeatedSpans.columns(["809", "809", "809"], count: 1) == [0])
        #expect(RepeatedSpans.columns(["18", "6089.19萬元", "6089.19萬元"], count: 2) == [0, 1])
        #expect(RepeatedSpans.columns(["5", "5", "0", "0", "7", "7"], count: 4) == [0, 2, 3, 4])
        // Two runs that could each give the surplus: 1 | 2 | 2 or 1 | 1 | 2.
        #expect(RepeatedSpans.columns(["1", "1", "2", "2"], count: 3) == nil)
        // Zeros side by side are cells, not a span: 0 | 0 | 8 is no row of two cells.
        #expect(RepeatedSpans.columns(["0", "0", "8"], count: 2) == nil)
        #expect(RepeatedSpans.columns(["0", "0", "0", "0", "0", "0", "0", "8"], count: 7) == nil)
        #expect(RepeatedSpans.columns(["0", "0", "0"], count: 2) == [0, 1])
        // Figures a line each may be pieces of one (`1` / `5` / `5` / `4`): only zeros are read there.
        #expect(RepeatedSpans.columns(["1", "5", "5", "4"], count: 3, onOneLine: false) == nil)
        #expect(RepeatedSpans.columns(["1", "1", "1"], count: 2, onOneLine: false) == nil)
        #expect(RepeatedSpans.columns(["0", "0", "0"], count: 2, onOneLine: false) == [0, 1])
    }

    @Test("a pipe table written with every grid position of its merged cells reads each merged cell once")
    func pipeTableWithRepeatedSpans() throws {
        let lines = [
            "测试局2022年政府信息公开工作年度报告", "一、总体情况", "概述。", "二、主动公开政府信息情况",
            "| 第二十条第（八）项 | 第二十条第（八）项 | 第二十条第（八）项 |", "|---|---|---|",
            "| 信息内容 | 本年收费金额（单位：万元） | 本年收费金额（单位：万元） |", "| 行政事业性收费 | 14 | 14 |",
        ]
        let document = Document(blocks: lines.map(Block.paragraph))
        let report = ReportRecognizer.recognize(document, source: "t.md")
        let cell = report.table(.active)?.row("fees")?.cells.first
        #expect(cell?.value == 14)
        #expect(cell?.flags.contains(.inferred) == true)
    }
}
