#if canImport(Glibc)
import Glibc
#endif

/// Substring search on UTF-8 bytes. Match keys and cues are plain UTF-8 with no case or normalisation
/// questions, so comparing bytes is exact, and far cheaper than Foundation's string search.
extension String {
    /// True when `needle` occurs in the string.
    func containsBytes(_ needle: String) -> Bool {
        withBytes { h in
            needle.withBytes { n -> Bool in
                guard !n.isEmpty else { return true }
                guard n.count <= h.count, let base = h.baseAddress else { return false }
                var start = 0
                let last = h.count - n.count
                while start <= last {
                    // Jump to the next occurrence of the first byte.
                    guard let found = memchr(base + start, Int32(n[0]), last - start + 1) else { return false }
                    start = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memoryEqual(h, start, n) { return true }
                    start += 1
                }
                return false
            }
        }
    }

    /// The string's UTF-8 without copying it (a native string lends its storage).
    @inline(__always)
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(utf8).withUnsafeBufferPointer(body)
    }

    /// True when the UTF-8 of the string contains `byte` (an ASCII character or a lead byte).
    func containsByte(_ byte: UInt8) -> Bool {
        var copy = self
        return copy.withUTF8 { h in
            guard let base = h.baseAddress, !h.isEmpty else { return false }
            return memchr(base, Int32(byte), h.count) != nil
        }
    }

    /// The offset, in Unicode scalars from the start, just past the last occurrence of `needle`.
    func lastMatchEnd(of needle: String) -> Int? {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n -> Int? in
                guard !n.isEmpty else { return 0 }
                guard n.count <= h.count else { return nil }
                var start = h.count - n.count
                while start >= 0 {
                    if h[start] == n[0] && memoryEqual(h, start, n) {
                        return scalarCount(h, upTo: start + n.count)
                    }
                    start -= 1
                }
                return nil
            }
        }
    }

    /// The number of Unicode scalars in the string.
    var scalarLength: Int {
        var copy = self
        return copy.withUTF8 { scalarCount($0, upTo: $0.count) }
    }
}

private func memoryEqual(_ h: UnsafeBufferPointer<UInt8>, _ start: Int, _ n: UnsafeBufferPointer<UInt8>) -> Bool {
    for i in 0..<n.count where h[start + i] != n[i] { return false }
    return true
}

private func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>, upTo end: Int) -> Int {
    var count = 0
    for i in 0..<end where bytes[i] & 0xC0 != 0x80 { count += 1 }
    return count
}
