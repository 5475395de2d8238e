import GIConvertBytes

/// The canonical keys of `report-tables.json` for both national formats, with the cues that recognise
/// each row's printed label.
public enum ReportSchema {
    /// The schema of `table` in `format`.
    public static func table(_ table: TableKey, format: ReportEdition) -> TableSchema {
        switch (table, format) {
        case (.active, .v2019): active2019
        case (.active, .v2021): active2021
        case (.applications, .v2019): applications2019
        case (.applications, .v2021): applications2021
        case (.reviews, .v2019): reviews2019
        case (.reviews, .v2021): reviews2021
        }
    }

    // MARK: Active disclosure (第二十条)

    static let active2021 = TableSchema(
        key: .active, format: .v2021,
        rows: [
            row("regulations", "规章", cues: ["规章"], columns: issuedColumns),
            row("normative_documents", "行政规范性文件", cues: ["规范性文件"], columns: issuedColumns),
            row("licensing", "行政许可", cues: ["行政许可"], columns: [col("decisions", "本年处理决定数量")]),
            row("penalty", "行政处罚", cues: ["行政处罚"], columns: [col("decisions", "本年处理决定数量")]),
            row("coercion", "行政强制", cues: ["行政强制"], columns: [col("decisions", "本年处理决定数量")]),
            row("fees", "行政事业性收费", cues: ["行政事业性收费"], columns: [col("amount_10k_yuan", "本年收费金额（单位：万元）")]),
        ],
        // 第二十条第（一）、（五）、（六）、（八）项
        blocks: [0..<2, 2..<3, 3..<5, 5..<6])

    private static let issuedColumns = [
        col("issued", "本年制发件数"), col("repealed", "本年废止件数"), col("in_force", "现行有效件数"),
    ]

    static let active2019 = TableSchema(
        key: .active, format: .v2019,
        rows: [
            row("regulations", "规章", cues: ["规章"], columns: madeColumns),
            row("normative_documents", "规范性文件", cues: ["规范性文件"], columns: madeColumns),
            row("licensing", "行政许可", cues: ["行政许可"], columns: itemColumns),
            row("other_services", "其他对外管理服务事项", cues: ["其他对外管理服务"], columns: itemColumns),
            row("penalty", "行政处罚", cues: ["行政处罚"], columns: itemColumns),
            row("coercion", "行政强制", cues: ["行政强制"], columns: itemColumns),
            row("fees", "行政事业性收费", cues: ["行政事业性收费"], columns: Array(itemColumns.prefix(2))),
            row(
                "procurement", "政府集中采购", cues: ["政府集中采购"],
                columns: [
                    col("items", "采购项目数量"), col("amount_10k_yuan", "采购总金额（换算为万元）"),
                ]),
        ],
        // 第二十条第（一）、（五）、（六）、（八）、（九）项
        blocks: [0..<2, 2..<4, 4..<6, 6..<7, 7..<8])

    private static let madeColumns = [
        col("new_made", "本年新制作数量"), col("new_published", "本年新公开数量"), col("total_published", "对外公开总数量"),
    ]
    private static let itemColumns = [
        col("prev_year", "上一年项目数量"), col("change", "本年增/减"), col("decisions", "处理决定数量"),
    ]

    // MARK: Applications

    /// The applicant columns of the applications table, in printed order.
    public static let applicantColumns = [
        col("natural_person", "自然人"), col("commercial", "商业企业"), col("research", "科研机构"),
        col("social_welfare", "社会公益组织"), col("legal_services", "法律服务机构"), col("other_org", "其他"),
        col("total", "总计"),
    ]

    private static func appRow(_ key: String, _ label: String, _ cues: [String]) -> RowSpec {
        row(key, label, cues: cues, columns: applicantColumns)
    }

    private static let applicationsHead = [
        appRow("new_received", "一、本年新收政府信息公开申请数量", ["本年新收"]),
        appRow("carried_over", "二、上年结转政府信息公开申请数量", ["上年结转"]),
        appRow("granted", "三、本年度办理结果 （一）予以公开", ["予以公开"]),
        appRow("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ["部分公开"]),
        appRow("denied_state_secret", "（三）不予公开 1.属于国家秘密", ["国家秘密"]),
        appRow("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", ["法律行政法规禁止公开", "禁止公开"]),
        appRow("denied_three_safeties", "3.危及“三安全一稳定”", ["三安全一稳定", "危及"]),
        appRow("denied_third_party", "4.保护第三方合法权益", ["第三方合法权益", "保护第三方"]),
        appRow("denied_internal_affairs", "5.属于三类内部事务信息", ["内部事务"]),
        appRow("denied_process_info", "6.属于四类过程性信息", ["过程性信息"]),
        appRow("denied_enforcement_files", "7.属于行政执法案卷", ["行政执法案卷", "执法案卷"]),
        appRow("denied_admin_query", "8.属于行政查询事项", ["行政查询事项", "查询事项"]),
        appRow("unavailable_not_held", "（四）无法提供 1.本机关不掌握相关政府信息", ["不掌握相关政府信息", "不掌握"]),
        appRow("unavailable_needs_creation", "2.没有现成信息需要另行制作", ["另行制作", "没有现成信息"]),
        appRow("unavailable_unclear", "3.补正后申请内容仍不明确", ["仍不明确", "补正后申请内容"]),
        appRow("rejected_petition", "（五）不予处理 1.信访举报投诉类申请", ["信访举报投诉", "信访举报"]),
        appRow("rejected_duplicate", "2.重复申请", ["重复申请"]),
        appRow("rejected_publication", "3.要求提供公开出版物", ["公开出版物"]),
        appRow("rejected_mass_repeated", "4.无正当理由大量反复申请", ["大量反复申请", "大量反复"]),
        appRow("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息", ["重新出具", "行政机关确认"]),
    ]

    private static let applicationsTail = [
        appRow("handled_total", "（七）总计", ["七总计", "七合计"]),
        appRow("carried_forward", "四、结转下年度继续办理", ["结转下年度", "下年度继续办理"]),
    ]

    static let applications2019 = TableSchema(
        key: .applications, format: .v2019,
        rows: applicationsHead + [appRow("other", "（六）其他处理", ["其他处理"])] + applicationsTail)

    static let applications2021 = TableSchema(
        key: .applications, format: .v2021,
        rows: applicationsHead + [
            appRow(
                "other_no_correction", "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                ["逾期不补正"]),
            appRow(
                "other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                ["缴纳费用", "收费通知"]),
            appRow("other_misc", "3.其他", ["3其他"]),
        ] + applicationsTail)

    /// The outcome rows （一）…（六） whose sum is （七）总计.
    public static func outcomeRowKeys(_ format: ReportEdition) -> [String] {
        let rows = table(.applications, format: format).rows.map(\.key)
        guard let first = rows.firstIndex(of: "granted"), let last = rows.firstIndex(of: "handled_total") else {
            return []
        }
        return Array(rows[first..<last])
    }

    // MARK: Reviews

    /// The three groups of the reviews table, each four outcomes then a total.
    public static let reviewGroups: [(name: String, outcomes: [String], total: String)] = [
        ("行政复议", ["review_upheld", "review_corrected", "review_other", "review_pending"], "review_total"),
        (
            "未经复议直接起诉", ["suit_direct_upheld", "suit_direct_corrected", "suit_direct_other", "suit_direct_pending"],
            "suit_direct_total"
        ),
        (
            "复议后起诉",
            [
                "suit_after_review_upheld", "suit_after_review_corrected", "suit_after_review_other",
                "suit_after_review_pending",
            ], "suit_after_review_total"
        ),
    ]

    static let reviews2019 = TableSchema(key: .reviews, format: .v2019, rows: [reviewsRow])
    static let reviews2021 = TableSchema(key: .reviews, format: .v2021, rows: [reviewsRow])

    /// The column names under each group of the reviews table: four outcomes, then the total.
    static let reviewOutcomeLabels = ["结果维持", "结果纠正", "其他结果", "尚未审结"]

    static let reviewsRow: RowSpec = {
        var columns: [ColumnSpec] = []
        for group in reviewGroups {
            for (key, label) in zip(group.outcomes, reviewOutcomeLabels) {
                columns.append(col(key, "\(group.name) \(label)"))
            }
            columns.append(col(group.total, "\(group.name) 总计"))
        }
        return RowSpec(
            key: "cases", label: "政府信息公开行政复议、行政诉讼情况", columns: columns,
            cues: ["尚未审结", "结果维持", "复议后起诉"], tailAllowance: 200)
    }()

    // MARK: Helpers

    private static func col(_ key: String, _ label: String) -> ColumnSpec {
        ColumnSpec(key: key, label: label)
    }

    /// A row whose cue may be followed by what the canonical label has after it, plus some slack.
    private static func row(_ key: String, _ label: String, cues: [String], columns: [ColumnSpec]) -> RowSpec {
        let canonical = LabelNormalizer.matchKey(label)
        var tail = 0
        for cue in cues {
            if let end = canonical.lastMatchEnd(of: cue) {
                tail = max(tail, canonical.scalarLength - end)
            }
        }
        return RowSpec(key: key, label: label, columns: columns, cues: cues, tailAllowance: tail + 8)
    }
}
