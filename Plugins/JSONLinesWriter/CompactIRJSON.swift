import GIConvertCore

/// The IR of a report as compact JSON, byte for byte what `JSONEncoder` with `.sortedKeys` and
/// `.withoutEscapingSlashes` writes, without its generic machinery.
///
/// A bulk run to JSON Lines spent most of its time in `JSONEncoder` (about half of each report's CPU),
/// and with two jobs more still, as both threads went through the Swift runtime's shared type caches.
/// The encoder is the oracle: `JSONLinesWriterTests` compares the two on every sample and on seeded
/// random reports.
enum CompactIRJSON {
    /// Appends `report` as one JSON object.
    static func append(_ report: Report, to out: inout [UInt8]) {
        // Keys in sorted order: findings, format, irVersion, metadata, preamble, sections, tables.
        out.append(contentsOf: #"{"findings":["#.utf8)
        for (index, finding) in report.findings.enumerated() {
            if index > 0 { out.append(0x2C) }
            append(finding, to: &out)
        }
        out.append(0x5D)
        if let format = report.format {
            out.append(contentsOf: #","format":"#.utf8)
            appendString(format.rawValue, to: &out)
        }
        out.append(contentsOf: #","irVersion":"#.utf8)
        out.append(contentsOf: String(report.irVersion).utf8)
        out.append(contentsOf: #","metadata":"#.utf8)
        append(report.metadata, to: &out)
        out.append(contentsOf: #","preamble":"#.utf8)
        appendString(report.preamble, to: &out)
        out.append(contentsOf: #","sections":["#.utf8)
        for (index, section) in report.sections.enumerated() {
            if index > 0 { out.append(0x2C) }
            out.append(contentsOf: #"{"heading":"#.utf8)
            appendString(section.heading, to: &out)
            out.append(contentsOf: #","kind":"#.utf8)
            appendString(section.kind.rawValue, to: &out)
            out.append(contentsOf: #","text":"#.utf8)
            appendString(section.text, to: &out)
            out.append(0x7D)
        }
        out.append(contentsOf: #"],"tables":["#.utf8)
        for (index, table) in report.tables.enumerated() {
            if index > 0 { out.append(0x2C) }
            append(table, to: &out)
        }
        out.append(contentsOf: "]}".utf8)
    }

    private static func append(_ metadata: ReportMetadata, to out: inout [UInt8]) {
        // organization, publicationDate, publisher, source, title, year; absent optionals are left out.
        out.append(0x7B)
        var first = true
        func key(_ name: String) {
            if !first { out.append(0x2C) }
            first = false
            appendString(name, to: &out)
            out.append(0x3A)
        }
        if let organization = metadata.organization {
            key("organization")
            appendString(organization, to: &out)
        }
        if let publicationDate = metadata.publicationDate {
            key("publicationDate")
            appendString(publicationDate, to: &out)
        }
        if let publisher = metadata.publisher {
            key("publisher")
            appendString(publisher, to: &out)
        }
        key("source")
        appendString(metadata.source, to: &out)
        if let title = metadata.title {
            key("title")
            appendString(title, to: &out)
        }
        if let year = metadata.year {
            key("year")
            out.append(contentsOf: String(year).utf8)
        }
        out.append(0x7D)
    }

    private static func append(_ table: StatisticalTable, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"found":"#.utf8)
        out.append(contentsOf: (table.found ? "true" : "false").utf8)
        out.append(contentsOf: #","key":"#.utf8)
        appendString(table.key.rawValue, to: &out)
        out.append(contentsOf: #","rows":["#.utf8)
        for (index, row) in table.rows.enumerated() {
            if index > 0 { out.append(0x2C) }
            out.append(contentsOf: #"{"cells":["#.utf8)
            for (cellIndex, cell) in row.cells.enumerated() {
                if cellIndex > 0 { out.append(0x2C) }
                append(cell, to: &out)
            }
            out.append(contentsOf: #"],"key":"#.utf8)
            appendString(row.key, to: &out)
            out.append(contentsOf: #","label":"#.utf8)
            appendString(row.label, to: &out)
            if let printedLabel = row.printedLabel {
                out.append(contentsOf: #","printedLabel":"#.utf8)
                appendString(printedLabel, to: &out)
            }
            out.append(0x7D)
        }
        out.append(contentsOf: "]}".utf8)
    }

    private static func append(_ cell: TableCell, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"column":"#.utf8)
        appendString(cell.column, to: &out)
        out.append(contentsOf: #","flags":["#.utf8)
        for (index, flag) in cell.flags.enumerated() {
            if index > 0 { out.append(0x2C) }
            appendString(flag.rawValue, to: &out)
        }
        out.append(contentsOf: #"],"label":"#.utf8)
        appendString(cell.label, to: &out)
        out.append(contentsOf: #","raw":"#.utf8)
        appendString(cell.raw, to: &out)
        // A value that is not finite is written as null, as `TableCell.encode(to:)` has it.
        out.append(contentsOf: #","value":"#.utf8)
        if let value = cell.value, value.isFinite {
            appendNumber(value, to: &out)
        } else {
            out.append(contentsOf: "null".utf8)
        }
        out.append(0x7D)
    }

    private static func append(_ finding: Finding, to out: inout [UInt8]) {
        // column, expected, kind, message, printed, row, rule, table, as `Finding.encode(to:)` has them.
        out.append(0x7B)
        if let column = finding.column {
            out.append(contentsOf: #""column":"#.utf8)
            appendString(column, to: &out)
            out.append(0x2C)
        }
        if let expected = finding.expected, expected.isFinite {
            out.append(contentsOf: #""expected":"#.utf8)
            appendNumber(expected, to: &out)
            out.append(0x2C)
        }
        out.append(contentsOf: #""kind":"#.utf8)
        appendString(finding.kind.rawValue, to: &out)
        out.append(contentsOf: #","message":"#.utf8)
        appendString(finding.message, to: &out)
        let printed = finding.printed.flatMap { $0.isFinite ? $0 : nil }
        if let printed {
            out.append(contentsOf: #","printed":"#.utf8)
            appendNumber(printed, to: &out)
        } else if finding.rule != nil {
            out.append(contentsOf: #","printed":null"#.utf8)
        }
        if let row = finding.row {
            out.append(contentsOf: #","row":"#.utf8)
            appendString(row, to: &out)
        }
        if let rule = finding.rule {
            out.append(contentsOf: #","rule":"#.utf8)
            appendString(rule, to: &out)
        }
        if let table = finding.table {
            out.append(contentsOf: #","table":"#.utf8)
            appendString(table.rawValue, to: &out)
        }
        out.append(0x7D)
    }

    /// A finite number as `JSONEncoder` writes it: Swift's shortest description, without a trailing
    /// `.0`.
    static func appendNumber(_ value: Double, to out: inout [UInt8]) {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        out.append(contentsOf: text.utf8)
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\b \f \n \r \t` or `\u00XX`, every
    /// other character (the slash among them) as its UTF-8.
    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(0x22)
        var string = string
        string.withUTF8 { bytes in
            var start = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                start = index + 1
                switch byte {
                case 0x22: out.append(contentsOf: [0x5C, 0x22])
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x08: out.append(contentsOf: [0x5C, 0x62])
                case 0x0C: out.append(contentsOf: [0x5C, 0x66])
                case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: out.append(contentsOf: [0x5C, 0x72])
                case 0x09: out.append(contentsOf: [0x5C, 0x74])
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        }
        out.append(0x22)
    }
}
