/// RFC 4180 records, for every CSV giconvert writes.
public enum CSVRecord {
    /// One record: fields with a comma, quote or line break quoted, quotes doubled, CRLF at the end.
    public static func line(_ fields: [String]) -> String {
        var bytes: [UInt8] = []
        append(fields, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends one record to a byte buffer (what ``line(_:)`` returns, without the String).
    public static func append(_ fields: [String], to bytes: inout [UInt8]) {
        appendFields(fields, to: &bytes)
        bytes.append(0x0D)
        bytes.append(0x0A)
    }

    /// Appends fields separated by commas, quoted where needed, with no line end.
    public static func appendFields(_ fields: [String], to bytes: inout [UInt8]) {
        for index in fields.indices {
            if index > 0 { bytes.append(0x2C) }
            appendField(fields[index], to: &bytes)
        }
    }

    /// Appends one field, quoted where needed.
    public static func appendField(_ field: String, to bytes: inout [UInt8]) {
        var field = field
        field.withUTF8 { utf8 in
            guard utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
                bytes.append(contentsOf: utf8)
                return
            }
            bytes.append(0x22)
            for byte in utf8 {
                if byte == 0x22 { bytes.append(0x22) }
                bytes.append(byte)
            }
            bytes.append(0x22)
        }
    }

    public static func quote(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return field }
        var quoted = "\""
        for ch in field {
            if ch == "\"" { quoted.append("\"") }
            quoted.append(ch)
        }
        return quoted + "\""
    }
}
