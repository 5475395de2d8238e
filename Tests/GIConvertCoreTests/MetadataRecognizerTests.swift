import Testing

@testable import GIConvertCore

/// The body and year of a report as PDF text, converters and archives leave them.
@Suite("Reading the body and year")
struct MetadataRecognizerTests {
    func metadata(_ lines: [String], source: String = "report.txt") -> ReportMetadata {
        MetadataRecognizer.metadata(source: source, lines: lines, properties: DocumentProperties())
    }

    @Test("a first sentence wrapped at the page's width")
    func wrappedSentence() {
        let meta = metadata([
            "本报告根据《中华人民共和国政府信息公开条例》规定,现特向社会公布2020 年度呼图壁",
            "县商务和工业信息化局政府信息公开工作年度报告。全文由概述等部分组成。",
        ])
        #expect(meta.organization == "呼图壁县商务和工业信息化局")
        #expect(meta.year == 2020)
    }

    @Test("a report that calls its body 本机关 or 我局 names no body there", arguments: ["本机关", "我局", "本单位"])
    func selfReference(name: String) {
        let meta = metadata(["\(name)政府信息公开工作年度报告可在门户网站查阅。"])
        #expect(meta.organization == nil)
        let named = metadata(["测试市民政局2024年政府信息公开工作年度报", "\(name)政府信息公开工作年度报告可在门户网站查阅。"])
        #expect(named.organization != "机关" && named.organization != "单位" && named.organization != "我局")
    }

    @Test("a body's name that a converter joined with a space where its line wrapped")
    func nameJoinedWithSpace() {
        let meta = metadata(["本报告根据《中华人民共和国政府信息公开条例》规定,现特向社会公布 2020 年度呼图壁县商务 和工业信息化局政府信息公开工作年度报告。全文由概述等部分组成。"])
        #expect(meta.organization == "呼图壁县商务和工业信息化局")
        #expect(meta.year == 2020)
        // Without a year before it, a space still ends the name: the words before it may not be the name's.
        let unbounded = metadata(["现予公布 测试县商务局政府信息公开工作年度报告。"])
        #expect(unbounded.organization == "测试县商务局")
    }

    @Test("a converter's space where 工作年度报告 wrapped still ends the title")
    func reportWordsWrappedWithSpace() {
        let meta = metadata(["本报告根据《条例》规定,现特向社会公布2020 年度呼图壁县商务和工业信息化局政府信息公开工 作年度报告。全文由概述等部分组成。"])
        #expect(meta.organization == "呼图壁县商务和工业信息化局")
        #expect(meta.year == 2020)
    }

    @Test("a title laid out run by run: the body, the year and the rest on lines of their own")
    func titleInThreeRuns() {
        let meta = metadata(["政府信息公开", "遂宁市安居区", "2024", "年政府信息公开工作年度报告", "来源：安居区"])
        #expect(meta.organization == "遂宁市安居区")
        #expect(meta.year == 2024)
        // A heading above the year is not a body's name.
        let heading = metadata(["政府信息公开", "2024", "年政府信息公开工作年度报告", "一、总体情况"])
        #expect(heading.organization == nil)
        #expect(heading.year == 2024)
    }

    @Test("a title whose year's digits stand elsewhere: 年 and 年度 are not the body's")
    func titleWithoutItsYearDigits() {
        #expect(metadata(["遂宁市安居区", "年政府信息公开工作年度报告", "政府信息公开专栏"]).organization == "遂宁市安居区")
        #expect(metadata(["新樂市人民政府年度政府信息公開工作年度報告"]).organization == "新樂市人民政府")
    }

    @Test("a page's short link line above a whole title is not part of the body's name")
    func linkAboveTitle() {
        let meta = metadata(["当前位置：首页 > 政府信息公开 > 年度报告", "年度报告", "遂宁市安居区 2024 年政府信息公开工作年度报告"])
        #expect(meta.organization == "遂宁市安居区")
        #expect(meta.year == 2024)
    }

    @Test("a title spaced out as OCR and some PDF text print it")
    func spacedOutTitle() {
        let meta = metadata(["新 乐 市 人 民 政 府 2019 年 政 府 信 息 公 开 工 作 年 度 报 告"])
        #expect(meta.organization == "新乐市人民政府")
        #expect(meta.year == 2019)
        let words = metadata(["呼图 壁县 商务 和工业 信息化局 2020 年 政府 信息 公开 工作 年度 报告"])
        #expect(words.organization == "呼图壁县商务和工业信息化局")
        // A space or two between words is no spacing out: the name is not joined across them.
        #expect(MetadataRecognizer.closingSpacedIdeographs("信息来源：市政府办公室 发布日期：2020") == "信息来源：市政府办公室 发布日期：2020")
        // 政府 left of `年政府 信息公开` is no body's name.
        #expect(metadata(["测试县商务局 2021 年政府 信息公开工作年度报告"]).organization != "政府")
        // Spaced out with ideographic spaces (U+3000) only.
        #expect(MetadataRecognizer.closingSpacedIdeographs("新\u{3000}乐\u{3000}市\u{3000}人\u{3000}民") == "新乐市人民")
        #expect(
            metadata(["新\u{3000}乐\u{3000}市\u{3000}人\u{3000}民\u{3000}政\u{3000}府2019年政府信息公开工作年度报告"]).organization
                == "新乐市人民政府")
    }

    @Test("a quoted document's title that began on the line before is no title")
    func quotedTitleFromLineBefore() {
        let meta = metadata([
            "根据《中华人民共和国政府信息公开条例》和《市政务公开领导小组办公室",
            "关于做好2021年政府信息公开工作年度报告编制和发布工作的通知》有关规定,现将",
            "测试局2021年政府信息公开工作年度报告",
        ])
        #expect(meta.organization == "测试局")
        #expect(meta.year == 2021)
    }

    @Test("a title printed over two lines")
    func titleOverTwoLines() {
        let meta = metadata(["呼图壁县商务和工业信息化局", "2020年政府信息公开工作年度报告", "一、总体情况"])
        #expect(meta.organization == "呼图壁县商务和工业信息化局")
        #expect(meta.year == 2020)
    }

    @Test("a year on its own line before a title with no body: the year is read, 年度 is no body")
    func yearOnItsOwnLine() {
        // pdftotext -raw breaks a line between a number and the ideographs after it.
        let meta = metadata(["一、總體情況", "中文名:新樂市人民政府", "2019", "年度政府信息公開工作年度報告", "發布單位:新樂市人民政府"])
        #expect(meta.year == 2019)
        #expect(meta.organization == "新樂市人民政府")
        let alone = metadata(["年度政府信息公开工作年度报告"])
        #expect(alone.organization == nil)
    }

    @Test("a report named inside a quoted document title is not this report")
    func quotedTitle() {
        let meta = metadata([
            "根据《市政务公开领导小组办公室关于做好2021年政府信息公开工作年度报告编制和发布工作的通知》要求,现将",
            "2022年，测试县人民政府坚持以公开为常态。",
        ])
        #expect(meta.organization == "测试县人民政府")
        #expect(meta.year == 2022)
    }

    @Test("digits in a body's name stay, a year before it does not")
    func digitsInName() {
        #expect(metadata(["第0号测试单位2021年政府信息公开工作年度报告"]).organization == "第0号测试单位")
        #expect(metadata(["2019年上海市人民政府办公厅政府信息公开工作年度报告"]).organization == "上海市人民政府办公厅")
        // PDF text spaces digits from ideographs: the spaces are not the name's.
        let spaced = metadata(["达州市第 2 看守所 2024 年政府信息公开工作年度报告"])
        #expect(spaced.organization == "达州市第2看守所")
        #expect(spaced.year == 2024)
    }

    @Test("本报告由… names the body without the spaces PDF text puts around its digits")
    func compiledBySpacedDigits() {
        #expect(metadata(["本报告由达州市第 2 看守所根据《条例》和有关要求编制。"]).organization == "达州市第2看守所")
        let wrapped = metadata([
            "达州市第2 看守所2024 年政府信息公开工", "作年度报告", "本报告由达州市第2 看守所根据《中华人民共和国政府信息公",
            "开条例》和有关要求编制。",
        ])
        #expect(wrapped.organization == "达州市第2看守所")
    }

    @Test("a browser's print header joined before the title is not the body's name")
    func printHeaderBeforeTitle() {
        let meta = metadata(["12/3/26, 6:30 AM凤台县人力资源和社会保障局2025年政府信息公开工作年度报告"])
        #expect(meta.organization == "凤台县人力资源和社会保障局")
        #expect(meta.year == 2025)
    }

    @Test("本报告由…编制 names the body")
    func compiledBy() {
        let meta = metadata(["本报告由北京市测试局根据《条例》要求编制。", "一、总体情况"])
        #expect(meta.organization == "北京市测试局")
    }

    @Test("the file name stands in for a title the text does not print")
    func fileName() {
        let meta = metadata(["一、总体情况", "概述。"], source: "archive.zip/年报/深圳市测试局2024年政府信息公开工作年度报告.pdf")
        #expect(meta.organization == "深圳市测试局")
        #expect(meta.year == 2024)
    }

    @Test("a year printed in Chinese numerals")
    func chineseNumeralYear() {
        let after = metadata(["益阳市行政审批服务局二〇二二年政府信息公开工作年度报告"])
        #expect(after.organization == "益阳市行政审批服务局")
        #expect(after.year == 2022)
        let before = metadata(["二○一九年度上海市人民政府办公厅政府信息公开工作年度报告"])
        #expect(before.organization == "上海市人民政府办公厅")
        #expect(before.year == 2019)
        let sentence = metadata(["一、总体情况", "二零二一年，测试县商务局坚持以公开为常态。"])
        #expect(sentence.organization == "测试县商务局")
        #expect(sentence.year == 2021)
        // Numerals that are no year from 1900 to 2099 are part of the name.
        let name = metadata(["三五一九厂政府信息公开工作年度报告"])
        #expect(name.organization == "三五一九厂")
        #expect(name.year == nil)
    }

    @Test("prose a table finder framed as pipe rows: a sentence cut over rows, a title over cells")
    func pipeFramedProse() {
        let sentence = metadata([
            "| 本报告根据《中华人民共和国政府信息公开条例》规定,现特向社会公布2020年度呼图壁 |",
            "|---|",
            "|  |",
            "| 县商务和工业信息化局政府信息公开工作年度报告。全文由概述等部分组成。 |",
        ])
        #expect(sentence.organization == "呼图壁县商务和工业信息化局")
        #expect(sentence.year == 2020)
        let cells = metadata(["| 政府信息公开 |  |  |", "| 遂宁市安居区2024年 | 政府信息 | 公开工作年度报告 |"])
        #expect(cells.organization == "遂宁市安居区")
        #expect(cells.year == 2024)
    }

    @Test("an empty pipe row or a page number above the closing date is no signer")
    func pipeRowIsNoSigner() {
        let pipes = metadata(["政府信息公开工作年度报告", "一、总体情况", "概述。", "|  |", "2021年1月20日"])
        #expect(pipes.organization == nil)
        let pageNumber = metadata(["政府信息公开工作年度报告", "一、总体情况", "概述。", "- 3 -", "2021年1月20日"])
        #expect(pageNumber.organization == nil)
        let signed = metadata(["政府信息公开工作年度报告", "一、总体情况", "概述。", "测试县商务局", "2021年1月20日"])
        #expect(signed.organization == "测试县商务局")
    }
}
