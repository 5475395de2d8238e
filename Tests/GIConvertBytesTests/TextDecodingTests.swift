import TestSupport
import Testing

@testable import GIConvertBytes

/// The word-at-a-time byte scans of ``TextDecoding`` against plain byte-by-byte versions of the same rules.
@Suite("Text decoding: binary sniffing and line splitting")
struct TextDecodingTests {
    /// Plain-Swift oracle of ``TextDecoding/looksBinary(_:)``.
    private func looksBinaryOracle(_ bytes: [UInt8]) -> Bool {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return false }
        let prefix = bytes.prefix(8192)
        if prefix.contains(0) { return true }
        let controls = prefix.filter { $0 < 0x20 && ![0x09, 0x0A, 0x0D, 0x0C, 0x1B].contains($0) }.count
        return !prefix.isEmpty && controls * 20 > prefix.count
    }

    /// Plain-Swift oracle of ``TextDecoding/lineRanges(of:)``.
    private func lineRangesOracle(_ bytes: [UInt8]) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A || bytes[index] == 0x0D {
            if bytes[start..<index].contains(where: { $0 > 0x20 }) { lines.append(start..<index) }
            start = index + 1
        }
        return lines
    }

    /// Bytes drawn mostly from text (ASCII letters, spaces, CJK UTF-8) with line ends, tabs, form feeds,
    /// NULs and other control bytes mixed in at `controlRate` per 1,000.
    private func randomText(_ generator: inout SplitMix64, length: Int, controlRate: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count < length {
            let roll = generator.next() % 1000
            if roll < controlRate {
                bytes.append(UInt8(generator.next() % 0x20))
            } else if roll < controlRate + 40 {
                bytes.append([0x0A, 0x0D, 0x20, 0x09][Int(generator.next() % 4)])
            } else if roll < 600 {
                bytes += Array("政府信息公开".utf8).prefix(3 * Int(1 + generator.next() % 6))
            } else {
                bytes.append(UInt8(0x21 + generator.next() % 0x5E))
            }
        }
        return bytes
    }

    @Test("looksBinary agrees with the byte-by-byte rule on seeded random inputs of every length")
    func looksBinaryMatchesOracle() {
        var generator = SplitMix64(seed: 0x5EED_0001)
        var binaryCount = 0
        for round in 0..<600 {
            let length = round < 40 ? round : Int(generator.next() % 12_000)
            let rate: UInt64 = [0, 1, 20, 60, 200][round % 5]
            let bytes = randomText(&generator, length: length, controlRate: rate)
            let expected = looksBinaryOracle(bytes)
            if expected { binaryCount += 1 }
            #expect(TextDecoding.looksBinary(bytes) == expected, "round \(round), \(bytes.count) bytes")
        }
        // Both answers must have been exercised.
        #expect(binaryCount > 50 && binaryCount < 550)
    }

    @Test("lineRanges agrees with splitting at every line feed and carriage return")
    func lineRangesMatchOracle() {
        var generator = SplitMix64(seed: 0x5EED_0002)
        for round in 0..<600 {
            let length = round < 40 ? round : Int(generator.next() % 3_000)
            let bytes = randomText(&generator, length: length, controlRate: [0, 5, 50][round % 3])
            let lines = bytes.withUnsafeBufferPointer { TextDecoding.lineRanges(of: $0) }
            #expect(lines == lineRangesOracle(bytes), "round \(round), \(bytes.count) bytes")
        }
    }

    @Test("lines end at LF, CR and CRLF; blank lines and a missing final line end are handled")
    func lineRangesExamples() {
        let text = Array("一、总体情况\r\n\r\n  \t\n规章 1\r二\n   \n最后".utf8)
        let lines = text.withUnsafeBufferPointer { TextDecoding.lineRanges(of: $0) }
        #expect(lines.map { String(decoding: text[$0], as: UTF8.self) } == ["一、总体情况", "规章 1", "二", "最后"])
    }
}

/// Decoding that replaces what cannot be converted, as web pages need it.
@Suite("Text decoding: replacing invalid bytes")
struct ReplacingDecodingTests {
    @Test("each byte iconv cannot convert becomes one U+FFFD; the rest converts as it would alone")
    func invalidBytes() throws {
        let head = try #require(TextDecoding.convertFromUTF8("政府信息", to: "GB18030"))
        let tail = try #require(TextDecoding.convertFromUTF8("公开", to: "GB18030"))
        #expect(TextDecoding.convertReplacingInvalid(head + [0xFF] + tail, from: "GB18030") == "政府信息\u{FFFD}公开")
        #expect(TextDecoding.convertReplacingInvalid(head + [0x81], from: "GB18030") == "政府信息\u{FFFD}")
        #expect(TextDecoding.convertReplacingInvalid(Array("abc".utf8), from: "NO-SUCH-ENCODING") == "abc")
    }

    @Test("valid seeded random text converts exactly as the strict conversion does, also past one chunk")
    func validText() throws {
        var generator = SplitMix64(seed: 0x5EED_0003)
        let pieces = ["政府", "信息", "公开", "年度", "报告", "a", "1", " ", "\n", "（", "）"]
        for round in 0..<40 {
            let count = round < 30 ? Int(generator.next() % 200) : 4000 + Int(generator.next() % 8000)
            let text = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let bytes = try #require(TextDecoding.convertFromUTF8(text, to: "GB18030"))
            #expect(TextDecoding.convertReplacingInvalid(bytes, from: "GB18030") == text, "round \(round)")
            #expect(TextDecoding.convert(bytes, from: "GB18030") == text, "round \(round)")
        }
    }
}
