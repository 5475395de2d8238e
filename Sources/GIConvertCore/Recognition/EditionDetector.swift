import GIConvertBytes

/// Tells the national format of a report from the labels its tables print.
enum EditionDetector {
    /// Normalised phrases only one format's tables print.
    static let markers: [(format: ReportEdition, cues: [String])] = [
        (.v2019, ["本年新制作", "本年新公开", "对外公开总", "上一年项目", "政府集中采购", "采购项目数量", "其他对外管理服务"]),
        (.v2021, ["本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正", "缴纳费用", "不再处理其政府信息公开申请"]),
    ]

    private static let markerBytes: [[[UInt8]]] = markers.map { $0.cues.map { Array($0.utf8) } }
    private static let shortestMarker = markerBytes.joined().map(\.count).min()!

    /// The format whose markers the labels show more of; `nil` when neither shows any or they tie.
    static func detect(_ document: TokenizedDocument) -> ReportEdition? {
        let tokens = document.tokens
        let markerBytes = Self.markerBytes
        let shortestMarker = Self.shortestMarker
        // Per format, one bit per marker seen.
        var found = [UInt32](repeating: 0, count: markers.count)
        document.keyBytes.withUnsafeBufferPointer { keys in
            for index in tokens.indices where tokens[index].isLabel {
                let key = tokens[index].key
                guard key.count >= shortestMarker, key.count <= 120 else { continue }
                let keyBytes = UnsafeBufferPointer(rebasing: keys[key])
                for (format, cues) in markerBytes.enumerated() {
                    for (cue, bytes) in cues.enumerated()
                    where bytes.withUnsafeBufferPointer({ ByteSearch.contains(keyBytes, $0) }) {
                        found[format] |= 1 << cue
                    }
                }
                // Three markers of one format and none of the other settle it.
                let counts = found.map(\.nonzeroBitCount)
                if counts.max()! >= 3 && counts.min()! == 0 { break }
            }
        }
        let s2019 = found[markers.firstIndex { $0.format == .v2019 }!].nonzeroBitCount
        let s2021 = found[markers.firstIndex { $0.format == .v2021 }!].nonzeroBitCount
        if s2019 == s2021 { return nil }
        return s2019 > s2021 ? .v2019 : .v2021
    }

    /// The format in force for a report year.
    static func format(forYear year: Int?) -> ReportEdition {
        guard let year else { return .v2021 }
        return year >= 2021 ? .v2021 : .v2019
    }
}
