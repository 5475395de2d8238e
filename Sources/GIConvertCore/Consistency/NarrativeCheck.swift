import GIConvertBytes

/// Finds the figures the narrative states in words (`全年收到政府信息公开申请34件`, `上年结转2件`,
/// `行政复议1件`, `主动公开规范性文件13件`) and compares each with the table cell it names.
///
/// Only clauses with exactly one `N件` figure and an unambiguous subject are linked; a clause that
/// names a sum of rows (`予以公开及部分公开258件`), another year (`较去年`), a share (`占33.9%`) or
/// several subjects at once (`行政复议、行政诉讼各1件`) is left alone rather than guessed.
public enum NarrativeCheck {
    /// The narrative-mismatch findings of `report`: one per linked statement whose figure differs
    /// from its cell's (a printed blank counts as 0).
    public static func findings(_ report: Report) -> [Finding] {
        statements(in: report).filter { !$0.agrees }.map { statement in
            let cells = statement.columns.map { "\(statement.table.rawValue)/\(statement.row)/\($0)" }.joined(
                separator: " + ")
            let figure = statement.tableFigure.map(NumberFormatting.plain) ?? "blank"
            return Finding(
                kind: .narrativeMismatch, table: statement.table, row: statement.row, column: statement.columns.first,
                expected: statement.stated, printed: statement.tableFigure,
                message:
                    "the narrative states \(NumberFormatting.plain(statement.stated)) (“\(statement.sentence)”) but the table has \(figure) in \(cells)"
            )
        }
    }

    /// Every statement of the narrative linked to a cell (or, for litigation, to the two litigation
    /// totals), in text order.
    public static func statements(in report: Report) -> [NarrativeStatement] {
        guard report.tables.contains(where: \.found) else { return [] }
        var result: [NarrativeStatement] = []
        for text in [report.preamble] + report.sections.map(\.text) {
            // Lines are joined into paragraphs (text extracted from PDF wraps sentences anywhere); a line
            // ending in 。；：!? or after which nothing follows ends its paragraph. Only the sentences with
            // a figure directly before 件 are scanned; most have none.
            let candidates: [String] = text.withBytes { bytes in
                var sentences: [String] = []
                var paragraph: [UInt8] = []
                var start = 0
                while start <= bytes.count {
                    let end = ByteSearch.firstIndex(of: 0x0A, in: bytes, from: start) ?? bytes.count
                    let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    paragraph.append(contentsOf: line)
                    start = end + 1
                    if end == bytes.count || endsParagraph(line) {
                        paragraph.withUnsafeBufferPointer { paragraph in
                            guard hasFigureBeforeJian(paragraph) else { return }
                            forEachSentence(of: paragraph) { sentence in
                                if hasFigureBeforeJian(sentence, spaces: .anyWidth) {
                                    sentences.append(String(decoding: sentence, as: UTF8.self))
                                }
                            }
                        }
                        paragraph.removeAll(keepingCapacity: true)
                    }
                }
                return sentences
            }
            for line in candidates { scan(line, report, into: &result) }
        }
        return result
    }

    /// True when `line` ends (spaces aside) in 。 ； ： ! ? or their ASCII forms.
    private static func endsParagraph(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = line.count
        while end > 0, line[end - 1] == 0x20 || line[end - 1] == 0x0D { end -= 1 }
        guard end > 0 else { return true }
        let last = line[end - 1]
        if last == 0x3B || last == 0x3A || last == 0x21 || last == 0x3F { return true }
        guard end >= 3, line[end - 3] == 0xE3 || line[end - 3] == 0xEF else { return false }
        let tail = (line[end - 3], line[end - 2], line[end - 1])
        // 。 E3 80 82, ； EF BC 9B, ： EF BC 9A, ！ EF BC 81, ？ EF BC 9F
        return tail == (0xE3, 0x80, 0x82) || tail == (0xEF, 0xBC, 0x9B) || tail == (0xEF, 0xBC, 0x9A)
            || tail == (0xEF, 0xBC, 0x81) || tail == (0xEF, 0xBC, 0x9F)
    }

    /// Which spaces may stand between a figure and its `件`.
    private enum FigureSpaces {
        /// ASCII spaces only.
        case ascii
        /// Every space ``LabelNormalizer/simplified(_:)`` folds to an ASCII space as well.
        case anyWidth
    }

    /// Calls `body` with each sentence of `paragraph`: the runs between 。 ； ; ！ ! ？ ?, the
    /// terminators left out. These are the points at which ``scan(_:_:into:)`` splits sentences after
    /// folding, so scanning the sentences one by one finds what scanning the paragraph finds.
    private static func forEachSentence(
        of paragraph: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var start = 0
        var index = 0
        while index <= paragraph.count {
            var terminator = 0
            if index < paragraph.count {
                let byte = paragraph[index]
                if byte == 0x3B || byte == 0x21 || byte == 0x3F {
                    terminator = 1
                } else if index + 2 < paragraph.count, byte == 0xE3 || byte == 0xEF {
                    let tail = (byte, paragraph[index + 1], paragraph[index + 2])
                    // 。 E3 80 82, ； EF BC 9B, ！ EF BC 81, ？ EF BC 9F
                    if tail == (0xE3, 0x80, 0x82) || tail == (0xEF, 0xBC, 0x9B) || tail == (0xEF, 0xBC, 0x81)
                        || tail == (0xEF, 0xBC, 0x9F)
                    {
                        terminator = 3
                    }
                }
            }
            if index == paragraph.count || terminator > 0 {
                if index > start { body(UnsafeBufferPointer(rebasing: paragraph[start..<index])) }
                index += max(terminator, 1)
                start = index
            } else {
                index += 1
            }
        }
    }

    /// True when `line` has `件` (UTF-8 E4 BB B6) right after a digit, ASCII or full-width, spaces allowed between.
    private static func hasFigureBeforeJian(_ line: UnsafeBufferPointer<UInt8>, spaces: FigureSpaces = .ascii) -> Bool {
        var from = 0
        while let found = jianBytes.withUnsafeBufferPointer({ ByteSearch.firstIndex(of: $0, in: line, from: from) }) {
            from = found + 3
            var before = found - 1
            while before >= 0 {
                if line[before] == 0x20 {
                    before -= 1
                } else if spaces == .anyWidth, let width = foldedSpaceWidth(line, endingAt: before) {
                    before -= width
                } else {
                    break
                }
            }
            guard before >= 0 else { continue }
            let byte = line[before]
            if byte >= 0x30 && byte <= 0x39 { return true }
            if byte >= 0x90 && byte <= 0x99, before >= 2, line[before - 1] == 0xBC, line[before - 2] == 0xEF {
                return true
            }
        }
        return false
    }

    /// `件` in UTF-8.
    private static let jianBytes: [UInt8] = [0xE4, 0xBB, 0xB6]

    /// The UTF-8 length of the non-ASCII space ending at `end` (U+3000, U+00A0, U+2002, U+2003, U+2009,
    /// U+200B, which ``LabelNormalizer/simplified(_:)`` folds to a space), or `nil`.
    private static func foldedSpaceWidth(_ line: UnsafeBufferPointer<UInt8>, endingAt end: Int) -> Int? {
        if end >= 1, line[end] == 0xA0, line[end - 1] == 0xC2 { return 2 }
        guard end >= 2 else { return nil }
        let bytes = (line[end - 2], line[end - 1], line[end])
        if bytes == (0xE3, 0x80, 0x80) { return 3 }
        if bytes.0 == 0xE2, bytes.1 == 0x80, [0x82, 0x83, 0x89, 0x8B].contains(bytes.2) { return 3 }
        return nil
    }

    // MARK: Scanning

    /// What a clause states, before it is linked to the report's cells.
    private enum Subject: Equatable {
        case applications(row: String)
        case reviews
        case litigation
        case active(row: String, verb: ActiveVerb)
    }

    /// The verbs of the active-disclosure statements.
    private enum ActiveVerb: Equatable {
        case issued, published, repealed, inForce, totalPublished
    }

    private static func scan(_ line: String, _ report: Report, into result: inout [NarrativeStatement]) {
        let folded = LabelNormalizer.simplified(line).unicodeScalars.map { $0.value }
        let printed = line.unicodeScalars.map { $0.value }
        // `simplified` maps one character to one character, so offsets into `folded` are offsets into `printed`.
        guard folded.count == printed.count else { return }
        var sentenceStart = 0
        for index in 0...folded.count where index == folded.count || endsSentence(folded[index]) {
            if index > sentenceStart {
                scanSentence(folded[sentenceStart..<index], printed[sentenceStart..<index], report, into: &result)
            }
            sentenceStart = index + 1
        }
    }

    /// 。 ; ! ? (full-width forms are ASCII after folding).
    private static func endsSentence(_ value: UInt32) -> Bool {
        value == 0x3002 || value == 0x3B || value == 0x21 || value == 0x3F
    }

    /// , : ( ) [ ] after folding, and the CJK brackets.
    private static func isClausePunctuation(_ value: UInt32) -> Bool {
        switch value {
        case 0x2C, 0x3A, 0x28, 0x29, 0x5B, 0x5D, 0x3010, 0x3011: true
        default: false
        }
    }
    private static let jian: UInt32 = 0x4EF6
    private static let enumerationComma: UInt32 = 0x3001

    private static func scanSentence(
        _ folded: ArraySlice<UInt32>, _ printed: ArraySlice<UInt32>, _ report: Report,
        into result: inout [NarrativeStatement]
    ) {
        var sentence: ScalarText?
        var previousVerb: ActiveVerb?
        var start = folded.startIndex
        for index in folded.startIndex...folded.endIndex where index == folded.endIndex || endsClause(folded, at: index)
        {
            defer { start = index + 1 }
            guard index > start else { continue }
            let inherited = previousVerb
            previousVerb = nil
            guard let stated = singleFigure(folded[start..<index]) else { continue }
            let clause = ScalarText(folded[start..<index].filter { $0 != 0x20 && $0 != 0x3000 })
            let whole = sentence ?? ScalarText(folded)
            sentence = whole
            guard
                let subject = subject(
                    of: clause, sentenceMentionsCarryOver: whole.contains("结转"), inheritedVerb: inherited),
                !isExcluded(clause)
            else { continue }
            if case .active(_, let verb) = subject { previousVerb = verb }
            let printedSentence = text(printed)
            if let statement = link(subject, stated: stated, sentence: printedSentence, report) {
                result.append(statement)
            }
        }
    }

    /// A clause ends at a comma, colon or bracket, and at a `、` after a figure (`行政复议10件、行政诉讼7件`).
    private static func endsClause(_ folded: ArraySlice<UInt32>, at index: Int) -> Bool {
        let value = folded[index]
        return isClausePunctuation(value)
            || (value == enumerationComma && index > folded.startIndex && folded[index - 1] == jian)
    }

    /// The text of `scalars` without the spaces around it.
    private static func text(_ scalars: ArraySlice<UInt32>) -> String {
        func isSpace(_ value: UInt32) -> Bool { value == 0x20 || value == 0x09 || value == 0x3000 || value == 0xA0 }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 3)
        var slice = scalars
        while let first = slice.first, isSpace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isSpace(last) { slice = slice.dropLast() }
        for value in slice {
            guard let scalar = Unicode.Scalar(value) else { continue }
            UTF8.encode(scalar) { bytes.append($0) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isDigit(_ value: UInt32) -> Bool {
        value >= 0x30 && value <= 0x39
    }

    /// The figure of the one `N件` in `clause`, or `nil` when it has none or several.
    private static func singleFigure(_ clause: ArraySlice<UInt32>) -> Double? {
        var figure: Double?
        var index = clause.startIndex
        while index < clause.endIndex {
            guard isDigit(clause[index]) else {
                index += 1
                continue
            }
            let start = index
            var number = 0.0
            while index < clause.endIndex, isDigit(clause[index]) {
                number = number * 10 + Double(clause[index] - 0x30)
                index += 1
            }
            var after = index
            while after < clause.endIndex, clause[after] == 0x20 || clause[after] == 0x3000 { after += 1 }
            guard after < clause.endIndex, clause[after] == jian else { continue }
            // `.5件` is no count, `第3件` no figure.
            if start > clause.startIndex, clause[start - 1] == 0x2E || clause[start - 1] == 0x7B2C { return nil }
            if figure != nil { return nil }
            figure = number
        }
        return figure
    }

    /// Clauses about other years, shares or other kinds of case, and clauses naming several subjects
    /// at once (a connector after the first subject word: `予以公开及部分公开`, `行政复议、行政诉讼各1件`).
    private static func isExcluded(_ clause: ScalarText) -> Bool {
        let words = [
            "较", "同比", "去年", "比上年", "增长", "下降", "减少", "增加", "%", "占", "历年", "近三年",
            "建议", "提案", "信访", "热线", "咨询", "留言", "来信", "解读", "备案", "清理", "征求意见",
        ]
        if words.contains(where: clause.contains) { return true }
        let subjectWords = ["申请", "复议", "诉讼", "起诉", "规章", "规范性文件", "公开", "办结", "答复", "结转", "受理", "收到", "新收"]
        guard let first = subjectWords.compactMap({ clause.firstIndex(of: $0) }).min() else { return false }
        // Connectors inside these phrases join nothing.
        let phrases = ["收到和处理", "及时", "各类", "各项", "参与"]
        let covered = phrases.flatMap { phrase in clause.indices(of: phrase).map { $0..<($0 + phrase.utf8.count) } }
        for connector in ["、", "及", "与", "和", "各", "均为", "分别"] {
            for index in clause.indices(of: connector)
            where index >= first && !covered.contains(where: { $0.contains(index) }) {
                return true
            }
        }
        return false
    }

    private static func subject(of clause: ScalarText, sentenceMentionsCarryOver: Bool, inheritedVerb: ActiveVerb?)
        -> Subject?
    {
        func has(_ words: String...) -> Bool { words.contains { clause.contains($0) } }
        if has("复议") {
            return has("诉讼", "起诉") ? nil : .reviews
        }
        if has("诉讼", "起诉") { return .litigation }
        if has("结转下年", "结转至下年", "结转到下年", "转入下年", "下年度继续办理", "顺延到下年", "顺延至下年") {
            return .applications(row: "carried_forward")
        }
        if has("上年结转", "上年度结转", "上一年度结转", "上年转入", "上年度转入") {
            return .applications(row: "carried_over")
        }
        let regulations = has("规章")
        let normative = has("规范性文件")
        if regulations || normative {
            // Figures of the departments, towns or units under the issuing body are not its table's.
            guard regulations != normative, !has("部门", "各单位", "乡镇", "街道") else { return nil }
            let row = regulations ? "regulations" : "normative_documents"
            let verb: ActiveVerb? =
                if has("现行有效") { .inForce } else if has("废止") { .repealed } else if has("对外公开总", "累计公开") {
                    .totalPublished
                } else if has("主动公开", "新公开") { .published } else if has("制发", "印发", "制定", "出台", "新制作", "制作") {
                    .issued
                } else { inheritedVerb }
            return verb.map { .active(row: row, verb: $0) }
        }
        if has("不予公开") { return nil }
        if has("部分公开") { return has("予以公开", "同意公开") ? nil : .applications(row: "partially_granted") }
        if has("予以公开", "同意公开") { return .applications(row: "granted") }
        if has("办结", "答复") {
            return has("未办结", "尚未", "正在") ? nil : .applications(row: "handled_total")
        }
        guard has("申请") else { return nil }
        if has("新收") { return .applications(row: "new_received") }
        if has("受理", "收到") && !sentenceMentionsCarryOver { return .applications(row: "new_received") }
        return nil
    }

    /// The statement `subject` makes, linked to the report's cells, or `nil` when a cell is not there.
    private static func link(_ subject: Subject, stated: Double, sentence: String, _ report: Report)
        -> NarrativeStatement?
    {
        guard let format = report.format else { return nil }
        let table: TableKey
        let row: String
        let columns: [String]
        switch subject {
        case .applications(let key):
            (table, row, columns) = (.applications, key, ["total"])
        case .reviews:
            (table, row, columns) = (.reviews, "cases", ["review_total"])
        case .litigation:
            (table, row, columns) = (.reviews, "cases", ["suit_direct_total", "suit_after_review_total"])
        case .active(let key, let verb):
            let column: String? =
                switch (format, verb) {
                case (.v2021, .issued), (.v2021, .published): "issued"
                case (.v2021, .repealed): "repealed"
                case (.v2021, .inForce): "in_force"
                case (.v2019, .issued): "new_made"
                case (.v2019, .published): "new_published"
                case (.v2019, .totalPublished): "total_published"
                default: nil
                }
            guard let column else { return nil }
            (table, row, columns) = (.active, key, [column])
        }
        guard let tableRow = report.table(table)?.row(row) else { return nil }
        var figure = 0.0
        var anyValue = false
        for column in columns {
            guard let cell = tableRow.cell(column), !cell.flags.contains(.missing) else { return nil }
            if let value = cell.value {
                figure += value
                anyValue = true
            } else if !cell.flags.contains(.blank) {
                return nil
            }
        }
        let tableFigure: Double? = anyValue ? figure : nil
        return NarrativeStatement(
            sentence: sentence, stated: stated, table: table, row: row, columns: columns,
            tableFigure: tableFigure, agrees: abs(figure - stated) < 0.5)
    }
}

/// Text as UTF-8 bytes, searched without Foundation (whose `String.contains` is slow on Linux);
/// offsets are byte offsets.
struct ScalarText {
    private let bytes: [UInt8]

    init(_ values: some Sequence<UInt32>) {
        var bytes: [UInt8] = []
        for value in values {
            guard let scalar = Unicode.Scalar(value) else { continue }
            UTF8.encode(scalar) { bytes.append($0) }
        }
        self.bytes = bytes
    }

    /// The byte offsets at which `needle` starts, in order, each handed to `found` until it returns false.
    private func search(_ needle: String, _ found: (Int) -> Bool) {
        let find = { (pattern: UnsafeBufferPointer<UInt8>) in
            guard !pattern.isEmpty else { return }
            bytes.withUnsafeBufferPointer { bytes in
                var from = 0
                while let start = ByteSearch.firstIndex(of: pattern, in: bytes, from: from) {
                    if !found(start) { return }
                    from = start + 1
                }
            }
        }
        if needle.utf8.withContiguousStorageIfAvailable(find) == nil {
            Array(needle.utf8).withUnsafeBufferPointer(find)
        }
    }

    func indices(of needle: String) -> [Int] {
        var offsets: [Int] = []
        search(needle) {
            offsets.append($0)
            return true
        }
        return offsets
    }

    func firstIndex(of needle: String) -> Int? {
        var offset: Int?
        search(needle) {
            offset = $0
            return false
        }
        return offset
    }

    func contains(_ needle: String) -> Bool {
        firstIndex(of: needle) != nil
    }
}

/// A figure the narrative states, linked to the table cells it names.
public struct NarrativeStatement: Codable, Sendable, Equatable {
    /// The sentence as printed.
    public var sentence: String
    /// The figure the sentence states.
    public var stated: Double
    public var table: TableKey
    public var row: String
    /// The cell's column; two columns (whose sum is meant) for a statement about litigation.
    public var columns: [String]
    /// The figure in the table; `nil` when the cells are printed blank (compared as 0).
    public var tableFigure: Double?
    /// Whether the stated figure equals the table's.
    public var agrees: Bool

    public init(
        sentence: String, stated: Double, table: TableKey, row: String, columns: [String], tableFigure: Double?,
        agrees: Bool
    ) {
        self.sentence = sentence
        self.stated = stated
        self.table = table
        self.row = row
        self.columns = columns
        self.tableFigure = tableFigure
        self.agrees = agrees
    }
}
