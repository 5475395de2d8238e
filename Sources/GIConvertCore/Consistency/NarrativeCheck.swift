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
            let cells = statement.columns.map { "\(statement.table.rawValue)/\(statement.row)/\($0)" }.joined(separator: " + ")
            let figure = statement.tableFigure.map(NumberFormatting.plain) ?? "blank"
            return Finding(kind: .narrativeMismatch, table: statement.table, row: statement.row, column: statement.columns.first,
                           expected: statement.stated, printed: statement.tableFigure,
                           message: "the narrative states \(NumberFormatting.plain(statement.stated)) (“\(statement.sentence)”) but the table has \(figure) in \(cells)")
        }
    }

    /// Every statement of the narrative linked to a cell (or, for litigation, to the two litigation
    /// totals), in text order.
    public static func statements(in report: Report) -> [NarrativeStatement] {
        guard report.tables.contains(where: \.found) else { return [] }
        var result: [NarrativeStatement] = []
        let texts = [report.preamble] + report.sections.map(\.text)
        for text in texts {
            for line in text.split(separator: "\n") where line.contains("件") {
                scan(String(line), report, into: &result)
            }
        }
        return result
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
        let folded = Array(LabelNormalizer.simplified(line))
        let printed = Array(line)
        // `simplified` maps one character to one character, so offsets into `folded` are offsets into `printed`.
        guard folded.count == printed.count else { return }
        var sentenceStart = 0
        for index in 0...folded.count where index == folded.count || sentenceEnds.contains(folded[index]) {
            if index > sentenceStart {
                scanSentence(folded[sentenceStart..<index], printed[sentenceStart..<index], report, into: &result)
            }
            sentenceStart = index + 1
        }
    }

    private static let sentenceEnds: Set<Character> = ["。", ";", "!", "?", "；", "！", "？"]
    private static let clauseEnds: Set<Character> = [",", "，", ":", "：", "(", ")", "（", "）", "[", "]"]

    private static func scanSentence(_ folded: ArraySlice<Character>, _ printed: ArraySlice<Character>, _ report: Report,
                                     into result: inout [NarrativeStatement]) {
        let sentence = String(folded)
        let sentenceMentionsCarryOver = sentence.contains("结转")
        let printedSentence = String(printed).trimmingCharacters(in: .whitespaces)
        var previousVerb: ActiveVerb?
        var start = folded.startIndex
        for index in folded.startIndex...folded.endIndex where index == folded.endIndex || endsClause(folded, at: index) {
            defer { start = index + 1 }
            guard index > start else { continue }
            let clause = String(folded[start..<index].filter { $0 != " " && $0 != "\u{3000}" })
            let inherited = previousVerb
            previousVerb = nil
            guard let stated = singleFigure(clause), !isExcluded(clause),
                  let subject = subject(of: clause, sentenceMentionsCarryOver: sentenceMentionsCarryOver, inheritedVerb: inherited)
            else { continue }
            if case .active(_, let verb) = subject { previousVerb = verb }
            if let statement = link(subject, stated: stated, sentence: printedSentence, report) {
                result.append(statement)
            }
        }
    }

    /// A clause ends at a comma, colon or bracket, and at a `、` after a figure (`行政复议10件、行政诉讼7件`).
    private static func endsClause(_ folded: ArraySlice<Character>, at index: Int) -> Bool {
        clauseEnds.contains(folded[index]) || (folded[index] == "、" && index > folded.startIndex && folded[index - 1] == "件")
    }

    /// The figure of the one `N件` in `clause`, or `nil` when it has none or several.
    private static func singleFigure(_ clause: String) -> Double? {
        let characters = Array(clause)
        var figure: Double?
        var index = 0
        while index < characters.count {
            guard characters[index].isASCII, characters[index].isNumber else {
                index += 1
                continue
            }
            let start = index
            while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
            guard index < characters.count, characters[index] == "件" else { continue }
            if start > 0, characters[start - 1] == "." || characters[start - 1] == "第" { return nil }
            if figure != nil { return nil }
            figure = Double(String(characters[start..<index]))
        }
        return figure
    }

    /// Clauses about other years, shares or other kinds of case, and clauses naming several subjects
    /// at once (a connector after the first subject word: `予以公开及部分公开`, `行政复议、行政诉讼各1件`).
    private static func isExcluded(_ clause: String) -> Bool {
        let words = ["较", "同比", "去年", "比上年", "增长", "下降", "减少", "增加", "%", "占", "历年", "近三年",
                     "建议", "提案", "信访", "热线", "咨询", "留言", "来信", "解读", "备案", "清理", "征求意见"]
        if words.contains(where: clause.contains) { return true }
        var rest = clause
        for phrase in ["收到和处理", "及时", "各类", "各项", "参与"] {
            rest = rest.replacingOccurrences(of: phrase, with: "")
        }
        let subjectWords = ["申请", "复议", "诉讼", "起诉", "规章", "规范性文件", "公开", "办结", "答复", "结转", "受理", "收到", "新收"]
        guard let first = subjectWords.compactMap({ rest.range(of: $0)?.lowerBound }).min() else { return false }
        rest = String(rest[first...])
        return ["、", "及", "与", "和", "各", "均为", "分别"].contains(where: rest.contains)
    }

    private static func subject(of clause: String, sentenceMentionsCarryOver: Bool, inheritedVerb: ActiveVerb?) -> Subject? {
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
                if has("现行有效") { .inForce }
                else if has("废止") { .repealed }
                else if has("对外公开总", "累计公开") { .totalPublished }
                else if has("主动公开", "新公开") { .published }
                else if has("制发", "印发", "制定", "出台", "新制作", "制作") { .issued }
                else { inheritedVerb }
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
    private static func link(_ subject: Subject, stated: Double, sentence: String, _ report: Report) -> NarrativeStatement? {
        guard let format = report.format else { return nil }
        let table: TableKey, row: String, columns: [String]
        switch subject {
        case .applications(let key):
            (table, row, columns) = (.applications, key, ["total"])
        case .reviews:
            (table, row, columns) = (.reviews, "cases", ["review_total"])
        case .litigation:
            (table, row, columns) = (.reviews, "cases", ["suit_direct_total", "suit_after_review_total"])
        case .active(let key, let verb):
            let column: String? = switch (format, verb) {
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
        return NarrativeStatement(sentence: sentence, stated: stated, table: table, row: row, columns: columns,
                                  tableFigure: tableFigure, agrees: abs(figure - stated) < 0.5)
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

    public init(sentence: String, stated: Double, table: TableKey, row: String, columns: [String], tableFigure: Double?, agrees: Bool) {
        self.sentence = sentence
        self.stated = stated
        self.table = table
        self.row = row
        self.columns = columns
        self.tableFigure = tableFigure
        self.agrees = agrees
    }
}
