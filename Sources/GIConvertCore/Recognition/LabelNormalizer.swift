import Foundation
import GIConvertBytes

/// Puts printed text into one comparable form, so `（三）不予公開 1.屬於國家秘密`, `(三)不予公开1.属于国家秘密`
/// and `三 不予公开 1 属于国家秘密` compare equal.
public enum LabelNormalizer {
    /// Simplified script, ASCII for full-width forms, Taiwan phrasing replaced (`資訊` → `信息`,
    /// `檔案` → `文件`). Every character maps to exactly one character, so offsets into the result are
    /// offsets into the input: a match found here can be cut from the printed text.
    public static func simplified(_ text: String) -> String {
        var phraseLead = false
        let leadFilter = phraseLeadFilter
        let result =
            text.withBytes { bytes -> String? in
                traditionalToSimplifiedBMP.withUnsafeBufferPointer { table in
                    var index = 0
                    while index < bytes.count {
                        guard bytes[index] >= 0x80 else {
                            index += 1
                            continue
                        }
                        let (value, length) = UTF8Scalars.decode(bytes, at: index)
                        let simple = simplify(value, table)
                        if simple != value { return rewrite(bytes, from: index, table, phraseLead: &phraseLead) }
                        if isPhraseLead(simple, leadFilter) { phraseLead = true }
                        index += length
                    }
                    return nil
                }
            } ?? text
        return phraseLead ? replacePhrases(result) : result
    }

    /// `bytes` with every scalar from `start` on simplified; notes whether any can start a Taiwan phrase.
    private static func rewrite(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ table: UnsafeBufferPointer<UInt16>,
        phraseLead: inout Bool
    ) -> String {
        // A simplified scalar is never longer in UTF-8 than the scalar it replaces.
        let leadFilter = phraseLeadFilter
        return String(unsafeUninitializedCapacity: bytes.count) { out in
            out.baseAddress!.initialize(from: bytes.baseAddress!, count: start)
            var count = start
            var index = start
            while index < bytes.count {
                let (value, length) = UTF8Scalars.decode(bytes, at: index)
                index += length
                let simple = simplify(value, table)
                if isPhraseLead(simple, leadFilter) { phraseLead = true }
                count = UTF8Scalars.encode(simple, into: out, at: count)
            }
            return count
        }
    }

    /// ``simplified(_:)`` with whitespace, punctuation and symbols removed: the key labels are matched on.
    public static func matchKey(_ text: String) -> String {
        text.withBytes { bytes in
            guard !bytes.isEmpty else { return "" }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { buffer in
                let written = writeKey(bytes, into: buffer)
                let key = String(decoding: UnsafeBufferPointer(rebasing: buffer[..<written.count]), as: UTF8.self)
                return written.phraseLead ? replacePhrases(key) : key
            }
        }
    }

    /// The match key of ``simplified(_:)`` of the UTF-8 text `bytes`, read in one pass that hands each
    /// simplified scalar to `visit`; `nil` when the text has a scalar that can start a Taiwan phrase,
    /// which ``simplified(_:)`` would look to rewrite first.
    static func keyOfSimplified(utf8 bytes: UnsafeBufferPointer<UInt8>, visit: (Unicode.Scalar) -> Void) -> String? {
        guard !bytes.isEmpty else { return "" }
        let leadFilter = phraseLeadFilter
        return traditionalToSimplifiedBMP.withUnsafeBufferPointer { table in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { out -> String? in
                var keyPhraseLead = false
                var count = 0
                var index = 0
                while index < bytes.count {
                    let (value, length) = UTF8Scalars.decode(bytes, at: index)
                    index += length
                    let simple = simplify(value, table)
                    if isPhraseLead(simple, leadFilter) { return nil }
                    visit(Unicode.Scalar(simple)!)
                    let keyScalar = simplify(simple, table)
                    guard isKeyValue(keyScalar) else { continue }
                    if isPhraseLead(keyScalar, leadFilter) { keyPhraseLead = true }
                    count = UTF8Scalars.encode(keyScalar, into: out, at: count)
                }
                let key = String(decoding: UnsafeBufferPointer(rebasing: out[..<count]), as: UTF8.self)
                return keyPhraseLead ? replacePhrases(key) : key
            }
        }
    }

    /// Appends the match key of the UTF-8 text `bytes` to `keys`, and returns the clause punctuation
    /// the text has, read in the same pass.
    static func appendMatchKey(of bytes: UnsafeBufferPointer<UInt8>, to keys: inout [UInt8]) -> ClauseMarks {
        guard !bytes.isEmpty else { return [] }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { buffer in
            let written = writeKey(bytes, into: buffer)
            let key = UnsafeBufferPointer(rebasing: buffer[..<written.count])
            if written.phraseLead {
                keys.append(contentsOf: replacePhrases(String(decoding: key, as: UTF8.self)).utf8)
            } else {
                keys.append(contentsOf: key)
            }
            return written.marks
        }
    }

    /// Writes the simplified key scalars of `bytes` to `out`, which has room for `bytes.count` (a
    /// simplified scalar is never longer in UTF-8, and the key drops scalars). Replacing phrases is left
    /// to the caller.
    private static func writeKey(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>)
        -> (count: Int, marks: ClauseMarks, phraseLead: Bool)
    {
        let leadFilter = phraseLeadFilter
        return traditionalToSimplifiedBMP.withUnsafeBufferPointer { table in
            var marks: ClauseMarks = []
            var phraseLead = false
            var count = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    if isASCIIKey(byte) {
                        out[count] = byte
                        count += 1
                    } else if byte == 0x3B {
                        marks.insert(.semicolon)
                    }
                    index += 1
                    continue
                }
                let (value, length) = UTF8Scalars.decode(bytes, at: index)
                index += length
                if value >= bmpTableStart && value < 0xA000 && table[Int(value - bmpTableStart)] == 0 {
                    // An ideograph the table leaves as it is, most of any label: its three bytes are kept.
                    if isPhraseLead(value, leadFilter) { phraseLead = true }
                    out[count] = bytes[index - 3]
                    out[count + 1] = bytes[index - 2]
                    out[count + 2] = bytes[index - 1]
                    count += 3
                    continue
                }
                let simple = simplify(value, table)
                guard isKeyValue(simple) else {
                    if value == 0x3002 || value == 0xFF1B { marks.insert(.sentenceEnd) }
                    continue
                }
                if isPhraseLead(simple, leadFilter) { phraseLead = true }
                count = UTF8Scalars.encode(simple, into: out, at: count)
            }
            return (count, marks, phraseLead)
        }
    }

    /// Punctuation that tells prose from a label, noted while a match key is built.
    struct ClauseMarks: OptionSet, Sendable {
        let rawValue: UInt8
        /// `。` or `；`.
        static let sentenceEnd = ClauseMarks(rawValue: 1)
        /// An ASCII `;`.
        static let semicolon = ClauseMarks(rawValue: 2)
    }

    /// True for a scalar that starts one of the Taiwan phrases; `filter` (``phraseLeadFilter``) rules
    /// out most ideographs with one bit test.
    @inline(__always)
    private static func isPhraseLead(_ value: UInt32, _ filter: UInt64) -> Bool {
        value >= 0x4E00 && filter & (1 << (value & 63)) != 0 && phraseLeadValues.contains(value)
    }

    private static func replacePhrases(_ text: String) -> String {
        var result = text
        for (from, to) in phrases where result.containsBytes(from) {
            result = result.replacingOccurrences(of: from, with: to)
        }
        return result
    }

    /// True for characters kept in match keys: letters, digits and CJK ideographs.
    static func isKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        isKeyValue(scalar.value)
    }

    /// True when `text` has a character kept in match keys (``isKeyScalar(_:)``).
    static func containsKeyScalar(_ text: String) -> Bool {
        text.withBytes { UTF8Scalars.contains($0, where: isKeyValue) }
    }

    /// ``isKeyScalar(_:)`` on a scalar value.
    @inline(__always)
    static func isKeyValue(_ value: UInt32) -> Bool {
        if value < 0x80 { return isASCIIKey(UInt8(value)) }
        return (0x3400...0x9FFF).contains(value) || (0xF900...0xFAFF).contains(value)
            || (0x20000...0x3FFFF).contains(value)
    }

    @inline(__always)
    private static func isASCIIKey(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// One scalar to its simplified, half-width form.
    @inline(__always)
    static func simplify(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = simplifiedValue(scalar.value)
        return value == scalar.value ? scalar : Unicode.Scalar(value)!
    }

    /// ``simplify(_:)`` on a scalar value.
    @inline(__always)
    static func simplifiedValue(_ value: UInt32) -> UInt32 {
        if value < 0x80 { return value }
        return traditionalToSimplifiedBMP.withUnsafeBufferPointer { simplify(value, $0) }
    }

    @inline(__always)
    private static func simplify(_ v: UInt32, _ table: UnsafeBufferPointer<UInt16>) -> UInt32 {
        if v < 0x80 { return v }
        if v >= 0xFF01 && v <= 0xFF5E { return v - 0xFEE0 }
        if v == 0x3000 || v == 0x00A0 || v == 0x2002 || v == 0x2003 || v == 0x2009 || v == 0x200B { return 0x20 }
        if v >= bmpTableStart && v < bmpTableEnd {
            let mapped = table[Int(v - bmpTableStart)]
            return mapped == 0 ? v : UInt32(mapped)
        }
        return v
    }

    /// The map covers the CJK blocks from U+3400 to U+FAFF, as a flat table (0 = unchanged). Pairs whose
    /// two sides differ in UTF-16 width are left out, so offsets into simplified text stay offsets into
    /// the input.
    private static let bmpTableStart: UInt32 = 0x3400
    private static let bmpTableEnd: UInt32 = 0xFB00
    private static let traditionalToSimplifiedBMP: [UInt16] = {
        var table = [UInt16](repeating: 0, count: Int(bmpTableEnd - bmpTableStart))
        var pending: UInt32?
        for scalar in traditionalToSimplifiedPairs.unicodeScalars where scalar != "\n" {
            if let from = pending {
                if from >= bmpTableStart, from < bmpTableEnd, scalar.value <= 0xFFFF {
                    table[Int(from - bmpTableStart)] = UInt16(scalar.value)
                }
                pending = nil
            } else {
                pending = scalar.value
            }
        }
        return table
    }()

    /// Taiwan and Hong Kong phrasing of the labels' words, already in simplified characters.
    private static let phrases: [(String, String)] = [
        ("资讯", "信息"), ("档案", "文件"), ("专案", "项目"), ("资料", "数据"), ("释出", "发布"),
        ("反覆", "反复"), ("稽核", "审核"), ("字型", "字体"),
    ]
    private static let phraseLeadValues: [UInt32] = phrases.map { $0.0.unicodeScalars.first!.value }
    /// One bit per value of a lead's low six bits.
    private static let phraseLeadFilter: UInt64 = phraseLeadValues.reduce(0) { $0 | 1 << ($1 & 63) }
}
