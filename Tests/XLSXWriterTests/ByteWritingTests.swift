import GIConvertCore
import GIConvertSheets
import GIConvertZip
import TestSupport
import Testing

/// The byte-level writing the XLSX writer uses gives exactly the text the String functions give.
@Suite("Sheet XML as bytes")
struct ByteWritingTests {

    /// Pieces that exercise every branch of the escaper, joined at random.
    static let pieces = [
        "a", "普通", "（一）", "，", "&", "<", ">", "\"", "'", "\t", "\n", "\r", "\u{01}", "\u{1F}", "\u{0B}",
        "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "\u{FF08}", "_", "_x0041_", "_x12_", "_x00zz_", "_xABCD", "x", "0", "F",
        "é", "e\u{301}", "😀", " ",
    ]

    /// The escaper as it was written on Unicode scalars: the reference the byte version must match.
    static func referenceEscape(_ text: String, controls: SheetXML.ControlCharacters, escapeNewlines: Bool) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = ""
        for (index, scalar) in scalars.enumerated() {
            switch scalar.value {
            case 0x26: out += "&amp;"
            case 0x3C: out += "&lt;"
            case 0x3E: out += "&gt;"
            case 0x22: out += "&quot;"
            case 0x27: out += "&apos;"
            case 0x09: out.unicodeScalars.append(scalar)
            case 0x0A: if escapeNewlines { out += "&#10;" } else { out.unicodeScalars.append(scalar) }
            case 0x0D: out += "&#13;"
            case 0x00..<0x20, 0xFFFE, 0xFFFF:
                if controls == .ooxmlEscape {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "_x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "_"
                }
            case 0x5F
            where controls == .ooxmlEscape && index + 6 < scalars.count && scalars[index + 1] == "x"
                && scalars[index + 6] == "_"
                && scalars[(index + 2)...(index + 5)].allSatisfy(\.properties.isASCIIHexDigit):
                out += "_x005F_"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    @Test("escaping UTF-8 bytes gives what escaping scalars gives, on seeded random text")
    func escapingMatchesReference() {
        var random = SplitMix64(state: 14)
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in
                Self.pieces.randomElement(using: &random)!
            }.joined()
            for controls in [SheetXML.ControlCharacters.ooxmlEscape, .drop] {
                for newlines in [false, true] {
                    let expected = Self.referenceEscape(text, controls: controls, escapeNewlines: newlines)
                    #expect(
                        SheetXML.escape(text, controls: controls, escapeNewlines: newlines) == expected,
                        "\(Array(text.unicodeScalars))")
                    var bytes = Array("prefix".utf8)
                    SheetXML.appendEscaped(text, controls: controls, escapeNewlines: newlines, to: &bytes)
                    #expect(bytes == Array(("prefix" + expected).utf8))
                }
            }
        }
    }

    @Test("numbers, integers and column letters as bytes are their text")
    func numbersAndColumns() {
        var random = SplitMix64(state: 400)
        var values: [Double] = [
            0, -0.0, 1, -1, 5, -35, 6089.19, 0.1, 1e15, -1e15, 999_999_999_999_999, 1.5e-7, 123_456.789, .ulpOfOne,
        ]
        for _ in 0..<2_000 {
            values.append(
                Double(Int64.random(in: -1_000_000_000...1_000_000_000, using: &random))
                    / [1, 10, 100, 1_000][Int.random(in: 0...3, using: &random)])
        }
        for value in values {
            var bytes: [UInt8] = [0x41]
            SheetXML.appendNumber(value, to: &bytes)
            #expect(bytes == Array(("A" + SheetXML.number(value)).utf8), "\(value)")
        }
        for integer: Int64 in [0, 7, -7, 10, 1_048_576, .max, .min]
            + (0..<500).map({ _ in Int64.random(in: .min ... .max, using: &random) })
        {
            var bytes: [UInt8] = []
            SheetXML.appendInteger(integer, to: &bytes)
            #expect(bytes == Array(String(integer).utf8))
        }
        for column in [0, 1, 25, 26, 27, 701, 702, 703, 16_383] {
            #expect(CellReference.columnBytes(column) == Array(CellReference.column(column).utf8), "\(column)")
        }
        #expect(CellReference.column(701) == "ZZ" && CellReference.column(702) == "AAA")
    }

    @Test("an archive handed over in pieces from its temporary file has the bytes of one built in memory")
    func zipInPieces() throws {
        var random = SplitMix64(state: 7)
        // Random bytes do not shrink, so the archive is over two pieces long.
        let big = (0..<(ZipWriter.pieceSize * 2 + 1_000)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        func filled() -> ZipWriter {
            var writer = ZipWriter()
            writer.add("[Content_Types].xml", text: "<Types/>")
            writer.add("xl/empty.bin", [])
            writer.add("xl/big.bin", big)
            return writer
        }
        var whole = filled()
        var inPieces = filled()
        let expected = try whole.archive()
        var pieces: [Int] = []
        var bytes: [UInt8] = []
        try inPieces.archive { piece in
            pieces.append(piece.count)
            bytes.append(contentsOf: piece)
        }
        #expect(bytes == expected)
        #expect(pieces.count >= 3 && pieces.allSatisfy { $0 > 0 && $0 <= ZipWriter.pieceSize })
        #expect(inPieces.names.isEmpty, "the members are released once archived")
    }
}
