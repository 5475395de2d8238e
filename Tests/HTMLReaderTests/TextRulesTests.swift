import Foundation
import TestSupport
import Testing

@testable import HTMLReader

/// The byte-level text rules must say what the String rules say: these tests hold them to it.
struct TextRulesTests {
    static let standaloneScalars: [Unicode.Scalar] = (UInt32(0)...0xFFFF).compactMap { value in
        TextRules.isStandalone(value) ? Unicode.Scalar(value) : nil
    }

    @Test func standaloneScalarPropertiesMatchTheStandardLibrary() {
        for scalar in Self.standaloneScalars {
            let character = Character(scalar)
            #expect(
                TextRules.isNumber(scalar.value) == character.isNumber, "isNumber U+\(String(scalar.value, radix: 16))")
            #expect(
                TextRules.isWhitespace(scalar.value) == character.isWhitespace,
                "isWhitespace U+\(String(scalar.value, radix: 16))")
            #expect(
                TextRules.isLetter(scalar.value) == character.isLetter, "isLetter U+\(String(scalar.value, radix: 16))")
            let lowered =
                scalar.value < 0x80
                ? String(UnicodeScalar(TextRules.asciiLowercased(UInt8(scalar.value)))) : String(scalar)
            #expect(String(scalar).lowercased() == lowered, "lowercased U+\(String(scalar.value, radix: 16))")
        }
    }

    @Test func standaloneScalarsAreCharactersOfTheirOwn() {
        let samples =
            stride(from: 0, to: Self.standaloneScalars.count, by: 997).map { Self.standaloneScalars[$0] }
            + ["\n", " ", "a", "1", "\u{A0}", "\u{3000}", "一", "，", "—", "①"]
        for first in Self.standaloneScalars {
            for second in samples {
                var pair = String(first)
                pair.unicodeScalars.append(second)
                #expect(pair.count == 2, "U+\(String(first.value, radix: 16)) U+\(String(second.value, radix: 16))")
            }
        }
    }

    /// Strings mixing standalone text with characters that take the string path.
    static func samples() -> [String] {
        let pieces = [
            "1", "12", " ", "\u{A0}", "\u{3000}", "元", "万", "三", "件", "%", "％", "-", "－", ".", "，", "增", "x", "自然人",
            "\n", "\t", "e\u{301}", "\u{301}", "👍🏽", "\r\n", "２", "①", "TRUE", "true", "True ", " display", ":", ";",
            "none",
            "!important", "nav", "-nav", "_footer", "position", "导航", "hidden", "0px", "overflow", "height", "left",
            "-999",
            "K", "İ", "ß",
        ]
        var generator = SplitMix64(seed: 0x7E57)
        var strings: [String] = pieces
        for _ in 0..<4000 {
            let count = Int.random(in: 1...8, using: &generator)
            strings.append((0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        return strings
    }

    @Test func byteRulesAgreeWithStringRules() {
        for text in Self.samples() {
            let bytes = ArraySlice(Array(text.utf8))
            #expect(TextRules.isFigure(bytes) == BlockLayout.isFigure(text), "isFigure \(text.debugDescription)")
            #expect(TextRules.span(bytes) == BlockLayout.span(text), "span \(text.debugDescription)")
            #expect(TextRules.isTrue(bytes) == BlockLayout.isTrue(text), "isTrue \(text.debugDescription)")
            #expect(TextRules.styleHides(bytes) == BlockLayout.styleHides(text), "styleHides \(text.debugDescription)")
            #expect(
                TextRules.namesChrome(bytes) == BlockLayout.namesChrome(text), "namesChrome \(text.debugDescription)")
            #expect(
                TextRules.isAllWhitespace(bytes) == text.allSatisfy(\.isWhitespace),
                "isAllWhitespace \(text.debugDescription)")
            for limit in [0, 3, 8] {
                #expect(
                    TextRules.characterCount(of: bytes, exceeds: limit) == (text.count > limit),
                    "count \(text.debugDescription)")
            }
            let joined = TextRules.string(TextRules.linesJoinedBySpaces(bytes))
            #expect(joined == text.replacingOccurrences(of: "\n", with: " "), "lines \(text.debugDescription)")
        }
    }

    @Test func styleDeclarationsAreReadLikeTheStringRules() {
        let styles = [
            "display:none", "DISPLAY : NONE !important", "font-size:0", "left:-9999px", "height:0;overflow:hidden",
            ":a:b", "display::none", "display:none!imp!importantortant", "margin-left:-１０００px", "left:-9999三",
            "font-family:宋体;font-size:12pt", "display:\u{A0}none", "width:0px; overflow : hidden", "top:-1e4px",
        ]
        for style in styles {
            #expect(TextRules.styleHides(ArraySlice(Array(style.utf8))) == BlockLayout.styleHides(style), "\(style)")
        }
    }

    /// The charset sniffing on bytes against the regular expressions it replaced.
    @Test func declaredCharsetMatchesTheRegularExpressions() throws {
        let patterns = try [
            #"<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)"#,
            #"<\?xml\b[^>]*?\bencoding\s*=\s*["']\s*([A-Za-z0-9._:\-]+)"#,
        ].map { try NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }
        func expected(_ bytes: [UInt8]) -> String? {
            let head = String(
                decoding: bytes.prefix(HTMLDecoding.declarationWindow).map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self)
            let range = NSRange(location: 0, length: (head as NSString).length)
            for pattern in patterns {
                if let match = pattern.firstMatch(in: head, range: range) {
                    return (head as NSString).substring(with: match.range(at: 1))
                }
            }
            return nil
        }
        let pieces = [
            "<meta", "<META", " charset", "charset", "xcharset", "=", " = ", "'", "\"", "gbk", "utf-8", "x_y:z.1", ">",
            " ",
            "\t", "<?xml", " encoding", "中", "<metadata", "_", "content=\"text/html;", "<meta_x", "\n",
        ]
        var generator = SplitMix64(seed: 0x7E57)
        for _ in 0..<5000 {
            let count = Int.random(in: 1...12, using: &generator)
            let bytes = Array((0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined().utf8)
            #expect(HTMLDecoding.declaredCharset(bytes) == expected(bytes), "\(String(decoding: bytes, as: UTF8.self))")
        }
    }
}
