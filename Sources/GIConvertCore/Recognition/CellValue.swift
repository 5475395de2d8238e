/// What a printed cell says: a number, a blank, or not a value at all (a label).
public struct CellValue: Sendable, Equatable {
    /// The number as printed (before any unit conversion); `nil` for a blank cell.
    public var number: Double?
    /// The unit printed after the number, if any (`万元`, `元`, `件`).
    public var unit: String?
    /// True when the cell had text around the number that is not a unit (`0?`, `12（件）`).
    public var hasJunk: Bool

    public var isBlank: Bool { number == nil }

    public static let blank = CellValue(number: nil, unit: nil, hasJunk: false)

    /// The value for a column: money in 万元 when `isMoney` (元 converted), and the flags that go with it.
    public func resolved(isMoney: Bool, isSigned: Bool) -> (value: Double?, flags: [CellFlag]) {
        guard var value = number else { return (nil, [.blank]) }
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
    /// Parses one printed cell. Returns `nil` when the text is not a value (it is a label or prose).
    ///
    /// Accepted: full-width digits, `1,234`, stray spaces inside the number, a sign (`增5`, `减35`, `+5`,
    /// `-35`), a unit (`万元`, `元`, `件`, …) and junk characters such as `?` around the number (flagged).
    /// Empty cells and placeholder dashes (`—`, `/`, `无`) are blank.
    public static func parse(_ printed: String) -> CellValue? {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(printed.unicodeScalars.count)
        for scalar in printed.unicodeScalars {
            let s = LabelNormalizer.simplify(scalar)
            if s.properties.isWhitespace { continue }
            scalars.append(s)
        }
        if scalars.isEmpty { return .blank }
        if scalars.allSatisfy({ placeholderScalars.contains($0) }) { return .blank }
        if scalars.count == 1, scalars[0] == "无" { return .blank }

        var i = 0
        var hasJunk = false
        while i < scalars.count, junkScalars.contains(scalars[i]) { hasJunk = true; i += 1 }
        var sign = 1.0
        if i < scalars.count {
            switch scalars[i] {
            case "增", "+": i += 1
            case "减", "-", "−", "—", "–": sign = -1; i += 1
            default: break
            }
        }
        var digits = ""
        var sawDigit = false
        var sawPoint = false
        while i < scalars.count {
            let s = scalars[i]
            if s.properties.numericType != nil, let d = asciiDigit(s) {
                digits.append(d)
                sawDigit = true
            } else if s == ".", !sawPoint, sawDigit, i + 1 < scalars.count, asciiDigit(scalars[i + 1]) != nil {
                digits.append(".")
                sawPoint = true
            } else if s == ",", sawDigit, !sawPoint {
                // thousands separator
            } else {
                break
            }
            i += 1
        }
        guard sawDigit, let magnitude = Double(digits) else { return nil }

        var rest = String(String.UnicodeScalarView(scalars[i...]))
        var unit: String?
        for candidate in units where rest.hasPrefix(candidate) || rest.hasPrefix("(\(candidate))") {
            unit = candidate
            if rest.hasPrefix("(") {
                hasJunk = true
                rest.removeFirst(candidate.count + 2)
            } else {
                rest.removeFirst(candidate.count)
            }
            break
        }
        for scalar in rest.unicodeScalars {
            guard junkScalars.contains(scalar) else { return nil }
            hasJunk = true
        }
        return CellValue(number: sign * magnitude, unit: unit, hasJunk: hasJunk)
    }

    private static func asciiDigit(_ s: Unicode.Scalar) -> Character? {
        (s.value >= 0x30 && s.value <= 0x39) ? Character(s) : nil
    }

    /// Units a number may carry, longest first.
    private static let units = ["万元", "元", "万", "件", "个", "项", "条", "次", "人", "家", "宗"]
    private static let placeholderScalars: Set<Unicode.Scalar> = ["-", "—", "–", "−", "/", "\\", "_", "…", "·"]
    private static let junkScalars: Set<Unicode.Scalar> = ["?", "？", "*", "※", "#", "'", "\"", "`", "~", "^", "。", "!", "(", ")", "[", "]", "�"]
}
