import GIConvertBytes

/// The lines a web site prints around a report rather than in it: share and print bars, copyright and
/// registration notices (`ICP备`, `公网安备`), previous/next links, and the link lists spam injects
/// (`<蜘蛛词>`). The one rule set for where a report's text ends, whatever the reader.
///
/// It lives in the core, not in a reader: the cut is made after the last section heading, which only
/// the recogniser knows, and the same lines turn up in every format a page is saved as (a page's text
/// copied into a `.txt`, a page printed to PDF), which the HTML reader's markup rules cannot see.
public enum PageChrome {
    /// True for a line that belongs to the site around a report: it carries a spam marker, or it is
    /// short (at most 60 characters of match key) and prints one of the site's phrases.
    public static func isChromeLine(_ text: String) -> Bool {
        if spamMarkers.contains(where: { text.containsBytes($0) }) { return true }
        guard text.utf8.count <= 120 || text.scalarLength <= 120 else { return false }
        let key = LabelNormalizer.matchKey(text)
        return key.scalarLength <= 60 && phrases.contains { key.containsBytes($0) }
    }

    /// Markers of the link lists spam injects into pages, matched as printed, in a line of any length.
    static let spamMarkers = ["<蜘蛛词>", "<文本链>"]

    /// Phrases (as match keys) of the site's own lines: share bars, print and close buttons, copyright,
    /// site and registration numbers, the organisers, previous/next and related links, the site map.
    static let phrases = [
        "扫一扫", "手机上查看", "在手机打开", "打印本页", "关闭窗口", "分享到", "版权所有", "网站标识码",
        "ICP备", "icp备", "公网安备", "主办单位", "承办单位", "上一篇", "下一篇", "相关链接", "网站地图",
    ]
}
