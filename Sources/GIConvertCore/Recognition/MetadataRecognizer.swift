import Foundation

/// Reads a report's title, issuing body, year, date and publisher from its text and the document's
/// own properties.
enum MetadataRecognizer {
    static func metadata(source: String, lines: [String], properties: DocumentProperties) -> ReportMetadata {
        var meta = ReportMetadata(source: source)
        let head = Array(lines.prefix(60))
        let candidates = [properties.title].compactMap { $0 } + head

        for line in candidates {
            guard let match = titleMatch(line) else { continue }
            meta.year = meta.year ?? match.year
            meta.organization = meta.organization ?? match.organization
            if meta.title == nil, match.isTitleLine { meta.title = match.title }
            if meta.organization != nil && meta.year != nil && meta.title != nil { break }
        }
        if meta.title == nil, let title = properties.title, !title.isEmpty { meta.title = title }

        for line in head where line.containsBytes(":") || line.containsBytes("：") || line.containsBytes("日期") || line.containsBytes("时间") || line.containsBytes("時間") {
            let simple = LabelNormalizer.simplified(line)
            if meta.publicationDate == nil, let date = labelledValue(simple, original: line, labels: ["发布日期", "发布时间", "发文日期", "成文日期", "日期"]) {
                meta.publicationDate = normalizedDate(date) ?? date
            }
            if meta.publisher == nil, let publisher = labelledValue(simple, original: line, labels: ["信息来源", "来源", "发布机构"]) {
                meta.publisher = publisher
            }
            if meta.organization == nil, let body = labelledValue(simple, original: line, labels: ["发布单位", "发文单位", "发布机关"]) {
                meta.organization = body
            }
        }
        if meta.publicationDate == nil, let date = properties.date { meta.publicationDate = normalizedDate(date) ?? date }
        if meta.publisher == nil { meta.publisher = properties.publisher }

        // A signature at the end: the body on one line, the date on the next.
        let tail = lines.suffix(12)
        for (offset, line) in tail.enumerated().reversed() {
            guard let date = normalizedDate(line), line.count <= 16 else { continue }
            if meta.publicationDate == nil { meta.publicationDate = date }
            if meta.organization == nil, offset > 0 {
                let signer = tail[tail.index(tail.startIndex, offsetBy: offset - 1)].trimmingCharacters(in: .whitespaces)
                if signer.count <= 40, !signer.contains("。"), !signer.contains("，") { meta.organization = signer }
            }
            break
        }
        if meta.year == nil {
            for line in lines.prefix(80) {
                if let year = firstYear(LabelNormalizer.simplified(line)) { meta.year = year; break }
            }
        }
        return meta
    }

    private struct TitleMatch {
        var year: Int?
        var organization: String?
        var isTitleLine: Bool
        /// The matched title, without a `label:` before it.
        var title: String
    }

    private static let titleRegex = try! NSRegularExpression(
        pattern: #"(?:(\d{4})\s*年度?\s*)?([^\d\s，,。；;：:、“”《》]{2,40}?)\s*(?:(\d{4})\s*年度?\s*)?(?:政府)?信息公开(?:工作)?(?:年度)?(?:工作)?报告"#)

    /// `隨州高新區管委會2021年政府信息公開工作年度報告`, `2019年上海市人民政府办公厅政府信息公开工作年度报告`.
    private static func titleMatch(_ line: String) -> TitleMatch? {
        guard line.containsBytes("公开") || line.containsBytes("公開") else { return nil }
        let simple = LabelNormalizer.simplified(line)
        guard simple.containsBytes("信息公开"), simple.containsBytes("报告") else { return nil }
        let ns = simple as NSString
        guard let m = titleRegex.firstMatch(in: simple, range: NSRange(location: 0, length: ns.length)) else { return nil }
        let original = line as NSString
        func group(_ i: Int) -> String? {
            let r = m.range(at: i)
            return r.location == NSNotFound ? nil : original.substring(with: r)
        }
        let year = (group(1) ?? group(3)).flatMap { Int($0) }
        var organization = group(2)?.trimmingCharacters(in: .whitespaces)
        for prefix in ["关于", "關於", "现将", "現將", "公布", "本"] where organization?.hasPrefix(prefix) == true {
            organization = String(organization!.dropFirst(prefix.count))
        }
        if let org = organization, org.count < 2 || LabelNormalizer.matchKey(org).hasSuffix("政府信息") { organization = nil }
        let isTitleLine = simple.count <= 60 && !simple.containsBytes("。")
        return TitleMatch(year: year, organization: organization, isTitleLine: isTitleLine,
                          title: original.substring(with: m.range).trimmingCharacters(in: .whitespaces))
    }

    /// The text after `label:` up to the next space, cut from the printed line.
    private static func labelledValue(_ simple: String, original: String, labels: [String]) -> String? {
        for label in labels where simple.containsBytes(label) {
            guard let range = simple.range(of: label) else { continue }
            var index = range.upperBound
            while index < simple.endIndex, simple[index] == " " || simple[index] == ":" || simple[index] == "：" { index = simple.index(after: index) }
            guard index > range.upperBound || simple[range.upperBound...].first.map({ $0.isNumber }) == true else { continue }
            let start = simple.distance(from: simple.startIndex, to: index)
            let originalStart = original.index(original.startIndex, offsetBy: start, limitedBy: original.endIndex) ?? original.endIndex
            let rest = original[originalStart...]
            var value = ""
            var seenDateSpace = false
            for ch in rest {
                if ch == " " || ch == "\u{3000}" || ch == "\t" {
                    // A time after a date belongs to the date; anything else ends the value.
                    if !seenDateSpace, value.count == 10, value.first?.isNumber == true { seenDateSpace = true; value.append(" "); continue }
                    break
                }
                if "|│【[".contains(ch) { break }
                value.append(ch)
            }
            value = value.trimmingCharacters(in: .whitespaces)
            if !value.isEmpty { return value }
        }
        return nil
    }

    private static let dateRegex = try! NSRegularExpression(pattern: #"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})"#)

    /// `2022-01-22 20:19`, `2021年1月20日` → `2022-01-22`, `2021-01-20`.
    static func normalizedDate(_ text: String) -> String? {
        let simple = LabelNormalizer.simplified(text)
        guard let m = dateRegex.firstMatch(in: simple, range: NSRange(location: 0, length: (simple as NSString).length)) else { return nil }
        let ns = simple as NSString
        guard let y = Int(ns.substring(with: m.range(at: 1))), let mo = Int(ns.substring(with: m.range(at: 2))),
              let d = Int(ns.substring(with: m.range(at: 3))), (1...12).contains(mo), (1...31).contains(d) else { return nil }
        return String(format: "%04d-%02d-%02d", y, mo, d)
    }

    private static let yearRegex = try! NSRegularExpression(pattern: #"(20\d{2}|19\d{2})\s*年"#)

    private static func firstYear(_ text: String) -> Int? {
        guard let m = yearRegex.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) else { return nil }
        return Int((text as NSString).substring(with: m.range(at: 1)))
    }
}
