/// The long form of reports: one record per value, the shape of the spec's long CSV. Every tabular
/// writer (CSV, the `values` sheet of XLSX) writes exactly these records.
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
        var records: [[String]] = []
        for table in report.tables where table.found {
            for row in table.rows {
                for cell in row.cells {
                    records.append([
                        meta.source, meta.year.map(String.init) ?? "", meta.organization ?? "",
                        table.key.rawValue, row.key, cell.column, cell.formattedValue,
                        cell.flags.map(\.rawValue).joined(separator: ";"),
                        report.format?.rawValue ?? "", row.label, cell.label, cell.raw,
                    ])
                }
            }
        }
        return records
    }
}
