import GIConvertBytes
import GIConvertCore

/// The rules ``BlockLayout`` applies to a page's text — white space collapsed, lines cleaned, figures,
/// spans, hiding styles and chrome class names told — run on its UTF-8 bytes.
///
/// Each rule says what its String form in ``BlockLayout`` says, where a character is a grapheme cluster
/// and `isWhitespace`, `isNumber` and `isLetter` look at a character's first scalar. On text whose every
/// scalar is a character of its own whatever surrounds it (``isStandalone(_:)``: ASCII, CJK and the
/// punctuation, digits and spaces Chinese pages print) characters are scalars, so the rules run on the
/// bytes, which is faster. Any other text takes the string path, so a result never depends on which
/// path computed it. The bytes handed in are always well-formed UTF-8 (``HTMLTree`` repairs what
/// libxml2 hands out).
enum TextRules {
    // MARK: Scalars

    /// True for a scalar that is a whole character next to any other such scalar: it neither extends the
    /// character before it nor joins the one after it, and lower-casing leaves it alone (ASCII letters
    /// aside). Carriage return is left out: with a line feed after it, the two are one character.
    @inline(__always)
    static func isStandalone(_ value: UInt32) -> Bool {
        switch value {
        case 0..<0x80: return value != 0x0D
        case 0xA0...0xBF, 0xD7, 0xF7: return true
        case 0x2010...0x2027, 0x2030...0x205E: return true
        case 0x2460...0x24B5, 0x24EA...0x24FF, 0x25A0...0x25FF: return true
        case 0x3000...0x3029, 0x3030...0x303F: return true
        case 0x3400...0x4DBF, 0x4E00...0x9FFF: return true
        case 0xFF01...0xFF20, 0xFF3B...0xFF5E, 0xFFE0...0xFFE6: return true
        default: return false
        }
    }

    /// True when every scalar of `text` is ``isStandalone(_:)``, so its characters are its scalars.
    static func isStandaloneText(_ text: ArraySlice<UInt8>) -> Bool {
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte < 0x80 {
                if byte == 0x0D { return false }
                index += 1
                continue
            }
            let (value, length) = UTF8Scalars.decode(text, at: index)
            if !isStandalone(value) { return false }
            index += length
        }
        return true
    }

    @inline(__always)
    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// `Character.isWhitespace` of a standalone scalar.
    @inline(__always)
    static func isWhitespace(_ value: UInt32) -> Bool {
        if value < 0x80 { return isASCIIWhitespace(UInt8(value)) }
        return value == 0xA0 || value == 0x3000
    }

    /// `Character.isNumber` of a standalone scalar.
    @inline(__always)
    static func isNumber(_ value: UInt32) -> Bool {
        switch value {
        case 0..<0x80: return value >= 0x30 && value <= 0x39
        case 0xB2, 0xB3, 0xB9, 0xBC...0xBE, 0x2460...0x249B, 0x24EA...0x24FF, 0xFF10...0xFF19: return true
        case numericIdeographs.range: return numericIdeographs.contains(value)
        default: return false
        }
    }

    /// The scalars from U+3000 to U+9FFF that have a numeric value: the ideographs of numerals and
    /// Hangzhou numerals. A test checks ``isNumber(_:)`` against the standard library's Unicode data.
    private static let numericIdeographs = ScalarBitmap(
        "〇〡〢〣〤〥〦〧〨〩〸〹〺㐅㒃㠪㭍一七万三两九二五亖京亿什仟仨伍佰俩倆億兆兩八六十千卄卅卌叁参參叄四壱壹幺廾廿弌弍弎弐拐拾捌柒洞漆玖百皕秭肆萬貮貳贰鈎钩阡陆陌陸零",
        range: 0x3000...0x9FFF)

    /// `Character.isLetter` of a standalone scalar.
    @inline(__always)
    static func isLetter(_ value: UInt32) -> Bool {
        if value < 0x80 { return (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A }
        return Unicode.Scalar(value)?.properties.isAlphabetic ?? false
    }

    @inline(__always)
    static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    static func string(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Well-formed UTF-8

    /// True when `bytes` are well-formed UTF-8 (no overlong forms, surrogates or truncated sequences).
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return false
            }
            guard index + length <= count, bytes[index + 1] >= low, bytes[index + 1] <= high else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }

    // MARK: Line clean-up

    /// Appends `text` with each run of HTML whitespace (space, tab, line ends, form feed) as one space.
    static func appendCollapsed(_ text: ArraySlice<UInt8>, to output: inout [UInt8]) {
        text.withUnsafeBufferPointer { bytes in
            var index = 0
            while index < bytes.count {
                var runEnd = index
                while runEnd < bytes.count, !isHTMLSpace(bytes[runEnd]) { runEnd += 1 }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<runEnd]))
                guard runEnd < bytes.count else { break }
                output.append(0x20)
                index = runEnd + 1
                while index < bytes.count, isHTMLSpace(bytes[index]) { index += 1 }
            }
        }
    }

    /// Space, tab, line feed, carriage return or form feed: the white space HTML collapses.
    @inline(__always)
    static func isHTMLSpace(_ byte: UInt8) -> Bool {
        byte <= 0x20 && (byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C)
    }

    /// Appends ``BlockLayout/collapseKeepingLines(_:)`` of `text` (for `<pre>`, where line ends count).
    static func appendCollapsedKeepingLines(_ text: ArraySlice<UInt8>, to output: inout [UInt8]) {
        output.append(contentsOf: BlockLayout.collapseKeepingLines(string(text)).utf8)
    }

    /// Appends ``BlockLayout/cleanLine(_:)`` of one line: ASCII white space and no-break spaces as one
    /// space, ideographic spaces kept inside the line, both trimmed at its ends.
    static func appendCleanLine(_ line: ArraySlice<UInt8>, to output: inout [UInt8]) {
        line.withUnsafeBufferPointer { appendCleanLine($0, to: &output) }
    }

    private static func appendCleanLine(_ line: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        let count = line.count
        var index = 0
        var started = false
        var inRun = false
        var keptLength = output.count
        while index < count {
            let byte = line[index]
            if isHTMLSpace(byte) || (byte == 0xC2 && index + 1 < count && line[index + 1] == 0xA0) {
                if started && !inRun { output.append(0x20) }
                inRun = true
                index += byte == 0xC2 ? 2 : 1
            } else if byte == 0xE3 && index + 2 < count && line[index + 1] == 0x80 && line[index + 2] == 0x80 {
                if started {
                    output.append(0xE3)
                    output.append(0x80)
                    output.append(0x80)
                }
                inRun = false
                index += 3
            } else {
                var runEnd = index + 1
                while runEnd < count, !isHTMLSpace(line[runEnd]), line[runEnd] != 0xC2, line[runEnd] != 0xE3 {
                    runEnd += 1
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: line[index..<runEnd]))
                keptLength = output.count
                started = true
                inRun = false
                index = runEnd
            }
        }
        output.removeLast(output.count - keptLength)
    }

    /// Appends the `\n`-separated lines of `text`, each cleaned as ``appendCleanLine(_:to:)`` cleans it,
    /// empty ones dropped, joined by `\n`.
    static func appendCleanLines(_ text: ArraySlice<UInt8>, to output: inout [UInt8]) {
        text.withUnsafeBufferPointer { bytes in
            let start = output.count
            var lineStart = 0
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                if lineEnd > lineStart {
                    let separator = output.count
                    if separator > start { output.append(0x0A) }
                    let lineOutput = output.count
                    appendCleanLine(UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd]), to: &output)
                    if output.count == lineOutput { output.removeLast(output.count - separator) }
                }
                lineStart = lineEnd + 1
            }
        }
    }

    /// True when ``BlockLayout/cleanLine(_:)`` leaves nothing of `text`: it is all spaces.
    static func isBlankLine(_ text: ArraySlice<UInt8>) -> Bool {
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                index += 1
            } else if byte == 0xC2 && index + 1 < text.endIndex && text[index + 1] == 0xA0 {
                index += 2
            } else if byte == 0xE3 && index + 2 < text.endIndex && text[index + 1] == 0x80 && text[index + 2] == 0x80 {
                index += 3
            } else {
                return false
            }
        }
        return true
    }

    // MARK: Characters

    /// `text.allSatisfy(\.isWhitespace)` on the characters of `text`.
    static func isAllWhitespace(_ text: ArraySlice<UInt8>) -> Bool {
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte < 0x80 {
                // An ASCII scalar after white space starts a character of its own.
                if !isASCIIWhitespace(byte) { return false }
                index += 1
                continue
            }
            let (value, length) = UTF8Scalars.decode(text, at: index)
            if !isWhitespace(value) {
                if isStandalone(value) { return false }
                return string(text).allSatisfy(\.isWhitespace)
            }
            index += length
        }
        return true
    }

    /// `String(text).count > limit`, counting scalars where they are the characters.
    static func characterCount(of text: ArraySlice<UInt8>, exceeds limit: Int) -> Bool {
        var scalars = 0
        for byte in text where byte & 0xC0 != 0x80 { scalars += 1 }
        if scalars <= limit { return false }
        return isStandaloneText(text) || string(text).count > limit
    }

    /// Characters a figure may carry around its digits.
    private static let figureMarks: [UInt32] = BlockLayout.figureMarks.unicodeScalars.map(\.value)

    /// ``BlockLayout/isFigure(_:)`` on the bytes of a cleaned cell text.
    static func isFigure(_ text: ArraySlice<UInt8>) -> Bool {
        if text.isEmpty { return false }
        var characters = 0
        var numbers = 0
        var kept = 0
        var index = text.startIndex
        while index < text.endIndex {
            let (value, length) = UTF8Scalars.decode(text, at: index)
            if !isStandalone(value) { return BlockLayout.isFigure(string(text)) }
            // Scalars after these can only join them into longer characters, never merge two of them.
            characters += 1
            if characters > 16 { return false }
            if isNumber(value) {
                numbers += 1
                kept += 1
            } else if figureMarks.contains(value) {
                kept += 1
            }
            index += length
        }
        return numbers > 0 && kept * 2 >= characters
    }

    /// `text` with each line break as a space, as `replacingOccurrences(of: "\n", with: " ")` does.
    static func linesJoinedBySpaces(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard text.contains(0x0A) else { return text }
        guard isStandaloneText(text) else {
            return ArraySlice(string(text).replacingOccurrences(of: "\n", with: " ").utf8)
        }
        return ArraySlice(text.map { $0 == 0x0A ? 0x20 : $0 })
    }

    // MARK: Attribute values

    /// A `rowspan`/`colspan` value: its leading digits after white space, at most six; 1 when there are none.
    static func span(_ value: ArraySlice<UInt8>) -> Int {
        guard isStandaloneText(value) else { return BlockLayout.span(string(value)) }
        var index = value.startIndex
        while index < value.endIndex {
            let (scalar, length) = UTF8Scalars.decode(value, at: index)
            guard isWhitespace(scalar) else { break }
            index += length
        }
        var number = 0
        var digits = 0
        while index < value.endIndex, digits < 6, value[index] >= 0x30, value[index] <= 0x39 {
            number = number * 10 + Int(value[index] - 0x30)
            digits += 1
            index += 1
        }
        return digits == 0 ? 1 : number
    }

    /// True when an `aria-hidden` value says `true`, in any case and with white space around it.
    static func isTrue(_ value: ArraySlice<UInt8>) -> Bool {
        guard isStandaloneText(value) else { return BlockLayout.isTrue(string(value)) }
        var start = value.startIndex
        var end = value.endIndex
        while start < end, isWhitespace(UTF8Scalars.decode(value, at: start).value) {
            start += UTF8Scalars.decode(value, at: start).length
        }
        while start < end {
            var lead = end - 1
            while value[lead] & 0xC0 == 0x80 { lead -= 1 }
            guard isWhitespace(UTF8Scalars.decode(value, at: lead).value) else { break }
            end = lead
        }
        let word = value[start..<end]
        return word.count == 4 && word.map(asciiLowercased).elementsEqual("true".utf8)
    }

    /// ``BlockLayout/styleHides(_:)`` on the bytes of an inline style.
    static func styleHides(_ style: ArraySlice<UInt8>) -> Bool {
        guard isStandaloneText(style) else { return BlockLayout.styleHides(string(style)) }
        var effects = BlockLayout.StyleEffects()
        let lowered = style.map(asciiLowercased)
        for declaration in lowered.split(separator: 0x3B) {
            let parts = declaration.split(separator: 0x3A, maxSplits: 1)
            guard parts.count == 2 else { continue }
            let property = string(withoutWhitespace(parts[0]))
            var value = withoutWhitespace(parts[1])
            removeOccurrences(of: Array("!important".utf8), from: &value)
            if effects.apply(property: property, value: string(value)) { return true }
        }
        return effects.hides
    }

    /// The scalars of standalone `text` that are not white space.
    private static func withoutWhitespace(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let (value, length) = UTF8Scalars.decode(text, at: index)
            if !isWhitespace(value) { result.append(contentsOf: text[index..<(index + length)]) }
            index += length
        }
        return result
    }

    /// Removes each occurrence of `needle`, left to right, as `replacingOccurrences(of:with: "")` does.
    private static func removeOccurrences(of needle: [UInt8], from text: inout [UInt8]) {
        let found: [Int] = text.withUnsafeBufferPointer { bytes in
            needle.withUnsafeBufferPointer { needle in
                var found: [Int] = []
                var from = 0
                while let start = ByteSearch.firstIndex(of: needle, in: bytes, from: from) {
                    found.append(start)
                    from = start + needle.count
                }
                return found
            }
        }
        guard !found.isEmpty else { return }
        var result: [UInt8] = []
        result.reserveCapacity(text.count - found.count * needle.count)
        var kept = 0
        for start in found {
            result.append(contentsOf: text[kept..<start])
            kept = start + needle.count
        }
        result.append(contentsOf: text[kept...])
        text = result
    }

    /// True when an `id` or `class` value names site chrome (see ``BlockLayout/isChromeWord(_:)``).
    static func namesChrome(_ value: ArraySlice<UInt8>) -> Bool {
        guard isStandaloneText(value) else { return BlockLayout.namesChrome(string(value)) }
        let lowered = value.map(asciiLowercased)[...]
        var wordStart: Int?
        var index = lowered.startIndex
        while index <= lowered.endIndex {
            var separates = true
            var length = 1
            if index < lowered.endIndex {
                let scalar = UTF8Scalars.decode(lowered, at: index)
                length = scalar.length
                separates = !(isLetter(scalar.value) || isNumber(scalar.value) || scalar.value == 0x2D)
            }
            if separates {
                if let start = wordStart, BlockLayout.isChromeWord(string(lowered[start..<index])) { return true }
                wordStart = nil
            } else if wordStart == nil {
                wordStart = index
            }
            index += length
        }
        return false
    }
}

/// A set of scalars within a range, one bit each.
struct ScalarBitmap: Sendable {
    let range: ClosedRange<UInt32>
    private var words: [UInt64]

    init(_ members: String, range: ClosedRange<UInt32>) {
        self.range = range
        words = Array(repeating: 0, count: Int(range.upperBound - range.lowerBound) / 64 + 1)
        for scalar in members.unicodeScalars where range.contains(scalar.value) {
            let offset = Int(scalar.value - range.lowerBound)
            words[offset >> 6] |= 1 << UInt64(offset & 63)
        }
    }

    @inline(__always)
    func contains(_ value: UInt32) -> Bool {
        guard range.contains(value) else { return false }
        let offset = Int(value - range.lowerBound)
        return words[offset >> 6] & (1 << UInt64(offset & 63)) != 0
    }
}
