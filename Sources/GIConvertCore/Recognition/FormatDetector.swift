/// Tells the national format of a report from the labels its tables print.
enum FormatDetector {
    static let markers: [ReportFormat: [String]] = [
        .v2019: ["本年新制作", "本年新公开", "对外公开总", "上一年项目", "政府集中采购", "采购项目数量", "其他对外管理服务"],
        .v2021: ["本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正", "缴纳费用", "不再处理其政府信息公开申请"],
    ]

    /// The format whose markers the labels show more of; `nil` when neither shows any or they tie.
    static func detect(_ tokens: [Token]) -> ReportFormat? {
        var found: [ReportFormat: Set<String>] = [:]
        scan: for index in tokens.indices where tokens[index].isLabel {
            let key = tokens[index].key
            guard !key.isEmpty, key.utf8.count <= 120 else { continue }
            for (format, cues) in markers {
                for cue in cues where key.containsBytes(cue) { found[format, default: []].insert(cue) }
            }
            // Three markers of one format and none of the other settle it.
            let counts = ReportFormat.allCases.map { found[$0]?.count ?? 0 }
            if counts.max()! >= 3 && counts.min()! == 0 { break scan }
        }
        let scores = found.mapValues(\.count)
        let s2019 = scores[.v2019] ?? 0
        let s2021 = scores[.v2021] ?? 0
        if s2019 == s2021 { return nil }
        return s2019 > s2021 ? .v2019 : .v2021
    }

    /// The format in force for a report year.
    static func format(forYear year: Int?) -> ReportFormat {
        guard let year else { return .v2021 }
        return year >= 2021 ? .v2021 : .v2019
    }
}
