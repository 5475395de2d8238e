/// RFC 4180 records, for every CSV giconvert writes: the long CSV and the command's side files
/// (findings, failures).
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
    @inline(__always)
    public static func appendField(_ field: String, to bytes: inout [UInt8]) {
        var field = field
        field.withUTF8 { appendField($0, to: &bytes) }
    }

    /// Appends one field given as UTF-8, quoted where needed.
    public static func appendField(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        guard needsQuotes(utf8) else {
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

    /// True when the field holds a comma, quote or line break. Every such byte is below 0x2D, and
    /// nearly every byte of a report (digits, CJK) is above, so one comparison clears most bytes.
    @inline(__always)
    static func needsQuotes(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in utf8 where byte < 0x2D {
            if byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D { return true }
        }
        return false
    }
}
