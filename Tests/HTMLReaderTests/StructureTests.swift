import GIConvertCore
import HTMLReader
import TestSupport
import Testing

/// The document structure a page gives: paragraphs where the page breaks lines, data tables as grids.
struct StructureTests {
    @Test func spansResolveIntoAGrid() throws {
        let document = try readHTML(
            """
            <table border="1"><tr><td colspan="3" rowspan="2">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><th colspan="2">申请人情况</th></tr>
            <tr><th>自然人</th><th>总计</th></tr>
            <tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>258</td><td>&nbsp;</td></tr>
            <tr><td rowspan="1">（三）不予公开</td><td>1.属于国家秘密</td><td>14</td><td></td></tr></table>
            """)
        let grid = try #require(tables(document).first)
        #expect(grid.rows.count == 4)
        #expect(grid.rows.allSatisfy { $0.count == 5 })
        #expect(grid.rows[1][0].text.hasPrefix("（本列数据") && grid.rows[1][0].isSpanContinuation)
        #expect(grid.rows[0][3].text == "申请人情况" && grid.rows[0][4].isSpanContinuation)
        #expect(grid.rows[1][3].text == "自然人" && grid.rows[1][4].text == "总计")
        #expect(grid.rows[3][0].text == "三、本年度办理结果" && grid.rows[3][0].isSpanContinuation)
        #expect(grid.rows[3].map(\.text).suffix(4) == ["（三）不予公开", "1.属于国家秘密", "14", ""])
        // &nbsp; and empty cells are empty text: blank, not zero.
        #expect(grid.rows[2][4].text == "" && !grid.rows[2][4].isSpanContinuation)
    }

    @Test func rowsCoveredOnlyBySpansKeepTheirPlace() throws {
        let document = try readHTML(
            """
            <table><tr><td rowspan="3">（三）不予公开</td><td rowspan="2">1.属于国家秘密</td><td>14</td></tr>
            <tr></tr><tr><td>2.其他法律行政法规禁止公开</td><td>5</td></tr><tr><td></td><td>&nbsp;</td></tr></table>
            """)
        let grid = try #require(tables(document).first)
        #expect(
            grid.rows.map { $0.map(\.text) } == [
                ["（三）不予公开", "1.属于国家秘密", "14"], ["（三）不予公开", "1.属于国家秘密", ""],
                ["（三）不予公开", "2.其他法律行政法规禁止公开", "5"],
            ])
    }

    @Test func lineBreaksInsideCellsAreKept() throws {
        let document = try readHTML(
            """
            <table><tr><td>信息内容</td><td><p align="center">本年新<br />制作数量</p></td><td><p>本年新</p><p>公开数量</p></td></tr>
            <tr><td>规章</td><td>13</td><td> 1 3 </td></tr></table>
            """)
        let grid = try #require(tables(document).first)
        #expect(grid.rows[0].map(\.text) == ["信息内容", "本年新\n制作数量", "本年新\n公开数量"])
        #expect(grid.rows[1][2].text == "1 3")
    }

    @Test func blockElementsEndParagraphsAndInlineTextJoins() throws {
        let document = try readHTML(
            """
            <div><h2>一、总体情况</h2><p>本年<span>新</span><b>收</b>申请
              5 件。</p>正文<br>第二行<div>另一段</div><ul><li>甲</li><li>乙</li></ul></div>
            """)
        #expect(
            document.blocks == [
                .paragraph("一、总体情况"), .paragraph("本年新收申请 5 件。"), .paragraph("正文\n第二行"),
                .paragraph("另一段"), .paragraph("甲"), .paragraph("乙"),
            ])
    }

    @Test func layoutTablesAreUnwrappedIntoTheirContent() throws {
        let document = try readHTML(
            """
            <table width="100%"><tr><td class="left"><ul><li>机构概况</li></ul></td><td>
              <table><tr><td><h1>2021年某某局政府信息公开工作年度报告</h1></td></tr>
                <tr><td><p>发布日期：2022-01-20</p><p>一、总体情况</p><p>二、主动公开政府信息情况</p>
                  <table border="1"><tr><td>信息内容</td><td>本年处理决定数量</td></tr><tr><td>行政许可</td><td>809</td></tr></table>
                </td></tr></table>
            </td></tr></table>
            """)
        #expect(
            document.blocks == [
                .paragraph("机构概况"), .paragraph("2021年某某局政府信息公开工作年度报告"), .paragraph("发布日期：2022-01-20"),
                .paragraph("一、总体情况"), .paragraph("二、主动公开政府信息情况"),
                .table(
                    TableGrid(spannedRows: [
                        [SpannedCell(text: "信息内容"), SpannedCell(text: "本年处理决定数量")],
                        [SpannedCell(text: "行政许可"), SpannedCell(text: "809")],
                    ])),
            ])
    }

    @Test func tableOfLongProseIsLayout() throws {
        let prose = String(repeating: "本机关认真贯彻落实条例，积极推进政务公开工作。", count: 20)
        let document = try readHTML("<table><tr><td>一、总体情况</td><td>\(prose)</td></tr></table>")
        #expect(document.blocks == [.paragraph("一、总体情况"), .paragraph(prose)])
    }

    @Test func hiddenAndScriptedContentIsDropped() throws {
        let document = try readHTML(
            """
            <html><head><title>标题</title><style>p { color: red }</style><script>var x = "隐藏1";</script></head><body>
            <p>可见一</p>
            <div hidden>隐藏2</div><div aria-hidden="true">隐藏3</div><div style="DISPLAY: none">隐藏4</div>
            <span style="visibility:hidden">隐藏5</span><div style="position:absolute;left:-10000px">隐藏6</div>
            <div style="height:0;overflow:hidden">隐藏7</div><noscript>隐藏8</noscript><template><p>隐藏9</p></template>
            <iframe src="x">隐藏10</iframe><select><option>隐藏11</option></select><button>隐藏12</button>
            <!-- 隐藏13 --><p>可见二</p></body></html>
            """)
        #expect(paragraphText(document) == "可见一\n可见二")
        #expect(document.properties.title == "标题")
    }

    @Test func navigationAndFootersAreDroppedButNotTheReport() throws {
        let document = try readHTML(
            """
            <body><header><a>网站首页</a></header><nav>首页 政务公开</nav><div id="breadcrumb">首页 &gt; 年度报告</div>
            <div class="topNav menu">信息公开目录</div><div class="share-bar">分享到微信</div>
            <article><header><h1>某某局2021年政府信息公开工作年度报告</h1><p>发布时间：2022-01-20 来源：某某局</p></header>
            <p>一、总体情况</p></article>
            <form id="search"><input name="q"><p>站内搜索</p></form>
            <footer><p>版权所有 某某局</p></footer><div class="footer">ICP备案号</div></body>
            """)
        #expect(paragraphText(document) == "某某局2021年政府信息公开工作年度报告\n发布时间：2022-01-20 来源：某某局\n一、总体情况")
    }

    @Test func utilityClassesAreNotChrome() throws {
        let document = try readHTML(
            """
            <div class="position-relative overflow-hidden"><p>发布日期：2022-01-20</p></div><div class="position">首页 &gt; 公开</div>
            """)
        #expect(paragraphText(document) == "发布日期：2022-01-20")
    }

    @Test func wordSavedAsWebPageReadsCleanly() throws {
        let document = try readHTML(
            """
            <html xmlns:o="urn:schemas-microsoft-com:office:office"><head><!--[if gte mso 9]><xml><w:View>Print</w:View></xml><![endif]-->
            <style><!-- p.MsoNormal {margin:0cm;} --></style></head><body lang=ZH-CN><div class=WordSection1>
            <p class=MsoListParagraph><![if !supportLists]><span lang=EN-US>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]><span>列表项</span></p>
            <p class=MsoNormal><span style='mso-hide:all'>隐藏</span><span>一、总体情况<o:p></o:p></span></p>
            <table class=MsoNormalTable border=1><tr><td width=100><p class=MsoNormal align=center><span>规章<span lang=EN-US><o:p></o:p></span></span></p></td>
            <td><p class=MsoNormal align=center><span lang=EN-US>3<o:p></o:p></span></p></td><td><p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p></td></tr>
            <tr><td>行政许可</td><td>1</td><td>2</td></tr></table></div></body></html>
            """)
        #expect(paragraphText(document) == "1. 列表项\n一、总体情况")
        #expect(tables(document).first?.rows.first?.map(\.text) == ["规章", "3", ""])
    }

    @Test func aFormWrappingTheWholeReportIsKept() throws {
        // ASP.NET sites wrap the page in one <form>; the report inside it is not chrome.
        let document = try readHTML(
            """
            <body><form id="form1" method="post"><p>一、总体情况</p><p>二、主动公开政府信息情况</p>
            <table><tr><td>第二十条第（一）项</td><td></td></tr><tr><td>规章</td><td>3</td></tr></table></form></body>
            """)
        #expect(paragraphText(document) == "一、总体情况\n二、主动公开政府信息情况")
        #expect(tables(document).count == 1)
    }

    @Test func metadataComesFromTitleAndMetaTags() throws {
        let document = try readHTML(
            """
            <html><head><meta name="PubDate" content="2022-01-20 10:00"><meta name="ContentSource" content="某某县人民政府办公室">
            <title> 某某县2021年政府信息公开工作年度报告_某某县人民政府 </title></head><body><p>正文</p></body></html>
            """)
        #expect(
            document.properties
                == DocumentProperties(
                    title: "某某县2021年政府信息公开工作年度报告_某某县人民政府",
                    date: "2022-01-20 10:00", publisher: "某某县人民政府办公室"))
        let withArticleTitle = try readHTML(
            "<head><meta name=\"ArticleTitle\" content=\"年度报告\"><title>年度报告_网站</title></head><p>x</p>")
        #expect(withArticleTitle.properties.title == "年度报告")
    }

    @Test func tableOfLabelledFactsReadsAsLines() throws {
        let report = try convertHTML(
            Array(
                """
                <table class="xxgk-info"><tr><td>索引号：</td><td>000014349/2022-00012</td><td>发布机构：</td><td>某某县人民政府办公室</td></tr>
                <tr><td>发布日期：</td><td>2022-01-20</td><td>文号：</td><td>&nbsp;</td></tr></table>
                <h1>某某县2021年政府信息公开工作年度报告</h1><p>一、总体情况</p>
                """.utf8))
        #expect(report.metadata.publicationDate == "2022-01-20")
        let document = try readHTML(
            "<table><tr><td>发布日期：</td><td>2022-01-20</td></tr><tr><td>信息来源</td><td>某某局</td></tr></table>")
        #expect(document.blocks == [.paragraph("发布日期： 2022-01-20"), .paragraph("信息来源 某某局")])
    }

    @Test func dateAndSourceLinesReachTheReportMetadata() throws {
        let report = try convertHTML(
            Array(
                """
                <div class="title">某某县2021年政府信息公开工作年度报告</div>
                <div class="info"><span>发布日期：2022-01-20</span>&nbsp;&nbsp;<span>来源：某某县政府办</span></div>
                <p>一、总体情况</p>
                """.utf8))
        #expect(report.metadata.publicationDate == "2022-01-20")
        #expect(report.metadata.publisher == "某某县政府办")
        #expect(report.metadata.year == 2021)
    }
}

/// Shapes of pages beyond plain markup: preformatted text, text served as a page, scripted articles.
struct UnusualPageTests {
    @Test func preformattedTextKeepsItsLines() throws {
        let document = try readHTML("<body><pre>一、总体情况\n  规章   3   0   3\r\n行政许可 809</pre></body>")
        #expect(paragraphText(document) == "一、总体情况\n规章 3 0 3\n行政许可 809")
    }

    @Test func textServedAsAPageKeepsItsLines() throws {
        let text = "某某县2021年政府信息公开工作年度报告\n\n一、总体情况\n规章 | 3 | 0 | 3\n"
        let document = try HTMLReader.readDocument(ReaderInput(name: "mirror.html", bytes: Array(text.utf8)))
        #expect(
            document.blocks == [.paragraph("某某县2021年政府信息公开工作年度报告"), .paragraph("一、总体情况"), .paragraph("规章 | 3 | 0 | 3")])
    }

    @Test func statisticalTableWithALongNoteRowStaysATable() throws {
        let note = "注：" + String(repeating: "本表数据统计期限为当年1月1日至12月31日，数据来源于政府信息公开工作平台。", count: 10)
        let document = try readHTML(
            """
            <table><tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>
            <tr><td>规章</td><td>13</td><td>13</td><td>524</td></tr><tr><td>规范性文件</td><td>60</td><td>60</td><td>368</td></tr>
            <tr><td colspan="4">\(note)</td></tr></table>
            """)
        #expect(tables(document).count == 1)
    }

    @Test func layoutCellsThatAreChromeAreDropped() throws {
        let document = try readHTML(
            """
            <table><tr><td class="leftmenu nav">机构概况 政策文件</td><td><p>一、总体情况</p><table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>3</td></tr></table></td></tr></table>
            """)
        #expect(paragraphText(document) == "一、总体情况")
    }

    @Test func reportWrittenByAScriptIsRead() throws {
        // The Shanghai site ships its reports as `let content = '…'`, written into the page by a script.
        let page = String(decoding: bytes(of: Repository.file("Samples/real/shanghai-office-2019.html")), as: UTF8.self)
        let body = try #require(
            page.range(of: "<body>").flatMap { start in
                page.range(of: "</body>").map { page[start.upperBound..<$0.lowerBound] }
            })
        let escaped = body.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
            .replacingOccurrences(of: "</", with: "<\\/").replacingOccurrences(of: "本年度", with: "\\u672c\\u5e74\\u5ea6")
        let scripted = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>2019年上海市人民政府办公厅政府信息公开工作年度报告</title></head>
            <body><div id="ivs_content"></div>
            <script>// the article
            let content = '\(escaped)';
            document.getElementById("ivs_content").innerHTML = content;</script></body></html>
            """
        let report = try convertHTML(Array(scripted.utf8), name: "shanghai-scripted.html")
        let expected = try ExpectedValues(
            contentsOf: Repository.file("Samples/real/expected/shanghai-office-2019.json"))
        #expect(expected.mismatches(report) == [])
        #expect(report.findings.contains { $0.kind == .readerWarning && $0.message.contains("script") })
        #expect(report.sections.count == 6)
    }

    @Test func scriptsOfAPageThatShowsItsReportAreIgnored() throws {
        let document = try readHTML(
            """
            <p>一、总体情况</p><p>第二十条第（一）项</p><script>var x = '<p>二、主动公开政府信息情况</p>';</script>
            """)
        #expect(paragraphText(document) == "一、总体情况\n第二十条第（一）项")
    }

    /// A page of absolutely positioned runs as pdftohtml writes it: `(top, left, class, text)` runs on a
    /// sized page, `.ft0` an 18-pixel font.
    static func positionedPage(_ runs: [(Int, Int, String)]) -> String {
        let body = runs.map { top, left, text in
            #"<p style="position:absolute;top:\#(top)px;left:\#(left)px;white-space:nowrap" class="ft0">\#(text)</p>"#
        }
        return """
            <html><head><style type="text/css">p {margin: 0; padding: 0;}\t.ft0{font-size:18px;font-family:A;}</style></head>
            <body><div id="page1-div" style="position:relative;width:892px;height:1262px;">
            \(body.joined(separator: "\n"))
            </div></body></html>
            """
    }

    @Test("a page of positioned runs: runs that touch on one line join, runs set apart do not")
    func positionedRunsJoinWhereTheyTouch() throws {
        var runs: [(Int, Int, String)] = [
            // A title in three runs: 遂宁市安居区 ends at 85 + 6 × 18 = 193, 2024 at 197 + 4 × 9 = 233.
            (42, 85, "遂宁市安居区"), (42, 197, "2024"), (42, 236, "年政府信息公开工作年度报告"),
            // A label in two runs, its figure a cell apart.
            (80, 87, "行政"), (80, 123, "许可"), (80, 300, "5"),
            // Two figures that touch are two cells; spaced-out text is wider than its characters.
            (110, 87, "15"), (110, 105, "3"), (140, 87, "信 息"), (140, 132, "内容"),
        ]
        runs += (0..<20).map { (200 + 20 * $0, 87, "第\($0)行") }
        let paragraphs = paragraphText(try readHTML(Self.positionedPage(runs))).split(separator: "\n")
        #expect(paragraphs.prefix(8) == ["遂宁市安居区2024年政府信息公开工作年度报告", "行政许可", "5", "15", "3", "信 息", "内容", "第0行"])
        #expect(paragraphs.count == 27)
    }
}
