import GIConvertCore
import Testing

@Suite("Item numbers that start a new item")
struct ItemNumberingTests {
    @Test(
        "numbered items start new items",
        arguments: ["1.属于国家秘密", "2、其他", "（三）不予公开", "(4)无法提供", "一、总体情况", "第二十条第（一）项", "第一部分", "十二、其他"])
    func numberedItems(text: String) {
        #expect(ItemNumbering.startsNewItem(text))
    }

    @Test(
        "words and figures that only look like item numbers do not",
        arguments: ["第三方合法权益", "第一", "1.5万元", "2021年", "三安全一稳定", "（本列数据）", "一项加第二项", ""])
    func notItems(text: String) {
        #expect(!ItemNumbering.startsNewItem(text))
    }

    @Test("an item's number and how it is written")
    func itemNumbers() {
        #expect(ItemNumbering.itemNumber("3.危")! == (3, .arabic))
        #expect(ItemNumbering.itemNumber("12、其他")! == (12, .arabic))
        #expect(ItemNumbering.itemNumber("（二）部分公开")! == (2, .parenthesized))
        #expect(ItemNumbering.itemNumber("(十一)其他")! == (11, .parenthesized))
        #expect(ItemNumbering.itemNumber("四、结转下年度继续办理")! == (4, .chineseEnumeration))
        #expect(ItemNumbering.itemNumber("二十、其他")! == (20, .chineseEnumeration))
        #expect(ItemNumbering.itemNumber("第二十条第（一）项") == nil)
        #expect(ItemNumbering.itemNumber("三安全一稳定") == nil)
    }
}
