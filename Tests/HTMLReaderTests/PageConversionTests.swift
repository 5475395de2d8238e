import Foundation
import GIConvertCore
import HTMLReader
import TestSupport
import Testing

/// Whole pages converted the way `giconvert page.html -o out.csv` converts them.
struct PageConversionTests {
    @Test func realShanghaiPageGivesEveryPrintedValue() throws {
        let page = Repository.file("Samples/real/shanghai-office-2019.html")
        let report = try convertHTML(bytes(of: page), name: "shanghai-office-2019.html")
        let expected = try ExpectedValues(
            contentsOf: Repository.file("Samples/real/expected/shanghai-office-2019.json"))
        #expect(expected.mismatches(report) == [])
        #expect(report.format == .v2019)
        #expect(report.metadata.year == 2019)
        #expect(report.metadata.organization == "上海市人民政府办公厅")
        #expect(report.metadata.title == "2019年上海市人民政府办公厅政府信息公开工作年度报告")
        #expect(report.metadata.publicationDate == "2020-01-31")
        // 政府集中采购 is printed 251000元: 25.1 万元, not 251000.
        #expect(report.cell(.active, "procurement", "amount_10k_yuan")?.value == 25.1)
        // The page leaves the 总计 column empty in the outcome rows: blank, and the rules say so.
        #expect(report.cell(.applications, "granted", "total")?.flags.contains(.blank) == true)
        #expect(report.hasRuleFailures)
        #expect(!report.findings.contains { $0.kind == .tableNotFound || $0.kind == .rowNotFound })
        #expect(report.sections.count == 6)
    }

    @Test(arguments: fixturePages)
    func seedPageGivesTheSeedsValues(page: String) throws {
        let report = try convertHTML(bytes(of: Repository.file("Tests/HTMLReaderTests/Fixtures/\(page)")), name: page)
        let expected = try ExpectedValues(
            contentsOf: Repository.file("Samples/seeds/expected/\(seedName(ofFixture: page)).json"))
        #expect(expected.mismatches(report) == [])
        #expect(report.hasRuleFailures == expected.expectsInconsistency)
        #expect(report.metadata.year == expected.year)
        #expect(!report.findings.contains { $0.kind == .tableNotFound || $0.kind == .rowNotFound })
    }

    @Test(arguments: fixturePages)
    func sameReportAsHTMLAndAsTextGivesIdenticalCSVValues(page: String) throws {
        let seed = seedName(ofFixture: page)
        let html = try convertHTML(bytes(of: Repository.file("Tests/HTMLReaderTests/Fixtures/\(page)")), name: page)
        let text = try convertText(bytes(of: Repository.file("Samples/seeds/\(seed).txt")), name: "\(seed).txt")
        let htmlValues = CSV.cells(try csv(html)).mapValues(\.value)
        let textValues = CSV.cells(try csv(text)).mapValues(\.value)
        #expect(htmlValues.count >= 195)
        #expect(htmlValues == textValues)
        if !page.contains("traditional") {
            #expect(html.metadata.organization == text.metadata.organization)
            #expect(html.metadata.publicationDate == text.metadata.publicationDate)
        }
    }

    @Test func pagesOfEveryShapeAreCovered() {
        for shape in ["spans", "chrome", "unclosed", "gbk", "traditional", "bom", "undeclared"] {
            #expect(fixturePages.contains { $0.contains("-\(shape).") }, "no \(shape) page")
        }
        #expect(Set(fixturePages.map(seedName(ofFixture:))).count == 5)
    }

    @Test func siteChromeStaysOutOfTheReportText() throws {
        for page in fixturePages where page.contains("-chrome.") {
            let report = try convertHTML(
                bytes(of: Repository.file("Tests/HTMLReaderTests/Fixtures/\(page)")), name: page)
            let text = ([report.preamble] + report.sections.flatMap { [$0.heading, $0.text] }).joined(separator: "\n")
            for chrome in [
                "博彩", "彩票", "网上赌场", "ICP备", "分享到", "当前位置", "机构职能", "JavaScript", "document.write",
                "版权所有", "门户网站标志", "9999", "font-size",
            ] {
                #expect(!text.contains(chrome), "\(page): \(chrome) in the report text")
            }
            let seed = seedName(ofFixture: page)
            let fromText = try convertText(bytes(of: Repository.file("Samples/seeds/\(seed).txt")), name: seed)
            #expect(report.sections.map(\.heading) == fromText.sections.map(\.heading))
            #expect(
                !report.findings.contains { $0.kind == .readerWarning },
                "\(page): \(report.findings.filter { $0.kind == .readerWarning })")
        }
    }

    @Test func chromePageMetadataComesFromItsMetaTags() throws {
        let page = try #require(fixturePages.first { $0.contains("-chrome.") })
        let document = try HTMLReader.readDocument(
            ReaderInput(name: page, bytes: bytes(of: Repository.file("Tests/HTMLReaderTests/Fixtures/\(page)"))))
        // ArticleTitle wins over <title>, which carries the site's name after the title.
        #expect(
            document.properties.title?.hasSuffix("政府信息公开工作年度报告") == true
                || document.properties.title?.hasSuffix("政府信息公開工作年度報告") == true)
        #expect(document.properties.date?.hasSuffix("09:30") == true)
        #expect(document.properties.publisher?.isEmpty == false)
    }

    @Test func traditionalMirrorWithTaiwanPhrasingGivesTheSameValues() throws {
        let page = try #require(fixturePages.first { $0.contains("-traditional.") })
        let data = bytes(of: Repository.file("Tests/HTMLReaderTests/Fixtures/\(page)"))
        let text = String(decoding: data, as: UTF8.self)
        // The mirror really is in traditional script with Taiwan phrasing.
        #expect(text.contains("資訊") && text.contains("規範性檔案"))
        let report = try convertHTML(data, name: page)
        #expect(
            report.cell(.active, "normative_documents", report.format == .v2019 ? "new_made" : "issued")?.value != nil)
    }

    @Test func pageWithoutReportContentConvertsWithFindings() throws {
        let html = """
            <html><head><title>首页 - 某某区人民政府</title></head>
            <body><nav><a href="/">首页</a></nav><h1>欢迎访问</h1><p>本站提供政务服务、办事指南和联系方式。</p>
            <table><tr><td>电话</td><td>12345</td></tr><tr><td>地址</td><td>人民路1号</td></tr></table></body></html>
            """
        let report = try convertHTML(Array(html.utf8))
        #expect(report.findings.filter { $0.kind == .tableNotFound }.count == 3)
        #expect(report.tables.allSatisfy { !$0.found })
    }

    @Test func pageWithNoTextAtAllConvertsWithAWarning() throws {
        let report = try convertHTML(
            Array("<html><head><script>var a = 1;</script></head><body><img src=x></body></html>".utf8))
        #expect(report.findings.contains { $0.kind == .readerWarning })
        #expect(report.findings.filter { $0.kind == .tableNotFound }.count == 3)
    }

    @Test func emptyFileIsAnInputError() {
        #expect(throws: InputError.empty) { try HTMLReader.readDocument(ReaderInput(name: "empty.html", bytes: [])) }
    }
}
