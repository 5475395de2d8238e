/// RFC 4180 records, for every CSV giconvert writes.
public enum CSVRecord {
    /// One record: fields with a comma, quote or line break quoted, quotes doubled, CRLF at the end.
    public static func line(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\r\n"
    }

    public static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        var quoted = "\""
        for ch in field {
            if ch == "\"" { quoted.append("\"") }
            quoted.append(ch)
        }
        return quoted + "\""
    }
}
