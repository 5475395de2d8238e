#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Substring search on UTF-8 bytes. Match keys and cues are plain UTF-8 with no case or normalisation
/// questions, so comparing bytes is exact, and far cheaper than Foundation's string search.
public enum ByteSearch {
    /// True when `needle` occurs in `haystack`.
    @inlinable
    public static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        firstIndex(of: needle, in: haystack) != nil
    }

    /// True when the UTF-8 of `needle` occurs in `haystack`.
    @inlinable @inline(__always)
    public static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: String) -> Bool {
        needle.withBytes { contains(haystack, $0) }
    }

    /// The offset of the first occurrence of `needle` in `haystack` at or after `from`.
    ///
    /// The search jumps between occurrences of the needle's last byte: in UTF-8 Chinese text lead bytes
    /// repeat constantly, while a given final byte is one in about 64.
    @inlinable
    public static func firstIndex(
        of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from: Int = 0
    ) -> Int? {
        guard !needle.isEmpty else { return from }
        guard needle.count <= haystack.count - from, let base = haystack.baseAddress else { return nil }
        let lastByte = Int32(needle[needle.count - 1])
        var end = from + needle.count - 1
        while end < haystack.count {
            guard let found = memchr(base + end, lastByte, haystack.count - end) else { return nil }
            end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            let start = end - (needle.count - 1)
            if equal(haystack, start, needle) { return start }
            end += 1
        }
        return nil
    }

    /// True when `haystack[start...]` begins with `needle`.
    @inlinable @inline(__always)
    public static func equal(_ haystack: UnsafeBufferPointer<UInt8>, _ start: Int, _ needle: UnsafeBufferPointer<UInt8>)
        -> Bool
    {
        for i in 0..<needle.count where haystack[start + i] != needle[i] { return false }
        return true
    }

    /// The offset of the first `byte` in `haystack` at or after `from`.
    @inlinable
    public static func firstIndex(of byte: UInt8, in haystack: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
        guard from < haystack.count, let base = haystack.baseAddress,
            let found = memchr(base + from, Int32(byte), haystack.count - from)
        else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// True when `byte` occurs in `bytes`.
    @inlinable @inline(__always)
    public static func contains(_ bytes: UnsafeBufferPointer<UInt8>, byte: UInt8) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
        return memchr(base, Int32(byte), bytes.count) != nil
    }

    /// How often `byte` occurs in `bytes`.
    @inlinable
    public static func count(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0
        var start = 0
        while start < bytes.count, let found = memchr(base + start, Int32(byte), bytes.count - start) {
            count += 1
            start = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return count
    }
}

extension String {
    /// True when `needle` occurs in the string.
    @inlinable
    public func containsBytes(_ needle: String) -> Bool {
        withBytes { h in needle.withBytes { n in ByteSearch.contains(h, n) } }
    }

    /// True when the UTF-8 bytes `needle` occur in the string.
    @inlinable
    public func containsBytes(_ needle: [UInt8]) -> Bool {
        withBytes { h in needle.withUnsafeBufferPointer { n in ByteSearch.contains(h, n) } }
    }

    /// The string's UTF-8 without copying it (a native string lends its storage).
    @inlinable @inline(__always)
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(utf8).withUnsafeBufferPointer(body)
    }

    /// True when the UTF-8 of the string contains `byte` (an ASCII character or a lead byte).
    @inlinable
    public func containsByte(_ byte: UInt8) -> Bool {
        withBytes { ByteSearch.contains($0, byte: byte) }
    }

    /// The offset, in Unicode scalars from the start, just past the last occurrence of `needle`.
    @inlinable
    public func lastMatchEnd(of needle: String) -> Int? {
        withBytes { h in
            needle.withBytes { n -> Int? in
                guard !n.isEmpty else { return 0 }
                guard n.count <= h.count else { return nil }
                var start = h.count - n.count
                while start >= 0 {
                    if h[start] == n[0] && ByteSearch.equal(h, start, n) {
                        return UTF8Scalars.count(UnsafeBufferPointer(rebasing: h[..<(start + n.count)]))
                    }
                    start -= 1
                }
                return nil
            }
        }
    }

    /// The number of Unicode scalars in the string.
    @inlinable
    public var scalarLength: Int {
        withBytes(UTF8Scalars.count)
    }
}
