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

        // Labelled values (`发布日期：…`, `来源：…`) sit on short lines of the page head.
        for line in head where line.utf8.count <= 300
            && (line.containsBytes(":") || line.containsBytes("：") || line.containsBytes("日期") || line.containsBytes("时间") || line.containsBytes("時間")) {
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
            guard line.utf8.count <= 64, line.unicodeScalars.count <= 16, let date = normalizedDate(line) else { continue }
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

    /// `隨州高新區管委會2021年政府信息公開工作年度報告`, `2019年上海市人民政府办公厅政府信息公开工作年度报告`,
    /// `…现特向社会公布2020年度呼图壁县商务和工业信息化局政府信息公开工作年度报告。`: the body and the year
    /// around `(政府)信息公开(工作)(年度)报告`. Scanned by hand: it runs on many lines of every report.
    private static func titleMatch(_ line: String) -> TitleMatch? {
        guard line.containsBytes("公开") || line.containsBytes("公開"), line.containsBytes("报告") || line.containsBytes("報告") else {
            return nil
        }
        let original = Array(line.unicodeScalars)
        let s = Array(LabelNormalizer.simplified(line).unicodeScalars)
        guard s.count == original.count else { return nil }
        let disclosure = Array("信息公开".unicodeScalars)
        var searchFrom = 0
        while let i = find(disclosure, in: s, from: searchFrom) {
            searchFrom = i + 1
            guard let end = reportEnd(s, after: i + disclosure.count) else { continue }
            var orgEnd = i
            if i >= 2, s[i - 2] == "政", s[i - 1] == "府" { orgEnd = i - 2 }
            orgEnd = skipSpaces(s, backFrom: orgEnd)
            var year: Int?
            if let (value, yearStart) = yearBefore(s, end: orgEnd) {
                year = value
                orgEnd = skipSpaces(s, backFrom: yearStart)
            }
            var orgStart = orgEnd
            while orgStart > 0, orgEnd - orgStart < 40, isOrganizationScalar(s[orgStart - 1]) { orgStart -= 1 }
            // A year printed before the body: `2019年上海市…`, `2020年度呼图壁县…`.
            var matchStart = orgStart
            if orgStart < orgEnd, s[orgStart] == "年", orgStart >= 4, (orgStart - 4..<orgStart).allSatisfy({ isDigit(s[$0]) }),
               orgStart < 5 || !isDigit(s[orgStart - 5]) {
                year = year ?? Int(String(String.UnicodeScalarView(s[(orgStart - 4)..<orgStart])))
                matchStart = orgStart - 4
                orgStart += 1
                if orgStart < orgEnd, s[orgStart] == "度" { orgStart += 1 }
                while orgStart < orgEnd, s[orgStart] == " " { orgStart += 1 }
            } else if let (value, yearStart) = yearBefore(s, end: skipSpaces(s, backFrom: orgStart)) {
                year = year ?? value
                matchStart = yearStart
            }
            guard orgEnd - orgStart >= 2 else { continue }
            var organization = String(String.UnicodeScalarView(original[orgStart..<orgEnd]))
            for prefix in ["关于", "關於", "现将", "現將", "公布", "本"] where organization.hasPrefix(prefix) {
                organization = String(organization.dropFirst(prefix.count))
            }
            let orgKey = LabelNormalizer.matchKey(organization)
            let validOrganization = orgKey.unicodeScalars.count >= 2 && !orgKey.hasSuffix("政府信息")
            let simpleText = String(String.UnicodeScalarView(s))
            let isTitleLine = s.count <= 60 && !simpleText.containsBytes("。")
            let title = TokenizedDocument.trim(Substring(String(String.UnicodeScalarView(original[matchStart..<end]))), keepingTabs: false)
            return TitleMatch(year: year, organization: validOrganization ? organization : nil, isTitleLine: isTitleLine, title: title)
        }
        return nil
    }

    /// Where `(工作)(年度)(工作)报告` ends, when it starts at `index`.
    private static func reportEnd(_ s: [Unicode.Scalar], after index: Int) -> Int? {
        var i = index
        for word in [Array("工作".unicodeScalars), Array("年度".unicodeScalars), Array("工作".unicodeScalars)] where s[i...].starts(with: word) {
            i += word.count
        }
        return s[i...].starts(with: Array("报告".unicodeScalars)) ? i + 2 : nil
    }

    /// A year `\d{4}\s*年度?\s*` ending at `end`: its value and where it starts.
    private static func yearBefore(_ s: [Unicode.Scalar], end: Int) -> (Int, Int)? {
        var i = end
        if i > 0, s[i - 1] == "度" { i -= 1 }
        guard i > 0, s[i - 1] == "年" else { return nil }
        i = skipSpaces(s, backFrom: i - 1)
        guard i >= 4, (i - 4..<i).allSatisfy({ isDigit(s[$0]) }), i < 5 || !isDigit(s[i - 5]) else { return nil }
        return (Int(String(String.UnicodeScalarView(s[(i - 4)..<i])))!, i - 4)
    }

    private static func skipSpaces(_ s: [Unicode.Scalar], backFrom index: Int) -> Int {
        var i = index
        while i > 0, s[i - 1] == " " || s[i - 1] == "\t" { i -= 1 }
        return i
    }

    private static func find(_ needle: [Unicode.Scalar], in s: [Unicode.Scalar], from start: Int) -> Int? {
        guard needle.count <= s.count else { return nil }
        var i = start
        while i + needle.count <= s.count {
            if s[i] == needle[0], s[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { (0x30...0x39).contains(s.value) }

    /// Characters an issuing body's name is made of: anything but digits, spaces and punctuation.
    private static func isOrganizationScalar(_ s: Unicode.Scalar) -> Bool {
        !isDigit(s) && !TokenizedDocument.isSpace(s) && !"，,。；;：:、“”《》".unicodeScalars.contains(s)
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

    /// `2022-01-22 20:19`, `2021年1月20日` → `2022-01-22`, `2021-01-20`.
    static func normalizedDate(_ text: String) -> String? {
        let s = Array(LabelNormalizer.simplified(text).unicodeScalars)
        var i = 0
        while i + 4 <= s.count {
            defer { i += 1 }
            guard (i..<(i + 4)).allSatisfy({ isDigit(s[$0]) }), i == 0 || !isDigit(s[i - 1]) else { continue }
            var j = i + 4
            func separator(_ allowed: String) -> Bool {
                while j < s.count, s[j] == " " { j += 1 }
                guard j < s.count, allowed.unicodeScalars.contains(s[j]) else { return false }
                j += 1
                while j < s.count, s[j] == " " { j += 1 }
                return true
            }
            func number() -> Int? {
                var value = 0, digits = 0
                while j < s.count, digits < 2, isDigit(s[j]) { value = value * 10 + Int(s[j].value - 0x30); digits += 1; j += 1 }
                return digits > 0 ? value : nil
            }
            guard separator("-/年."), let month = number(), separator("-/月."), let day = number(),
                  (1...12).contains(month), (1...31).contains(day) else { continue }
            let year = Int(String(String.UnicodeScalarView(s[i..<(i + 4)])))!
            return String(format: "%04d-%02d-%02d", year, month, day)
        }
        return nil
    }

    /// The first `19xx年` or `20xx年`.
    private static func firstYear(_ text: String) -> Int? {
        let s = Array(text.unicodeScalars)
        var i = 0
        while i + 4 < s.count {
            defer { i += 1 }
            guard (s[i] == "1" && s[i + 1] == "9") || (s[i] == "2" && s[i + 1] == "0"),
                  isDigit(s[i + 2]), isDigit(s[i + 3]), i == 0 || !isDigit(s[i - 1]) else { continue }
            var j = i + 4
            while j < s.count, s[j] == " " { j += 1 }
            if j < s.count, s[j] == "年" { return Int(String(String.UnicodeScalarView(s[i..<(i + 4)]))) }
        }
        return nil
    }
}
