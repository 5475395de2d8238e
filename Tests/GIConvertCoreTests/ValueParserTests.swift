import Testing

@testable import GIConvertCore

@Suite("Reading printed numbers")
struct ValueParserTests {
    @Test(
        "plain counts, thousands separators, full-width digits and stray spaces",
        arguments: [
            ("0", 0.0), ("809", 809), ("1,234", 1234), ("1，234", 1234), ("１２３", 123), ("１，２３４", 1234),
            ("1 234", 1234), (" 40069 ", 40069), ("6532.96", 6532.96),
        ])
    func counts(printed: String, expected: Double) throws {
        let value = try #require(ValueParser.parse(printed))
        #expect(value.number == expected)
        #expect(!value.hasJunk)
    }

    @Test(
        "signed changes: 增/减 and +/-",
        arguments: [
            ("增5", 5.0), ("减35", -35), ("減5711", -5711), ("+5", 5), ("-35", -35), ("－3", -3), ("增 1", 1),
            ("增加5", 5), ("减少3", -3), ("減少12", -12),
        ])
    func signedChanges(printed: String, expected: Double) throws {
        let value = try #require(ValueParser.parse(printed))
        let resolved = value.resolved(isMoney: false, isSigned: true)
        #expect(resolved.value == expected)
        #expect(resolved.flags.isEmpty)
    }

    @Test("a negative count outside a change column is suspicious")
    func negativeCount() throws {
        let resolved = try #require(ValueParser.parse("-3")).resolved(isMoney: false, isSigned: false)
        #expect(resolved.value == -3)
        #expect(resolved.flags.contains(.suspicious))
    }

    @Test("money: 万元 as printed, 元 converted to 万元, bare numbers as printed")
    func money() throws {
        #expect(try #require(ValueParser.parse("6089.19萬元")).resolved(isMoney: true, isSigned: false).value == 6089.19)
        let yuan = try #require(ValueParser.parse("251000元")).resolved(isMoney: true, isSigned: false)
        #expect(yuan.value == 25.1)
        #expect(yuan.flags == [.converted])
        #expect(try #require(ValueParser.parse("14")).resolved(isMoney: true, isSigned: false).value == 14)
        #expect(try #require(ValueParser.parse("１，２００元")).resolved(isMoney: true, isSigned: false).value == 0.12)
    }

    @Test("junk around a number keeps the number and flags it", arguments: ["0?", "1？", "12（件）", "12(件)", "*3", "5件"])
    func junk(printed: String) throws {
        let value = try #require(ValueParser.parse(printed))
        #expect(value.number != nil)
        #expect(value.resolved(isMoney: false, isSigned: false).flags.contains(.suspicious))
    }

    @Test(
        "empty cells and placeholders are blank, not zero",
        arguments: ["", " ", "\u{A0}", "\u{3000}", "—", "-", "/", "无", "無"])
    func blanks(printed: String) throws {
        let value = try #require(ValueParser.parse(printed))
        #expect(value.isBlank)
        let resolved = value.resolved(isMoney: false, isSigned: false)
        #expect(resolved.value == nil)
        #expect(resolved.flags == [.blank])
    }

    @Test(
        "labels and prose are not values",
        arguments: [
            "规章", "2021年", "100%", "1.属于国家秘密", "347451万次左右", "(一)予以公开", "第二十条第（一）项",
        ])
    func notValues(printed: String) {
        #expect(ValueParser.parse(printed) == nil)
    }

    @Test(
        "figures on two lines of one cell are two cells run together, not one number",
        arguments: ["增10\n27850", "3\n4", "1 2\r\n5", "增27\n减0", "5\n-3"])
    func figuresOnTwoLines(printed: String) throws {
        // A value with no number that is not blank: the cell is no label, and its figures no one number.
        let value = try #require(ValueParser.parse(printed))
        #expect(value.printsSeveralFigures)
        #expect(value.number == nil)
        #expect(!value.isBlank)
        #expect(value.resolved(isMoney: false, isSigned: true).flags == [.suspicious])
    }

    @Test(
        "a number with a line break after it, or spaces inside, is still read",
        arguments: [("12\n", 12.0), ("1 234", 1234), ("\n7", 7)])
    func lineBreaksAroundNumber(printed: String, number: Double) throws {
        #expect(try #require(ValueParser.parse(printed)).resolved(isMoney: false, isSigned: false).value == number)
    }

    @Test("the CSV form of numbers has no exponent, no trailing .0 and no separators")
    func formatting() {
        #expect(NumberFormatting.plain(5) == "5")
        #expect(NumberFormatting.plain(-5711) == "-5711")
        #expect(NumberFormatting.plain(6089.19) == "6089.19")
        #expect(NumberFormatting.plain(25.1) == "25.1")
        #expect(NumberFormatting.plain(1_234_567) == "1234567")
        #expect(NumberFormatting.plain(0.00012) == "0.00012")
    }

    @Test(
        "a figure from 10^15 on is out of range: a flagged cell with no number, never infinity or a trap",
        arguments: [
            String(repeating: "1", count: 400), "1000000000000000", "12345678901234567890.5", "99999999999999999999999",
            "增" + String(repeating: "9", count: 30),
        ])
    func outOfRange(printed: String) throws {
        let value = try #require(ValueParser.parse(printed))
        #expect(value.isOutOfRange)
        #expect(value.number == nil)
        #expect(!value.isBlank)
        let resolved = value.resolved(isMoney: false, isSigned: true)
        #expect(resolved.value == nil)
        #expect(resolved.flags == [.suspicious])
    }

    @Test("figures just inside the range keep their value")
    func largestInRange() throws {
        #expect(try #require(ValueParser.parse("999999999999999")).number == 999_999_999_999_999)
        #expect(try #require(ValueParser.parse("999999999999999.5")).number == 999_999_999_999_999.5)
        #expect(try #require(ValueParser.parse("999,999,999,999,999")).isOutOfRange == false)
    }
}
