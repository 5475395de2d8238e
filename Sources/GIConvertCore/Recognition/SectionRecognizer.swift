import GIConvertBytes

/// Finds the six numbered section headings among a document's paragraph lines.
enum SectionRecognizer {
    struct Heading {
        var kind: SectionKind
        /// Index into the document's paragraph lines.
        var lineIndex: Int
        var text: String
    }

    /// The headings found, in order; a heading is looked for only after the one before it.
    static func headings(in lines: [ParagraphLine]) -> [Heading] {
        // Headings are short: normalise only lines that could be one, and each once.
        var headingKinds: [(index: Int, kinds: KindSet)] = []
        for index in lines.indices where mayBeHeading(lines[index].text) {
            guard let candidate = Candidate(lines[index].text) else { continue }
            var kinds = KindSet()
            for kind in SectionKind.allCases where isHeading(candidate, kind: kind) { kinds.insert(kind) }
            if !kinds.isEmpty { headingKinds.append((index, kinds)) }
        }
        var found: [Heading] = []
        var next = 0
        for kind in SectionKind.allCases {
            if let hit = headingKinds.first(where: { $0.index >= next && $0.kinds.contains(kind) })?.index {
                found.append(Heading(kind: kind, lineIndex: hit, text: lines[hit].text))
                next = hit + 1
            }
        }
        return found
    }

    /// True for a line short enough to be a heading: at most 60 characters.
    private static func mayBeHeading(_ text: String) -> Bool {
        let length = text.utf8.count
        return length <= 60 || (length <= 240 && text.scalarLength <= 60)
    }

    /// True when the line has a character whose match-key form is a section marker
    /// (``isSectionMarker(_:)``): a line without one can name no section.
    private static func mayNameSection(_ text: String) -> Bool {
        text.withBytes { bytes in
            UTF8Scalars.contains(bytes) { $0 >= 0x3400 && printsSectionMarker(Unicode.Scalar($0)!) }
        }
    }

    /// Characters of which every cue (``cues(_:)``) has one, and which no other spelling is canonically
    /// equivalent to, so that even `hasPrefix` needs the character itself. Replacing Taiwan phrasing
    /// never produces one.
    static func isSectionMarker(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "情", "概", "政", "申", "收", "问", "其": true
        default: false
        }
    }

    /// The characters whose match-key form (simplified twice) is a section marker: the markers and `問`.
    static func printsSectionMarker(_ scalar: Unicode.Scalar) -> Bool {
        isSectionMarker(scalar) || scalar == "問"
    }

    /// A set of section kinds, one bit each.
    private struct KindSet {
        private var bits: UInt8 = 0
        var isEmpty: Bool { bits == 0 }
        mutating func insert(_ kind: SectionKind) { bits |= 1 << index(of: kind) }
        func contains(_ kind: SectionKind) -> Bool { bits & 1 << index(of: kind) != 0 }
    }

    /// The position of `kind` in `SectionKind.allCases`.
    private static func index(of kind: SectionKind) -> Int {
        switch kind {
        case .overview: 0
        case .activeDisclosure: 1
        case .applications: 2
        case .reviewsAndLitigation: 3
        case .problems: 4
        case .otherMatters: 5
        }
    }

    static func ordinal(_ kind: SectionKind) -> Unicode.Scalar {
        switch kind {
        case .overview: "一"
        case .activeDisclosure: "二"
        case .applications: "三"
        case .reviewsAndLitigation: "四"
        case .problems: "五"
        case .otherMatters: "六"
        }
    }

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

    /// ``cues(_:)`` in UTF-8, in the order of `SectionKind.allCases`.
    private static let cueBytes: [[[UInt8]]] = SectionKind.allCases.map { cues($0).map { Array($0.utf8) } }

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
        /// The number of scalars in the key.
        let keyLength: Int
        /// The key without its numbering.
        let body: String
        let numbering: Numbering

        init?(_ text: String) {
            // Table cells and numbered items are never section headings; most short lines are those.
            guard let lead = text.unicodeScalars.first(where: { !UTF8Whitespace.isSpace($0) }),
                !(0x30...0x39).contains(lead.value), lead != "(", lead != "（", lead != "|"
            else { return nil }
            // A line that can name no section is not normalised.
            guard SectionRecognizer.mayNameSection(text), let normalized = Self.normalize(text) else { return nil }
            let simple = normalized.lead
            key = normalized.key
            keyLength = key.scalarLength
            guard !key.isEmpty, keyLength <= 40, simple.count > 0 else { return nil }
            let first = simple[0]
            let second = simple.count > 1 ? simple[1] : nil
            if SectionRecognizer.isNumeral(first) {
                if let second, SectionRecognizer.isSeparator(second) {
                    numbering = .ordinal(first)
                    body = Self.dropping(1, from: key)
                } else {
                    numbering = .numeralInWords
                    body = key
                }
            } else if first == "第", let second, SectionRecognizer.isNumeral(second),
                simple.count > 3, (simple[2] == "部" && simple[3] == "分") || simple[2] == "章"
            {
                numbering = .ordinal(second)
                body = Self.dropping(simple[2] == "章" ? 3 : 4, from: key)
            } else if first == "(" || (0x30...0x39).contains(first.value) {
                numbering = .lowerLevel
                body = key
            } else {
                numbering = .none
                body = key
            }
        }

        /// The first scalars of a line's simplified, trimmed text: enough to read its numbering.
        struct Lead {
            private var scalars = SIMD4<UInt32>()
            /// The number of scalars in the whole text.
            private(set) var count = 0

            mutating func append(_ scalar: Unicode.Scalar) {
                if count < 4 { scalars[count] = scalar.value }
                count += 1
            }

            subscript(index: Int) -> Unicode.Scalar { Unicode.Scalar(scalars[index])! }
        }

        /// The lead of the simplified, trimmed text and the text's match key (taken from the simplified
        /// text); `nil` for a sentence (a line with `。`, which simplifying neither adds nor removes).
        private static func normalize(_ text: String) -> (lead: Lead, key: String)? {
            if text.containsBytes("。") { return nil }
            let onePass = text.withBytes { bytes -> (lead: Lead, key: String)? in
                // White space is the same before and after simplifying, so the trimmed bytes are the
                // scalars of the trimmed simplified text.
                let trimmed = UTF8Whitespace.trimmed(bytes, 0..<bytes.count, keepingTabs: false)
                var lead = Lead()
                guard
                    let key = LabelNormalizer.keyOfSimplified(
                        utf8: UnsafeBufferPointer(rebasing: bytes[trimmed]),
                        visit: { lead.append($0) })
                else { return nil }
                return (lead, key)
            }
            if let onePass { return onePass }
            // A Taiwan phrase may be rewritten in the text itself: simplify it as a whole first.
            let simple = UTF8Whitespace.trim(LabelNormalizer.simplified(text), keepingTabs: false)
            var lead = Lead()
            for scalar in simple.unicodeScalars { lead.append(scalar) }
            return (lead, LabelNormalizer.matchKey(simple))
        }

        /// `key` without its first `count` scalars.
        private static func dropping(_ count: Int, from key: String) -> String {
            key.withBytes { bytes in
                var start = 0
                for _ in 0..<count where start < bytes.count {
                    start += UTF8Scalars.decode(bytes, at: start).length
                }
                return UTF8Scalars.string(bytes, start..<bytes.count, of: key)
            }
        }
    }

    static func isNumeral(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "一", "二", "三", "四", "五", "六", "七", "八", "九", "十": true
        default: false
        }
    }

    static func isSeparator(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "、", ".", "．", ",", " ", ":", "：", ")", "）": true
        default: false
        }
    }

    static func isHeading(_ text: String, kind: SectionKind) -> Bool {
        Candidate(text).map { isHeading($0, kind: kind) } ?? false
    }

    /// A heading is a short line, not a sentence, that names the section; with a leading numeral
    /// (`四、`, `四.`, `第四部分`) the numeral must be the section's.
    static func isHeading(_ candidate: Candidate, kind: SectionKind) -> Bool {
        let cues = cueBytes[index(of: kind)]
        switch candidate.numbering {
        case .ordinal(let numeral):
            return numeral == ordinal(kind)
                && candidate.body.withBytes { body in
                    cues.contains { cue in cue.withUnsafeBufferPointer { ByteSearch.contains(body, $0) } }
                }
        case .numeralInWords:
            return candidate.keyLength <= 24 && Self.cues(kind).contains { candidate.key.hasPrefix($0) }
        case .lowerLevel:
            return false
        case .none:
            return candidate.keyLength <= 24
                && candidate.body.withBytes { body in
                    cues.contains { cue in cue.withUnsafeBufferPointer { ByteSearch.contains(body, $0) } }
                }
        }
    }
}
