import GIConvertBytes
import TestSupport
import Testing

/// The byte searches against plain-Swift searches over the same text, on seeded random inputs drawn from a
/// small alphabet of ASCII and Chinese characters, so that needles occur often and partial matches more so.
@Suite("Byte searches")
struct ByteSearchTests {
    static let alphabet: [String] = ["a", "b", "|", " ", "\t", "\n", "报", "告", "公", "开", "：", "年", "度", "①"]

    static func randomString(_ generator: inout SplitMix64, maximumLength: Int) -> String {
        let length = Int(generator.next() % UInt64(maximumLength + 1))
        return (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
    }

    /// Oracle: the first byte offset at or after `from` where `needle` starts, found by comparing at
    /// every offset.
    static func firstIndexOracle(_ needle: [UInt8], _ haystack: [UInt8], from: Int) -> Int? {
        guard from <= haystack.count else { return needle.isEmpty ? from : nil }
        if needle.isEmpty { return from }
        guard needle.count <= haystack.count else { return nil }
        for start in stride(from: from, through: haystack.count - needle.count, by: 1)
        where Array(haystack[start..<(start + needle.count)]) == needle {
            return start
        }
        return nil
    }

    @Test("firstIndex(of: needle) finds what comparing at every offset finds, from every start")
    func firstIndexOfNeedle() {
        var generator = SplitMix64(seed: 0xB17E_0001)
        var found = 0
        for round in 0..<3000 {
            let haystack = Array(Self.randomString(&generator, maximumLength: round < 100 ? 6 : 80).utf8)
            let needle = Array(Self.randomString(&generator, maximumLength: 3).utf8)
            let from = haystack.isEmpty ? 0 : Int(generator.next() % UInt64(haystack.count + 1))
            let expected = Self.firstIndexOracle(needle, haystack, from: from)
            if expected != nil { found += 1 }
            let actual = haystack.withUnsafeBufferPointer { h in
                needle.withUnsafeBufferPointer { n in ByteSearch.firstIndex(of: n, in: h, from: from) }
            }
            #expect(actual == expected, "round \(round)")
            let contains = haystack.withUnsafeBufferPointer { h in
                needle.withUnsafeBufferPointer { n in ByteSearch.contains(h, n) }
            }
            #expect(contains == (Self.firstIndexOracle(needle, haystack, from: 0) != nil), "round \(round)")
        }
        #expect(found > 500 && found < 2900, "both answers exercised: \(found)")
    }

    @Test("the one-byte searches and the count agree with the collection's own")
    func singleBytes() {
        var generator = SplitMix64(seed: 0xB17E_0002)
        for round in 0..<2000 {
            let haystack = Array(Self.randomString(&generator, maximumLength: 60).utf8)
            let byte: UInt8 = [0x7C, 0x20, 0x09, 0x0A, 0xE6, 0x3A][round % 6]
            let from = Int(generator.next() % UInt64(haystack.count + 2))
            haystack.withUnsafeBufferPointer { h in
                let expected = from < haystack.count ? haystack[from...].firstIndex(of: byte) : nil
                #expect(ByteSearch.firstIndex(of: byte, in: h, from: from) == expected, "round \(round)")
                #expect(ByteSearch.contains(h, byte: byte) == haystack.contains(byte), "round \(round)")
                #expect(ByteSearch.count(of: byte, in: h) == haystack.filter { $0 == byte }.count, "round \(round)")
            }
        }
    }

    @Test("String's byte searches agree with the String searches they replace")
    func stringSearches() {
        var generator = SplitMix64(seed: 0xB17E_0003)
        for round in 0..<2000 {
            let text = Self.randomString(&generator, maximumLength: 40)
            let needle = Self.randomString(&generator, maximumLength: 3)
            let scalars = Array(text.unicodeScalars)
            let needleScalars = Array(needle.unicodeScalars)
            // Oracle: scalar offsets, the last one where the needle's scalars start.
            let lastStart = stride(from: scalars.count - needleScalars.count, through: 0, by: -1).first {
                Array(scalars[$0..<($0 + needleScalars.count)]) == needleScalars
            }
            #expect(text.containsBytes(needle) == (needle.isEmpty || lastStart != nil), "round \(round)")
            #expect(text.containsBytes(Array(needle.utf8)) == (needle.isEmpty || lastStart != nil), "round \(round)")
            #expect(
                text.lastMatchEnd(of: needle) == (needle.isEmpty ? 0 : lastStart.map { $0 + needleScalars.count }),
                "round \(round)")
            #expect(text.scalarLength == scalars.count, "round \(round)")
            #expect(text.containsByte(0x7C) == text.contains("|"), "round \(round)")
        }
    }

    @Test("a string without contiguous storage is searched too")
    func bridgedStorage() {
        let text = String(repeating: "报告|", count: 3)
        let sliced = String(Substring(text).dropFirst(0))
        #expect(sliced.containsBytes("告|报"))
        #expect(!sliced.containsBytes("告告"))
        #expect(sliced.withBytes { $0.count } == text.utf8.count)
    }
}
