/// How documents number their items, which text of any format shares: a line that starts with an item
/// number starts a new item, never the rest of a wrapped one.
public enum ItemNumbering {
    /// True when `text` starts a numbered item: `1.`, `2、`, `（三）`, `(4)`, `一、`, `第二十条`, `第一部分`.
    public static func startsNewItem(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars.prefix(8))
        guard let first = scalars.first else { return false }
        let chineseDigits = "一二三四五六七八九十".unicodeScalars
        if first == "（" || first == "(" {
            var i = 1
            while i < scalars.count, chineseDigits.contains(scalars[i]) || ("0"..."9").contains(scalars[i]) { i += 1 }
            return i > 1 && i < scalars.count && (scalars[i] == "）" || scalars[i] == ")")
        }
        if chineseDigits.contains(first) {
            var i = 1
            while i < scalars.count, chineseDigits.contains(scalars[i]) { i += 1 }
            return i < scalars.count && (scalars[i] == "、" || scalars[i] == "．" || scalars[i] == ".")
        }
        if ("0"..."9").contains(first) {
            var i = 1
            while i < scalars.count, ("0"..."9").contains(scalars[i]) { i += 1 }
            return i < scalars.count && (scalars[i] == "." || scalars[i] == "、" || scalars[i] == "．")
                && i + 1 < scalars.count
                && !("0"..."9").contains(scalars[i + 1])
        }
        if first == "第" {
            // 第二十条, 第三章, 第一部分; not 第三方, which is a word.
            var i = 1
            while i < scalars.count, chineseDigits.contains(scalars[i]) { i += 1 }
            return i > 1 && i < scalars.count && "条章节款项部".unicodeScalars.contains(scalars[i])
        }
        return false
    }

    /// How an item number is written: `1.`, `（一）`, `一、`.
    public enum Style: Sendable, Equatable {
        case arabic, parenthesized, chineseEnumeration
    }

    /// The number `text` starts with and how it is written, when it starts a numbered item as
    /// ``startsNewItem(_:)`` tells (`3.危` → 3, arabic; `（二）部分公开` → 2, parenthesized); `nil`
    /// otherwise, and for `第…条` headings.
    public static func itemNumber(_ text: String) -> (number: Int, kind: Style)? {
        guard startsNewItem(text) else { return nil }
        let scalars = Array(text.unicodeScalars.prefix(8))
        let chineseDigits = Array("一二三四五六七八九十".unicodeScalars)
        func value(_ digits: ArraySlice<Unicode.Scalar>) -> Int? {
            if let first = digits.first, ("0"..."9").contains(first) {
                return Int(String(String.UnicodeScalarView(digits)))
            }
            // 一 … 十, 十一 … 十九, 二十 … 九十九
            let values = digits.map { chineseDigits.firstIndex(of: $0).map { $0 + 1 } }
            guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else { return nil }
            let v = values.map { $0! }
            switch v.count {
            case 1: return v[0]
            case 2: return v[0] == 10 ? 10 + v[1] : (v[1] == 10 ? v[0] * 10 : nil)
            case 3: return v[1] == 10 ? v[0] * 10 + v[2] : nil
            default: return nil
            }
        }
        let isDigit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) || chineseDigits.contains($0) }
        if scalars[0] == "（" || scalars[0] == "(" {
            let digits = scalars[1...].prefix(while: isDigit)
            return value(digits).map { ($0, .parenthesized) }
        }
        guard scalars[0] != "第" else { return nil }
        let digits = scalars.prefix(while: isDigit)
        guard let number = value(digits) else { return nil }
        return (number, ("0"..."9").contains(scalars[0]) ? .arabic : .chineseEnumeration)
    }
}
