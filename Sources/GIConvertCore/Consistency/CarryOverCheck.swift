/// Compares, across a dataset, each report's 二、上年结转政府信息公开申请数量 with 四、结转下年度继续办理 of
/// the same organization's report for the year before, column by column.
///
/// It streams: ``add(_:)`` keeps only the organization key, year, source and the two rows' figures of
/// each report (about 200 bytes), so a bulk run of any size can feed it one report at a time and
/// ask for ``findings()`` at the end.
///
/// Two reports are of the same organization when their organizations are equal after folding
/// traditional script to simplified (and full-width forms to ASCII) and dropping all white space.
public struct CarryOverCheck: Sendable {
    /// What is kept of one report.
    private struct Entry: Sendable {
        var organization: String
        var year: Int
        var source: String
        var carriedOver: [Double?]
        var carriedForward: [Double?]
    }

    private var entries: [Entry] = []
    /// The keys of the organizations seen so far: a bulk run meets the same few names again and again.
    private var organizationKeys: [String: String] = [:]

    public init() {}

    /// The organization key two reports must share to be compared.
    public static func organizationKey(_ organization: String) -> String {
        String(LabelNormalizer.simplified(organization).filter { !$0.isWhitespace })
    }

    /// Notes `report`'s figures; a report without organization, year or applications table is ignored.
    public mutating func add(_ report: Report) {
        guard let organization = report.metadata.organization, let year = report.metadata.year,
            let table = report.table(.applications), table.found
        else { return }
        let key: String
        if let known = organizationKeys[organization] {
            key = known
        } else {
            key = Self.organizationKey(organization)
            organizationKeys[organization] = key
        }
        guard !key.isEmpty else { return }
        func figures(_ row: String) -> [Double?] {
            Self.columns.map { column in
                guard let cell = table.row(row)?.cell(column), !cell.flags.contains(.missing) else { return nil }
                if let value = cell.value { return value }
                return cell.flags.contains(.blank) ? 0 : nil
            }
        }
        entries.append(
            Entry(
                organization: key, year: year, source: report.metadata.source,
                carriedOver: figures("carried_over"), carriedForward: figures("carried_forward")))
    }

    /// The mismatches found among the reports added so far: one per column where a report's carried-over
    /// figure differs from the carried-forward figure of the same organization's report for the year
    /// before, in the order the later reports were added.
    public func findings() -> [DatasetFinding] {
        var byOrganizationYear: [String: [Int]] = [:]
        for (index, entry) in entries.enumerated() {
            byOrganizationYear["\(entry.year)\u{1F}\(entry.organization)", default: []].append(index)
        }
        var result: [DatasetFinding] = []
        for entry in entries {
            for previousIndex in byOrganizationYear["\(entry.year - 1)\u{1F}\(entry.organization)"] ?? [] {
                let previous = entries[previousIndex]
                for (column, (over, forward)) in zip(Self.columns, zip(entry.carriedOver, previous.carriedForward)) {
                    guard let over, let forward, abs(over - forward) >= 0.005 else { continue }
                    let finding = Finding(
                        kind: .carryOverMismatch, table: .applications, row: "carried_over", column: column,
                        rule: "carried_over = previous year's carried_forward", expected: forward, printed: over,
                        message:
                            "\(entry.source) (\(entry.year)) carries over \(NumberFormatting.plain(over)) in \(column), "
                            + "but \(previous.source) (\(previous.year)) carried forward \(NumberFormatting.plain(forward))"
                    )
                    result.append(
                        DatasetFinding(
                            source: entry.source, previousSource: previous.source,
                            organization: entry.organization, year: entry.year, finding: finding))
                }
            }
        }
        return result
    }

    /// The findings of `reports` taken together.
    public static func findings(_ reports: [Report]) -> [DatasetFinding] {
        var check = CarryOverCheck()
        for report in reports { check.add(report) }
        return check.findings()
    }

    /// The applicant columns, the same in both national formats.
    static let columns = ReportSchema.applicantColumns.map(\.key)
}

/// A finding about two reports of a dataset rather than about one.
public struct DatasetFinding: Codable, Sendable, Equatable {
    /// The later report (the one whose carried-over figure is compared).
    public var source: String
    /// The report of the year before.
    public var previousSource: String
    /// The organization key both share.
    public var organization: String
    /// The later report's year.
    public var year: Int
    /// The finding, about the later report's cell.
    public var finding: Finding

    public init(source: String, previousSource: String, organization: String, year: Int, finding: Finding) {
        self.source = source
        self.previousSource = previousSource
        self.organization = organization
        self.year = year
        self.finding = finding
    }
}
