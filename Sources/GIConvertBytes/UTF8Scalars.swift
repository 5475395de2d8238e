/// Unicode scalars read from and written to UTF-8 bytes that are known to be well formed (a String's
/// own storage), without the checks and state of the general decoders.
public enum UTF8Scalars {
    /// The scalar whose encoding starts at `bytes[index]`, and the length of that encoding.
    @inlinable @inline(__always)
    public static func decode<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at index: Int) -> (
        value: UInt32, length: Int
    )
    where Bytes.Index == Int {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2) }
        if lead < 0xF0 {
            return ((lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3)
        }
        return (
            (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
                | UInt32(bytes[index + 3] & 0x3F), 4
        )
    }

    /// The start of the scalar that ends just before `end`.
    @inlinable @inline(__always)
    public static func start(_ bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> Int {
        var start = end - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return start
    }

    /// Writes the encoding of `value` at `out[count]` and returns the new count.
    @inlinable @inline(__always)
    public static func encode(_ value: UInt32, into out: UnsafeMutableBufferPointer<UInt8>, at count: Int) -> Int {
        if value < 0x80 {
            out[count] = UInt8(value)
            return count + 1
        }
        if value < 0x800 {
            out[count] = UInt8(0xC0 | value >> 6)
            out[count + 1] = UInt8(0x80 | value & 0x3F)
            return count + 2
        }
        if value < 0x10000 {
            out[count] = UInt8(0xE0 | value >> 12)
            out[count + 1] = UInt8(0x80 | (value >> 6) & 0x3F)
            out[count + 2] = UInt8(0x80 | value & 0x3F)
            return count + 3
        }
        out[count] = UInt8(0xF0 | value >> 18)
        out[count + 1] = UInt8(0x80 | (value >> 12) & 0x3F)
        out[count + 2] = UInt8(0x80 | (value >> 6) & 0x3F)
        out[count + 3] = UInt8(0x80 | value & 0x3F)
        return count + 4
    }

    /// True when a scalar of `bytes` satisfies `predicate`.
    @inlinable @inline(__always)
    public static func contains(_ bytes: UnsafeBufferPointer<UInt8>, where predicate: (UInt32) -> Bool) -> Bool {
        var index = 0
        while index < bytes.count {
            let (value, length) = decode(bytes, at: index)
            if predicate(value) { return true }
            index += length
        }
        return false
    }

    /// The number of scalars in `bytes`.
    @inlinable
    public static func count(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// A String of `bytes[range]`, where `bytes` are the UTF-8 of `text`; the whole `text` itself when
    /// the range covers all of it.
    @inlinable @inline(__always)
    public static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, of text: String) -> String {
        if range.count == bytes.count { return text }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
