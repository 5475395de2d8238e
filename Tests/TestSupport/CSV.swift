/// The one CSV parser of the tests: RFC 4180 as the spec's long CSV uses it.
public enum CSV {
    /// The records of `text`: quoted fields with doubled quotes, CRLF or LF record ends. A final record
    /// end gives no empty record; a byte-order mark is kept, as part of the first field.
    public static func records(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            index = scalars.index(after: index)
            if quoted {
                if scalar == "\"" {
                    if index < scalars.endIndex, scalars[index] == "\"" {
                        field.unicodeScalars.append("\"")
                        index = scalars.index(after: index)
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case ",":
                record.append(field)
                field = ""
            case "\r": continue
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }

    /// The fields of one record (a line with no line end).
    public static func fields(_ line: String) -> [String] {
        records(line).first ?? [""]
    }

    /// The records after the header, as column name → field.
    public static func rows(_ text: String) -> [[String: String]] {
        let all = records(text)
        guard let header = all.first else { return [] }
        return all.dropFirst().map { record in
            var row: [String: String] = [:]
            for (name, field) in zip(header, record) { row[name] = field }
            return row
        }
    }

    /// The printed cells of a long CSV (columns found by name: `table`, `row`, `column`, `value`, `flags`).
    public static func cells(_ text: String) -> [ExpectedValues.CellKey: PrintedCell] {
        var cells: [ExpectedValues.CellKey: PrintedCell] = [:]
        for row in rows(text) {
            guard let table = row["table"], let key = row["row"], let column = row["column"], let value = row["value"]
            else { continue }
            cells[.init(table, key, column)] = PrintedCell(value: value, flags: row["flags"] ?? "")
        }
        return cells
    }
}
