import Foundation

/// Puts printed text into one comparable form, so `（三）不予公開 1.屬於國家秘密`, `(三)不予公开1.属于国家秘密`
/// and `三 不予公开 1 属于国家秘密` compare equal.
public enum LabelNormalizer {
    /// Simplified script, ASCII for full-width forms, Taiwan phrasing replaced (`資訊` → `信息`,
    /// `檔案` → `文件`). Every character maps to exactly one character, so offsets into the result are
    /// offsets into the input: a match found here can be cut from the printed text.
    public static func simplified(_ text: String) -> String {
        var changed = false
        var phraseLead = false
        for scalar in text.unicodeScalars where scalar.value >= 0x80 {
            let s = simplify(scalar)
            if s != scalar { changed = true; break }
            if isPhraseLead(s.value) { phraseLead = true }
        }
        guard changed else { return phraseLead ? replacePhrases(text) : text }
        let (result, lead) = build(text, keep: { _ in true })
        return lead ? replacePhrases(result) : result
    }

    /// ``simplified(_:)`` with whitespace, punctuation and symbols removed: the key labels are matched on.
    public static func matchKey(_ text: String) -> String {
        let (key, lead) = build(text, keep: isKeyScalar)
        return lead ? replacePhrases(key) : key
    }

    /// The simplified scalars of `text` that `keep` accepts, encoded straight into UTF-8, and whether
    /// any of them can start a Taiwan-phrased word.
    @inline(__always)
    private static func build(_ text: String, keep: (Unicode.Scalar) -> Bool) -> (String, Bool) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var phraseLead = false
        for scalar in text.unicodeScalars {
            let s = simplify(scalar)
            guard keep(s) else { continue }
            let v = s.value
            if v >= 0x4E00 && isPhraseLead(v) { phraseLead = true }
            if v < 0x80 {
                bytes.append(UInt8(v))
            } else if v < 0x800 {
                bytes.append(UInt8(0xC0 | (v >> 6)))
                bytes.append(UInt8(0x80 | (v & 0x3F)))
            } else if v < 0x10000 {
                bytes.append(UInt8(0xE0 | (v >> 12)))
                bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
                bytes.append(UInt8(0x80 | (v & 0x3F)))
            } else {
                bytes.append(UInt8(0xF0 | (v >> 18)))
                bytes.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
                bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
                bytes.append(UInt8(0x80 | (v & 0x3F)))
            }
        }
        return (String(decoding: bytes, as: UTF8.self), phraseLead)
    }

    @inline(__always)
    private static func isPhraseLead(_ value: UInt32) -> Bool {
        value >= 0x4E00 && phraseLeadValues.contains(value)
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
        let v = scalar.value
        if v < 0x80 {
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
        }
        if (0x3400...0x9FFF).contains(v) || (0xF900...0xFAFF).contains(v) || (0x20000...0x3FFFF).contains(v) {
            return true
        }
        return false
    }

    /// One scalar to its simplified, half-width form.
    @inline(__always)
    static func simplify(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let v = scalar.value
        if v < 0x80 { return scalar }
        if v >= 0xFF01 && v <= 0xFF5E { return Unicode.Scalar(v - 0xFEE0)! }
        if v == 0x3000 || v == 0x00A0 || v == 0x2002 || v == 0x2003 || v == 0x2009 || v == 0x200B { return " " }
        if v >= bmpTableStart && v < bmpTableEnd {
            let mapped = traditionalToSimplifiedBMP[Int(v - bmpTableStart)]
            return mapped == 0 ? scalar : Unicode.Scalar(UInt32(mapped))!
        }
        return scalar
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
}
