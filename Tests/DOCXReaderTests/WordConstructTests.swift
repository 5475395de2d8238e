import GIConvertCore
import TestSupport
import Testing

@testable import DOCXReader

/// Hand-written `document.xml` cases for what real Word files do.
@Suite struct WordConstructTests {
    func read(_ body: String, parts: [(String, String)] = []) throws -> Document {
        try DOCXReader.readDocument(ReaderInput(name: "test.docx", bytes: docx(documentXML(body), parts: parts)))
    }

    func p(_ runs: String, properties: String = "") -> String {
        "<w:p>\(properties.isEmpty ? "" : "<w:pPr>\(properties)</w:pPr>")\(runs)</w:p>"
    }

    func r(_ text: String) -> String { "<w:r><w:t xml:space=\"preserve\">\(text)</w:t></w:r>" }

    @Test func runsSplitInsideANumberJoin() throws {
        let document = try read(p(r("共受理") + "<w:r><w:rPr><w:b/></w:rPr><w:t>1</w:t></w:r>" + r("2") + r("件")))
        #expect(document.paragraphs == ["共受理12件"])
    }

    @Test func tabsBreaksAndSymbols() throws {
        let body = p(
            "<w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t><w:noBreakHyphen/><w:t>D</w:t></w:r>"
                + "<w:r><w:sym w:font=\"Symbol\" w:char=\"F0B1\"/><w:t>1</w:t></w:r>",
            properties: "<w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs>")
        #expect(try read(body).paragraphs == ["A\tB", "C-D±1"])
    }

    @Test func fieldsShowTheirResultNotTheirInstruction() throws {
        let simple = p(r("第") + "<w:fldSimple w:instr=\" PAGE \\* MERGEFORMAT \">\(r("3"))</w:fldSimple>" + r("页"))
        let complex = p(
            r("截至")
                + "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> DATE \\@ \"yyyy\" </w:instrText></w:r>"
                + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" + r("2021")
                + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>" + r("年"))
        #expect(try read(simple + complex).paragraphs == ["第3页", "截至2021年"])
    }

    @Test func trackedChangesKeepInsertionsAndDropDeletions() throws {
        let body = p(
            r("受理申请") + "<w:del w:id=\"1\" w:author=\"x\"><w:r><w:delText>9</w:delText></w:r></w:del>"
                + "<w:ins w:id=\"2\" w:author=\"x\">\(r("8"))</w:ins>" + r("件")
                + "<w:moveFrom w:id=\"3\" w:author=\"x\">\(r("旧"))</w:moveFrom>")
        let document = try read(body)
        #expect(document.paragraphs == ["受理申请8件"])
        #expect(document.warnings.count == 1)
    }

    @Test func contentControlsSmartTagsHyperlinksAreTransparent() throws {
        let body =
            "<w:sdt><w:sdtPr><w:alias w:val=\"机关名称\"/><w:placeholder><w:docPart w:val=\"X\"/></w:placeholder></w:sdtPr>"
            + "<w:sdtContent>\(p(r("某某局")))</w:sdtContent></w:sdt>"
            + p(
                "<w:smartTag w:uri=\"urn:schemas-microsoft-com:office:smarttags\" w:element=\"date\">\(r("2022年1月"))</w:smartTag>"
                    + "<w:customXml w:element=\"x\">\(r("20日"))</w:customXml>"
                    + "<w:hyperlink r:id=\"rId9\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\(r("发布"))</w:hyperlink>"
                    + "<w:sdt><w:sdtContent>\(r("。"))</w:sdtContent></w:sdt>")
        #expect(try read(body).paragraphs == ["某某局", "2022年1月20日发布。"])
    }

    @Test func hiddenTextAndFallbackCopiesAreNotShown() throws {
        let body = p(
            r("可见") + "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
                + "<w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>也可见</w:t></w:r>"
                + "<mc:AlternateContent><mc:Choice Requires=\"wps\">\(r("框"))</mc:Choice><mc:Fallback>\(r("框"))</mc:Fallback></mc:AlternateContent>"
        )
        #expect(try read(body).paragraphs == ["可见也可见框"])
    }

    @Test func mergedCellsResolveIntoAGrid() throws {
        func tc(_ text: String, _ properties: String = "") -> String {
            "<w:tc>\(properties.isEmpty ? "" : "<w:tcPr>\(properties)</w:tcPr>")\(text.split(separator: "|").map { p(r(String($0))) }.joined())</w:tc>"
        }
        let body =
            "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"1\"/><w:gridCol w:w=\"1\"/><w:gridCol w:w=\"1\"/><w:gridCol w:w=\"1\"/></w:tblGrid>"
            + "<w:tr>" + tc("三、本年度|办理结果", "<w:vMerge w:val=\"restart\"/>") + tc("（一）予以公开", "<w:gridSpan w:val=\"2\"/>")
            + "<w:tc><w:p>\(r("1"))\(r("2"))</w:p></w:tc></w:tr>"
            + "<w:tr>" + "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>" + tc("a") + tc("b") + tc("c") + "</w:tr>"
            + "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>" + tc("x", "<w:gridSpan w:val=\"3\"/>") + "</w:tr>"
            + "<w:tr><w:trPr><w:del w:id=\"7\" w:author=\"x\"/></w:trPr>" + tc("删") + tc("除") + tc("的") + tc("行")
            + "</w:tr>"
            + "<w:tr>" + tc("d", "<w:vMerge w:val=\"restart\"/>") + tc("e", "<w:hMerge w:val=\"restart\"/>")
            + tc("", "<w:hMerge/>") + tc("f") + "</w:tr>"
            + "<w:tr>" + tc("", "<w:vMerge w:val=\"continue\"/>") + tc("g") + tc("") + tc("h") + "</w:tr>"
            + "</w:tbl>"
        let document = try read(body)
        #expect(document.tables.count == 1)
        #expect(
            document.tables.first?.texts == [
                ["三、本年度\n办理结果", "（一）予以公开", "（一）予以公开+", "12"],
                ["三、本年度\n办理结果+", "a", "b", "c"],
                ["", "x", "x+", "x+"],
                ["d", "e", "e+", "f"],
                ["d+", "g", "", "h"],
            ])
    }

    @Test func nestedTablesBecomeCellTextAndWrappersAreUnwrapped() throws {
        func tc(_ content: String) -> String { "<w:tc>\(content)</w:tc>" }
        let line = "<w:tbl><w:tr>\(tc(p(r("内1"))))\(tc(p(r("内2"))))</w:tr></w:tbl>"
        let grid =
            "<w:tbl><w:tr>\(tc(p(r("规章"))))\(tc(p(r("0"))))</w:tr><w:tr>\(tc(p(r("行政许可"))))\(tc(p(r("809"))))</w:tr></w:tbl>"
        let nestedLine = "<w:tbl><w:tr>\(tc(p(r("外")) + line + "<w:p/>"))\(tc(p(r("右"))))</w:tr></w:tbl>"
        let wrapper = "<w:tbl><w:tr>\(tc(p(r("标题")) + grid + p(r("落款"))))</w:tr></w:tbl>"
        let layout = "<w:tbl><w:tr>\(tc(p(r("边栏"))))\(tc(p(r("正文")) + grid))</w:tr></w:tbl>"
        let grid2 = TableGrid(rows: [
            [GridCell(text: "规章"), GridCell(text: "0")], [GridCell(text: "行政许可"), GridCell(text: "809")],
        ])
        let document = try read(nestedLine + wrapper + layout)
        #expect(
            document.blocks == [
                .table(TableGrid(rows: [[GridCell(text: "外\n内1 内2"), GridCell(text: "右")]])),
                .paragraph("标题"), .table(grid2), .paragraph("落款"),
                .paragraph("边栏"), .paragraph("正文"), .table(grid2),
            ])
    }

    static let numbering = """
        <?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="\(wordNamespace)">
        <w:abstractNum w:abstractNumId="4"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl></w:abstractNum>
        <w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="4"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="5"/></w:num>
        </w:numbering>
        """
    static let styles = """
        <?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="\(wordNamespace)">
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="ReportHeading"><w:basedOn w:val="Heading1"/></w:style>
        </w:styles>
        """

    @Test func numberedListHeadingsGetTheirGeneratedNumbers() throws {
        func numbered(_ text: String, level: Int, id: Int = 1) -> String {
            p(r(text), properties: "<w:numPr><w:ilvl w:val=\"\(level)\"/><w:numId w:val=\"\(id)\"/></w:numPr>")
        }
        let body =
            numbered("总体情况", level: 0) + numbered("主动公开", level: 1) + numbered("依申请公开", level: 1)
            + numbered("细项", level: 2) + numbered("主动公开政府信息情况", level: 0) + numbered("要点", level: 0, id: 2)
            + p(r("收到和处理政府信息公开申请情况"), properties: "<w:pStyle w:val=\"ReportHeading\"/>")
            + numbered("政府信息公开行政复议、行政诉讼情况", level: 0)
            + p(r("不编号"), properties: "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"0\"/></w:numPr>")
        let document = try read(
            body, parts: [("word/numbering.xml", Self.numbering), ("word/styles.xml", Self.styles)])
        #expect(
            document.paragraphs == [
                "一、总体情况", "（一）主动公开", "（二）依申请公开", "1.细项", "二、主动公开政府信息情况", "要点",
                "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "不编号",
            ])
    }

    @Test func listNumbersStayBoundedWhateverTheirStart() {
        #expect(Numbering.format(-5, "decimalFullWidth") == "-５")
        #expect(Numbering.format(12, "decimalFullWidth") == "１２")
        #expect(Numbering.format(28, "upperLetter") == "BB")
        #expect(Numbering.format(Numbering.largestLetterNumber, "upperLetter") == String(repeating: "Z", count: 30))
        #expect(Numbering.format(Numbering.largestLetterNumber + 1, "upperLetter") == "781")
        #expect(Numbering.format(100_000_000_000, "lowerLetter") == "100000000000")
        #expect(Numbering.format(Int.min, "decimalFullWidth").hasPrefix("-"))
    }

    @Test func listStartsOutOfRangeAreClampedWithAWarning() throws {
        func numbering(start: String, format: String = "decimal") -> String {
            #"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val=""#
                + start + #""/><w:numFmt w:val=""# + format
                + #""/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
        }
        let body =
            p(r("甲"), properties: "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>")
            + p(r("乙"), properties: "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>")
        for (start, first) in [
            ("9223372036854775807", "32767"), ("-9223372036854775808", "0"), ("99999999999999999999", "32767"),
            ("-5", "0"),
        ] {
            let document = try read(body, parts: [("word/numbering.xml", numbering(start: start))])
            #expect(document.paragraphs.first == first + ".甲", "\(start)")
            #expect(
                document.warnings == [
                    .listStartOutOfRange(printed: start, allowed: 0...32767, numberedFrom: Int(first)!)
                ])
        }
        let plain = try read(body, parts: [("word/numbering.xml", numbering(start: "3"))])
        #expect(plain.paragraphs == ["3.甲", "4.乙"])
        #expect(plain.warnings.isEmpty)
        let notANumber = try read(body, parts: [("word/numbering.xml", numbering(start: "x"))])
        #expect(notANumber.paragraphs == ["1.甲", "2.乙"])
        #expect(notANumber.warnings.isEmpty)
    }

    @Test func negativeGridSkipsAndUnclosedFieldsAreHarmless() throws {
        let row =
            "<w:tr><w:trPr><w:gridBefore w:val=\"-1\"/><w:gridAfter w:val=\"-1\"/></w:trPr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr>"
        let document = try read("<w:tbl>" + row + row + "</w:tbl>")
        #expect(document.tables.first?.rows.map { $0.map(\.text) } == [["a", "b"], ["a", "b"]])
        let fields =
            String(repeating: "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>", count: 3)
            + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
        let hidden = try read(p(fields + r("隐藏")))
        #expect(hidden.paragraphs.isEmpty)
        let shown = try read(
            p(
                "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>" + r("代码")
                    + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" + r("结果")))
        #expect(shown.paragraphs == ["结果"])
    }

    @Test func chineseCountingNumbers() {
        #expect(Numbering.chinese(1) == "一")
        #expect(Numbering.chinese(10) == "十")
        #expect(Numbering.chinese(12) == "十二")
        #expect(Numbering.chinese(20) == "二十")
        #expect(Numbering.chinese(105) == "一百零五")
    }

    @Test func coreProperties() throws {
        let core = """
            <?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>某某局2021年政府信息公开工作年度报告</dc:title><dc:creator>张三</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2022-01-20T09:00:00Z</dcterms:created></cp:coreProperties>
            """
        let document = try read(p(r("正文")), parts: [("docProps/core.xml", core)])
        #expect(document.properties == DocumentProperties(title: "某某局2021年政府信息公开工作年度报告", date: "2022-01-20T09:00:00Z"))
    }

    @Test func strictOOXMLNamespaceReads() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body><w:p><w:r><w:t>严格</w:t></w:r></w:p></w:body></w:document>
            """
        let document = try DOCXReader.readDocument(ReaderInput(name: "s.docx", bytes: docx(xml)))
        #expect(document.paragraphs == ["严格"])
    }

    @Test func namespacesResolveByDeclarationNotByPrefix() throws {
        // WordprocessingML as the default namespace and under another prefix; `w` rebound to a foreign
        // namespace inside an element whose content is therefore not Word's.
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?><document xmlns="\(wordNamespace)" xmlns:ns0="\(wordNamespace)"><body>\
            <p><r><t>默认</t></r></p><ns0:p><ns0:r><ns0:t>前缀</ns0:t></ns0:r></ns0:p>\
            <ns0:p><ns0:r><x:wrapper xmlns:x="urn:example" xmlns:ns0="urn:example"><ns0:t>外来</ns0:t></x:wrapper><ns0:t>恢复</ns0:t></ns0:r></ns0:p>\
            </body></document>
            """
        let document = try DOCXReader.readDocument(ReaderInput(name: "n.docx", bytes: docx(xml)))
        #expect(document.paragraphs == ["默认", "前缀", "恢复"])
    }

    /// A paragraph anchoring a text box that holds `text`, as LibreOffice's PDF import writes each line.
    func textBox(_ text: String) -> String {
        p(
            "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>"
                + p(r(text))
                + "</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>"
                + p(r(text)) + "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>")
    }

    /// A run anchoring a text box of `text` at (`x`, `y`), `width` wide, in EMU from its paragraph.
    func placedBox(_ text: String, x: Int, y: Int, width: Int, runs: String? = nil) -> String {
        let drawing = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
        return "<w:r><w:drawing><wp:anchor xmlns:wp=\"\(drawing)\"><wp:positionH relativeFrom=\"column\">"
            + "<wp:posOffset>\(x)</wp:posOffset></wp:positionH><wp:positionV relativeFrom=\"paragraph\">"
            + "<wp:posOffset>\(y)</wp:posOffset></wp:positionV><wp:extent cx=\"\(width)\" cy=\"150000\"/>"
            + "<wps:txbx><w:txbxContent>\(p(runs ?? r(text)))</w:txbxContent></wps:txbx></wp:anchor></w:drawing></w:r>"
    }

    @Test("a document made of placed text boxes is read by where they stand, line by line and page by page")
    func placedTextBoxesAreLaidOut() throws {
        // Every box anchored to one paragraph, as the converter does: one page's rows out of order (a figure
        // before its label), then a page starting at its top.
        var boxes = [
            placedBox("809", x: 3_000_000, y: 1_000_000, width: 300_000),
            placedBox("行政处罚", x: 100_000, y: 1_300_000, width: 600_000),
            placedBox("行政许可", x: 100_000, y: 1_000_000, width: 600_000),
            placedBox("169", x: 3_000_000, y: 1_305_000, width: 300_000),
        ]
        boxes += (0..<20).map { placedBox("第\($0)行", x: 100_000, y: 2_000_000 + 200_000 * $0, width: 400_000) }
        boxes += [
            placedBox("下一页", x: 100_000, y: 100_000, width: 450_000),
            placedBox("的开头", x: 550_000, y: 100_000, width: 450_000),
            // A box whose text breaks a line is one box: its lines join.
            placedBox("", x: 100_000, y: 400_000, width: 900_000, runs: r("换行") + "<w:r><w:br/></w:r>" + r("的框")),
        ]
        let document = try read(p(boxes.joined()))
        #expect(document.paragraphs.prefix(3) == ["行政许可    809", "行政处罚    169", "第0行"])
        #expect(document.paragraphs.suffix(2) == ["下一页的开头", "换行 的框"])
        #expect(!document.figuresInDoubt)
        #expect(document.warnings == [.positionedTextBoxes(boxes: 27, laidOut: true)])
    }

    @Test("a document made of text boxes that do not say where they stand flags its figures")
    func positionedTextBoxesPutFiguresInDoubt() throws {
        let boxes = (0..<DocumentBuilder.positionedBoxes).map { textBox("第\($0)行") }.joined()
        let converted = try read(boxes)
        #expect(converted.paragraphs.count == DocumentBuilder.positionedBoxes)
        #expect(converted.figuresInDoubt)
        #expect(converted.warnings == [.positionedTextBoxes(boxes: DocumentBuilder.positionedBoxes, laidOut: false)])
        // A Word file with its title in a text box and its text in the flow is read as it is.
        let titled = try read(textBox("测试局2022年政府信息公开工作年度报告") + (0..<30).map { p(r("正文第\($0)段。")) }.joined())
        #expect(!titled.figuresInDoubt)
        #expect(titled.warnings.isEmpty)
    }
}
