import GIConvertCore

/// List numbers as Word generates them from `word/numbering.xml` ("一、", "（二）", "3."), so that section
/// headings typed as a numbered list read as they print. Counters run per abstract list, as in Word.
struct Numbering {
    struct Level {
        var format = "decimal"
        var text = ""
        var start = 1
    }

    /// The list definitions of `word/numbering.xml`.
    struct Definitions {
        /// `w:num` id → `w:abstractNum` id.
        var instances: [Int: Int] = [:]
        /// Abstract list id → level → definition.
        var levels: [Int: [Int: Level]] = [:]
        /// Problems with the list definitions that were worked around (a start number out of range).
        var warnings: [ReaderWarning] = []
    }

    var definitions = Definitions()
    /// Paragraph style id → (numId, level, basedOn) from `word/styles.xml`.
    var styleNumbering: [String: StyleNumbering] = [:]
    /// Problems with the list definitions that were worked around (a start number out of range).
    var warnings: [ReaderWarning] { definitions.warnings }
    private var counters: [Int: [Int?]] = [:]
    /// Reads `word/numbering.xml` the first time a paragraph is numbered.
    private var loadDefinitions: (() -> Definitions)?
    /// Reads `styleNumbering` from `word/styles.xml` the first time a paragraph names a style and no
    /// list. Many documents need neither, and python-docx's `styles.xml` alone is ten times the size
    /// of a report's `document.xml`.
    private var loadStyles: (() -> [String: StyleNumbering])?

    init() {}

    /// Numbering whose parts are read on first use.
    init(definitions: @escaping () -> Definitions, styles: @escaping () -> [String: StyleNumbering]) {
        loadDefinitions = definitions
        loadStyles = styles
    }

    struct StyleNumbering {
        var numId: Int?
        var level: Int?
        var basedOn: String?
    }

    /// The rendered number of the next paragraph of list `numId` at `level`, or nil when the paragraph
    /// is not numbered (or bulleted: a bullet is not text worth keeping).
    mutating func label(numId: Int?, level: Int?, style: String?) -> String? {
        var numId = numId
        var level = level
        if numId == nil, let style {
            if let load = loadStyles {
                loadStyles = nil
                styleNumbering = load()
            }
            var current: String? = style
            var seen = Set<String>()
            while let id = current, !seen.contains(id), let definition = styleNumbering[id] {
                seen.insert(id)
                if numId == nil { numId = definition.numId }
                if level == nil { level = definition.level }
                current = definition.basedOn
            }
        }
        guard let numId, numId != 0 else { return nil }
        if let load = loadDefinitions {
            loadDefinitions = nil
            definitions = load()
        }
        guard let abstract = self.definitions.instances[numId], let definitions = self.definitions.levels[abstract]
        else { return nil }
        let ilvl = max(0, min(level ?? 0, 8))
        guard let definition = definitions[ilvl] else { return nil }
        var counts = counters[abstract] ?? Array(repeating: nil, count: 9)
        counts[ilvl] = (counts[ilvl] ?? (definition.start - 1)) + 1
        for deeper in (ilvl + 1)..<9 { counts[deeper] = nil }
        counters[abstract] = counts
        if definition.format == "bullet" || definition.format == "none" { return nil }
        var result = ""
        var characters = definition.text.makeIterator()
        while let character = characters.next() {
            if character == "%" {
                guard let digit = characters.next() else { break }
                if let n = digit.wholeNumberValue, (1...9).contains(n) {
                    let levelDefinition = definitions[n - 1] ?? Level()
                    let value = counts[n - 1] ?? levelDefinition.start
                    result += Self.format(value, levelDefinition.format)
                } else {
                    result.append(digit)
                }
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The start numbers a list level may have, as Word's "Start at" allows: a list never counts past
    /// what its paragraphs add to the top of it, so a counter never overflows.
    static let startRange = 0...32767
    /// The largest number written with letters (`ZZZ…`, 30 of them); larger ones are written in digits,
    /// so a paragraph number never grows with its value.
    static let largestLetterNumber = 26 * 30

    static func format(_ value: Int, _ format: String) -> String {
        switch format {
        case "chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
            "ideographDigital", "taiwaneseCountingThousand":
            return chinese(value)
        case "chineseLegalSimplified":
            return chinese(value).map { legal[$0] ?? String($0) }.joined()
        case "ideographTraditional":
            let stems = Array("甲乙丙丁戊己庚辛壬癸")
            return value >= 1 && value <= 10 ? String(stems[value - 1]) : String(value)
        case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
            return value >= 1 && value <= 20
                ? String(Character(Unicode.Scalar(0x2460 + UInt32(value - 1))!)) : String(value)
        case "decimalFullWidth", "decimalFullWidth2":
            return String(value).map { c in
                c.isASCII && c.isWholeNumber
                    ? String(Character(Unicode.Scalar(0xFF10 + UInt32(c.asciiValue! - 48))!)) : String(c)
            }.joined()
        case "decimalZero": return value < 10 ? "0\(value)" : String(value)
        case "upperRoman": return roman(value)
        case "lowerRoman": return roman(value).lowercased()
        case "upperLetter": return letter(value)
        case "lowerLetter": return letter(value).lowercased()
        default: return String(value)
        }
    }

    private static let legal: [Character: String] = [
        "一": "壹", "二": "贰", "三": "叁", "四": "肆", "五": "伍", "六": "陆", "七": "柒", "八": "捌", "九": "玖",
        "十": "拾", "百": "佰", "千": "仟", "〇": "零", "零": "零",
    ]

    /// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五.
    static func chinese(_ value: Int) -> String {
        let digits = Array("〇一二三四五六七八九")
        guard value > 0, value < 10000 else { return String(value) }
        if value < 10 { return String(digits[value]) }
        if value < 20 { return "十" + (value % 10 == 0 ? "" : String(digits[value % 10])) }
        let units = ["", "十", "百", "千"]
        var result = ""
        var zero = false
        let parts = String(value).compactMap(\.wholeNumberValue)
        for (i, d) in parts.enumerated() {
            let unit = units[parts.count - 1 - i]
            if d == 0 {
                zero = true
            } else {
                if zero, !result.isEmpty { result += "零" }
                zero = false
                result += String(digits[d]) + unit
            }
        }
        return result
    }

    static func roman(_ value: Int) -> String {
        guard value > 0, value < 4000 else { return String(value) }
        let table: [(Int, String)] = [
            (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
        ]
        var n = value
        var result = ""
        for (v, s) in table {
            while n >= v {
                result += s
                n -= v
            }
        }
        return result
    }

    static func letter(_ value: Int) -> String {
        guard value > 0, value <= largestLetterNumber else { return String(value) }
        let c = Character(Unicode.Scalar(UInt8(65 + (value - 1) % 26)))
        return String(repeating: c, count: (value - 1) / 26 + 1)
    }

    /// Reads `word/numbering.xml`.
    static func parse(_ bytes: [UInt8]) throws(InputError) -> Definitions {
        var handler = DefinitionsHandler()
        try StreamingParser.parse(bytes, partName: "word/numbering.xml", into: &handler)
        return handler.numbering
    }

    private struct DefinitionsHandler: XMLContentHandler {
        var numbering = Definitions()
        var abstract: Int?
        var level: Int?
        var num: Int?

        mutating func startElement(_ event: XMLStartElement) {
            guard event.namespace == .word else { return }
            switch event.name {
            case .abstractNum:
                abstract = event.attribute("abstractNumId").flatMap { Int($0) }
            case .lvl:
                level = event.attribute("ilvl").flatMap { Int($0) }
                if let abstract, let level, num == nil { numbering.levels[abstract, default: [:]][level] = Level() }
            case .numFmt:
                if let abstract, let level, num == nil, let value = event.attribute("val") {
                    numbering.levels[abstract]?[level]?.format = value
                }
            case .lvlText:
                if let abstract, let level, num == nil, let value = event.attribute("val") {
                    numbering.levels[abstract]?[level]?.text = value
                }
            case .start:
                if let abstract, let level, num == nil, let printed = event.attribute("val"),
                    let value = Int(printed) ?? Self.beyondInt(printed)
                {
                    let start = min(max(value, Numbering.startRange.lowerBound), Numbering.startRange.upperBound)
                    if start != value {
                        numbering.warnings.append(
                            .listStartOutOfRange(printed: printed, allowed: Numbering.startRange, numberedFrom: start))
                    }
                    numbering.levels[abstract]?[level]?.start = start
                }
            case .num:
                num = event.attribute("numId").flatMap { Int($0) }
            case .abstractNumId:
                if let num, let value = event.attribute("val").flatMap({ Int($0) }) { numbering.instances[num] = value }
            default: break
            }
        }

        /// `Int.max` or `Int.min` for a whole number too large for an `Int` (as far out of range as those
        /// are), nil for text that is no number.
        private static func beyondInt(_ printed: String) -> Int? {
            let digits = printed.hasPrefix("-") || printed.hasPrefix("+") ? printed.dropFirst() : printed[...]
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isWholeNumber }) else { return nil }
            return printed.hasPrefix("-") ? Int.min : Int.max
        }

        mutating func endElement(_ event: XMLEndElement) {
            guard event.namespace == .word else { return }
            switch event.name {
            case .abstractNum: abstract = nil
            case .lvl: level = nil
            case .num: num = nil
            default: break
            }
        }

        mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {}
    }

    /// Reads the numbering that paragraph styles carry in `word/styles.xml` (Word's built-in heading
    /// styles linked to a multilevel list).
    static func parseStyles(_ bytes: [UInt8]) throws(InputError) -> [String: StyleNumbering] {
        var handler = StylesHandler()
        try StreamingParser.parse(bytes, partName: "word/styles.xml", into: &handler)
        return handler.result
    }

    private struct StylesHandler: XMLContentHandler {
        var result: [String: StyleNumbering] = [:]
        var style: String?
        var current = StyleNumbering()
        var inParagraphProperties = false

        mutating func startElement(_ event: XMLStartElement) {
            guard event.namespace == .word else { return }
            switch event.name {
            case .style:
                style = event.attribute("type") == "paragraph" ? event.attribute("styleId") : nil
                current = StyleNumbering()
            case .basedOn: if style != nil { current.basedOn = event.attribute("val") }
            case .pPr: if style != nil, !event.isEmpty { inParagraphProperties = true }
            case .numId:
                if style != nil, inParagraphProperties { current.numId = event.attribute("val").flatMap { Int($0) } }
            case .ilvl:
                if style != nil, inParagraphProperties { current.level = event.attribute("val").flatMap { Int($0) } }
            default: break
            }
        }

        mutating func endElement(_ event: XMLEndElement) {
            guard event.namespace == .word else { return }
            if event.name == .style, let id = style {
                if current.numId != nil || current.level != nil || current.basedOn != nil { result[id] = current }
                style = nil
            }
            if event.name == .pPr { inParagraphProperties = false }
        }

        mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {}
    }
}
