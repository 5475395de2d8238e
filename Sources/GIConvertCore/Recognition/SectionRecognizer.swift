import Foundation

/// Finds the six numbered section headings among a document's paragraph lines.
enum SectionRecognizer {
    struct Heading {
        var kind: SectionKind
        /// Index into the document's paragraph lines.
        var lineIndex: Int
        var text: String
    }

    /// The headings found, in order; a heading is looked for only after the one before it.
    static func headings(in lines: [(line: Int, block: Int, text: String)]) -> [Heading] {
        var found: [Heading] = []
        var next = 0
        var kinds = SectionKind.allCases[...]
        while let kind = kinds.first {
            var hit: Int?
            for index in next..<lines.count where isHeading(lines[index].text, kind: kind) {
                hit = index
                break
            }
            kinds.removeFirst()
            if let hit {
                found.append(Heading(kind: kind, lineIndex: hit, text: lines[hit].text))
                next = hit + 1
            }
        }
        return found
    }

    static let ordinals: [SectionKind: Character] = [
        .overview: "一", .activeDisclosure: "二", .applications: "三",
        .reviewsAndLitigation: "四", .problems: "五", .otherMatters: "六",
    ]

    static func cues(_ kind: SectionKind) -> [String] {
        switch kind {
        case .overview: ["总体情况", "概述", "基本情况"]
        case .activeDisclosure: ["主动公开政府信息", "主动公开情况"]
        case .applications: ["收到和处理政府信息公开申请", "依申请公开", "政府信息公开申请情况", "收到和处理"]
        case .reviewsAndLitigation: ["行政复议", "行政诉讼"]
        case .problems: ["存在的主要问题", "主要问题", "存在问题"]
        case .otherMatters: ["其他需要报告", "其他事项"]
        }
    }

    /// A heading is a short line, not a sentence, that names the section; with a leading numeral
    /// (`四、`, `四.`, `第四部分`) the numeral must be the section's.
    static func isHeading(_ text: String, kind: SectionKind) -> Bool {
        let simple = LabelNormalizer.simplified(text).trimmingCharacters(in: .whitespaces)
        if simple.contains("。") { return false }
        let key = LabelNormalizer.matchKey(simple)
        guard key.count <= 40, !key.isEmpty else { return false }
        guard let ordinal = ordinals[kind] else { return false }
        let numerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        var body = Substring(key)
        if let first = simple.first, numerals.contains(first) {
            let afterNumeral = simple.dropFirst().first
            guard afterNumeral.map({ "、.．, :：)）".contains($0) || $0 == " " }) ?? false else {
                return cues(kind).contains { key.hasPrefix($0) } && key.count <= 24
            }
            guard first == ordinal else { return false }
            body = body.dropFirst()
        } else if simple.hasPrefix("第\(ordinal)部分") || simple.hasPrefix("第\(ordinal)章") {
            body = body.dropFirst(3)
        } else if let first = simple.first, numerals.contains(first) == false,
                  first.isNumber || first == "(" || first == "（" {
            return false
        } else if key.count > 24 {
            return false
        }
        return cues(kind).contains { body.contains($0) }
    }

    /// Lines that belong to the site around a report rather than the report: where a report's text ends.
    static func isSiteChrome(_ text: String) -> Bool {
        let key = LabelNormalizer.matchKey(text)
        if text.contains("<蜘蛛词>") || text.contains("<文本链>") { return true }
        return chromeCues.contains { key.contains($0) } && key.count <= 60
    }

    private static let chromeCues = [
        "扫一扫", "手机上查看", "在手机打开", "打印本页", "关闭窗口", "分享到", "版权所有", "网站标识码",
        "ICP备", "icp备", "公网安备", "主办单位", "承办单位", "上一篇", "下一篇", "相关链接", "网站地图",
    ]
}
