import Testing

@testable import GIConvertCore

/// Radicals that PDF fonts print for ideographs, and invisible characters from web pages and joined files.
@Suite("Folding extracted characters")
struct CharacterFoldingTests {
    @Test("Kangxi radicals and radical supplement characters become their ideographs")
    func radicals() {
        #expect(CharacterFolding.folded("⼀、本年新收政府信息公开申请数量") == "一、本年新收政府信息公开申请数量")
        #expect(CharacterFolding.folded("测试县⼈⺠政府⾏政许可") == "测试县人民政府行政许可")
        #expect(CharacterFolding.folded("⻔户⽹站⻚⾯") == "门户网站页面")
        // A radical with no ideograph of everyday use stays; so does text with none.
        #expect(CharacterFolding.folded("⺀") == "⺀")
        #expect(CharacterFolding.folded("一、总体情况 — “公开”") == nil)
    }

    @Test("zero-width characters and soft hyphens inside text are removed")
    func invisibleCharacters() {
        #expect(CharacterFolding.folded("益阳\u{200B}市行\u{200C}政\u{200D}审批\u{2060}服务局") == "益阳市行政审批服务局")
        #expect(CharacterFolding.folded("行政\u{00AD}许可 1\u{200B}5") == "行政许可 15")
        #expect(CharacterFolding.folded("1\u{00A0}5 · ×") == nil)
        #expect(CharacterFolding.folded("\u{200B}") == "")
        // Other characters after E2 stay: dashes, quotes, the radicals' neighbours.
        #expect(CharacterFolding.folded("——“”…①") == nil)
    }

    @Test("a report printed with radicals reads as the same report")
    func reportWithRadicals() {
        let plain = Document(blocks: [
            .paragraph("测试县人民政府2021年政府信息公开工作年度报告"),
            .table(TableGrid(rows: [[GridCell(text: "行政许可"), GridCell(text: "5")]])),
        ])
        let radicals = Document(
            blocks: [
                .paragraph("测试县⼈⺠政府2021年政府信息公开⼯作年度报告"),
                .table(TableGrid(rows: [[GridCell(text: "⾏政许可"), GridCell(text: "5")]])),
            ],
            properties: DocumentProperties(title: "⼈⺠政府"))
        let folded = radicals.foldingCharacters()
        #expect(folded.blocks == plain.blocks)
        #expect(folded.properties.title == "人民政府")
        #expect(
            ReportRecognizer.recognize(radicals, source: "r.txt").metadata.organization
                == ReportRecognizer.recognize(plain, source: "r.txt").metadata.organization)
    }
}
