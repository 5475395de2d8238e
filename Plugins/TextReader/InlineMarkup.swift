/// Inline HTML formatting that Markdown converters write into a line of text (`<u>…</u>`, `<sup>…</sup>`:
/// PyMuPDF4LLM marks underlined and raised text so). The tags say nothing of the report; left in, they
/// stick to a figure (`311</u>`), which is then no value.
enum InlineMarkup {
    /// `line` without its inline formatting tags; other text, `<br>` and any other tag included, as
    /// it was. The line itself when it holds no `<`.
    static func stripped(_ line: Substring) -> String {
        guard line.utf8.contains(0x3C) else { return String(line) }
        var result = ""
        result.reserveCapacity(line.utf8.count)
        var rest = line[...]
        while let open = rest.firstIndex(of: "<") {
            result += rest[..<open]
            if let close = rest[open...].firstIndex(of: ">"), isFormattingTag(rest[rest.index(after: open)..<close]) {
                rest = rest[rest.index(after: close)...]
            } else {
                result.append("<")
                rest = rest[rest.index(after: open)...]
            }
        }
        result += rest
        return result
    }

    /// True for the inside of a formatting tag, opening or closing, with or without attributes
    /// (`u`, `/sup`, `span style="…"`).
    private static func isFormattingTag(_ inside: Substring) -> Bool {
        var name = inside.drop { $0 == "/" }
        if let space = name.firstIndex(where: { $0 == " " || $0 == "\t" }) { name = name[..<space] }
        return formattingTags.contains(name.lowercased())
    }

    private static let formattingTags: Set<String> = [
        "u", "b", "i", "s", "em", "strong", "sup", "sub", "del", "ins", "mark", "small", "big", "span", "font",
    ]
}
