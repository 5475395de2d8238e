import Foundation
import GIConvertBytes

/// Reads a report's title, issuing body, year, date and publisher from its text and the document's
/// own properties.
enum MetadataRecognizer {
    static func metadata(source: String, lines: [String], properties: DocumentProperties) -> ReportMetadata {
        var meta = ReportMetadata(source: source)
        let head = unframedPipeRows(lines.prefix(60)).map(closingSpacedIdeographs)
        /// Reads a title line; true once the body, the year and the title are known.
        func read(_ line: String) -> Bool {
            guard let match = titleMatch(line) else { return false }
            meta.year = meta.year ?? match.year
            meta.organization = meta.organization ?? match.organization
            if meta.title == nil, match.isTitleLine { meta.title = match.title }
            return meta.organization != nil && meta.year != nil && meta.title != nil
        }
        var done = properties.title.map { read(closingSpacedIdeographs($0)) } ?? false
        // Each line, preceded by itself joined with the next where the next finishes it. A next line that
        // names a body and a year itself is a title of its own (a page's `年度报告` link above it).
        for index in head.indices where !done {
            // A title set in two fonts and laid out run by run (a PDF converted to HTML) puts the body,
            // the year and the rest on lines of their own: `遂宁市安居区` / `2024` / `年政府信息公开工作年度报告`.
            if index > 0, index + 1 < head.count, isBareYear(head[index]), namesBodyAlone(head[index - 1]),
                continuesOnNextLine(head[index], next: head[index + 1])
            {
                done = read(head[index - 1] + head[index] + head[index + 1])
                if done { break }
            }
            if index + 1 < head.count, continuesOnNextLine(head[index], next: head[index + 1]),
                titleMatch(head[index + 1]).map({ $0.organization == nil || $0.year == nil }) ?? true
            {
                done = read(head[index] + head[index + 1])
                if done { break }
            }
            done = read(head[index])
        }
        if meta.title == nil, let title = properties.title, !title.isEmpty { meta.title = title }

        // Labelled values (`发布日期：…`, `来源：…`) sit on short lines of the page head.
        for line in head where line.utf8.count <= 300 && mayHoldLabelledValue(line) {
            let simple = LabelNormalizer.simplified(line)
            if meta.publicationDate == nil,
                let date = labelledValue(simple, original: line, labels: ["发布日期", "发布时间", "发文日期", "成文日期", "日期"])
            {
                meta.publicationDate = normalizedDate(date) ?? date
            }
            if meta.publisher == nil,
                let publisher = labelledValue(simple, original: line, labels: ["信息来源", "来源", "发布机构"])
            {
                meta.publisher = publisher
            }
            if meta.organization == nil,
                let body = labelledValue(simple, original: line, labels: ["发布单位", "发文单位", "发布机关"])
            {
                meta.organization = body
            }
        }
        if meta.publicationDate == nil, let date = properties.date {
            meta.publicationDate = normalizedDate(date) ?? date
        }
        if meta.publisher == nil { meta.publisher = properties.publisher }

        // A signature at the end: the body on one line, the date on the next.
        let tail = unframedPipeRows(lines.suffix(12)).map(closingSpacedIdeographs)
        for (offset, line) in tail.enumerated().reversed() {
            guard line.utf8.count <= 64, line.scalarLength <= 16, let date = normalizedDate(line) else { continue }
            if meta.publicationDate == nil { meta.publicationDate = date }
            if meta.organization == nil, offset > 0 {
                let signer = tail[tail.index(tail.startIndex, offsetBy: offset - 1)].trimmingCharacters(
                    in: .whitespaces)
                if signer.count <= 40, !signer.contains("。"), !signer.contains("，"),
                    signer.unicodeScalars.filter(isIdeograph).count >= 2
                {
                    meta.organization = signer
                }
            }
            break
        }
        // The first sentences name the body: 本报告由X编制, 2021年，X坚持….
        if meta.organization == nil { meta.organization = sentenceOrganization(head) }
        // Archives name files after the report (`X2024年政府信息公开工作年度报告.pdf`): the name stands in
        // for a title the text does not print.
        if meta.organization == nil || meta.year == nil, let match = titleMatch(fileStem(source)) {
            meta.organization = meta.organization ?? match.organization
            meta.year = meta.year ?? match.year
        }
        if meta.year == nil {
            for line in lines.prefix(80) {
                let text = withoutQuotedTitles(LabelNormalizer.simplified(line))
                if let year = firstYear(text) ?? firstChineseNumeralYear(text) {
                    meta.year = year
                    break
                }
            }
        }
        // PDF text spaces digits from ideographs (`达州市第2 看守所`): no body's name holds such a space.
        meta.organization = meta.organization.map(withoutSpacesBesideDigits)
        return meta
    }

    /// `name` without the spaces between a digit and an ideograph.
    private static func withoutSpacesBesideDigits(_ name: String) -> String {
        let scalars = Array(name.unicodeScalars)
        guard scalars.contains(" ") else { return name }
        var kept = String.UnicodeScalarView()
        for (i, scalar) in scalars.enumerated() {
            if scalar == " ", i > 0, i + 1 < scalars.count,
                isDigit(scalars[i - 1]) && isIdeograph(scalars[i + 1])
                    || isIdeograph(scalars[i - 1]) && isDigit(scalars[i + 1])
            {
                continue
            }
            kept.append(scalar)
        }
        return String(kept)
    }

    /// `lines` with the prose a table finder framed as pipe rows read as lines again: a row's cells
    /// joined (`| 遂宁市安居区2024年 | 政府信息 | 公开工作年度报告 |` is one title), rows with no text
    /// (`|  |`, `|---|`) dropped, so that a sentence cut over rows (`| …现特向社会公布2020年度呼图壁 |`,
    /// `|  |`, `| 县商务和…年度报告。 |`) runs on from line to line. Such a row is a printed line; a longer one
    /// (a converter's whole page in one row) and other lines stay as they are.
    static func unframedPipeRows(_ lines: ArraySlice<String>) -> ArraySlice<String> {
        func startsWithPipe(_ line: String) -> Bool {
            guard let first = line.utf8.first,
                first == UInt8(ascii: "|") || first == UInt8(ascii: " ")
                    || first == UInt8(ascii: "\t")
            else { return false }
            return line.utf8.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) == UInt8(ascii: "|")
        }
        guard lines.contains(where: startsWithPipe) else { return lines }
        var result: [String] = []
        result.reserveCapacity(lines.count)
        for line in lines {
            let trimmed = startsWithPipe(line) ? line.trimmingCharacters(in: .whitespaces) : ""
            guard (2...600).contains(trimmed.utf8.count), trimmed.utf8.last == UInt8(ascii: "|") else {
                result.append(line)
                continue
            }
            var joined = ""
            for cell in trimmed.split(separator: "|") {
                let text = cell.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty, !text.allSatisfy({ $0 == "-" || $0 == ":" }) else { continue }
                if let last = joined.unicodeScalars.last, let first = text.unicodeScalars.first,
                    last.isASCII && last.properties.isAlphabetic || isDigit(last),
                    first.isASCII && first.properties.isAlphabetic || isDigit(first)
                {
                    joined += " "
                }
                joined += text
            }
            if !joined.isEmpty { result.append(joined) }
        }
        return result[...]
    }

    /// `text` without what 《…》 and 〈…〉 enclose: a year or body inside a quoted document's title is
    /// that document's.
    private static func withoutQuotedTitles(_ text: String) -> String {
        guard text.contains("《") || text.contains("〈") || text.contains("》") || text.contains("〉") else {
            return text
        }
        var depth = startsInsideQuotedTitle(text.unicodeScalars) ? 1 : 0
        var kept = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if !followQuotes(scalar, &depth), depth == 0 { kept.append(scalar) }
        }
        return String(kept)
    }

    /// Counts how deep `scalar` leaves a text inside 《…》 or 〈…〉; true when it is one of those marks.
    private static func followQuotes(_ scalar: Unicode.Scalar, _ depth: inout Int) -> Bool {
        switch scalar {
        case "《", "〈": depth += 1
        case "》", "〉": depth = max(0, depth - 1)
        default: return false
        }
        return true
    }

    /// Words a body's name ends with, for telling a name from other words in a sentence.
    private static let organizationEndings = [
        "局", "委", "委员会", "办", "办公室", "厅", "政府", "中心", "院", "所", "会",
        "部", "处", "站", "队", "馆", "署", "街道", "镇", "乡", "区", "县", "市", "公司", "集团",
    ]
    /// Verbs that follow the body at the start of a report's first sentences.
    private static let sentenceVerbs = ["认真", "坚持", "深入", "全面", "严格", "继续", "进一步", "紧紧", "按照", "根据", "围绕", "以"]

    /// The body a report's first sentences name: `本报告由X编制`, `本报告由X根据…编制`, or a year then the
    /// body then a verb (`2021年，X坚持…`, `2021年X认真贯彻…`). Only a name that ends like a body's name.
    static func sentenceOrganization(_ lines: [String]) -> String? {
        for line in lines.prefix(40) {
            let simple = withoutQuotedTitles(LabelNormalizer.simplified(line))
            var candidate: Substring?
            if let by = simple.range(of: "本报告由") {
                let rest = simple[by.upperBound...]
                let stops = ["编制", "根据", "按照", "依据", "依照", "汇总"].compactMap { rest.range(of: $0)?.lowerBound }
                if let stop = stops.min() { candidate = rest[..<stop] }
            } else if let year = simple.range(
                of: #"^\s*((19|20)\d\d|[一二][〇○零九][〇○零一二三四五六七八九]{2})\s*年度?\s*[，,]?\s*"#,
                options: .regularExpression)
            {
                let rest = simple[year.upperBound...]
                let stops = sentenceVerbs.compactMap { rest.range(of: $0)?.lowerBound }
                if let stop = stops.min() { candidate = rest[..<stop] }
            }
            guard let name = candidate?.trimmingCharacters(in: .whitespaces), (2...30).contains(name.count),
                organizationEndings.contains(where: { name.hasSuffix($0) }),
                !name.contains(where: { "，,。；;：:、".contains($0) })
            else { continue }
            // The printed spelling: simplification keeps every character's place. No body's name holds a
            // space: PDF text spaces digits from ideographs (`第 2 看守所`) and converters join wrapped lines
            // with one.
            let start = simple.distance(from: simple.startIndex, to: simple.range(of: name)!.lowerBound)
            let printed = withoutQuotedTitles(line)
            guard printed.count == simple.count else { return name.filter { !$0.isWhitespace } }
            let from = printed.index(printed.startIndex, offsetBy: start)
            return String(printed[from..<printed.index(from, offsetBy: name.count)].filter { !$0.isWhitespace })
        }
        return nil
    }

    /// True for a line that is a year and nothing else (`2024`).
    private static func isBareYear(_ line: String) -> Bool {
        let scalars = line.unicodeScalars.filter { !$0.properties.isWhitespace }
        return scalars.count == 4 && scalars.allSatisfy(isDigit)
            && (scalars.first == "1" || scalars.first == "2")
    }

    /// True for a short line that could be a body's name on its own: no punctuation, no figure, and not
    /// a heading of the report (`政府信息公开`).
    private static func namesBodyAlone(_ line: String) -> Bool {
        let scalars = line.unicodeScalars.filter { !$0.properties.isWhitespace }
        guard (3...30).contains(scalars.count),
            scalars.allSatisfy({ $0.properties.isIdeographic || $0 == "（" || $0 == "）" || $0 == "(" || $0 == ")" })
        else { return false }
        return line.withBytes { bytes in
            !ByteSearch.contains(bytes, "公开") && !ByteSearch.contains(bytes, "公開") && !ByteSearch.contains(bytes, "报告")
                && !ByteSearch.contains(bytes, "報告")
        }
    }

    /// True when `next` may finish a report title that `line` began: `next` names a report, and
    /// `line` ends with no sentence or clause mark and is either long (prose wrapped at the page's
    /// width: `…现特向社会公布2020年度呼图壁` / `县商务和…年度报告。`) or a title's first line
    /// (`呼图壁县商务和工业信息化局` / `2020年政府信息公开工作年度报告`).
    static func continuesOnNextLine(_ line: String, next: String) -> Bool {
        let nextNamesReport = next.withBytes { bytes in
            ByteSearch.contains(bytes, "报告") || ByteSearch.contains(bytes, "報告")
        }
        guard nextNamesReport, let last = line.unicodeScalars.last,
            !"。：:；;！？!?，,)）】》>".unicodeScalars.contains(last)
        else { return false }
        let length = line.unicodeScalars.count
        if length >= 24 { return true }
        let lineNamesDisclosure = line.withBytes { bytes in
            ByteSearch.contains(bytes, "公开") || ByteSearch.contains(bytes, "公開")
        }
        return length >= 4 && !lineNamesDisclosure
    }

    /// True for a line with a colon or a date or time label, the lines `labelledValue` can read.
    private static func mayHoldLabelledValue(_ line: String) -> Bool {
        line.withBytes { bytes in
            ByteSearch.contains(bytes, byte: 0x3A) || ByteSearch.contains(bytes, "：")
                || ByteSearch.contains(bytes, "日期")
                || ByteSearch.contains(bytes, "时间") || ByteSearch.contains(bytes, "時間")
        }
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
        let mayBeTitle = line.withBytes { bytes in
            (ByteSearch.contains(bytes, "公开") || ByteSearch.contains(bytes, "公開"))
                && (ByteSearch.contains(bytes, "报告") || ByteSearch.contains(bytes, "報告"))
        }
        guard mayBeTitle else { return nil }
        let original = Array(line.unicodeScalars)
        let s = Array(LabelNormalizer.simplified(line).unicodeScalars)
        guard s.count == original.count else { return nil }
        var searchFrom = 0
        while let i = find(disclosure, in: s, from: searchFrom) {
            searchFrom = i + 1
            // A report named inside a quoted document title (《关于做好2021年政府信息公开工作年度报告…的通知》)
            // is not this report.
            guard !isInsideQuotedTitle(s, at: i), let end = reportEnd(s, after: i + disclosure.count) else { continue }
            var orgEnd = i
            if i >= 2, s[i - 2] == "政", s[i - 1] == "府" { orgEnd = i - 2 }
            orgEnd = skipSpaces(s, backFrom: orgEnd)
            var year: Int?
            if let (value, yearStart) = yearBefore(s, end: orgEnd) {
                year = value
                orgEnd = skipSpaces(s, backFrom: yearStart)
            }
            var orgStart = orgEnd
            // Spaces a converter put where a line of the name wrapped (`呼图壁县商务 和工业信息化局`), kept
            // only when the name then runs back to the year before it.
            var wrapSpaces: [Int] = []
            while orgStart > 0, orgEnd - orgStart < 40 {
                // A year in Chinese numerals before the body (`二〇一九年上海市…`) is not the name.
                if orgStart < orgEnd, s[orgStart] == "年", fourDigitYear(s, endingAt: orgStart) != nil { break }
                if isOrganizationScalar(s[orgStart - 1]) {
                    orgStart -= 1
                    continue
                }
                if wrapSpaces.count < 3, s[orgStart - 1] == " ", orgStart >= 2, orgStart < orgEnd,
                    isIdeograph(s[orgStart - 2]), isIdeograph(s[orgStart])
                {
                    wrapSpaces.append(orgStart - 1)
                    orgStart -= 1
                    continue
                }
                // Digits inside a name stay (第0号测试单位, `第 2 看守所` as PDF text spaces them, the spaces
                // taken out with every name's at the end); digits before 年 are a year, not the name.
                let afterDigits = orgStart > 0 && s[orgStart - 1] == " " ? orgStart - 1 : orgStart
                var digits = afterDigits
                while digits > 0, isDigit(s[digits - 1]) { digits -= 1 }
                let beforeDigits = digits > 0 && s[digits - 1] == " " ? digits - 1 : digits
                guard digits < afterDigits, orgStart < orgEnd, s[orgStart] != "年", beforeDigits > 0,
                    s[beforeDigits - 1] == "第"
                else { break }
                orgStart = beforeDigits
            }
            if let nearest = wrapSpaces.first,
                !(s[orgStart] == "年" && fourDigitYear(s, endingAt: skipSpaces(s, backFrom: orgStart)) != nil)
            {
                orgStart = nearest + 1
                wrapSpaces = []
            }
            // A year printed before the body: `2019年上海市…`, `2020年度呼图壁县…`.
            var matchStart = orgStart
            if orgStart < orgEnd, s[orgStart] == "年",
                let value = fourDigitYear(s, endingAt: skipSpaces(s, backFrom: orgStart))
            {
                year = year ?? value
                matchStart = skipSpaces(s, backFrom: orgStart) - 4
                orgStart += 1
                if orgStart < orgEnd, s[orgStart] == "度" { orgStart += 1 }
                while orgStart < orgEnd, s[orgStart] == " " { orgStart += 1 }
            } else if let (value, yearStart) = yearBefore(s, end: skipSpaces(s, backFrom: orgStart)) {
                year = year ?? value
                matchStart = yearStart
            }
            let isTitleLine = s.count <= 60 && !s.contains("。")
            let title = UTF8Whitespace.trim(string(original[matchStart..<end]), keepingTabs: false)
            guard orgEnd - orgStart >= 2 else {
                // A title with its year and no body (`2019` / `年度政府信息公开工作年度报告` joined) names the year.
                guard let year else { continue }
                return TitleMatch(year: year, organization: nil, isTitleLine: isTitleLine, title: title)
            }
            // A browser's print header before the title: `12/3/26, 6:30 AM`.
            if orgEnd - orgStart > 4, orgStart >= 2, s[orgStart - 1] == " ", isDigit(s[orgStart - 2]),
                ["AM", "PM", "am", "pm"].contains(string(s[orgStart..<(orgStart + 2)])), isIdeograph(s[orgStart + 2])
            {
                orgStart += 2
            }
            var organization =
                wrapSpaces.isEmpty
                ? string(original[orgStart..<orgEnd])
                : string(ArraySlice((orgStart..<orgEnd).filter { !wrapSpaces.contains($0) }.map { original[$0] }))
            for prefix in organizationPrefixes
            where organization.unicodeScalars.first == prefix.unicodeScalars.first && organization.hasPrefix(prefix) {
                organization = String(organization.dropFirst(prefix.count))
            }
            // `本机关政府信息公开工作年度报告`, `我局…`: the report's own body, not named.
            let isSelfReference = Self.selfReferences.contains(organization)
            // `X年政府信息公开…` whose year's digits stand elsewhere (a converter's text box of their own):
            // 年 and 年度 end the year, not the name.
            if year == nil {
                for suffix in ["年度", "年"] where organization.hasSuffix(suffix) {
                    organization = String(organization.dropLast(suffix.count))
                    break
                }
            }
            let orgKey = LabelNormalizer.matchKey(organization)
            // Keys hold single-scalar characters, and none of 政府信息 has another canonical spelling, so
            // comparing bytes is `hasSuffix`. A name starting with 年 or 度 is what is left of a year printed
            // on the line before. 政府 alone is what is left of `年政府 信息公开` spaced out: no body's name.
            let validOrganization =
                !isSelfReference && orgKey.unicodeScalars.count >= 2
                && !orgKey.utf8.reversed().starts(with: "政府信息".utf8.reversed())
                && orgKey != "政府" && orgKey != "人民政府"
                && orgKey.unicodeScalars.first.map { $0 != "年" && $0 != "度" } ?? false
            return TitleMatch(
                year: year, organization: validOrganization ? organization : nil, isTitleLine: isTitleLine, title: title
            )
        }
        return nil
    }

    private static let disclosure = Array("信息公开".unicodeScalars)

    /// What a report calls its own body instead of naming it (`本机关`, `我局`), after the prefix `本`
    /// is taken off.
    private static let selfReferences: Set<String> = [
        "机关", "機關", "行政机关", "行政機關", "单位", "單位", "部门", "部門", "我局", "我委", "我办", "我辦", "我单位",
        "我單位", "我部门", "我部門", "我机关", "我機關", "局", "委", "办", "辦", "院", "厅", "廳",
    ]

    /// Words printed before a body's name that are not part of it. Only a name starting with a
    /// prefix's first scalar can have that prefix: none of them has another canonically equivalent form.
    private static let organizationPrefixes = ["关于", "關於", "现将", "現將", "现对", "現對", "公布", "本"]

    /// The text of `scalars`.
    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        String(unsafeUninitializedCapacity: scalars.count * 4) { out in
            var count = 0
            for scalar in scalars { count = UTF8Scalars.encode(scalar.value, into: out, at: count) }
            return count
        }
    }

    /// Where `(工作)(年度)(工作)报告` ends, when it starts at `index`.
    private static func reportEnd(_ s: [Unicode.Scalar], after index: Int) -> Int? {
        /// Where `word` ends when it is printed from `start` on, a converter's space where a line
        /// wrapped (`信息公开工 作年度报告`) allowed after each ideograph.
        func end(of word: [Unicode.Scalar], from start: Int) -> Int? {
            var i = start
            for scalar in word {
                if i + 1 < s.count, i > 0, s[i] == " ", s[i + 1] == scalar, isIdeograph(s[i - 1]) { i += 1 }
                guard i < s.count, s[i] == scalar else { return nil }
                i += 1
            }
            return i
        }
        var i = index
        for word in reportWords {
            if let wordEnd = end(of: word, from: i) { i = wordEnd }
        }
        return end(of: report, from: i)
    }

    private static let reportWords = [
        Array("工作".unicodeScalars), Array("年度".unicodeScalars), Array("工作".unicodeScalars),
    ]
    private static let report = Array("报告".unicodeScalars)

    /// The value of the four digits just before `end`, when no digit comes before them: ASCII digits, or
    /// a year in Chinese numerals (`二〇二一`, `二零二一`, `一九九九`).
    private static func fourDigitYear(_ s: [Unicode.Scalar], endingAt end: Int) -> Int? {
        guard end >= 4 else { return nil }
        if (end - 4..<end).allSatisfy({ isDigit(s[$0]) }), end < 5 || !isDigit(s[end - 5]) {
            return (end - 4..<end).reduce(0) { $0 * 10 + Int(s[$1].value - 0x30) }
        }
        return chineseNumeralYear(s[(end - 4)..<end], after: end > 4 ? s[end - 5] : nil)
    }

    /// A year from 1900 to 2099 in four Chinese numerals, `〇`, `○` or `零` for zero, when `previous` is
    /// not a numeral too.
    private static func chineseNumeralYear(_ scalars: ArraySlice<Unicode.Scalar>, after previous: Unicode.Scalar?)
        -> Int?
    {
        guard scalars.count == 4, previous.map({ chineseDigit($0) == nil }) ?? true else { return nil }
        var value = 0
        for scalar in scalars {
            guard let digit = chineseDigit(scalar) else { return nil }
            value = value * 10 + digit
        }
        return (1900...2099).contains(value) ? value : nil
    }

    private static func chineseDigit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "〇", "○", "零": 0
        case "一": 1
        case "二": 2
        case "三": 3
        case "四": 4
        case "五": 5
        case "六": 6
        case "七": 7
        case "八": 8
        case "九": 9
        default: nil
        }
    }

    /// A year `\d{4}\s*年度?\s*` ending at `end`: its value and where it starts.
    private static func yearBefore(_ s: [Unicode.Scalar], end: Int) -> (Int, Int)? {
        var i = end
        if i > 0, s[i - 1] == "度" { i -= 1 }
        guard i > 0, s[i - 1] == "年" else { return nil }
        i = skipSpaces(s, backFrom: i - 1)
        guard let year = fourDigitYear(s, endingAt: i) else { return nil }
        return (year, i - 4)
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

    /// The last path component of `source` without its extension (`a/b.zip/X报告.pdf` → `X报告`).
    private static func fileStem(_ source: String) -> String {
        let name = source.split(separator: "/").last.map(String.init) ?? source
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// True when `index` lies inside 《…》 or 〈…〉 opened before it on the line.
    private static func isInsideQuotedTitle(_ s: [Unicode.Scalar], at index: Int) -> Bool {
        var depth = startsInsideQuotedTitle(s) ? 1 : 0
        for scalar in s[..<index] { _ = followQuotes(scalar, &depth) }
        return depth > 0
    }

    /// `line` without the spaces between its ideographs when it is spaced out as OCR and some PDF
    /// extractors print text (`新 乐 市 人 民 政 府`, `呼 图壁县商务 和工业信息 化局`): at least three such
    /// spaces, and at least one for every six ideographs. A line with a space or two between words
    /// (`信息来源：市政府办公室 发布日期：…`) is left as it is.
    private static let ideographicSpace = "\u{3000}"

    static func closingSpacedIdeographs(_ line: String) -> String {
        // Most lines have fewer than three runs of spaces between wide characters and no ideographic space
        // (U+3000): nothing to close. A wide character ends in a byte from 0x80 and starts with one from
        // 0xE3, so a run of spaces between two has those bytes around it (table rows' ` | ` do not).
        let mayBeSpacedOut = line.withBytes { bytes -> Bool in
            if ByteSearch.contains(bytes, Self.ideographicSpace) { return true }
            var runs = 0
            var start = 0
            while let space = ByteSearch.firstIndex(of: 0x20, in: bytes, from: start) {
                var end = space + 1
                while end < bytes.count, bytes[end] == 0x20 { end += 1 }
                if space > 0, bytes[space - 1] >= 0x80, end < bytes.count, bytes[end] >= 0xE3 {
                    runs += 1
                    if runs >= 3 { return true }
                }
                start = end
            }
            return false
        }
        guard mayBeSpacedOut else { return line }
        let scalars = Array(line.unicodeScalars)
        func isWide(_ s: Unicode.Scalar) -> Bool {
            isIdeograph(s) || (0x3000...0x303F).contains(s.value) || (0xFF01...0xFF60).contains(s.value)
        }
        var ideographs = 0
        var gaps: [Range<Int>] = []
        var index = 0
        while index < scalars.count {
            if isIdeograph(scalars[index]) { ideographs += 1 }
            guard isWide(scalars[index]) else {
                index += 1
                continue
            }
            var next = index + 1
            while next < scalars.count, scalars[next] == " " || scalars[next] == "\u{3000}" { next += 1 }
            if next > index + 1, next < scalars.count, isWide(scalars[next]) { gaps.append(index + 1..<next) }
            index = next
        }
        guard gaps.count >= 3, gaps.count * 6 >= ideographs else { return line }
        var kept = String.UnicodeScalarView()
        var from = 0
        for gap in gaps {
            kept.append(contentsOf: scalars[from..<gap.lowerBound])
            from = gap.upperBound
        }
        kept.append(contentsOf: scalars[from...])
        return String(kept)
    }

    /// True when the first quote mark of a line closes a title (`…年度报告编制和发布工作的通知》`): the
    /// line goes on with a title the line before opened.
    private static func startsInsideQuotedTitle<Scalars: Sequence<Unicode.Scalar>>(_ scalars: Scalars) -> Bool {
        for scalar in scalars {
            switch scalar {
            case "《", "〈": return false
            case "》", "〉": return true
            default: continue
            }
        }
        return false
    }

    /// A CJK ideograph (U+3400 on, short of the compatibility and full-width forms).
    private static func isIdeograph(_ s: Unicode.Scalar) -> Bool {
        (0x3400...0x9FFF).contains(s.value) || (0x20000...0x3FFFF).contains(s.value)
    }

    /// Characters an issuing body's name is made of: anything but digits, spaces and punctuation.
    private static func isOrganizationScalar(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "，", ",", "。", "；", ";", "：", ":", "、", "“", "”", "《", "》": false
        default: !isDigit(s) && !UTF8Whitespace.isSpace(s)
        }
    }

    /// The text after `label:` up to the next space, cut from the printed line.
    private static func labelledValue(_ simple: String, original: String, labels: [String]) -> String? {
        for label in labels where simple.containsBytes(label) {
            guard let range = simple.range(of: label) else { continue }
            var index = range.upperBound
            while index < simple.endIndex, simple[index] == " " || simple[index] == ":" || simple[index] == "：" {
                index = simple.index(after: index)
            }
            guard index > range.upperBound || simple[range.upperBound...].first.map({ $0.isNumber }) == true else {
                continue
            }
            let start = simple.distance(from: simple.startIndex, to: index)
            let originalStart =
                original.index(original.startIndex, offsetBy: start, limitedBy: original.endIndex) ?? original.endIndex
            let rest = original[originalStart...]
            var value = ""
            var seenDateSpace = false
            for ch in rest {
                if ch == " " || ch == "\u{3000}" || ch == "\t" {
                    // A time after a date belongs to the date; anything else ends the value.
                    if !seenDateSpace, value.count == 10, value.first?.isNumber == true {
                        seenDateSpace = true
                        value.append(" ")
                        continue
                    }
                    break
                }
                if ch == "|" || ch == "│" || ch == "【" || ch == "[" { break }
                value.append(ch)
            }
            if mayEndInWhitespace(value) { value = value.trimmingCharacters(in: .whitespaces) }
            if !value.isEmpty { return value }
        }
        return nil
    }

    /// False when both ends of `text` are letters, digits, ideographs or ASCII punctuation, which
    /// `CharacterSet.whitespaces` (space separators and the tab) never holds: trimming would keep it.
    private static func mayEndInWhitespace(_ text: String) -> Bool {
        func isPlainlyNotWhitespace(_ scalar: Unicode.Scalar) -> Bool {
            (0x21...0x7E).contains(scalar.value) || (0x3400...0x9FFF).contains(scalar.value)
        }
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        return !isPlainlyNotWhitespace(first) || !isPlainlyNotWhitespace(last)
    }

    /// `2022-01-22 20:19`, `2021年1月20日` → `2022-01-22`, `2021-01-20`.
    static func normalizedDate(_ text: String) -> String? {
        LabelNormalizer.simplified(text).withBytes { s -> String? in
            var i = 0
            while i + 4 <= s.count {
                defer { i += 1 }
                guard (i..<(i + 4)).allSatisfy({ isDigit(s[$0]) }), i == 0 || !isDigit(s[i - 1]) else { continue }
                var j = i + 4
                func separator(_ allowed: (UInt32) -> Bool) -> Bool {
                    while j < s.count, s[j] == 0x20 { j += 1 }
                    guard j < s.count else { return false }
                    let (value, length) = UTF8Scalars.decode(s, at: j)
                    guard allowed(value) else { return false }
                    j += length
                    while j < s.count, s[j] == 0x20 { j += 1 }
                    return true
                }
                func number() -> Int? {
                    var value = 0
                    var digits = 0
                    while j < s.count, digits < 2, isDigit(s[j]) {
                        value = value * 10 + Int(s[j] - 0x30)
                        digits += 1
                        j += 1
                    }
                    return digits > 0 ? value : nil
                }
                guard separator({ $0 == 0x2D || $0 == 0x2F || $0 == 0x5E74 || $0 == 0x2E }), let month = number(),
                    separator({ $0 == 0x2D || $0 == 0x2F || $0 == 0x6708 || $0 == 0x2E }), let day = number(),
                    (1...12).contains(month), (1...31).contains(day)
                else { continue }
                // The year as printed (four digits), then the month and day with two digits each.
                return String(unsafeUninitializedCapacity: 10) { out in
                    for k in 0..<4 { out[k] = s[i + k] }
                    out[4] = 0x2D
                    out[5] = UInt8(0x30 + month / 10)
                    out[6] = UInt8(0x30 + month % 10)
                    out[7] = 0x2D
                    out[8] = UInt8(0x30 + day / 10)
                    out[9] = UInt8(0x30 + day % 10)
                    return 10
                }
            }
            return nil
        }
    }

    /// The first `19xx年` or `20xx年`.
    private static func firstYear(_ text: String) -> Int? {
        text.withBytes { s -> Int? in
            var i = 0
            while i + 4 < s.count {
                defer { i += 1 }
                guard (s[i] == 0x31 && s[i + 1] == 0x39) || (s[i] == 0x32 && s[i + 1] == 0x30),
                    isDigit(s[i + 2]), isDigit(s[i + 3]), i == 0 || !isDigit(s[i - 1])
                else { continue }
                var j = i + 4
                while j < s.count, s[j] == 0x20 { j += 1 }
                if j < s.count, UTF8Scalars.decode(s, at: j).value == 0x5E74 {
                    return (i..<(i + 4)).reduce(0) { $0 * 10 + Int(s[$1] - 0x30) }
                }
            }
            return nil
        }
    }

    /// The first year in Chinese numerals followed by 年 (`二〇一九年`).
    private static func firstChineseNumeralYear(_ text: String) -> Int? {
        guard text.containsBytes("年") else { return nil }
        let s = Array(text.unicodeScalars)
        for index in s.indices where index >= 4 && s[index] == "年" {
            if let year = chineseNumeralYear(s[(index - 4)..<index], after: index > 4 ? s[index - 5] : nil) {
                return year
            }
        }
        return nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
}
