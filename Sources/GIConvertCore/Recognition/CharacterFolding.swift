import GIConvertBytes

/// Undoes what extraction and web markup do to characters, before any text is recognised.
///
/// - A PDF's font can map the glyph of an ordinary ideograph (一, 人, 行, 门) to a Kangxi radical
///   (U+2F00–U+2FD5) or a CJK radical supplement character (U+2E80–U+2EF3), so text taken out of it
///   reads `⼀、本年新收…` or `⼈⺠政府`. Nothing in a report is written in radicals on purpose: each
///   becomes its ideograph.
/// - Web pages and converters leave invisible characters inside words (zero-width spaces and joiners, a
///   soft hyphen). They carry nothing and split names and labels: they are removed. (A byte-order mark
///   is white space to every check already.)
enum CharacterFolding {
    /// The first scalar of the radical blocks; the table is indexed from it.
    private static let firstRadical: UInt32 = 0x2E80
    /// Ideograph for each scalar from U+2E80 to U+2FD5, 0 where the scalar is not folded.
    private static let ideographs: [UInt16] = {
        var table = [UInt16](repeating: 0, count: 0x2FD6 - 0x2E80)
        var pending: UInt32?
        for scalar in radicalIdeographPairs.unicodeScalars where scalar != "\n" {
            if let radical = pending {
                table[Int(radical - firstRadical)] = UInt16(scalar.value)
                pending = nil
            } else {
                pending = scalar.value
            }
        }
        return table
    }()

    /// `text` with radicals folded and invisible characters removed; nil when it has neither.
    static func folded(_ text: String) -> String? {
        let needsFolding = text.withBytes { bytes -> Bool in
            // Radicals are E2 BA 80 … E2 BF BF; zero-width spaces and joiners E2 80 8B … E2 80 8D, the word
            // joiner E2 81 A0; the soft hyphen C2 AD. Both lead bytes are rare in Chinese text.
            var start = 0
            while let lead = ByteSearch.firstIndex(of: 0xE2, in: bytes, from: start) {
                if lead + 2 < bytes.count, isFoldedE2(bytes[lead + 1], bytes[lead + 2]) { return true }
                start = lead + 1
            }
            start = 0
            while let lead = ByteSearch.firstIndex(of: 0xC2, in: bytes, from: start) {
                if lead + 1 < bytes.count, bytes[lead + 1] == 0xAD { return true }
                start = lead + 1
            }
            return false
        }
        guard needsFolding else { return nil }
        let table = ideographs
        return text.withBytes { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { out in
                var count = 0
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == 0xE2, index + 2 < bytes.count, isFoldedE2(bytes[index + 1], bytes[index + 2]) {
                        if bytes[index + 1] >= 0xBA {
                            let scalar =
                                UInt32(0x2000) | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                            let offset = Int(scalar - firstRadical)
                            if offset < table.count, table[offset] != 0 {
                                count = UTF8Scalars.encode(UInt32(table[offset]), into: out, at: count)
                            } else {
                                for k in 0..<3 { out[count + k] = bytes[index + k] }
                                count += 3
                            }
                        }
                        index += 3
                    } else if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xAD {
                        index += 2
                    } else {
                        out[count] = byte
                        count += 1
                        index += 1
                    }
                }
                return count
            }
        }
    }

    /// True for E2 followed by these bytes: a radical (U+2E80–U+2FFF), a zero-width space or joiner
    /// (U+200B–U+200D) or the word joiner (U+2060).
    private static func isFoldedE2(_ second: UInt8, _ third: UInt8) -> Bool {
        second >= 0xBA && second <= 0xBF || second == 0x80 && (0x8B...0x8D).contains(third)
            || second == 0x81 && third == 0xA0
    }
}

extension Document {
    /// The document with its text folded (see ``CharacterFolding``).
    func foldingCharacters() -> Document {
        var document = self
        for index in document.blocks.indices {
            switch document.blocks[index] {
            case .paragraph(let text):
                if let folded = CharacterFolding.folded(text) { document.blocks[index] = .paragraph(folded) }
            case .table(let grid):
                var folded: TableGrid?
                for row in grid.rows.indices {
                    for column in grid.rows[row].indices {
                        if let text = CharacterFolding.folded(grid.rows[row][column].text) {
                            if folded == nil { folded = grid }
                            folded?.rows[row][column].text = text
                        }
                    }
                }
                if let folded { document.blocks[index] = .table(folded) }
            }
        }
        if let title = document.properties.title, let folded = CharacterFolding.folded(title) {
            document.properties.title = folded
        }
        if let publisher = document.properties.publisher, let folded = CharacterFolding.folded(publisher) {
            document.properties.publisher = folded
        }
        return document
    }
}
