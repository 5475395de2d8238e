import GIConvertBytes

/// Phrases of the report, as match keys, for a reader that must tell a report's content from the page
/// around it without knowing reports: it asks these, never keeps a copy of the labels.
extension ReportSchema {
    /// The phrases that mark where `table` starts: the recogniser reads the table from the first of them
    /// it finds.
    public static func tableAnchors(_ table: TableKey) -> [String] {
        switch table {
        case .active: ["第二十条", "信息内容"]
        case .applications: ["勾稽关系", "申请人情况", "本年新收"]
        case .reviews: ["尚未审结", "结果维持", "复议后起诉", "未经复议"]
        }
    }

    /// True when `text` prints a phrase that only the body of a report prints (a table's anchor, or a
    /// section heading's words), in any script, spacing or punctuation.
    public static func printsReportBody(_ text: String) -> Bool {
        let key = LabelNormalizer.matchKey(text)
        return reportBodyPhrases.contains { key.containsBytes($0) }
    }

    /// True when `text` prints a label of the statistical tables' headers or rows, in any script, spacing
    /// or punctuation.
    public static func printsTableLabel(_ text: String) -> Bool {
        let key = LabelNormalizer.matchKey(text)
        return tableLabelPhrases.contains { key.containsBytes($0) }
    }

    /// Phrases only the body of a report prints: anchors of the tables and words of section headings
    /// that a page's navigation or a notice does not print.
    static let reportBodyPhrases = ["第二十条", "申请人情况", "总体情况", "结果维持", "本年新收", "主动公开政府信息情况", "收到和处理政府信息公开申请情况"]

    /// Phrases of the statistical tables' headers and row labels, in both national formats.
    static let tableLabelPhrases = [
        "信息内容", "第二十条", "申请人情况", "自然人", "法人或其他组织", "结果维持", "尚未审结", "本年新收", "予以公开",
        "行政许可", "行政处罚", "处理决定数量", "行政复议", "行政诉讼", "勾稽关系", "不予公开", "无法提供", "不予处理",
        "其他处理", "总计", "本年新制作数量", "本年制发件数", "规范性文件",
    ]
}
