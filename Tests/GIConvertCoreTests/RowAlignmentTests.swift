import Foundation
import GIConvertBytes
import TestSupport
import Testing

@testable import GIConvertCore

/// Tables as PDF text prints them: labels wrapped and cut, rows without labels. Every row's values
/// differ from its neighbours', so a row placed one off shows.
@Suite("Placing value rows by the schema's row order")
struct RowAlignmentTests {
    static let rows = ReportSchema.table(.applications, format: .v2021).rows

    /// Row `index`'s values: its number in the first and last column.
    static func values(_ index: Int) -> [String] {
        ["\(index + 1)", "0", "0", "0", "0", "0", "\(index + 1)"]
    }

    /// The row's own label, cut into pieces of `width` characters, as a narrow cell wraps it.
    static func wrapped(_ label: String, width: Int) -> [String] {
        let own = Array(label.split(separator: " ").last ?? Substring(label))
        return stride(from: 0, to: own.count, by: width).map { String(own[$0..<min($0 + width, own.count)]) }
    }

    /// The report recognised in a file of `Tests/Fixtures/text-layouts`, a paragraph a line.
    static func fixtureReport(_ name: String) throws -> Report {
        let url = Repository.root.appendingPathComponent("Tests/Fixtures/text-layouts/\(name)")
        let lines = try String(contentsOf: url, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        return ReportRecognizer.recognize(Document(blocks: lines.map(Block.paragraph)), source: name)
    }

    func report(_ tableLines: [String]) -> Report {
        ReportRecognizer.recognize(
            RecognitionLayoutTests.document(
                tableLines + ["四、政府信息公开行政复议、行政诉讼情况"]
                    + RecognitionLayoutTests.reviewValues),
            source: "test.txt")
    }

    @Test("a table extracted box by box: labels after values that name two rows place neither")
    func columnChunkedLabelsPlaceNoRow() {
        // pdfminer's text of the first part of table 1: each column's cells, then the row labels together.
        let lines = [
            "测试区2021年政府信息公开工作年度报告", "二、主动公开政府信息情况",
            "第二十条第（一）项", "现行有效", "件数", "0", "3", "信息内容", "本年制", "发件数", "0", "本年废", "止件数",
            "0", "0", "3", "规章", "行政规范", "性文件", "第二十条第（五）项", "信息内容 本年处理决定数量", "行政许可 809",
            "第二十条第（六）项", "信息内容 本年处理决定数量", "行政处罚 169", "行政强制 0", "第二十条第（八）项", "信息内容",
            "本年收费金额（单位：万", "元）", "行政事业", "性收费", "三、收到和处理政府信息公开申请情况", "14",
            "2021 年,我区共受理政府信息公开申请 5 件,均已办结,办结率 100%。", "申请人情况",
        ]
        let report = ReportRecognizer.recognize(Document(blocks: lines.map(Block.paragraph)), source: "t.txt")
        // `0 0 3` printed under 本年废止件数 is no row's: 规章 and 行政规范性文件 both follow it.
        #expect(
            report.table(.active)?.rows.first { $0.key == "regulations" }?.cells.allSatisfy { $0.value == nil } == true)
        #expect(
            report.findings.contains {
                ($0.kind == .rowAmbiguous || $0.kind == .rowNotFound) && $0.row == "regulations"
            })
        #expect(report.cell(.active, "licensing", "decisions")?.value == 809)
    }

    @Test("figures before their labels in the first rows and after them in the last: no row takes another's")
    func orientationFlipsInsideTheTable() throws {
        // PyMuPDF's text blocks sorted by position: a label wrapped over two lines starts above its
        // figures, a one-line label below them, so some rows print their figures first.
        let figures = ["5 0 0 0 0 0 5", "0 0 0 0 0 0 0"]
        var lines = [RecognitionLayoutTests.header.joined(separator: " ")]
        lines += [figures[0], "一、本年新收政府信息", "公开申请数量", figures[1], "二、上年结转政府信息", "公开申请数量"]
        lines += ["三、本年度办理结果 （一）予以公开", figures[0]]
        for row in Self.rows[3..<(Self.rows.count - 2)] {
            lines += [String(row.label.split(separator: " ").last!), figures[1]]
        }
        lines += ["（七）总计", figures[0], "四、结转下年度继续办理"]
        let report = report(lines)
        let expected: [String: Double] = ["handled_total": 5, "carried_forward": 0, "other_misc": 0, "granted": 5]
        for (row, value) in expected {
            let cell = report.cell(.applications, row, "natural_person")
            #expect(cell?.value == nil || cell?.value == value, "\(row): \(String(describing: cell?.value))")
        }
        #expect(report.cell(.applications, "carried_forward", "total")?.value != 5)
    }

    @Test("a line completing a row, then a line of as many figures: two rows, not one row of twice the figures")
    func rowsPrintedOneUnderAnother() throws {
        // pdfminer's Markdown: a row whose label cell is taller than its figures prints the figures
        // first; the row before, its label beside its figures, then runs on into them.
        func figures(_ count: Int) -> String { "\(count) 0 0 0 0 0 \(count)" }
        var lines = [RecognitionLayoutTests.header.joined(separator: " ")]
        lines += [figures(5), "一、本年新收政府信息公开申请数量", figures(1), "二、上年结转政府信息公开申请数量"]
        lines += [figures(3), "三、本年度办理结果 （一）予以公开", figures(2), "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]
        for row in Self.rows[4..<(Self.rows.count - 2)] {
            lines.append(String(row.label.split(separator: " ").last!) + " " + figures(0))
        }
        lines += [figures(5), "（七）总计", figures(1), "四、结转下年度继续办理"]
        let report = report(lines)
        #expect(report.cell(.applications, "other_misc", "total")?.value == 0)
        #expect(report.cell(.applications, "handled_total", "total")?.value == 5)
        let expected: [String: Double] = [
            "new_received": 5, "carried_over": 1, "granted": 3, "partially_granted": 2, "carried_forward": 1,
        ]
        for (row, value) in expected {
            let cell = report.cell(.applications, row, "total")
            #expect(cell?.value == nil || cell?.value == value, "\(row): \(String(describing: cell?.value))")
        }
    }

    @Test("labels read before their figures fit about as well as after them: the reading that adds up is taken")
    func arithmeticDecidesBetweenCloseReadings() throws {
        let report = try Self.fixtureReport("markitdown-labels-below-figures.md")
        // Read before their figures, 1.属于国家秘密's label takes 3.危及“三安全一稳定”'s 11.
        #expect(report.cell(.applications, "denied_three_safeties", "natural_person")?.value == 11)
        #expect(report.cell(.applications, "denied_state_secret", "natural_person")?.value == nil)
        #expect(report.cell(.applications, "denied_enforcement_files", "total")?.value == 14)
        #expect(report.cell(.applications, "handled_total", "total")?.value == 50)
        #expect(!report.findings.contains { $0.kind == .ruleFailed })
    }

    @Test("figures beside a label starting another item than the row's own are not the row's, nor is the reading")
    func figuresBesideAnotherItemNumber() throws {
        let report = try Self.fixtureReport("pdftotext-layout-item-beside-figures.txt")
        // 2.其他法律行政法规禁止公开 printed no figures; `3.危 11 11` are 3.危及“三安全一稳定”'s. Labels read
        // after their figures fit almost as well, and put no row's figures beside another item's number.
        #expect(report.cell(.applications, "denied_prohibited_by_law", "total")?.value == nil)
        #expect(report.findings.contains { $0.row == "denied_prohibited_by_law" })
        #expect(report.cell(.applications, "denied_three_safeties", "total")?.value == 11)
        #expect(report.cell(.applications, "granted", "total")?.value == 4)
    }

    @Test("a row is not given back the figures its label's words name when they stand beside another item's number")
    func cueBeforeAnotherItem() throws {
        let report = try Self.fixtureReport("pdftotext-layout-cue-before-another-item.txt")
        // `行政查 / 询事项` ends right before `（四） 1.本机 21 21`: the figures are 1.本机关不掌握…'s, or
        // nobody's, never 8.属于行政查询事项's.
        #expect(report.cell(.applications, "denied_admin_query", "total")?.value == nil)
        #expect(
            report.findings.contains {
                $0.row == "denied_admin_query" && $0.message.contains("beside 1.本机")
            })
        #expect(report.cell(.applications, "carried_forward", "total")?.value == 1)
    }

    @Test("a label with no figures after it is not read as a row printed empty where a row prints another's figures")
    func surplusFiguresBeforeLabelWithoutFigures() throws {
        let report = try Self.fixtureReport("pdftotext-raw-total-with-next-rows-figures.txt")
        // （七）总计's label is followed by fourteen figures, its own and 四、结转…'s (2 … 2), whose label
        // follows them: its cells are not blank beyond doubt.
        let carried = try #require(report.table(.applications)?.row("carried_forward"))
        #expect(carried.cells.allSatisfy { $0.value == nil && $0.flags == [.missing] })
        #expect(
            report.findings.contains {
                $0.row == "carried_forward" && $0.kind == .valueCountMismatch
                    && $0.message.contains("prints no figures after its label")
            })
        #expect(report.table(.active)?.row("regulations")?.cells.last?.value == 26)
    }

    @Test("a row read as printed empty takes its column's block printed after the next section's heading")
    func printedEmptyRowReadFromColumnBlock() throws {
        let report = try Self.fixtureReport("pdftotext-raw-fee-after-next-heading.txt")
        // 行政事业性收费, 三、收到和处理…, 本年收费金额（单位：万元）, 2383.08: not a row printed empty.
        let fee = try #require(report.cell(.active, "fees", "amount_10k_yuan"))
        #expect(fee.value == 2383.08)
        #expect(fee.flags == [.inferred])
        #expect(report.findings.contains { $0.row == "fees" && $0.kind == .valuesInferred })
        #expect(report.cell(.active, "penalty", "decisions")?.value == 46359)
    }

    @Test("a label wrapped from a row of figures into a row of empty cells takes the figures")
    func labelWrappedIntoEmptyRow() throws {
        let report = try Self.fixtureReport("markitdown-label-wrapped-into-empty-row.md")
        // `| （四）无 | 1.本机关 | 49 | … | 49 |`, then `| 法提供 | 不掌握相 | | … |`: the empty cells are
        // the wrapped label's, the figures the row's.
        let row = try #require(report.table(.applications)?.row("unavailable_not_held"))
        #expect(row.cells.first?.value == 49)
        #expect(row.cells.last?.value == 49)
        #expect(report.table(.applications)?.row("unavailable_needs_creation")?.cells.last?.value == 0)
        #expect(report.findings.allSatisfy { $0.row != "unavailable_not_held" })
    }

    @Test("a row whose label is followed by a column's header before its figures is left blank")
    func columnHeaderBetweenLabelAndFigures() throws {
        let report = try Self.fixtureReport("pdftotext-header-between-label-and-figures.txt")
        // 行政事业性收费, 本年增/减, `０`, `1`: the figures follow the column's header, not the label (the
        // report has 上一年项目数量 1 and 本年增/减 0).
        #expect(report.cell(.active, "fees", "prev_year")?.value == nil)
        #expect(report.cell(.active, "fees", "change")?.flags == [.missing])
        #expect(
            report.findings.contains {
                $0.row == "fees" && $0.kind == .rowAmbiguous && $0.message.contains("column's header")
            })
        // The rows whose figures follow their own labels are read.
        #expect(report.cell(.active, "penalty", "decisions")?.value == 36385)
        #expect(report.cell(.active, "normative_documents", "total_published")?.value == 91)
    }

    @Test("a label between figures no row took and figures followed by a row of empty cells is left blank")
    func labelAfterFiguresBeforeEmptyCells() throws {
        let report = try Self.fixtureReport("markitdown-label-after-figures-before-empty-row.md")
        // `0 增12 2284`, 行政处罚, `0 增14 5`, 行政强制: 行政强制 lines up only with a row of empty cells,
        // so `0 增14 5` are not 行政处罚's beyond doubt (the report has 增12 and 2284).
        #expect(report.cell(.active, "penalty", "decisions")?.value == nil)
        #expect(report.cell(.active, "penalty", "change")?.flags == [.missing])
        #expect(
            report.findings.contains {
                $0.row == "penalty" && $0.kind == .rowAmbiguous && $0.message.contains("taken by no row")
            })
        #expect(report.cell(.active, "licensing", "change")?.value == -9)
        #expect(report.cell(.active, "fees", "prev_year")?.value == 4)
    }

    @Test("a label between figures no row took and figures followed by a label without any is left blank")
    func labelAfterFiguresNoRowTook() throws {
        let report = try Self.fixtureReport("markitdown-label-after-first-figures.md")
        // `| | 3 | 3 | 155 |`, 规章, `| | 0 | 0 | 12 |`, 规范性文件: 0 0 12 are not 规章's beyond doubt.
        #expect(report.cell(.active, "regulations", "total_published")?.value == nil)
        #expect(report.cell(.active, "regulations", "total_published")?.flags == [.missing])
        #expect(
            report.findings.contains {
                $0.row == "regulations" && $0.kind == .rowAmbiguous && $0.message.contains("taken by no row")
            })
        #expect(report.cell(.active, "licensing", "prev_year")?.value == 48)
        #expect(report.cell(.active, "penalty", "decisions")?.value == 5392)
    }

    @Test("a row is not placed by position at figures printed under another table's row label")
    func anotherTablesLabelBetweenPlacedRows() throws {
        // pdfplumber's text of a page turned by /Rotate, read bottom to top: the applications table's first
        // figures land between the active table's last rows, where 行政事业性收费 was not printed.
        let lines = [
            "测试市人民政府2019年政府信息公开工作年度报告", "一、总体情况", "概述。", "二、主动公开政府信息情况",
            "规章 1 1 1", "规范性文件 2 2 2", "行政许可 3 3 3", "其他对外管理服务事项 4 4 4", "行政处罚 5 5 5",
            "行政强制 6 6 6", "一、本年新收政府信息公开申请数量", "7 7", "政府集中采购 18 6089.19",
        ]
        let report = ReportRecognizer.recognize(Document(blocks: lines.map(Block.paragraph)), source: "t.txt")
        #expect(report.cell(.active, "coercion", "decisions")?.value == 6)
        #expect(report.cell(.active, "procurement", "items")?.value == 18)
        #expect(report.cell(.active, "fees", "prev_year")?.value == nil)
        #expect(report.findings.contains { $0.kind == .rowAmbiguous && $0.row == "fees" })
    }

    @Test("similarity keeps the order of a label's characters")
    func similarity() {
        func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }
        #expect(RowAlignment.similarity(scalars("属于国家秘密"), scalars("三1属不于国予公家秘开密")) == 1)
        #expect(RowAlignment.similarity(scalars("予以公开"), scalars("一予以公")) == 0.75)
        #expect(RowAlignment.similarity(scalars("国家秘密"), scalars("密秘家国")) == 0.25)
        #expect(RowAlignment.reference(ofLabel: "（三）不予公开 1.属于国家秘密") == scalars("属于国家秘密"))
    }

    @Test("similarity equals the plain longest-common-subsequence share wherever a decision can read it")
    func similarityMatchesOracle() {
        /// Plain-Swift oracle: the longest common subsequence over the reference's length.
        func lcsShare(_ reference: [UInt32], _ text: [UInt32]) -> Double {
            guard !reference.isEmpty, !text.isEmpty else { return 0 }
            var table = [[Int]](repeating: [Int](repeating: 0, count: text.count + 1), count: reference.count + 1)
            for r in 1...reference.count {
                for t in 1...text.count {
                    table[r][t] =
                        reference[r - 1] == text[t - 1]
                        ? table[r - 1][t - 1] + 1 : max(table[r - 1][t], table[r][t - 1])
                }
            }
            return Double(table[reference.count][text.count]) / Double(reference.count)
        }
        var generator = SplitMix64(seed: 0x5EED_0003)
        // Scalars 1,024 apart share a bit of the prefilter's mask, so collisions are exercised.
        let alphabet: [UInt32] = [0x4E00, 0x4E01, 0x5200, 0x5201, 0x5600, 0x31, 0x431, 0x831, 0x516C, 0x5F00]
        var confirming = 0
        for _ in 0..<2_000 {
            let reference = (0..<(1 + Int(generator.next() % 8))).map { _ in alphabet[Int(generator.next() % 10)] }
            let text = (0..<Int(generator.next() % 24)).map { _ in alphabet[Int(generator.next() % 10)] }
            let expected = lcsShare(reference, text)
            let found = RowAlignment.similarity(reference, text)
            if expected >= RowAlignment.confirmingScore - RowAlignment.tieMargin {
                confirming += 1
                #expect(found == expected, "\(reference) in \(text)")
            } else {
                // Below a rival's margin of a confirming score the bound stands in for the share.
                #expect(found < RowAlignment.confirmingScore - RowAlignment.tieMargin && found >= expected)
            }
        }
        #expect(confirming > 200)
    }

    @Test("labels wrapped two characters a line, numbers on the first line", arguments: [2, 3])
    func numbersOnFirstLine(width: Int) {
        var lines: [String] = []
        for (index, row) in Self.rows.enumerated() {
            let pieces = Self.wrapped(row.label, width: width)
            lines.append(pieces[0] + "   " + Self.values(index).joined(separator: "   "))
            lines += pieces.dropFirst()
        }
        let report = report(lines)
        for (index, row) in Self.rows.enumerated() {
            let cell = report.cell(.applications, row.key, "natural_person")
            #expect(cell?.value == Double(index + 1), "\(row.key): \(String(describing: cell))")
            #expect(cell?.flags.contains(.inferred) == false, "\(row.key)")
        }
    }

    @Test("labels wrapped, numbers after the label's last line, one cell a line")
    func numbersAfterLabel() {
        var lines: [String] = []
        for (index, row) in Self.rows.enumerated() {
            lines += Self.wrapped(row.label, width: 2) + Self.values(index)
        }
        let report = report(lines)
        for (index, row) in Self.rows.enumerated() {
            #expect(report.cell(.applications, row.key, "total")?.value == Double(index + 1), "\(row.key)")
        }
    }

    @Test("a label with a character missing still names its row")
    func misprintedLabel() {
        var lines: [String] = []
        for (index, row) in Self.rows.enumerated() {
            let label = row.key == "denied_prohibited_by_law" ? "2.其他法律行政止公开" : row.label
            lines.append(label + " " + Self.values(index).joined(separator: " "))
        }
        let report = report(lines)
        let index = Self.rows.firstIndex { $0.key == "denied_prohibited_by_law" }!
        #expect(report.cell(.applications, "denied_prohibited_by_law", "total")?.value == Double(index + 1))
        #expect(report.cell(.applications, "denied_three_safeties", "total")?.value == Double(index + 2))
    }

    /// The outcome rows printed as bare values, with no labels: only their position can place them.
    /// Rows are copied table rows, cells between tabs.
    static func unlabelledOutcomes(dropping dropped: String?) -> [String] {
        var lines: [String] = []
        let outcomes = Set(ReportSchema.outcomeRowKeys(.v2021))
        for (index, row) in Self.rows.enumerated() where row.key != dropped {
            let values = Self.values(index).joined(separator: "\t")
            lines.append(outcomes.contains(row.key) ? "\t" + values : row.label + "\t" + values)
        }
        return lines
    }

    @Test("outcome rows without labels, one row missing: no row takes its neighbour's values")
    func shiftedRowsAreNotPlaced() {
        let report = report(Self.unlabelledOutcomes(dropping: "denied_third_party"))
        for (index, row) in Self.rows.enumerated() {
            guard let value = report.cell(.applications, row.key, "natural_person")?.value else { continue }
            #expect(value == Double(index + 1), "\(row.key) holds another row's value \(value)")
        }
        #expect(report.findings.contains { $0.kind == .rowNotFound && $0.table == .applications })
    }

    @Test("outcome rows without labels, none missing: placed by position, flagged, refused by --strict")
    func positionalRowsAreFlagged() {
        let report = report(Self.unlabelledOutcomes(dropping: nil))
        for (index, row) in Self.rows.enumerated() {
            #expect(report.cell(.applications, row.key, "total")?.value == Double(index + 1), "\(row.key)")
        }
        #expect(report.cell(.applications, "granted", "total")?.flags.contains(.inferred) == true)
        #expect(report.cell(.applications, "new_received", "total")?.flags.contains(.inferred) == false)
        #expect(report.findings.contains { $0.kind == .placedByPosition })
        #expect(report.hasRuleFailures)
    }

    @Test("（六）其他处理 printed as one row in a 2021 table keeps its figures under 'other'")
    func singleOtherProcessingRow() {
        var lines: [String] = []
        for (index, row) in Self.rows.enumerated() {
            switch row.key {
            case "other_no_correction": lines.append("（六）其他处理 2 0 0 0 0 0 2")
            case "other_unpaid_fee", "other_misc": continue
            default: lines.append(row.label + " " + Self.values(index).joined(separator: " "))
            }
        }
        let report = report(lines)
        let table = report.table(.applications)
        #expect(table?.row("other")?.cell("total")?.value == 2)
        #expect(table?.row("other_misc")?.cell("total")?.value == nil)
        #expect(report.findings.contains { $0.kind == .rowOfOtherFormat })
        let confirmation = Self.rows.firstIndex { $0.key == "rejected_confirmation" }!
        #expect(report.cell(.applications, "rejected_confirmation", "total")?.value == Double(confirmation + 1))
    }

    @Test("page numbers and a repeated header inside a table are furniture")
    func pageFurniture() {
        var lines: [String] = []
        for (index, row) in Self.rows.enumerated() {
            lines.append(row.label + "   " + Self.values(index).joined(separator: "   "))
            if index == 8 {
                lines += ["— 3 —", "\u{0C}第 4 页 共 9 页", "-5-", "申请人情况", "自然人 法人或其他组织 总计"]
            }
        }
        let report = report(lines)
        for (index, row) in Self.rows.enumerated() {
            #expect(report.cell(.applications, row.key, "total")?.value == Double(index + 1), "\(row.key)")
        }
        for line in ["— 1 —", "-3-", "- 12 -", "第 2 页", "第2页，共5页"] {
            #expect(line.withBytes(TokenizedDocument.isPageNumber), "\(line)")
        }
        for line in ["-35", "-", "— —", "第二十条第（一）项", "12345"] {
            #expect(!line.withBytes(TokenizedDocument.isPageNumber), "\(line)")
        }
    }

    @Test("a pipe row with no leading pipe keeps its empty first cells")
    func pipeRowWithEmptyFirstCells() {
        var lines: [String] = []
        for (index, row) in Self.rows.enumerated() {
            lines.append(row.label + " | " + Self.values(index).joined(separator: " | ") + " |")
        }
        // The 总计 row printed with its label in a line of its own, its figures on the next with the
        // first applicant columns blank.
        let total = Self.rows.firstIndex { $0.key == "handled_total" }!
        lines[total] = "（七）总计\n |  | 1 |  | 6 | 0 | 7 |"
        let report = report(lines.flatMap { $0.components(separatedBy: "\n") })
        #expect(report.cell(.applications, "handled_total", "natural_person")?.value == nil)
        #expect(report.cell(.applications, "handled_total", "research")?.value == 1)
        #expect(report.cell(.applications, "handled_total", "legal_services")?.value == 6)
        #expect(report.cell(.applications, "handled_total", "total")?.value == 7)
    }

    @Test("a label with its first figure printed against it, the rest one a line")
    func figureAgainstLabel() {
        var lines: [String] = []
        for (index, row) in Self.rows.enumerated() {
            let values = Self.values(index)
            lines.append(row.label.split(separator: " ").last.map(String.init)! + values[0])
            lines += values.dropFirst()
        }
        let report = report(lines)
        for (index, row) in Self.rows.enumerated() {
            #expect(report.cell(.applications, row.key, "natural_person")?.value == Double(index + 1), "\(row.key)")
            #expect(report.cell(.applications, row.key, "total")?.value == Double(index + 1), "\(row.key)")
        }
    }

    /// The report of a document whose applications table is a grid of `rows` (label, then seven cells).
    func gridReport(_ rows: [[String]]) -> Report {
        let header = ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
        let grid = TableGrid(rows: ([header] + rows).map { $0.map { GridCell(text: $0) } })
        let blocks =
            RecognitionLayoutTests.document([]).blocks + [.table(grid)]
            + (["四、政府信息公开行政复议、行政诉讼情况"] + RecognitionLayoutTests.reviewValues).map(Block.paragraph)
        return ReportRecognizer.recognize(Document(blocks: blocks), source: "test.pdf")
    }

    @Test("a grid row of figures whose label goes on in the next grid row, printed blank, is one row")
    func labelWrappedIntoABlankGridRow() throws {
        let split = try #require(Self.rows.firstIndex { $0.key == "denied_third_party" })
        var rows: [[String]] = []
        for (index, row) in Self.rows.enumerated() {
            let label = String(row.label.split(separator: " ").last!)
            if index == split {
                rows.append(["4.保护"] + Self.values(index))
                rows.append(["第三方合法权益"] + Array(repeating: "", count: 7))
            } else {
                rows.append([label] + Self.values(index))
            }
        }
        let report = gridReport(rows)
        #expect(report.cell(.applications, "denied_third_party", "natural_person")?.value == Double(split + 1))
        #expect(report.cell(.applications, "denied_third_party", "total")?.value == Double(split + 1))
        #expect(report.cell(.applications, Self.rows[split + 1].key, "total")?.value == Double(split + 2))
    }

    @Test("figures on two lines of a wrapped label do not go to the next row printed blank")
    func blankNumberedRowAfterUnplacedFigures() {
        var rows: [[String]] = [
            ["一、本年新收政府信息公", "5", "", "", "", "", "", ""],
            ["开申请数量", "", "", "", "", "", "", "5"],
            ["二、上年结转政府信息公开申请数量"] + Array(repeating: "", count: 7),
        ]
        for (index, row) in Self.rows.enumerated().dropFirst(2) {
            rows.append([String(row.label.split(separator: " ").last!)] + Self.values(index))
        }
        let report = gridReport(rows)
        #expect(report.table(.applications)?.found == true)
        for column in ["natural_person", "total"] {
            #expect(report.cell(.applications, "carried_over", column)?.value == nil, "\(column)")
        }
        #expect(report.cell(.applications, "granted", "total")?.value == 3)
    }

    @Test("one cell holding two rows' whole labels names neither row")
    func twoRowLabelsInOneCell() {
        // A PDF's distributed label fills its cell, so the next row's label was read as its second line.
        let rows = ReportSchema.table(.active, format: .v2021).rows
        var lines = [
            "测试局2022年政府信息公开工作年度报告", "一、总体情况", "概述。", "二、主动公开政府信息情况",
            "第二十条第（一）项", "信息内容 本年制发件数 本年废止件数 现行有效件数", "规章 0 0 0", "行政规范性文件 2 1 7",
            "第二十条第（五）项", "信息内容 本年处理决定数量", "行政许可 809",
            "第二十条第（六）项", "信息内容 本年处理决定数量", "行政处罚行政强制 9", "0",
        ]
        lines += ["第二十条第（八）项", "信息内容 本年收费金额（单位：万元）", "行政事业性收费 0"]
        let report = ReportRecognizer.recognize(Document(blocks: lines.map(Block.paragraph)), source: "t.txt")
        #expect(rows.contains { $0.key == "coercion" })
        #expect(report.cell(.active, "coercion", "decisions")?.value != 9)
        #expect(report.cell(.active, "penalty", "decisions")?.value != 0)
        #expect(report.cell(.active, "licensing", "decisions")?.value == 809)
    }

    @Test("a row is not placed by position at a figure printed after the next section's heading")
    func positionalRowPastTheNextSection() {
        // pdftotext without -layout of a PDF whose figures sit at the foot of their cells: 行政强制's
        // figure comes out in the applications table's section; by position alone it lined up with
        // 行政事业性收费.
        let lines = [
            "政府信息公开", "遂宁市安居区 2024 年政府信息公开工作年度报告", "来源:安居区 发布时间:2025-01-20 17:00 浏览次数: 字体: [ ] 打印", "二、主动公开政府信息情况",
            "第二十条第（一）项", "信息内容", "规章", "行政规范性文件", "第二十条第（五）项", "信息内容", "本年制发件数", "0", "0", "本年处理决定数量", "本年废止件数", "0",
            "5", "现行有效件数", "0", "8", "行政许可", "40069", "第二十条第（六）项", "信息内容", "本年处理决定数量", "行政处罚", "862", "行政强制",
            "第二十条第（八）项", "信息内容", "本年收费金额（单位：万元）", "行政事业性收费", "6532.96", "三、收到和处理政府信息公开申请情况", "（本列数据的勾稽关系",
            "为：第一项加第二项之", "和，等于第三项加第四项", "之和）", "一、本年新收政府信息公", "开申请数量", "二、上年结转政府信息公", "开申请数量", "三、本 （一）予以公开",
            "年度办 （二）部分公开", "理结果 （区分处理的，", "只计这一情形，", "不计其他情形）", "（三） 1.属于", "不予公 国家秘", "开", "密", "2.其他", "法律行",
            "政法规", "禁止公", "开", "3.危", "及“三", "安全一", "稳定”", "4.保护", "第三方", "合法权", "益", "5.属于", "三类内", "部事务", "信息",
            "6.属于", "四类过", "程性信", "息", "7.属于", "行政执", "法案卷", "8.属于", "行政查", "询事项", "（四） 1.本机", "无法提 关不掌", "供", "握相关",
            "政府信", "息", "2.没有", "现成信", "20796", "申请人情况",
        ]
        let report = ReportRecognizer.recognize(Document(blocks: lines.map(Block.paragraph)), source: "t.txt")
        #expect(report.cell(.active, "licensing", "decisions")?.value == 40069)
        #expect(report.cell(.active, "fees", "amount_10k_yuan")?.value != 20796)
        // 行政强制 prints no figure of its own: blank, with a finding.
        #expect(report.cell(.active, "coercion", "decisions")?.value == nil)
        #expect(report.findings.contains { $0.row == "coercion" && $0.table == .active })
    }

    @Test("cells set at the top: figures beside the first line of a wrapped label are its row's, not the row before")
    func figuresOnTheFirstLineOfWrappedLabels() {
        // pdftotext of a table whose cells are aligned to the top, most rows empty: each row's figures
        // print beside the first line of its label, the row before ends just above them, and most rows
        // print no figures at all.
        let figureRows: Set<Int> = [7, 9, 13, 16]
        var lines = [RecognitionLayoutTests.header.joined(separator: " ")]
        for (index, row) in Self.rows.enumerated() {
            var pieces = Self.wrapped(row.label, width: 4)
            if figureRows.contains(index) {
                pieces[0] += " " + ["\(index + 1)", "\(index + 1)"].joined(separator: " ")
            }
            lines += pieces
        }
        let report = report(lines)
        for index in figureRows {
            let key = Self.rows[index].key
            let before = Self.rows[index - 1].key
            #expect(report.cell(.applications, key, "total")?.value == Double(index + 1), "\(key)")
            #expect(report.cell(.applications, before, "total")?.value != Double(index + 1), "\(before)")
        }
    }
}
