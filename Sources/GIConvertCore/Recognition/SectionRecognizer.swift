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
        // Headings are short: normalise only lines that could be one, and each once.
        var headingKinds: [(index: Int, kinds: [SectionKind])] = []
        for (index, line) in lines.enumerated() where line.text.utf8.count <= 60 || (line.text.utf8.count <= 240 && line.text.unicodeScalars.count <= 60) {
            guard let candidate = Candidate(line.text) else { continue }
            let kinds = SectionKind.allCases.filter { isHeading(candidate, kind: $0) }
            if !kinds.isEmpty { headingKinds.append((index, kinds)) }
        }
        while let kind = kinds.first {
            let hit = headingKinds.first { $0.index >= next && $0.kinds.contains(kind) }?.index
            kinds.removeFirst()
            if let hit {
                found.append(Heading(kind: kind, lineIndex: hit, text: lines[hit].text))
                next = hit + 1
            }
        }
        return found
    }

    static let ordinals: [SectionKind: Unicode.Scalar] = [
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
    /// A line normalised for heading tests, its numbering worked out once.
    struct Candidate {
        enum Numbering {
            /// `四、…`, `四.…`, `四 …`, `第四部分…`: a numeral the heading must agree with.
            case ordinal(Unicode.Scalar)
            /// `一是…`: a numeral that is part of the words.
            case numeralInWords
            /// `1.`, `(一)`: a lower level of numbering, not a section heading.
            case lowerLevel
            case none
        }

        let key: String
        /// The key without its numbering.
        let body: String
        let numbering: Numbering

        init?(_ text: String) {
            // Table cells and numbered items are never section headings; most short lines are those.
            guard let lead = text.unicodeScalars.first(where: { !TokenizedDocument.isSpace($0) }),
                  !(0x30...0x39).contains(lead.value), lead != "(", lead != "（", lead != "|" else { return nil }
            let simple = Array(TokenizedDocument.trim(Substring(LabelNormalizer.simplified(text)), keepingTabs: false).unicodeScalars)
            if simple.contains("。") { return nil }
            key = LabelNormalizer.matchKey(String(String.UnicodeScalarView(simple)))
            guard !key.isEmpty, key.scalarLength <= 40, let first = simple.first else { return nil }
            let second = simple.count > 1 ? simple[1] : nil
            if SectionRecognizer.numerals.contains(first) {
                if let second, SectionRecognizer.separators.contains(second) {
                    numbering = .ordinal(first)
                    body = String(key.unicodeScalars.dropFirst())
                } else {
                    numbering = .numeralInWords
                    body = key
                }
            } else if first == "第", let second, SectionRecognizer.numerals.contains(second),
                      simple.count > 3, (simple[2] == "部" && simple[3] == "分") || simple[2] == "章" {
                numbering = .ordinal(second)
                body = String(key.unicodeScalars.dropFirst(simple[2] == "章" ? 3 : 4))
            } else if first == "(" || (0x30...0x39).contains(first.value) {
                numbering = .lowerLevel
                body = key
            } else {
                numbering = .none
                body = key
            }
        }
    }

    static let numerals: Set<Unicode.Scalar> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
    static let separators: Set<Unicode.Scalar> = ["、", ".", "．", ",", " ", ":", "：", ")", "）"]

    static func isHeading(_ text: String, kind: SectionKind) -> Bool {
        Candidate(text).map { isHeading($0, kind: kind) } ?? false
    }

    /// A heading is a short line, not a sentence, that names the section; with a leading numeral
    /// (`四、`, `四.`, `第四部分`) the numeral must be the section's.
    static func isHeading(_ candidate: Candidate, kind: SectionKind) -> Bool {
        let cues = cues(kind)
        switch candidate.numbering {
        case .ordinal(let numeral):
            return numeral == ordinals[kind] && cues.contains { candidate.body.containsBytes($0) }
        case .numeralInWords:
            return candidate.key.scalarLength <= 24 && cues.contains { candidate.key.hasPrefix($0) }
        case .lowerLevel:
            return false
        case .none:
            return candidate.key.scalarLength <= 24 && cues.contains { candidate.body.containsBytes($0) }
        }
    }

    /// Lines that belong to the site around a report rather than the report: where a report's text ends.
    static func isSiteChrome(_ text: String) -> Bool {
        if text.containsBytes("<蜘蛛词>") || text.containsBytes("<文本链>") { return true }
        guard text.unicodeScalars.count <= 120 else { return false }
        let key = LabelNormalizer.matchKey(text)
        return key.scalarLength <= 60 && chromeCues.contains { key.containsBytes($0) }
    }

    private static let chromeCues = [
        "扫一扫", "手机上查看", "在手机打开", "打印本页", "关闭窗口", "分享到", "版权所有", "网站标识码",
        "ICP备", "icp备", "公网安备", "主办单位", "承办单位", "上一篇", "下一篇", "相关链接", "网站地图",
    ]
}
