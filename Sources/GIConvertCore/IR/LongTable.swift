/// The long form of reports: one record per value, the shape of the spec's long CSV. Every tabular
/// writer (CSV, the `values` sheet of XLSX) writes exactly these records; the core gives them as values
/// and each writer encodes them (the CSV bytes are the CSV writer's).
public enum LongTable {
    /// The header: the spec's required columns in order, then giconvert's extra columns.
    public static let columns = [
        "source", "year", "organization", "table", "row", "column", "value", "flags",
        "format", "row_label", "column_label", "raw",
    ]

    /// The index of the `value` column, the one numeric column.
    public static let valueColumn = columns.firstIndex(of: "value")!

    /// The records of one report, fields in ``columns`` order. Tables that were not found give none;
    /// rows the report's format does not have are not in the IR and so give none either.
    public static func records(_ report: Report) -> [[String]] {
        let meta = report.metadata
        let year = meta.year.map(String.init) ?? ""
        let organization = meta.organization ?? ""
        let format = report.format?.rawValue ?? ""
        var records: [[String]] = []
        records.reserveCapacity(256)
        for table in report.tables where table.found {
            let tableKey = table.key.rawValue
            for row in table.rows {
                for cell in row.cells {
                    let flags =
                        cell.flags.count == 1
                        ? cell.flags[0].rawValue : cell.flags.map(\.rawValue).joined(separator: ";")
                    records.append([
                        meta.source, year, organization, tableKey, row.key, cell.column, cell.formattedValue,
                        flags, format, row.label, cell.label, cell.raw,
                    ])
                }
            }
        }
        return records
    }
}
