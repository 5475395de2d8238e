import Testing

@testable import GIConvertCore

@Suite("Comparing labels across scripts and layouts")
struct LabelNormalizerTests {
    @Test(
        "traditional script, Taiwan phrasing and layout noise give the simplified key",
        arguments: [
            ("（三）不予公開 1.屬於國家秘密", "(三)不予公开 1.属于国家秘密"),
            ("規範性檔案", "规范性文件"),
            ("二、上年結轉政府資訊公開申請數量", "二、上年结转政府信息公开申请数量"),
            ("上一年專案數量", "上一年项目数量"),
            ("4.無正當理由大量反覆申請", "4.无正当理由大量反复申请"),
            ("本年新\n製作數量", "本年新制作数量"),
            ("自 然 人", "自然人"),
            ("採購總金額", "采购总金额"),
            ("未經複議直接起訴", "未经复议直接起诉"),
        ])
    func sameKey(printed: String, canonical: String) {
        #expect(LabelNormalizer.matchKey(printed) == LabelNormalizer.matchKey(canonical))
    }

    @Test("the key keeps only letters, digits and ideographs")
    func keyCharacters() {
        #expect(LabelNormalizer.matchKey("（七）總計") == "七总计")
        #expect(LabelNormalizer.matchKey("3.危及“三安全一稳定”") == "3危及三安全一稳定")
    }

    @Test("simplified text keeps every offset of the printed text")
    func sameLength() {
        let printed = "隨州高新區管委會2021年政府資訊公開工作年度報告（全文）"
        let simple = LabelNormalizer.simplified(printed)
        #expect(simple.utf16.count == printed.utf16.count)
        #expect(simple == "随州高新区管委会2021年政府信息公开工作年度报告(全文)")
    }

    @Test("characters the recognisers compare as bytes have no other canonically equivalent spelling")
    func byteComparedCharacters() {
        let compatibilityIdeographs = [0xF900...0xFAFF, 0x2F800...0x2FA1F].joined().compactMap(Unicode.Scalar.init)
        // 政府信息 ends an invalid issuing body's key; 关關现現公本 start the words cut from a body's name.
        for character in "政府信息关關现現公本".unicodeScalars {
            #expect(!compatibilityIdeographs.contains { String($0) == String(character) }, "\(character)")
        }
    }
}
