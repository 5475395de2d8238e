import GIConvertCore
import GIConvertPDF
import Testing

@testable import PDFReader

/// Table and paragraph structure rebuilt from glyph positions, on pages laid out glyph by glyph.
@Suite("PDF layout from glyph positions")
struct LayoutTests {
    /// The glyphs of `text` set from (`x`, `y`) at `size` points: CJK one em wide, ASCII half.
    static func glyphs(_ text: String, x: Float, y: Float, size: Float = 10) -> [PDFGlyph] {
        var result: [PDFGlyph] = []
        var left = x
        for scalar in text.unicodeScalars {
            let width = scalar.value < 0x2E80 ? size / 2 : size
            if scalar != " " {
                result.append(PDFGlyph(scalar: scalar, x0: left, y0: y, x1: left + width, y1: y + size))
            }
            left += width
        }
        return result
    }

    static func page(_ pieces: [(String, Float, Float)], height: Float = 842) -> PDFPage {
        PDFPage(width: 595, height: height, glyphs: pieces.flatMap { glyphs($0.0, x: $0.1, y: $0.2) })
    }

    static func tables(_ document: Document) -> [TableGrid] {
        document.blocks.compactMap { if case .table(let grid) = $0 { grid } else { nil } }
    }

    static func paragraphs(_ document: Document) -> [String] {
        document.blocks.compactMap { if case .paragraph(let text) = $0 { text } else { nil } }
    }

    /// Printed cells of a grid row (span continuations left out).
    static func cells(_ row: [GridCell]) -> [String] {
        row.filter { !$0.isSpanContinuation }.map(\.text)
    }

    /// Label columns at x 50 (4 characters wide) and 100 (8 characters), figures at 200, 250, 300.
    static let narrowTable: [(String, Float, Float)] = [
        ("一、总体情况", 50, 60),
        ("项目", 100, 100), ("甲", 200, 100), ("乙", 250, 100), ("丙", 300, 100),
        ("分组标", 50, 120), ("1.第一项", 100, 120), ("1", 200, 120), ("2", 250, 120), ("3", 300, 120),
        ("签", 50, 134), ("2.第二项很长需要折", 100, 134),
        ("4", 200, 141), ("5", 250, 141), ("6", 300, 141),
        ("行显示", 100, 148),
        ("3.第三项", 100, 165), ("7", 200, 165), ("9", 300, 165),
        ("二、主动公开政府信息情况", 50, 200),
    ]

    @Test("a wrapped label in a narrow cell is one cell beside its row of figures")
    func wrappedLabel() throws {
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(Self.narrowTable)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        let second = try #require(grid.rows.first { $0.contains { $0.text.hasPrefix("2.") } })
        #expect(Self.cells(second).contains("2.第二项很长需要折行显示"))
        #expect(Array(Self.cells(second).suffix(3)) == ["4", "5", "6"])
    }

    @Test("a watermark across a table (large slanted or light text) is left out with a warning; a large title stays")
    func watermark() throws {
        func sized(_ glyphs: [PDFGlyph], lightness: Float = 0) -> [PDFGlyph] {
            glyphs.map { glyph in
                var glyph = glyph
                glyph.fontSize = glyph.y1 - glyph.y0
                glyph.lightness = lightness
                return glyph
            }
        }
        let title = sized(Self.glyphs("测试局二〇二一年度", x: 60, y: 10, size: 20) + Self.glyphs("报告", x: 60, y: 36, size: 20))
        // Slanted: each character 26 points right of and 15 below the one before, over the figures.
        let slanted = "内部资料2023".unicodeScalars.enumerated().flatMap { n, scalar in
            sized(Self.glyphs(String(scalar), x: 150 + 26 * Float(n), y: 90 + 15 * Float(n), size: 30))
        }
        let light = sized(Self.glyphs("仅供参考", x: 150, y: 150, size: 40), lightness: 0.85)
        let body = sized(Self.narrowTable.flatMap { Self.glyphs($0.0, x: $0.1, y: $0.2 + 40) })
        let page = PDFPage(width: 595, height: 842, glyphs: title + body + slanted + light)
        let document = try PDFReader.document(from: PDFDocument(pages: [page], info: .init()))
        let grid = try #require(Self.tables(document).first)
        let second = try #require(grid.rows.first { $0.contains { $0.text.hasPrefix("2.") } })
        #expect(Array(Self.cells(second).suffix(3)) == ["4", "5", "6"])
        #expect(!grid.rows.flatMap(\.self).contains { $0.text.contains("2023") || $0.text.contains("参") })
        #expect(document.warnings == [.watermarkLeftOut(page: 1, characters: 12, sample: "内部资料2023仅供参考")])
        #expect(Self.paragraphs(document).contains { $0.contains("测试局二〇二一年度") })
    }

    @Test("a group label over several rows spans them; a blank cell keeps its place")
    func groupLabelAndBlank() throws {
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(Self.narrowTable)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        let first = try #require(grid.rows.firstIndex { $0.contains { $0.text == "1.第一项" && !$0.isSpanContinuation } })
        #expect(grid.rows[first][0].text == "分组标签" && !grid.rows[first][0].isSpanContinuation)
        #expect(grid.rows[first + 1][0].isSpanContinuation)
        let third = try #require(grid.rows.first { $0.contains { $0.text == "3.第三项" } })
        #expect(third.suffix(3).map(\.text) == ["7", "", "9"])
        #expect(third.suffix(3).allSatisfy { !$0.isSpanContinuation })
    }

    @Test("headings around a table stay paragraphs")
    func headingsStayParagraphs() throws {
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(Self.narrowTable)], info: .init()))
        #expect(Self.paragraphs(document) == ["一、总体情况", "二、主动公开政府信息情况"])
        #expect(Self.tables(document).count == 1)
    }

    @Test("a header cell over two columns is one cell; touching header cells of narrow columns are split")
    func headerFragments() throws {
        let pieces: [(String, Float, Float)] = [
            ("申请人情况统计", 150, 100),
            ("自然人", 150, 114), ("法人组织", 200, 114),
            ("商业", 200, 128), ("科研", 230, 128),
            ("其", 260, 100), ("计", 272, 100),  // two one-character columns 2 points apart
            ("1.收到", 50, 150), ("1", 150, 150), ("2", 200, 150), ("3", 230, 150), ("4", 260, 150), ("5", 272, 150),
            ("2.办结", 50, 170), ("6", 150, 170), ("7", 200, 170), ("8", 230, 170), ("9", 260, 170), ("0", 272, 170),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(grid.rows.first?.count == 6)
        let printed = grid.rows.flatMap(Self.cells)
        #expect(printed.contains("申请人情况统计") && printed.contains("其") && printed.contains("计"), "\(printed)")
        #expect(!printed.contains("其计"))
        #expect(grid.rows.last.map(Self.cells) == ["2.办结", "6", "7", "8", "9", "0"])
    }

    @Test("a header set out across its cell (distributed alignment) stays one cell over its column")
    func distributedHeader() throws {
        let pieces: [(String, Float, Float)] = [
            ("项目", 50, 100), ("自然人", 150, 100), ("总", 220, 100), ("计", 250, 100),
            ("1.收到", 50, 120), ("1", 162, 120), ("3", 238, 120),
            ("2.办结", 50, 140), ("2", 162, 140), ("4", 238, 140),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(grid.rows.last.map(Self.cells) == ["2.办结", "2", "4"])
        #expect(grid.rows.first?.count == 3)
    }

    /// `text` set one character at a time, `pitch` points apart (distributed alignment spreads a cell's
    /// text so).
    static func spread(_ text: String, x: Float, y: Float, pitch: Float) -> [(String, Float, Float)] {
        text.map { String($0) }.enumerated().map { ($0.element, x + Float($0.offset) * pitch, y) }
    }

    @Test("a header spread over the table (distributed alignment) is one cell, not a column per character")
    func spreadHeader() throws {
        var pieces = Self.spread("第二十条第一项", x: 50, y: 86, pitch: 36)
        pieces += [("项目", 50, 100), ("制发", 150, 100), ("废止", 250, 100)]
        pieces += [("规章", 50, 120), ("1", 150, 120), ("2", 250, 120)]
        pieces += [("文件", 50, 140), ("3", 150, 140), ("4", 250, 140)]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(grid.rows.first.map(Self.cells) == ["第二十条第一项"])
        #expect(grid.rows.last.map(Self.cells) == ["文件", "3", "4"])
    }

    @Test("the last lines of wrapped header cells, one character over each column of figures, stay apart")
    func headerCharactersOverColumns() throws {
        var pieces: [(String, Float, Float)] = [("项目", 50, 86)]
        pieces += [("结果维", 150, 86), ("结果纠", 190, 86), ("其他结", 230, 86), ("尚未审", 270, 86)]
        pieces += [("持", 150, 100), ("正", 190, 100), ("果", 230, 100), ("结", 270, 100)]
        pieces += [("1.收到", 50, 120), ("1", 150, 120), ("2", 190, 120), ("3", 230, 120), ("4", 270, 120)]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(grid.rows.flatMap(Self.cells).contains("结果维持"))
        #expect(grid.rows.last.map(Self.cells) == ["1.收到", "1", "2", "3", "4"])
    }

    /// One group's reviews headers, as narrow cells print them.
    static let reviewHeaders = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

    /// `headers` set one character a line, column `c` at 150 + 30·c points, lines 14 points apart.
    static func stacked(_ headers: [String]) -> [(String, Float, Float)] {
        var pieces: [(String, Float, Float)] = []
        for k in 0..<(headers.map(\.count).max() ?? 0) {
            for (c, header) in headers.enumerated() where k < header.count {
                pieces.append((String(Array(header)[k]), 150 + 30 * Float(c), 86 + 14 * Float(k)))
            }
        }
        return pieces
    }

    @Test("headers one character a line over narrow columns, some blank in every row, keep a column each")
    func stackedHeaderCharactersOverBlankColumns() throws {
        // Five columns 30 points apart, each header one character a line; the last two columns are
        // blank in the row, so the characters over them stand over no figure.
        let headers = Self.reviewHeaders
        var pieces = Self.stacked(headers)
        pieces += [("1", 152, 150), ("2", 182, 150), ("3", 212, 150)]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(grid.rows.last.map { $0.map(\.text) } == ["1", "2", "3", "", ""])
        #expect(grid.rows.contains { row in row.map(\.text) == headers })
    }

    @Test("headers one character a line over narrow columns, one figure under them: a column each still")
    func stackedHeaderCharactersOverOneFigure() throws {
        // The reviews table of a report with one case: a figure under 其他结果 and its 总计, every other
        // cell blank, so under the lines of stacked characters stands a single figure.
        let headers = Self.reviewHeaders
        var pieces = Self.stacked(headers)
        pieces += [("1", 212, 150), ("1", 272, 150)]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(grid.rows.last.map { $0.map(\.text) } == ["", "", "1", "", "1"])
        #expect(grid.rows.contains { row in row.map(\.text) == headers })
    }

    @Test("headers wrapped in narrow cells, each last line one character centred under the first: a column each")
    func wrappedHeadersCentredOverOneFigure() throws {
        // A browser's reviews table: 结果维 / 持 and the others centred in their cells, one case.
        var pieces: [(String, Float, Float)] = [("项目", 50, 86), ("1.收到", 50, 120)]
        for (c, header) in ["结果维持", "结果纠正", "其他结果", "尚未审结"].enumerated() {
            pieces += [
                (String(header.prefix(3)), 150 + 40 * Float(c), 86),
                (String(header.suffix(1)), 160 + 40 * Float(c), 100),
            ]
        }
        pieces += [("总计", 310, 86), ("1", 242, 120), ("1", 317, 120)]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(grid.rows.last.map { $0.map(\.text) } == ["1.收到", "", "", "1", "", "1"])
        #expect(grid.rows.contains { row in row.map(\.text) == ["项目", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] })
    }

    @Test("a group header reaching most of the way over one group's last column does not join it to the next")
    func groupHeaderOverTwoGroups() throws {
        // 行政诉讼 centred over 复议 总计 and the next group's 结果维持, which is blank in every row.
        let pieces: [(String, Float, Float)] = [
            ("行政诉讼", 205, 86), ("项目", 50, 100), ("结果维持", 150, 100), ("总计", 200, 100), ("结果维持", 232, 100),
            ("1.收到", 50, 120), ("1", 166, 120), ("1", 207, 120),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(grid.rows.last.map { $0.map(\.text) } == ["1.收到", "1", "1", ""])
        #expect(grid.rows.contains { row in row.map(\.text) == ["项目", "结果维持", "总计", "结果维持"] })
    }

    @Test("two columns headed side by side whose figures never share a row stay two columns")
    func columnsBlankInTurn() throws {
        // Each row leaves one of 乙 and 丙 blank; a later section's wider header spans both and its
        // figure stands right of them.
        let pieces: [(String, Float, Float)] = [
            ("项目", 50, 86), ("甲甲甲甲", 150, 86), ("乙乙乙乙", 230, 86), ("丙丙丙丙", 310, 86),
            ("规章", 50, 100), ("0", 248, 100),
            ("文件", 50, 114), ("16", 150, 114), ("29", 328, 114),
            ("信息内容", 50, 128), ("本年收费金额单位万元", 200, 128),
            ("收费", 50, 142), ("29.4", 342, 142),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        let header = try #require(grid.rows.first)
        let documents = try #require(grid.rows.first { $0.first?.text == "文件" })
        let rules = try #require(grid.rows.first { $0.first?.text == "规章" })
        let second = try #require(header.firstIndex { $0.text == "乙乙乙乙" })
        let third = try #require(header.firstIndex { $0.text == "丙丙丙丙" })
        #expect(rules[second].text == "0")
        #expect(documents[second].text == "")
        #expect(documents[third].text == "29")
    }

    @Test("figures set left in some rows and right in others, beside columns blank in every row, keep their headers")
    func mixedAlignmentBesideBlankColumns() throws {
        // 乙 and 丁 are blank in every row. 丙's figures stand at its cell's left edge in one row and its
        // right edge in the next; 戊's first figure stands at its cell's left edge, nearer 戊 than 丁.
        let pieces: [(String, Float, Float)] = [
            ("项目", 50, 86), ("甲甲甲甲", 150, 86), ("乙乙乙乙", 230, 86), ("丙丙丙丙", 310, 86),
            ("丁丁丁丁", 390, 86), ("戊戊", 470, 86),
            ("1.收到", 50, 100), ("1", 168, 100), ("18", 302, 100), ("6", 452, 100),
            ("2.办结", 50, 114), ("2", 168, 114), ("6", 344, 114), ("11", 475, 114),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        let header = try #require(grid.rows.first)
        #expect(Self.cells(header) == ["项目", "甲甲甲甲", "乙乙乙乙", "丙丙丙丙", "丁丁丁丁", "戊戊"])
        #expect(grid.rows.dropFirst().map(\.count).allSatisfy { $0 == 6 })
        #expect(
            grid.rows.dropFirst().map { $0.map(\.text) } == [
                ["1.收到", "1", "", "18", "", "6"], ["2.办结", "2", "", "6", "", "11"],
            ])
    }

    @Test("a label spread over its cell with gaps between its characters stays one cell")
    func spreadLabel() throws {
        var pieces: [(String, Float, Float)] = Self.spread("信息内容", x: 50, y: 100, pitch: 14.5)
        pieces += [("制发", 150, 100), ("废止", 200, 100)]
        pieces += [("规章", 50, 120), ("1", 150, 120), ("2", 200, 120)]
        pieces += [("行政规范性文件", 50, 140), ("3", 150, 140), ("4", 200, 140)]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(grid.rows.first.map(Self.cells) == ["信息内容", "制发", "废止"])
    }

    @Test("a label spread over label columns, some of its gaps too narrow to show, stays one cell")
    func spreadLabelOverColumns() throws {
        // Advances of 11.4 and 12 points alternate: gaps of 1.4 and 2 points after 10-point characters.
        var x: Float = 50
        var pieces: [(String, Float, Float)] = []
        for (i, character) in "（本列数据的勾稽关系）".enumerated() {
            pieces.append((String(character), x, 100))
            x += i % 2 == 0 ? 11.4 : 12
        }
        pieces += [("自然人", 220, 100), ("法人", 270, 100)]
        pieces += [("三、本年", 50, 120), ("（一）公开", 110, 120), ("1", 220, 120), ("2", 270, 120)]
        pieces += [("（二）部分", 110, 140), ("3", 220, 140), ("4", 270, 140)]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(grid.rows.first.map(Self.cells) == ["（本列数据的勾稽关系）", "自然人", "法人"])
        #expect(grid.rows.last.map(Self.cells) == ["（二）部分", "3", "4"])
    }

    @Test("a row's figures set at the top of some cells and the bottom of others are one row beside its wrapped label")
    func figuresOnTwoLines() throws {
        let pieces: [(String, Float, Float)] = [
            ("项目", 50, 86), ("甲", 150, 86), ("乙", 200, 86), ("合计", 250, 86),
            ("1.很长的标签需要", 50, 100), ("1", 150, 100), ("2", 200, 100),
            ("折行显示", 50, 112), ("3", 250, 112),
            ("2.另一个很长标签", 50, 126), ("4", 150, 126), ("5", 200, 126),
            ("要折三行才能放下", 50, 138),
            ("的", 50, 150), ("9", 250, 150),
            ("3.短", 50, 164), ("6", 150, 164), ("7", 200, 164), ("13", 250, 164),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(
            grid.rows.map(Self.cells) == [
                ["项目", "甲", "乙", "合计"], ["1.很长的标签需要折行显示", "1", "2", "3"],
                ["2.另一个很长标签要折三行才能放下的", "4", "5", "9"], ["3.短", "6", "7", "13"],
            ])
    }

    @Test("a row of one count and its total, set at the top and the bottom of their cells, is one row")
    func singleFigureAndTotalOnTwoLines() throws {
        let pieces: [(String, Float, Float)] = [
            ("项目", 50, 86), ("自然人", 150, 86), ("商业企业", 200, 86), ("总计", 250, 86),
            ("一、本年新收政府", 50, 100), ("5", 150, 100),
            ("信息公开申请数量", 50, 112), ("5", 255, 112),
            ("二、上年结转", 50, 126), ("1", 150, 126), ("0", 200, 126), ("1", 255, 126),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(
            grid.rows.map(Self.cells) == [
                ["项目", "自然人", "商业企业", "总计"], ["一、本年新收政府信息公开申请数量", "5", "", "5"],
                ["二、上年结转", "1", "0", "1"],
            ])
    }

    @Test("a short label with room for another character ends its cell: the next row's wrapped label is its own")
    func shortLabelAboveWrappedLabel() throws {
        let pieces: [(String, Float, Float)] = [
            ("项目", 50, 86), ("甲", 150, 86), ("乙", 200, 86),
            ("规章", 50, 100), ("1", 150, 100), ("2", 200, 100),
            ("行政规", 50, 112),
            ("范性文", 50, 124), ("3", 150, 124), ("4", 200, 124),
            ("件", 60, 136),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(grid.rows.map(Self.cells) == [["项目", "甲", "乙"], ["规章", "1", "2"], ["行政规范性文件", "3", "4"]])
    }

    @Test("rows of one figure each, set left in one row and right in the next, stay two rows")
    func singleFiguresInMergedCells() throws {
        let pieces: [(String, Float, Float)] = [
            ("信息内容", 50, 86), ("本年制发", 150, 86), ("本年废止", 200, 86), ("现行有效", 250, 86),
            ("规章", 50, 100), ("1", 150, 100), ("2", 200, 100), ("3", 250, 100),
            ("信息内容", 50, 114), ("本年处理决定数量", 150, 114),
            ("行政处罚", 50, 128), ("5", 150, 128),
            ("行政强制", 50, 142), ("6", 285, 142),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        let labels = grid.rows.compactMap { $0.first(where: { !$0.isSpanContinuation })?.text }
        #expect(labels.contains("行政处罚") && labels.contains("行政强制"), "\(labels)")
    }

    @Test("a label wrapped early to carry a character with the punctuation after it is one cell")
    func wrapBeforePunctuation() throws {
        let pieces: [(String, Float, Float)] = [
            ("项目", 50, 86), ("数量", 200, 86),
            ("1.甲乙丙丁戊己庚辛", 50, 100), ("1", 200, 100),
            ("2.申请人逾期未", 50, 114),
            ("用、行政机关", 50, 126), ("7", 200, 126),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(grid.rows.last.map(Self.cells) == ["2.申请人逾期未用、行政机关", "7"])
    }

    @Test("two cells' spread texts read as one fragment split where their steps change, not at every character")
    func gluedSpreadTexts() throws {
        // `信息内容` spread at 12.5 points a character, then `本年收费` at 11.6, 15 points further on.
        var pieces: [(String, Float, Float)] = []
        for (i, character) in "信息内容".enumerated() { pieces.append((String(character), 50 + 12.5 * Float(i), 86)) }
        for (i, character) in "本年收费".enumerated() { pieces.append((String(character), 102.5 + 11.6 * Float(i), 86)) }
        pieces += [("合计", 200, 86), ("行政许可", 50, 100), ("9", 105, 100), ("9", 200, 100)]
        pieces += [("行政处罚", 50, 114), ("7", 105, 114), ("7", 200, 114)]
        pieces += [("行政强制", 50, 128), ("0", 105, 128), ("0", 200, 128)]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(
            grid.rows.map(Self.cells) == [
                ["信息内容", "本年收费", "合计"], ["行政许可", "9", "9"], ["行政处罚", "7", "7"], ["行政强制", "0", "0"],
            ])
    }

    @Test("two figures touching where another row's cell starts are two cells")
    func touchingFigures() throws {
        let page = Self.page([
            ("项目", 20, 100), ("甲", 70, 100), ("乙", 94.3, 100),
            ("1.收到", 20, 120), ("2.办结", 20, 140), ("3", 94.3, 160), ("3.其他", 20, 160),
        ])
        // Poppler gives glyph boxes that reach the next glyph: `0` right-aligned in one cell touches the
        // `0` left-aligned in the next, with only its wider advance to tell.
        func touching(_ a: Unicode.Scalar, _ b: Unicode.Scalar, y: Float) -> [PDFGlyph] {
            [
                PDFGlyph(scalar: a, x0: 86.5, y0: y, x1: 94.3, y1: y + 10),
                PDFGlyph(scalar: b, x0: 94.3, y0: y, x1: 99.3, y1: y + 10),
            ]
        }
        let glyphs = page.glyphs + touching("0", "0", y: 120) + touching("5", "7", y: 140)
        let document = try PDFReader.document(
            from: PDFDocument(pages: [PDFPage(width: 595, height: 842, glyphs: glyphs)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        let second = try #require(grid.rows.first { $0.first?.text == "2.办结" })
        #expect(Self.cells(second) == ["2.办结", "5", "7"])
        #expect(!grid.rows.flatMap(Self.cells).contains("00"))
    }

    @Test("a label spread to its cell's edge touching the figure beside it gives it back; a figure's prefix stays")
    func labelTouchingFigure() throws {
        let page = Self.page([
            ("项目", 50, 86), ("数量", 150, 86), ("金额", 200, 86),
            ("本年新收数", 50, 100), ("3", 200, 100),
            ("二、结转", 50, 114), ("5", 150, 114), ("減7", 200, 114),
            ("三、其他", 50, 128), ("6", 150, 128), ("8", 210, 128),
        ])
        // `量`'s glyph box reaches the `0` set at the left of the next cell.
        let touching = [
            PDFGlyph(scalar: "量", x0: 100, y0: 100, x1: 150, y1: 110),
            PDFGlyph(scalar: "0", x0: 150, y0: 100, x1: 155, y1: 110),
        ]
        let document = try PDFReader.document(
            from: PDFDocument(pages: [PDFPage(width: 595, height: 842, glyphs: page.glyphs + touching)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        let first = try #require(grid.rows.first { $0.first?.text.hasPrefix("本年") == true })
        #expect(Self.cells(first).prefix(2) == ["本年新收数量", "0"])
        #expect(grid.rows.flatMap(Self.cells).contains("減7"))
    }

    @Test("figures set left in some rows and right in others stay in their columns")
    func mixedFigureAlignment() throws {
        let pieces: [(String, Float, Float)] = [
            ("项目", 50, 100), ("甲", 150, 100), ("乙", 200, 100),
            ("1.收到", 50, 120), ("1", 150, 120), ("2", 200, 120),
            ("2.办结", 50, 140), ("3", 185, 140), ("4", 235, 140),
            ("3.其他", 50, 160), ("5", 150, 160), ("6", 235, 160),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(
            grid.rows.map(Self.cells) == [
                ["项目", "甲", "乙"], ["1.收到", "1", "2"], ["2.办结", "3", "4"], ["3.其他", "5", "6"],
            ])
    }

    @Test("figures of two sections with columns of their own stay in their own columns")
    func sectionsWithTheirOwnColumns() throws {
        let pieces: [(String, Float, Float)] = [
            ("项目", 50, 86), ("甲", 150, 86), ("乙", 200, 86), ("丙", 250, 86),
            ("规章", 50, 100), ("1", 150, 100), ("2", 200, 100), ("3", 250, 100),
            ("信息内容", 50, 114), ("数量", 150, 114), ("金额", 215, 114),
            ("收费", 50, 128), ("4", 150, 128), ("5", 215, 128),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        let first = try #require(grid.rows.first { $0.first?.text == "规章" })
        let second = try #require(grid.rows.first { $0.first?.text == "收费" })
        let two = try #require(first.firstIndex { $0.text == "2" })
        let five = try #require(second.firstIndex { $0.text == "5" })
        #expect(two != five)
    }

    @Test("figures set at their cells' left edges belong to the header centred to their right")
    func figuresSetLeft() throws {
        // Cells 100 points wide from x 150; headers centred in them, figures 3 points in from their left.
        let pieces: [(String, Float, Float)] = [
            ("项目", 50, 86), ("甲甲甲甲", 180, 86), ("乙乙乙乙", 280, 86), ("丙丙丙丙", 380, 86),
            ("1.收到", 50, 100), ("1", 153, 100), ("22", 253, 100), ("333", 353, 100),
            ("2.办结", 50, 114), ("4444", 153, 114), ("5", 253, 114), ("66", 353, 114),
            ("3.其他", 50, 128), ("77", 253, 128), ("8", 353, 128),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        let header = try #require(grid.rows.first)
        for (name, figures) in [
            ("甲甲甲甲", ["1", "4444", ""]), ("乙乙乙乙", ["22", "5", "77"]), ("丙丙丙丙", ["333", "66", "8"]),
        ] {
            let column = try #require(header.firstIndex { $0.text == name })
            #expect(grid.rows.dropFirst().map { $0[column].text } == figures)
        }
    }

    @Test("a group header reaching a little into two columns' headers keeps the two columns apart")
    func groupHeaderBetweenColumns() throws {
        // 行政诉 is centred over its group, narrower than it: it reaches into the header of the
        // column before (总计) and the next (结果维持), as a reviews table's 行政诉讼 does.
        let pieces: [(String, Float, Float)] = [
            ("行政诉", 275, 86),
            ("甲甲甲甲", 150, 100), ("乙乙乙乙", 200, 100), ("总计", 260, 100), ("结果维持", 295, 100),
            ("1", 168, 114), ("2", 218, 114), ("3", 268, 114), ("4", 313, 114),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        let header = try #require(grid.rows.first { $0.contains { $0.text == "总计" } })
        let figures = try #require(grid.rows.last)
        for (name, figure) in [("甲甲甲甲", "1"), ("乙乙乙乙", "2"), ("总计", "3"), ("结果维持", "4")] {
            let column = try #require(header.firstIndex { $0.text == name && !$0.isSpanContinuation }, "\(name)")
            #expect(figures[column].text == figure, "\(name)")
        }
    }

    @Test("a first column that only its header names, blank in every row, is a column of values")
    func blankFirstValueColumn() throws {
        // A table without row labels (the reviews table) whose first column is blank throughout.
        let pieces: [(String, Float, Float)] = [
            ("甲甲甲甲", 150, 100), ("乙乙乙乙", 220, 100), ("丙丙丙丙", 290, 100),
            ("2", 238, 114), ("3", 308, 114),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        let figures = try #require(grid.rows.last)
        #expect(figures.map(\.text) == ["", "2", "3"])
        #expect(!figures[0].isSpanContinuation)
    }

    @Test("labels set left under a header centred in their column are rows' own labels, not one group label")
    func labelsUnderCentredHeader() throws {
        let pieces: [(String, Float, Float)] = [
            ("信息内容", 95, 86), ("数量", 200, 86),
            ("行政处罚", 50, 100), ("45", 200, 100),
            ("行政强制", 50, 111), ("9", 200, 111),
            ("行政事业性收费", 50, 130), ("3", 200, 130),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        let first = try #require(grid.rows.first { $0.first?.text == "行政处罚" })
        let second = try #require(grid.rows.first { $0.first?.text == "行政强制" })
        #expect(first.last?.text == "45" && second.last?.text == "9")
    }

    @Test("a figure of full-width digits wrapped in a narrow cell, its halves above and below its row, is one figure")
    func wrappedFullWidthFigure() throws {
        let pieces: [(String, Float, Float)] = [
            ("项目", 50, 80), ("甲甲", 145, 80), ("总计", 195, 80),
            ("４", 200, 94), ("1.收到", 50, 100), ("５", 150, 100), ("４", 200, 107),
            ("2.办结", 50, 125), ("１", 150, 125), ("１", 200, 125),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(grid.rows.map(Self.cells) == [["项目", "甲甲", "总计"], ["1.收到", "５", "４４"], ["2.办结", "１", "１"]])
    }

    @Test("a tall header far above the first row of figures is the same table's")
    func tallHeaderAboveFigures() throws {
        let pieces: [(String, Float, Float)] = [
            ("项目", 50, 86), ("甲甲", 145, 86), ("乙乙", 195, 86), ("丙丙", 245, 86),
            ("1.收到", 50, 131), ("1", 150, 131), ("4", 250, 131),
            ("2.办结", 50, 145), ("2", 150, 145), ("3", 200, 145), ("5", 250, 145),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let tables = Self.tables(document)
        #expect(tables.count == 1)
        #expect(
            tables.first?.rows.map(Self.cells) == [
                ["项目", "甲甲", "乙乙", "丙丙"], ["1.收到", "1", "", "4"], ["2.办结", "2", "3", "5"],
            ])
    }

    @Test("columns a header names that are blank throughout hold values, even left of the first figure")
    func blankColumnsBeforeTheFirstFigure() throws {
        let pieces: [(String, Float, Float)] = [
            ("项目", 50, 86), ("甲甲", 145, 86), ("乙乙", 195, 86), ("丙丙", 245, 86), ("总计", 295, 86),
            ("1.收到", 50, 100), ("4", 250, 100), ("4", 300, 100),
            ("2.办结", 50, 114), ("1", 250, 114), ("1", 300, 114),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(
            grid.rows.map(Self.cells) == [
                ["项目", "甲甲", "乙乙", "丙丙", "总计"], ["1.收到", "", "", "4", "4"], ["2.办结", "", "", "1", "1"],
            ])
    }

    @Test("a numbered row without figures is its own row beside a group label that reaches down past the row above")
    func blankNumberedRowBesideGroupLabel() throws {
        let pieces: [(String, Float, Float)] = [
            ("项目", 50, 86), ("甲", 200, 86), ("乙", 250, 86),
            ("三、本年", 50, 100), ("（一）予以公开", 100, 100), ("5", 200, 100), ("5", 250, 100),
            ("度办理结", 50, 114), ("（二）部分公开", 100, 121),
            ("果", 50, 128),
            ("（三）不予公开", 100, 150), ("2", 200, 150), ("2", 250, 150),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        let first = try #require(grid.rows.first { $0.contains { $0.text == "（一）予以公开" } })
        let second = try #require(grid.rows.first { $0.contains { $0.text == "（二）部分公开" } })
        #expect(Array(Self.cells(first).suffix(2)) == ["5", "5"])
        #expect(Array(second.suffix(2).map(\.text)) == ["", ""])
    }

    @Test("a header set at its cell's left edge above figures set at its right is one column")
    func headerLeftFiguresRight() throws {
        let pieces: [(String, Float, Float)] = [
            ("行政复议", 50, 86),
            ("结果维持", 50, 100), ("结果纠正", 100, 100), ("总", 150, 100),
            ("持", 50, 114), ("正", 100, 114), ("计", 150, 114),
            ("0", 85, 128), ("1", 135, 128), ("1", 185, 128),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(grid.rows.first?.count == 3)
        #expect(grid.rows.last.map(Self.cells) == ["0", "1", "1"])
    }

    @Test("a group label set one character per row, beside the rows' own labels, is one cell over them")
    func verticalGroupLabel() throws {
        var pieces: [(String, Float, Float)] = [("项目", 50, 86), ("数量", 200, 86), ("金额", 250, 86)]
        for (i, (char, label)) in [("不", "1.甲"), ("予", "2.乙"), ("公", "3.丙"), ("开", "4.丁")].enumerated() {
            let y = Float(100 + 14 * i)
            pieces += [(char, 50, y), (label, 70, y), ("\(i)", 200, y), ("\(i + 5)", 250, y)]
        }
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        let first = try #require(grid.rows.firstIndex { $0.contains { $0.text == "1.甲" } })
        #expect(grid.rows[first][0].text == "不予公开" && !grid.rows[first][0].isSpanContinuation)
        #expect(grid.rows[(first + 1)...].allSatisfy { $0[0].isSpanContinuation })
        #expect(grid.rows.last.map(Self.cells) == ["4.丁", "3", "8"])
    }

    @Test("a table over a page break is one table without page numbers, running heads or the repeated header")
    func tableOverPageBreak() throws {
        let header: [(String, Float, Float)] = [("项目", 50, 80), ("数量", 200, 80), ("金额", 260, 80)]
        let first = Self.page(
            [("年度报告", 250, 20)] + header + [
                ("1.甲", 50, 100), ("1", 200, 100), ("10", 260, 100),
                ("2.乙", 50, 114), ("2", 200, 114), ("20", 260, 114),
                ("— 1 —", 270, 815),
            ])
        let second = Self.page(
            [("年度报告", 250, 20)] + header + [
                ("3.丙", 50, 100), ("3", 200, 100), ("30", 260, 100),
                ("4.丁", 50, 114), ("4", 200, 114), ("40", 260, 114),
                ("-2-", 280, 815),
            ])
        let document = try PDFReader.document(from: PDFDocument(pages: [first, second], info: .init()))
        let grids = Self.tables(document)
        #expect(grids.count == 1)
        let grid = try #require(grids.first)
        #expect(
            grid.rows.map(Self.cells) == [
                ["项目", "数量", "金额"], ["1.甲", "1", "10"], ["2.乙", "2", "20"], ["3.丙", "3", "30"], ["4.丁", "4", "40"],
            ])
        let text = Self.paragraphs(document).joined(separator: "\n")
        #expect(!text.contains("—") && !text.contains("-2-") && !text.contains("年度报告"))
    }

    @Test("a row of figures at the foot of the page is the table's, not a page number")
    func figuresAtPageFoot() throws {
        let pieces: [(String, Float, Float)] = [
            ("项目", 50, 742), ("制发", 150, 742), ("废止", 200, 742), ("有效", 250, 742),
            ("规章", 50, 756), ("1", 150, 756), ("2", 200, 756), ("3", 250, 756),
            ("行政规范性", 50, 770), ("4", 150, 777), ("5", 200, 777), ("6", 250, 777), ("文件", 50, 784),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        #expect(grid.rows.last.map(Self.cells) == ["行政规范性文件", "4", "5", "6"])
    }

    @Test(
        "a lone figure at the foot of the page beside a wrapped label is the table's; the page number below it is not")
    func lonelyFigureAtPageFoot() throws {
        let pieces: [(String, Float, Float)] = [
            ("信息内容", 50, 776), ("本年收费金额", 150, 776),
            ("行政事业性收", 50, 790), ("14", 180, 797), ("费", 60, 804),
            ("— 1 —", 270, 825),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        let grid = try #require(Self.tables(document).first)
        let last = try #require(grid.rows.last.map(Self.cells))
        #expect(last.first?.hasPrefix("行政事业性收") == true && last.last == "14", "\(last)")
        #expect(!Self.paragraphs(document).joined().contains("1 —"))
    }

    @Test("a small page's running head and page number, in margins wider than 8 % of it, are furniture")
    func smallPageFurniture() throws {
        func small(_ number: Int, _ row: String) -> PDFPage {
            Self.page([("年度报告", 250, 37), (row, 50, 200), ("— \(number) —", 270, 372)], height: 420)
        }
        let document = try PDFReader.document(
            from: PDFDocument(pages: [small(1, "第一页的正文。"), small(2, "第二页的正文。")], info: .init()))
        let text = Self.paragraphs(document).joined(separator: "\n")
        #expect(text.contains("第一页的正文。") && text.contains("第二页的正文。"))
        #expect(!text.contains("年度报告") && !text.contains("—"), "\(text)")
    }

    @Test("wrapped prose lines join into one paragraph; a short line ends it")
    func paragraphs() throws {
        let line = String(repeating: "公开", count: 24)
        let pieces: [(String, Float, Float)] = [
            (line, 50, 100), (line, 50, 114), ("到此为止。", 50, 128),
            ("一、总体情况", 50, 150),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        #expect(Self.paragraphs(document) == [line + line + "到此为止。", "一、总体情况"])
    }

    @Test("a long centred title wrapped onto two lines is one paragraph")
    func wrappedTitle() throws {
        let body = String(repeating: "公开", count: 24)
        let pieces: [(String, Float, Float)] = [
            ("某某省某某市某某区人民政府办公室关于二〇二一年度本单位的", 140, 60), ("政府信息公开工作年度报告", 230, 76),
            (body, 50, 110), (body, 50, 124), ("完。", 50, 138),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        #expect(Self.paragraphs(document).first == "某某省某某市某某区人民政府办公室关于二〇二一年度本单位的政府信息公开工作年度报告")
    }

    @Test("a centred title whose first line fills the width and wraps onto a short centred line is one paragraph")
    func wideWrappedTitle() throws {
        // The body runs from x 50 to 530; the title's first line from 60 to 520, its second centred.
        let body = String(repeating: "公开", count: 24)
        let name = String(repeating: "某", count: 30)
        let pieces: [(String, Float, Float)] = [
            (name + "二〇二四年政府信息公开工作年度报", 60, 60), ("告", 285, 76),
            (body, 50, 110), (body, 50, 124), ("完。", 50, 138),
        ]
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page(pieces)], info: .init()))
        #expect(Self.paragraphs(document).first == name + "二〇二四年政府信息公开工作年度报告")
    }

    @Test("a PDF whose pages carry no text is refused as a scan")
    func noTextLayer() {
        #expect(throws: InputError.noTextLayer) {
            try PDFReader.document(
                from: PDFDocument(pages: [PDFPage(width: 595, height: 842, glyphs: [])], info: .init()))
        }
    }

    @Test("the info dictionary's title and creation date become document properties")
    func properties() throws {
        let info = PDFInfo(title: "2021年政府信息公开工作年度报告", creationDate: "2022-01-20T08:00:00Z")
        let document = try PDFReader.document(from: PDFDocument(pages: [Self.page([("正文", 50, 100)])], info: info))
        #expect(document.properties.title == info.title)
        #expect(document.properties.date == info.creationDate)
    }

    @Test(
        "page numbers in their usual forms are page furniture",
        arguments: ["— 1 —", "-3-", "第 2 页", "2/9", "第3页 共9页", "12"])
    func pageNumbers(text: String) {
        #expect(PageLayout.isPageNumber(text))
    }

    @Test("text that is not a page number is kept", arguments: ["一、总体情况", "2021年", "1.属于国家秘密"])
    func notPageNumbers(text: String) {
        #expect(!PageLayout.isPageNumber(text))
    }

    @Test("an OCR layer over a scan: words spread apart join into one line, and the document says it is OCR")
    func ocrTextLayer() throws {
        // The engine sets each word of the scan where it found it: 测试县 and 人民政府 of one title stand
        // 0.8 of the line height apart. The cells of a table row stand further apart.
        var words: [PDFGlyph] = []
        var x: Float = 60
        for word in ["测试县", "人民", "政府", "2021", "年", "政府", "信息", "公开", "工作", "年度", "报告"] {
            words += Self.glyphs(word, x: x, y: 60)
            x = words.last!.x1 + 8
        }
        let row = Self.glyphs("行政许可", x: 60, y: 100) + Self.glyphs("5", x: 200, y: 100)
        let glyphs = words + row
        let ocr = try PDFReader.document(
            from: PDFDocument(
                pages: [PDFPage(width: 595, height: 842, glyphs: glyphs, ocrGlyphCount: glyphs.count)], info: .init()))
        #expect(Self.paragraphs(ocr).first == "测试县人民政府2021年政府信息公开工作年度报告")
        #expect(ocr.figuresInDoubt)
        #expect(ocr.warnings == [.ocrTextLayer(pages: 1, of: 1)])
        // The same glyphs in an ordinary font are words set apart on purpose.
        let printed = try PDFReader.document(
            from: PDFDocument(pages: [PDFPage(width: 595, height: 842, glyphs: glyphs)], info: .init()))
        #expect(!printed.figuresInDoubt)
        #expect(printed.warnings.isEmpty)
        #expect(Self.paragraphs(printed).first != "测试县人民政府2021年政府信息公开工作年度报告")
    }
}
