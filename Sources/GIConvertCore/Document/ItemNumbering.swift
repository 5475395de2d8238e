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
}
