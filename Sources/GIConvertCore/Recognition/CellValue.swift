import GIConvertBytes

/// What a printed cell says: a number, a blank, or not a value at all (a label).
public struct CellValue: Sendable, Equatable {
    /// The number as printed (before any unit conversion); `nil` for a blank cell.
    public var number: Double?
    /// The unit printed after the number, if any (`万元`, `元`, `件`).
    public var unit: String?
    /// True when the cell had text around the number that is not a unit (`0?`, `12（件）`).
    public var hasJunk: Bool
    /// True when the cell prints a figure too large for any report (``ValueParser/largestFigure``):
    /// it has no number, and is not blank either.
    public var isOutOfRange = false
    /// True when the cell prints figures on lines of their own (`增27` over `0`: cells a layout ran
    /// together): it has no number, and is not blank either.
    public var printsSeveralFigures = false
    /// True for a grid cell holding a sign alone (`减`), its figure in the next cell: a cell cut apart
    /// by a layout. It has no number, and is not blank either.
    public var isSignAlone = false

    public var isBlank: Bool { number == nil && !isOutOfRange && !printsSeveralFigures && !isSignAlone }

    /// True when the cell prints what no one cell's value can be read from: figures on lines of their
    /// own, or a sign apart from its figure.
    public var isCutOrRunTogether: Bool { printsSeveralFigures || isSignAlone }

    static let signAlone = CellValue(number: nil, unit: nil, hasJunk: false, isSignAlone: true)

    public static let blank = CellValue(number: nil, unit: nil, hasJunk: false)

    private static let blankFlags: [CellFlag] = [.blank]
    private static let noValueFlags: [CellFlag] = [.suspicious]

    /// The value for a column: money in 万元 when `isMoney` (元 converted), and the flags that go with it.
    public func resolved(isMoney: Bool, isSigned: Bool) -> (value: Double?, flags: [CellFlag]) {
        guard var value = number else {
            return (nil, isOutOfRange || isCutOrRunTogether ? Self.noValueFlags : Self.blankFlags)
        }
        var flags: [CellFlag] = []
        var suspicious = hasJunk
        switch unit {
        case nil, "万元":
            break
        case "元":
            if isMoney {
                value = (value / 10000 * 1e8).rounded() / 1e8
                flags.append(.converted)
            } else {
                suspicious = true
            }
        case "万":
            if !isMoney {
                value *= 10000
                suspicious = true
            }
        default:
            suspicious = true
        }
        if value < 0 && !isSigned { suspicious = true }
        if suspicious { flags.insert(.suspicious, at: 0) }
        return (value, flags)
    }
}

/// Reads numbers as reports print them.
public enum ValueParser {
    /// Figures from this on are out of range: no count or amount in a report comes near it, and a
    /// `Double` holds every whole number below it exactly, so a value is always what was printed.
    public static let largestFigure = 1e15

    /// False when the text plainly is a label: it starts with an ideograph that no value starts with.
    /// A cheap test that spares most labels the full parse.
    static func mayBeValue(_ text: String) -> Bool {
        text.withBytes(mayBeValue(utf8:))
    }

    /// ``mayBeValue(_:)`` on the UTF-8 of the text.
    static func mayBeValue(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let lead = bytes.first, lead >= 0x80 else { return true }
        let v = LabelNormalizer.simplifiedValue(UTF8Scalars.decode(bytes, at: 0).value)
        guard v >= 0x3400 else { return true }
        return isValueLead(Unicode.Scalar(v)!)
    }

    /// Ideographs a printed value may start with: signs and the placeholder 无.
    private static func isValueLead(_ s: Unicode.Scalar) -> Bool {
        s == "增" || s == "减" || s == "无"
    }

    /// Parses one printed cell. Returns `nil` when the text is not a value (it is a label or prose).
    ///
    /// Accepted: full-width digits, `1,234`, stray spaces inside the number, a sign (`增5`, `减35`, `+5`,
    /// `-35`), a unit (`万元`, `元`, `件`, …) and junk characters such as `?` around the number (flagged).
    /// Empty cells and placeholder dashes (`—`, `/`, `无`) are blank.
    public static func parse(_ printed: String) -> CellValue? {
        printed.withBytes(parse(utf8:))
    }

    /// ``parse(_:)`` on the UTF-8 of the printed text.
    static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> CellValue? {
        // Most cells are plain digits or empty: read them without the general path.
        if bytes.isEmpty { return .blank }
        if bytes.count <= 15 {
            var value = 0
            var allDigits = true
            for byte in bytes {
                let digit = byte &- 0x30
                guard digit <= 9 else {
                    allDigits = false
                    break
                }
                value = value * 10 + Int(digit)
            }
            if allDigits { return CellValue(number: Double(value), unit: nil, hasJunk: false) }
        }
        return withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: bytes.count) { buffer in
            var count = 0
            var index = 0
            // Figures on two lines of one cell are two figures (cells a layout ran together), not one.
            var brokenAfterDigit = false
            while index < bytes.count {
                let (value, length) = UTF8Scalars.decode(bytes, at: index)
                index += length
                let s = LabelNormalizer.simplifiedValue(value)
                switch s {
                case 0x0A...0x0D, 0x85, 0x2028, 0x2029:
                    if count > 0, ("0"..."9").contains(buffer[count - 1]) { brokenAfterDigit = true }
                    continue
                case 0x09, 0x20, 0xFEFF: continue
                default: break
                }
                let scalar = Unicode.Scalar(s)!
                if brokenAfterDigit, ("0"..."9").contains(scalar) || isSign(scalar) {
                    return CellValue(number: nil, unit: nil, hasJunk: false, printsSeveralFigures: true)
                }
                brokenAfterDigit = false
                // A letter or ideograph beyond the units rules the cell out early: it is a label.
                if s >= 0x3400 && !isUnitOrSign(scalar) { return nil }
                buffer[count] = scalar
                count += 1
            }
            return parse(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Parses the simplified scalars of a cell, white space removed.
    private static func parse(_ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> CellValue? {
        if scalars.isEmpty { return .blank }
        if scalars.allSatisfy(isPlaceholder) { return .blank }
        if scalars.count == 1, scalars[0] == "无" { return .blank }
        // OCR reads a printed zero as the letter O; 〇 is the ideographic zero.
        if scalars.count == 1, scalars[0] == "O" || scalars[0] == "o" {
            return CellValue(number: 0, unit: nil, hasJunk: true)
        }
        if scalars.count == 1, scalars[0] == "〇" { return CellValue(number: 0, unit: nil, hasJunk: false) }

        var i = 0
        var hasJunk = false
        while i < scalars.count, isJunk(scalars[i]) {
            hasJunk = true
            i += 1
        }
        var sign = 1.0
        if i < scalars.count {
            switch scalars[i] {
            case "增", "+": i += 1
            case "减", "-", "−", "—", "–":
                sign = -1
                i += 1
            default: break
            }
            // `增加5`, `减少3`
            if i > 0, i < scalars.count,
                (scalars[i - 1] == "增" && scalars[i] == "加") || (scalars[i - 1] == "减" && scalars[i] == "少")
            {
                i += 1
            }
        }
        var integer = 0.0
        var fraction = 0.0
        var scale = 1.0
        var sawDigit = false
        var sawPoint = false
        while i < scalars.count {
            let v = scalars[i].value
            if v >= 0x30 && v <= 0x39 {
                if sawPoint {
                    scale /= 10
                    fraction += Double(v - 0x30) * scale
                } else {
                    integer = integer * 10 + Double(v - 0x30)
                }
                sawDigit = true
            } else if v == 0x2E, !sawPoint, sawDigit, i + 1 < scalars.count,
                (0x30...0x39).contains(scalars[i + 1].value)
            {
                sawPoint = true
            } else if v == 0x2C, sawDigit, !sawPoint {
                // thousands separator
            } else {
                break
            }
            i += 1
        }
        guard sawDigit else { return nil }
        let isOutOfRange = integer >= largestFigure
        // Decimal digits are read as printed text, so 6089.19 is the double nearest to "6089.19".
        let magnitude =
            isOutOfRange
            ? 0
            : sawPoint ? (Double("\(Int(integer)).\(fractionDigits(scalars, from: i))") ?? integer + fraction) : integer

        var rest = scalars[i...]
        var unit: String?
        for (name, candidate) in unitScalars {
            if rest.starts(with: candidate) {
                unit = name
                rest = rest.dropFirst(candidate.count)
                break
            }
            if rest.first == "(", rest.dropFirst().starts(with: candidate),
                rest.dropFirst(candidate.count + 1).first == ")"
            {
                unit = name
                hasJunk = true
                rest = rest.dropFirst(candidate.count + 2)
                break
            }
        }
        for scalar in rest {
            guard isJunk(scalar) else { return nil }
            hasJunk = true
        }
        if isOutOfRange { return CellValue(number: nil, unit: unit, hasJunk: true, isOutOfRange: true) }
        return CellValue(number: sign * magnitude, unit: unit, hasJunk: hasJunk)
    }

    /// The digits after the decimal point that ends just before `end`.
    private static func fractionDigits(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, from end: Int) -> String {
        var start = end
        while start > 0, (0x30...0x39).contains(scalars[start - 1].value) { start -= 1 }
        return String(decoding: scalars[start..<end].map { UInt8($0.value) }, as: UTF8.self)
    }

    /// The ideographs a value may hold: signs, units and the placeholder 无.
    private static func isUnitOrSign(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "增", "加", "减", "少", "万", "元", "件", "个", "项", "条", "次", "人", "家", "宗", "无": true
        default: false
        }
    }

    /// The signs a figure may start with (`增5`, `-35`).
    private static func isSign(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "增", "减", "+", "-", "－", "＋": true
        default: false
        }
    }

    /// Units a number may carry, longest first.
    private static let unitScalars: [(String, [Unicode.Scalar])] = [
        "万元", "元", "万", "件", "个", "项", "条", "次", "人", "家", "宗",
    ]
    .map { ($0, Array($0.unicodeScalars)) }

    private static func isPlaceholder(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "-", "—", "–", "−", "/", "\\", "_", "…", "·": true
        default: false
        }
    }

    private static func isJunk(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "?", "？", "*", "※", "#", "'", "\"", "`", "~", "^", "。", "!", "(", ")", "[", "]", "�": true
        default: false
        }
    }
}
