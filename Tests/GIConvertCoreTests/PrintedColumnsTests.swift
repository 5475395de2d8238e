import Testing

@testable import GIConvertCore

/// Tables set out with spaces, as pdftotext's layout mode and pandoc's plain text print them: a figure is
/// in the column it is printed under, though the row prints none of its blank cells.
@Suite("Columns of tables set out with spaces")
struct PrintedColumnsTests {
    /// One line with each piece of text starting at its place; places are counted in characters, or in
    /// display width (a Chinese character two places) with `wide`.
    static func line(_ pieces: [(Int, String)], wide: Bool = false) -> String {
        var text = ""
        var width = 0
        for (place, piece) in pieces {
            precondition(place >= width + (text.isEmpty ? 0 : 1), "pieces overlap")
            text += String(repeating: " ", count: place - width) + piece
            width = place + piece.unicodeScalars.reduce(0) { $0 + (wide && $1.value >= 0x2E80 ? 2 : 1) }
        }
        return text
    }

    /// The applicant columns' header, as pdftotext prints a LibreOffice table: the names' places.
    static let header = [
        line([(30, "自然人"), (51, "法人或其他组织"), (75, "总计")]),
        line([(36, "商业企业"), (43, "科研机构"), (51, "社会公益组织"), (61, "法律服务机构"), (70, "其他")]),
    ]

    /// Where pdftotext prints each applicant column's figures under that header.
    static let places = [31, 37, 44, 53, 63, 70, 75]

    /// A row of the applications table: its label, then its figures by column (nil: blank cell).
    static func row(_ label: String, _ figures: [Int?], places: [Int] = places) -> String {
        line([(0, label)] + zip(places, figures).compactMap { place, figure in figure.map { (place, String($0)) } })
    }

    static func report(_ lines: [String]) -> Report {
        ReportRecognizer.recognize(RecognitionLayoutTests.document(lines), source: "t.txt")
    }

    @Test("rows printing one count and their total: the count is in the column it is printed under")
    func oneCountUnderItsColumn() throws {
        let report = Self.report(
            Self.header + [
                Self.row("一、本年新收政府信息公开申请数量", [2, 14, nil, nil, nil, nil, 16]),
                Self.row("二、上年结转政府信息公开申请数量", [nil, 1, nil, nil, nil, nil, 1]),
                Self.row("三、本年度办理结果 （一）予以公开", [2, 14, nil, nil, nil, nil, 16]),
                Self.row("（七）总计", [2, 14, nil, nil, nil, nil, 16]),
                Self.row("四、结转下年度继续办理", [nil, 1, nil, nil, nil, nil, 1]),
            ])
        let carriedOver = try #require(report.table(.applications)?.row("carried_over"))
        #expect(carriedOver.cells.map(\.value) == [nil, 1, nil, nil, nil, nil, 1])
        #expect(carriedOver.cells.allSatisfy { !$0.flags.contains(.inferred) && !$0.flags.contains(.missing) })
        #expect(report.cell(.applications, "carried_forward", "commercial")?.value == 1)
        #expect(report.cell(.applications, "carried_forward", "natural_person")?.value == nil)
        #expect(report.cell(.applications, "new_received", "commercial")?.value == 14)
        #expect(!report.findings.contains { $0.table == .applications && $0.row == "carried_over" })
    }

    @Test("a header wrapped in its narrow cells (`商业企` / `业`) still names each column")
    func wrappedHeader() throws {
        let header = [
            Self.line([(30, "自然"), (75, "总")]),
            Self.line([(30, "人"), (36, "商业企"), (43, "科研机"), (51, "社会公"), (61, "法律服"), (70, "其"), (75, "计")]),
            Self.line([(37, "业"), (44, "构"), (51, "益组织"), (61, "务机构"), (70, "他")]),
        ]
        let report = Self.report(
            header + [
                Self.row("一、本年新收政府信息公开申请数量", [nil, nil, 3, nil, nil, nil, 3]),
                Self.row("二、上年结转政府信息公开申请数量", [nil, nil, nil, nil, nil, 2, 2]),
            ])
        #expect(report.cell(.applications, "new_received", "research")?.value == 3)
        #expect(report.cell(.applications, "carried_over", "other_org")?.value == 2)
        #expect(report.cell(.applications, "carried_over", "natural_person")?.value == nil)
    }

    @Test("pandoc's plain tables count a Chinese character two places: labels before the figures shift no column")
    func displayWidth() throws {
        let header = [
            Self.line(
                [(60, "自然人"), (70, "商业企业"), (82, "科研机构"), (94, "社会公益组织"), (110, "法律服务机构"), (126, "其他"), (134, "总计")],
                wide: true)
        ]
        let places = [60, 70, 82, 94, 110, 126, 134]
        func row(_ label: String, _ figures: [Int?]) -> String {
            Self.line(
                [(2, label)] + zip(places, figures).compactMap { place, figure in figure.map { (place, String($0)) } },
                wide: true)
        }
        let report = Self.report(
            header + [
                row("一、本年新收政府信息公开申请数量", [nil, nil, nil, 4, nil, nil, 4]),
                row("二、上年结转政府信息公开申请数量", [nil, 5, nil, nil, nil, nil, 5]),
            ])
        #expect(report.cell(.applications, "new_received", "social_welfare")?.value == 4)
        #expect(report.cell(.applications, "carried_over", "commercial")?.value == 5)
        #expect(report.cell(.applications, "carried_over", "natural_person")?.value == nil)
    }

    @Test("after a page break the columns may be set at another scale: the header of the page before tells none")
    func nextPage() throws {
        let report = Self.report(
            Self.header + [
                Self.row("一、本年新收政府信息公开申请数量", [nil, 5, nil, nil, nil, nil, 5]),
                Self.row("二、上年结转政府信息公开申请数量", [nil, nil, nil, nil, nil, nil, nil]),
                Self.row("三、本年度办理结果 （一）予以公开", [nil, 4, nil, nil, nil, nil, 4]),
                "\u{0C}" + Self.row("（七）总计", [nil, 4, nil, nil, nil, nil, 4], places: [40, 44, 48, 52, 56, 60, 98]),
                Self.row("四、结转下年度继续办理", [nil, 1, nil, nil, nil, nil, 1], places: [40, 44, 48, 52, 56, 60, 98]),
            ])
        #expect(report.cell(.applications, "new_received", "commercial")?.value == 5)
        // Under the first page's header 44 is 科研机构's place; on this page it tells nothing.
        let carriedForward = try #require(report.table(.applications)?.row("carried_forward"))
        #expect(carriedForward.cells[2].value == nil)
        #expect(carriedForward.cells.allSatisfy { $0.value == nil || $0.flags.contains(.inferred) })
    }

    @Test("a table continued on the next page at another scale: that page's rows printing every column set its columns")
    func nextPageWithFullRows() throws {
        let next = [40, 47, 54, 61, 68, 75, 98]
        let report = Self.report(
            Self.header + [
                Self.row("一、本年新收政府信息公开申请数量", [1, 5, 2, nil, nil, nil, 8]),
                Self.row("二、上年结转政府信息公开申请数量", [nil, nil, nil, nil, nil, nil, nil]),
                Self.row("三、本年度办理结果 （一）予以公开", [1, 4, nil, nil, nil, nil, 5]),
                "\u{0C}"
                    + Self.row(
                        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [nil, nil, 2, nil, nil, nil, 2], places: next),
                Self.row("（七）总计", [1, 4, 2, 0, 0, 0, 7], places: next),
                Self.row("四、结转下年度继续办理", [0, 1, 0, 0, 0, 0, 1], places: next),
            ])
        let row = try #require(report.table(.applications)?.row("partially_granted"))
        #expect(row.cells.map(\.value) == [nil, nil, 2, nil, nil, nil, 2])
        #expect(row.cells.allSatisfy { !$0.flags.contains(.inferred) })
        #expect(!report.findings.contains { $0.kind == .ruleFailed })
    }

    @Test("a count printed between two columns is no 自然人's, though the row-total rule would put it there")
    func countBetweenColumns() throws {
        let report = Self.report(
            Self.header + [
                Self.line([(0, "一、本年新收政府信息公开申请数量"), (66, "12"), (75, "12")]),
                Self.line([(0, "二、上年结转政府信息公开申请数量"), (53, "1"), (75, "1")]),
                Self.line([(0, "三、本年度办理结果 （一）予以公开"), (53, "1"), (75, "1")]),
            ])
        #expect(report.cell(.applications, "carried_over", "social_welfare")?.value == 1)
        let row = try #require(report.table(.applications)?.row("new_received"))
        #expect(row.cells.allSatisfy { $0.value == nil && $0.flags.contains(.missing) })
        let finding = try #require(report.findings.first { $0.row == "new_received" })
        #expect(finding.message.contains("法律服务机构 or 其他"), "\(finding.message)")
    }

    @Test("no columns told, but a count printed right of the figures standing furthest left is no 自然人's")
    func countRightOfTheLeftmostFigures() throws {
        // A header too crowded to tell its columns apart, as pdftotext squeezes one.
        let header = [
            Self.line([(31, "自然"), (40, "社会"), (43, "法律"), (48, "总")]),
            Self.line([(31, "人"), (34, "商业"), (37, "科研"), (46, "其"), (48, "计")]),
            Self.line([(34, "企业"), (37, "机构"), (40, "公益"), (43, "服务"), (46, "他")]),
            Self.line([(40, "组织"), (43, "机构")]),
        ]
        let report = Self.report(
            header + [
                Self.line([(0, "一、本年新收政府信息公开申请数量"), (31, "148"), (37, "59"), (48, "10"), (60, "217")]),
                Self.line([(0, "二、上年结转政府信息公开申请数量"), (31, "3"), (60, "3")]),
                Self.line([(0, "三、本年度办理结果 （一）予以公开"), (31, "69"), (60, "69")]),
                Self.line([(0, "（四）无法提供 1.本机关不掌握相关政府信息"), (37, "10"), (60, "10")]),
            ])
        #expect(report.cell(.applications, "carried_over", "natural_person")?.value == 3)
        let row = try #require(report.table(.applications)?.row("unavailable_not_held"))
        #expect(row.cells.allSatisfy { $0.value == nil && $0.flags.contains(.missing) })
        let finding = try #require(report.findings.first { $0.row == "unavailable_not_held" })
        #expect(finding.message.contains("furthest left"), "\(finding.message)")
    }

    @Test("a row whose figures, read by their places, do not add up to its total is not read by them")
    func placesThatDoNotAddUp() throws {
        let report = Self.report(
            Self.header + [
                Self.row("一、本年新收政府信息公开申请数量", [2, 1, nil, nil, nil, nil, 4]),
                Self.row("二、上年结转政府信息公开申请数量", [nil, nil, nil, nil, nil, nil, nil]),
            ])
        let row = try #require(report.table(.applications)?.row("new_received"))
        #expect(row.cells.allSatisfy { $0.value == nil && $0.flags.contains(.missing) })
    }

    @Test("a reviews row printing no figure in one column: the others are read under their headers")
    func reviewsRowWithABlank() throws {
        let groups = [0, 34, 68]
        let names = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        let offsets = [0, 7, 15, 22, 29]
        let header = Self.line(
            groups.flatMap { group in zip(offsets, names).map { (group + $0, $1) } })
        let figures = ["0", "0", "0", "0", "0", "0", "1", "0", nil, "1", "0", "0", "0", "0", "0"]
        let places = groups.flatMap { group in offsets.map { group + $0 + 1 } }
        let values = Self.line(zip(places, figures).compactMap { place, figure in figure.map { (place, $0) } })
        let report = Self.report(
            Self.header + [Self.row("一、本年新收政府信息公开申请数量", [1, nil, nil, nil, nil, nil, 1])]
                + ["四、政府信息公开行政复议、行政诉讼情况", Self.line([(10, "行政复议"), (60, "行政诉讼")]), header, values])
        let cells = try #require(report.table(.reviews)?.row("cases")?.cells)
        #expect(cells.map(\.value) == [0, 0, 0, 0, 0, 0, 1, 0, nil, 1, 0, 0, 0, 0, 0])
        #expect(cells[8].flags == [.blank])
    }

    @Test("choices of columns: only increasing ones, only those accepted, no more than asked for")
    func choices() {
        let all = PrintedColumns.choices([[0, 1], [1, 2]], limit: 10) { _ in true }
        #expect(all == [[0, 1], [0, 2], [1, 2]])
        let summing = PrintedColumns.choices([[0, 1], [1, 2]], limit: 10) { $0.reduce(0, +) == 2 }
        #expect(summing == [[0, 2]])
        #expect(PrintedColumns.choices([[0, 1], [1, 2]], limit: 1) { _ in true }?.count == 1)
        #expect(
            PrintedColumns.choices(Array(repeating: Array(0..<40), count: 20), limit: 2, steps: 100) { _ in false }
                == nil)
    }
}
