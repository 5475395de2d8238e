/// White space as reports print it, found and cut on UTF-8 bytes: ASCII white space, the no-break and
/// ideographic spaces, the typographic spaces and zero-width marks, line and paragraph separators.
public enum UTF8Whitespace {
    /// True for a white-space scalar.
    @inlinable @inline(__always)
    public static func isSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x3000, 0x2000...0x200B, 0x2028, 0x2029, 0xFEFF: return true
        default: return false
        }
    }

    /// True for a white-space scalar.
    @inlinable
    public static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        isSpace(scalar.value)
    }

    /// `text` without surrounding white space, the same String when there is none; with `keepingTabs`,
    /// tabs stay, since they separate cells.
    @inlinable
    public static func trim(_ text: String, keepingTabs: Bool) -> String {
        text.withBytes { bytes in
            UTF8Scalars.string(bytes, trimmed(bytes, 0..<bytes.count, keepingTabs: keepingTabs), of: text)
        }
    }

    /// `range` of `bytes` without surrounding white space, as ``trim(_:keepingTabs:)`` cuts it.
    @inlinable
    public static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, keepingTabs: Bool)
        -> Range<Int>
    {
        func isTrimmed(_ value: UInt32) -> Bool {
            value == 0x09 ? !keepingTabs : isSpace(value)
        }
        // Most text starts and ends with a scalar no white space begins with.
        guard let first = range.first,
            mayStartSpace(bytes[first])
                || mayStartSpace(bytes[UTF8Scalars.start(bytes, before: range.upperBound)])
        else { return range }
        var start = range.lowerBound
        while start < range.upperBound {
            if bytes[start] < 0x80 {
                guard isTrimmed(UInt32(bytes[start])) else { break }
                start += 1
                continue
            }
            let (value, length) = UTF8Scalars.decode(bytes, at: start)
            guard isTrimmed(value) else { break }
            start += length
        }
        var end = range.upperBound
        while end > start {
            let scalarStart = UTF8Scalars.start(bytes, before: end)
            guard isTrimmed(UTF8Scalars.decode(bytes, at: scalarStart).value) else { break }
            end = scalarStart
        }
        return start..<end
    }

    /// True for a byte that can start the UTF-8 of a white-space scalar (``isSpace(_:)-(UInt32)``).
    @inlinable @inline(__always)
    static func mayStartSpace(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x09...0x0D, 0x20, 0xC2, 0xE2, 0xE3, 0xEF: true
        default: false
        }
    }
}
