import Foundation

/// Puts printed text into one comparable form, so `（三）不予公開 1.屬於國家秘密`, `(三)不予公开1.属于国家秘密`
/// and `三 不予公开 1 属于国家秘密` compare equal.
public enum LabelNormalizer {
    /// Simplified script, ASCII for full-width forms, Taiwan phrasing replaced (`資訊` → `信息`,
    /// `檔案` → `文件`). Every character maps to exactly one character, so offsets into the result are
    /// offsets into the input: a match found here can be cut from the printed text.
    public static func simplified(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            scalars.append(simplify(scalar))
        }
        var result = String(scalars)
        if result.unicodeScalars.contains(where: { phraseLeadScalars.contains($0) }) {
            for (from, to) in phrases where result.contains(from) {
                result = result.replacingOccurrences(of: from, with: to)
            }
        }
        return result
    }

    /// ``simplified(_:)`` with whitespace, punctuation and symbols removed: the key labels are matched on.
    public static func matchKey(_ text: String) -> String {
        let simple = simplified(text)
        var scalars = String.UnicodeScalarView()
        for scalar in simple.unicodeScalars where isKeyScalar(scalar) {
            scalars.append(scalar)
        }
        return String(scalars)
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
    static func simplify(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let v = scalar.value
        if v < 0x80 { return scalar }
        if v >= 0xFF01 && v <= 0xFF5E { return Unicode.Scalar(v - 0xFEE0)! }
        if v == 0x3000 || v == 0x00A0 || v == 0x2002 || v == 0x2003 || v == 0x2009 || v == 0x200B { return " " }
        if let mapped = traditionalToSimplified[v] { return Unicode.Scalar(mapped)! }
        return scalar
    }

    private static let traditionalToSimplified: [UInt32: UInt32] = {
        var map: [UInt32: UInt32] = [:]
        map.reserveCapacity(4096)
        var pending: UInt32?
        for scalar in traditionalToSimplifiedPairs.unicodeScalars where scalar != "\n" {
            if let from = pending {
                // Only pairs of the same UTF-16 width, so offsets into simplified text stay offsets into the input.
                if (from > 0xFFFF) == (scalar.value > 0xFFFF) { map[from] = scalar.value }
                pending = nil
            } else {
                pending = scalar.value
            }
        }
        return map
    }()

    /// Taiwan and Hong Kong phrasing of the labels' words, already in simplified characters.
    private static let phrases: [(String, String)] = [
        ("资讯", "信息"), ("档案", "文件"), ("专案", "项目"), ("资料", "数据"), ("释出", "发布"),
        ("反覆", "反复"), ("稽核", "审核"), ("字型", "字体"),
    ]
    private static let phraseLeadScalars: Set<Unicode.Scalar> = Set(phrases.map { $0.0.unicodeScalars.first! })
}
