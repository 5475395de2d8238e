import Foundation
import GIConvertBytes
import GIConvertCore

/// Turns the bytes of a web page into text before parsing, so libxml2 always gets UTF-8.
///
/// Order of evidence: a byte-order mark; valid UTF-8 (a page that declares GB2312 but is UTF-8 is read as
/// UTF-8 — mislabelled pages are common); the charset the page declares in `<meta charset>`,
/// `<meta http-equiv="Content-Type" content="…; charset=…">` or an XML declaration; GB18030 (which covers
/// GB2312 and GBK) for undeclared Chinese pages. Broken bytes are replaced and reported, never fatal.
enum HTMLDecoding {
    struct Decoded {
        var text: String
        var warnings: [ReaderWarning]
    }

    /// How many leading bytes are searched for a charset declaration.
    static let declarationWindow = 16384

    /// The page's text, or `nil` when the bytes are binary data rather than a page.
    static func decode(_ bytes: [UInt8]) -> Decoded? {
        var warnings: [ReaderWarning] = []
        let utf16BOM = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) || utf16BOM {
            if let text = TextDecoding.decode(bytes) { return Decoded(text: cleaned(text), warnings: []) }
            let body = Array(bytes.dropFirst(utf16BOM ? 2 : 3))
            let encoding = !utf16BOM ? "UTF-8" : bytes[0] == 0xFF ? "UTF-16LE" : "UTF-16BE"
            warnings.append(.invalidBytesReplaced(encoding: encoding))
            return Decoded(
                text: cleaned(TextDecoding.convertReplacingInvalid(body, from: encoding)), warnings: warnings)
        }
        if TextDecoding.looksBinary(bytes) { return nil }

        let declared = declaredCharset(bytes)
        let declaredName = declared.map(iconvName)
        let declaresUTF8 = declaredName == "UTF-8"
        if let text = String(validating: bytes, as: UTF8.self) {
            if let declared, !declaresUTF8, bytes.contains(where: { $0 >= 0x80 }) {
                warnings.append(.declaredCharsetIsUTF8(declared: declared))
            }
            return Decoded(text: cleaned(text), warnings: warnings)
        }
        // A declared multi-byte charset is taken at its word; a declared Western single-byte charset
        // (`iso-8859-1` on a Chinese page) is a server default and is tried only after GB18030.
        let singleByte = declaredName.map(isSingleByte) ?? false
        if let name = declaredName, !declaresUTF8, !singleByte, let text = TextDecoding.convert(bytes, from: name) {
            return Decoded(text: cleaned(text), warnings: warnings)
        }
        if declaresUTF8 || declaredName == nil, utf8Share(bytes) >= 0.9 {
            warnings.append(.invalidBytesReplaced(encoding: "UTF-8"))
            return Decoded(text: cleaned(String(decoding: bytes, as: UTF8.self)), warnings: warnings)
        }
        if declaredName == nil || singleByte, let text = TextDecoding.convert(bytes, from: "BIG5-HKSCS"),
            chineseScore(text) > chineseScore(TextDecoding.convert(bytes, from: "GB18030") ?? "")
        {
            // Undeclared Big5 (a traditional-script mirror) decodes as GB18030 too, into nonsense.
            return Decoded(text: cleaned(text), warnings: warnings)
        }
        if let text = TextDecoding.convert(bytes, from: "GB18030") {
            if let declared, !singleByte {
                warnings.append(.invalidInDeclaredCharset(declared: declared))
            }
            return Decoded(text: cleaned(text), warnings: warnings)
        }
        if let name = declaredName, singleByte, let text = TextDecoding.convert(bytes, from: name) {
            return Decoded(text: cleaned(text), warnings: warnings)
        }
        let fallback = declaredName.flatMap { $0 == "UTF-8" || isSingleByte($0) ? nil : $0 } ?? "GB18030"
        warnings.append(.invalidBytesReplaced(encoding: fallback))
        return Decoded(text: cleaned(TextDecoding.convertReplacingInvalid(bytes, from: fallback)), warnings: warnings)
    }

    /// How much `text` reads like a report: occurrences of characters frequent in reports, in simplified
    /// and traditional script. Telling GB18030 from Big5 by it is reliable on any page of real text.
    static func chineseScore(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (frequentCharacters.contains($1) ? 1 : 0) }
    }

    private static let frequentCharacters: Set<Unicode.Scalar> = Set(
        #"的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龍國與為說這會個們來對時學發開關報請務實處區經過現應總協議復結資訊數據統計辦申"#
            .unicodeScalars)

    /// The charset a page declares in its first bytes, as written (`gb2312`, `UTF-8`), if any: the first
    /// `<meta … charset=NAME` (in `charset="…"` or in `content="…; charset=…"`), else the first
    /// `<?xml … encoding="NAME"`. Names and keywords are ASCII and matched without regard to case.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(declarationWindow)
        return declaration(in: head, opening: "<meta", keyword: "charset", quoteRequired: false)
            ?? declaration(in: head, opening: "<?xml", keyword: "encoding", quoteRequired: true)
    }

    /// The value of the first `keyword=NAME` inside a tag that starts with `opening`: `opening` ends a
    /// word, `keyword` starts one before the tag's `>`, then `=`, a quote (optional unless required) and
    /// a name of letters, digits and `._:-`, with white space allowed around `=` and the quote.
    private static func declaration(in head: ArraySlice<UInt8>, opening: String, keyword: String, quoteRequired: Bool)
        -> String?
    {
        let opening = Array(opening.utf8)
        let keyword = Array(keyword.utf8)
        var start = head.startIndex
        while let tag = firstIndex(of: opening, in: head, from: start) {
            start = tag + 1
            var index = tag + opening.count
            if index < head.endIndex, isWordByte(head[index]) { continue }
            while index < head.endIndex, head[index] != 0x3E {
                if isWordByte(head[index - 1]) || !matches(keyword, in: head, at: index) {
                    index += 1
                    continue
                }
                if let name = declaredName(in: head, at: index + keyword.count, quoteRequired: quoteRequired) {
                    return name
                }
                index += 1
            }
        }
        return nil
    }

    /// The name in `= "NAME` at `index`, if that is what follows.
    private static func declaredName(in head: ArraySlice<UInt8>, at start: Int, quoteRequired: Bool) -> String? {
        var index = start
        func skipSpaces() { while index < head.endIndex, isSpaceByte(head[index]) { index += 1 } }
        skipSpaces()
        guard index < head.endIndex, head[index] == 0x3D else { return nil }
        index += 1
        skipSpaces()
        if index < head.endIndex, head[index] == 0x22 || head[index] == 0x27 {
            index += 1
            skipSpaces()
        } else if quoteRequired {
            return nil
        }
        let nameStart = index
        while index < head.endIndex, isNameByte(head[index]) { index += 1 }
        return index > nameStart ? String(decoding: head[nameStart..<index], as: UTF8.self) : nil
    }

    /// Where `needle` (lower-case ASCII) next occurs in `head` at or after `start`, in any case.
    private static func firstIndex(of needle: [UInt8], in head: ArraySlice<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + needle.count <= head.endIndex {
            if head[index] == needle[0], matches(needle, in: head, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// True when `word` (lower-case ASCII) is at `index` of `head`, in any case.
    private static func matches(_ word: [UInt8], in head: ArraySlice<UInt8>, at index: Int) -> Bool {
        guard index + word.count <= head.endIndex else { return false }
        for offset in 0..<word.count where TextRules.asciiLowercased(head[index + offset]) != word[offset] {
            return false
        }
        return true
    }

    /// A regular expression's word character (`\w`) among ASCII bytes.
    private static func isWordByte(_ byte: UInt8) -> Bool {
        byte == 0x5F || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }

    /// A regular expression's white space (`\s`) among ASCII bytes; a byte of a character outside ASCII
    /// counts as a space, since a declaration never holds one.
    private static func isSpaceByte(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || byte >= 0x80
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isWordByte(byte) || byte == 0x2E || byte == 0x3A || byte == 0x2D
    }

    /// The iconv name for a declared charset.
    static func iconvName(_ declared: String) -> String {
        let upper = declared.uppercased()
        switch upper {
        case "UTF-8", "UTF8", "UNICODE-1-1-UTF-8", "X-UNICODE20UTF8": return "UTF-8"
        case "GB2312", "GBK", "X-GBK", "GB_2312-80", "CP936", "EUC-CN", "CSGB2312", "GB18030", "WINDOWS-936", "CHINESE",
            "ISO-IR-58", "MS936":
            return "GB18030"
        case "BIG5", "BIG-5", "CN-BIG5", "X-X-BIG5", "CSBIG5", "BIG5-HKSCS", "CP950": return "BIG5-HKSCS"
        case "US-ASCII", "ASCII": return "WINDOWS-1252"
        default: return upper
        }
    }

    private static func isSingleByte(_ iconvName: String) -> Bool {
        iconvName.hasPrefix("ISO-8859") || iconvName.hasPrefix("ISO8859") || iconvName.hasPrefix("WINDOWS-125")
            || iconvName.hasPrefix("CP125") || iconvName == "LATIN1" || iconvName == "WINDOWS-1252"
    }

    /// The share of non-ASCII bytes that belong to well-formed UTF-8 sequences.
    static func utf8Share(_ bytes: [UInt8]) -> Double {
        var valid = 0
        var nonASCII = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 0
            if length > 0, i + length <= bytes.count, bytes[(i + 1)..<(i + length)].allSatisfy({ $0 & 0xC0 == 0x80 }) {
                valid += length
                nonASCII += length
                i += length
            } else {
                nonASCII += 1
                i += 1
            }
        }
        return nonASCII == 0 ? 1 : Double(valid) / Double(nonASCII)
    }

    /// The text without NUL characters, which neither libxml2 nor a report has any use for.
    private static func cleaned(_ text: String) -> String {
        var text = text
        let hasNUL = text.withUTF8 { ByteSearch.contains($0, byte: 0) }
        return hasNUL && text.contains("\0") ? text.replacingOccurrences(of: "\0", with: "") : text
    }
}
