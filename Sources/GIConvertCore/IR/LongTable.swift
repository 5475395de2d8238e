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
        let year = meta.year.map(String.init) ?? ""
        let organization = meta.organization ?? ""
        let format = report.format?.rawValue ?? ""
        var records: [[String]] = []
        records.reserveCapacity(256)
        for table in report.tables where table.found {
            let tableKey = table.key.rawValue
            for row in table.rows {
                for cell in row.cells {
                    let flags = cell.flags.count == 1 ? cell.flags[0].rawValue : cell.flags.map(\.rawValue).joined(separator: ";")
                    records.append([
                        meta.source, year, organization, tableKey, row.key, cell.column, cell.formattedValue,
                        flags, format, row.label, cell.label, cell.raw,
                    ])
                }
            }
        }
        return records
    }

    /// Appends the report's records to `bytes` as CSV (``CSVRecord``), exactly as
    /// `records(report).map(CSVRecord.line)` would, with the fields shared by a report or a row encoded
    /// once: the long CSV of a large archive is written at the speed of the parser.
    public static func appendCSV(_ report: Report, to bytes: inout [UInt8]) {
        let meta = report.metadata
        var reportHead: [UInt8] = []
        CSVRecord.appendFields([meta.source, meta.year.map(String.init) ?? "", meta.organization ?? ""], to: &reportHead)
        var formatField: [UInt8] = []
        CSVRecord.appendFields([report.format?.rawValue ?? ""], to: &formatField)
        for table in report.tables where table.found {
            for row in table.rows {
                var rowHead = reportHead
                rowHead.append(0x2C)
                CSVRecord.appendFields([table.key.rawValue, row.key], to: &rowHead)
                var rowLabel: [UInt8] = []
                CSVRecord.appendFields([row.label], to: &rowLabel)
                for cell in row.cells {
                    bytes.append(contentsOf: rowHead)
                    bytes.append(0x2C)
                    CSVRecord.appendField(cell.column, to: &bytes)
                    bytes.append(0x2C)
                    appendValue(cell.value, to: &bytes)
                    bytes.append(0x2C)
                    for (index, flag) in cell.flags.enumerated() {
                        if index > 0 { bytes.append(0x3B) }
                        CSVRecord.appendField(flag.rawValue, to: &bytes)
                    }
                    bytes.append(0x2C)
                    bytes.append(contentsOf: formatField)
                    bytes.append(0x2C)
                    bytes.append(contentsOf: rowLabel)
                    bytes.append(0x2C)
                    CSVRecord.appendField(cell.label, to: &bytes)
                    bytes.append(0x2C)
                    CSVRecord.appendField(cell.raw, to: &bytes)
                    bytes.append(0x0D)
                    bytes.append(0x0A)
                }
            }
        }
    }

    /// ``TableCell/formattedValue`` as bytes, integers written without a String.
    private static func appendValue(_ value: Double?, to bytes: inout [UInt8]) {
        guard let value else { return }
        guard value == value.rounded(), abs(value) < 1e15 else {
            CSVRecord.appendField(NumberFormatting.plain(value), to: &bytes)
            return
        }
        var integer = Int64(value)
        if integer < 0 {
            bytes.append(0x2D)
            integer = -integer
        }
        if integer == 0 {
            bytes.append(0x30)
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while integer > 0 {
                buffer[count] = UInt8(integer % 10) + 0x30
                integer /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[i]) }
        }
    }
}
