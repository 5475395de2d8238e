import GIConvertCore

/// The records of ``LongTable`` as CSV bytes (``CSVRecord``), the long CSV's rows.
public enum LongTableCSV {
    /// Appends the report's records to `bytes`, exactly as
    /// `LongTable.records(report).map(CSVRecord.line)` would, with the fields shared by a report or a row
    /// encoded once: the long CSV of a large archive is written at the speed of the parser.
    public static func append(_ report: Report, to bytes: inout [UInt8]) {
        let meta = report.metadata
        var reportHead: [UInt8] = []
        CSVRecord.appendFields(
            [meta.source, meta.year.map(String.init) ?? "", meta.organization ?? ""], to: &reportHead)
        var formatField: [UInt8] = []
        CSVRecord.appendFields([report.format?.rawValue ?? ""], to: &formatField)
        // Room for every record at once (a record is the report's fields and about a hundred bytes more),
        // so a report's rows are not copied as the buffer grows.
        var cellCount = 0
        for table in report.tables where table.found {
            for row in table.rows { cellCount += row.cells.count }
        }
        bytes.reserveCapacity(bytes.count + cellCount * (reportHead.count + 128))
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
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8
            ) =
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
