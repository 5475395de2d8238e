import GIConvertBytes
import TestSupport
import Testing

/// The UTF-8 scanning and trimming helpers against the standard library's decoding of the same strings.
@Suite("UTF-8 scalars and trimming")
struct UTF8ScalarsTests {
    /// A random scalar from every UTF-8 length class, white space included.
    static func randomScalar(_ generator: inout SplitMix64) -> Unicode.Scalar {
        let pools: [ClosedRange<UInt32>] = [
            0x20...0x7E, 0x09...0x0D, 0x80...0x7FF, 0x2000...0x202F, 0x3000...0x3010, 0x4E00...0x9FFF,
            0xFEFF...0xFEFF, 0x1_0000...0x1_0FFF,
        ]
        let pool = pools[Int(generator.next() % UInt64(pools.count))]
        let value = pool.lowerBound + UInt32(generator.next() % UInt64(pool.count))
        return Unicode.Scalar(value) ?? " "
    }

    static func randomString(_ generator: inout SplitMix64, maximumLength: Int) -> String {
        var text = String.UnicodeScalarView()
        for _ in 0..<Int(generator.next() % UInt64(maximumLength + 1)) { text.append(randomScalar(&generator)) }
        return String(text)
    }

    /// Oracle of the white space ``UTF8Whitespace`` trims.
    static func isSpaceOracle(_ scalar: Unicode.Scalar) -> Bool {
        [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x3000, 0x2028, 0x2029, 0xFEFF].contains(scalar.value)
            || (0x2000...0x200B).contains(scalar.value)
    }

    @Test("decode, encode, count and start agree with the standard library on seeded random text")
    func scalarsRoundTrip() {
        var generator = SplitMix64(seed: 0x0DF8_0001)
        for round in 0..<1500 {
            let text = Self.randomString(&generator, maximumLength: 30)
            let bytes = Array(text.utf8)
            var decoded: [UInt32] = []
            var starts: [Int] = []
            var index = 0
            while index < bytes.count {
                let (value, length) = UTF8Scalars.decode(bytes, at: index)
                decoded.append(value)
                starts.append(index)
                index += length
            }
            #expect(decoded == text.unicodeScalars.map(\.value), "round \(round)")
            bytes.withUnsafeBufferPointer { buffer in
                #expect(UTF8Scalars.count(buffer) == decoded.count, "round \(round)")
                for (position, start) in starts.enumerated() {
                    let end = position + 1 < starts.count ? starts[position + 1] : bytes.count
                    #expect(UTF8Scalars.start(buffer, before: end) == start, "round \(round)")
                }
                let hasCJK = UTF8Scalars.contains(buffer) { $0 >= 0x4E00 && $0 <= 0x9FFF }
                #expect(hasCJK == text.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF })
            }
            var encoded = [UInt8](repeating: 0, count: decoded.count * 4)
            let count = encoded.withUnsafeMutableBufferPointer { out in
                decoded.reduce(0) { UTF8Scalars.encode($1, into: out, at: $0) }
            }
            #expect(Array(encoded.prefix(count)) == bytes, "round \(round)")
        }
    }

    @Test("string(_:_:of:) gives the text of a byte range, and the text itself for the whole")
    func substrings() {
        var generator = SplitMix64(seed: 0x0DF8_0002)
        for round in 0..<500 {
            let text = Self.randomString(&generator, maximumLength: 20)
            let scalars = Array(text.unicodeScalars)
            let cut = scalars.isEmpty ? 0 : Int(generator.next() % UInt64(scalars.count))
            let head = String(String.UnicodeScalarView(scalars[..<cut]))
            text.withBytes { bytes in
                #expect(UTF8Scalars.string(bytes, 0..<head.utf8.count, of: text) == head, "round \(round)")
                #expect(UTF8Scalars.string(bytes, 0..<bytes.count, of: text) == text, "round \(round)")
            }
        }
    }

    @Test("trimming cuts the same white space as dropping it scalar by scalar; tabs stay when asked")
    func trimming() {
        var generator = SplitMix64(seed: 0x0DF8_0003)
        for round in 0..<3000 {
            let text = Self.randomString(&generator, maximumLength: 12)
            for keepingTabs in [false, true] {
                var scalars = Substring(text).unicodeScalars[...]
                let trims = { (s: Unicode.Scalar) in s == "\t" ? !keepingTabs : Self.isSpaceOracle(s) }
                while let first = scalars.first, trims(first) { scalars = scalars.dropFirst() }
                while let last = scalars.last, trims(last) { scalars = scalars.dropLast() }
                let expected = String(String.UnicodeScalarView(scalars))
                #expect(UTF8Whitespace.trim(text, keepingTabs: keepingTabs) == expected, "round \(round)")
            }
            for scalar in text.unicodeScalars {
                #expect(UTF8Whitespace.isSpace(scalar.value) == Self.isSpaceOracle(scalar), "\(scalar.value)")
            }
        }
    }
}
