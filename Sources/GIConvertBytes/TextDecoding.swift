#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decodes the bytes of a text file: UTF-8 or UTF-16 with a byte-order mark, UTF-8, or GB18030 (which
/// covers GB2312 and GBK) as Chinese sites publish them.
public enum TextDecoding {
    /// The UTF-8 byte-order mark.
    public static let utf8ByteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The text of `bytes`, or `nil` when they are not text in any of these encodings.
    public static func decode(_ bytes: [UInt8], declaredEncoding: String? = nil) -> String? {
        if bytes.starts(with: utf8ByteOrderMark) {
            return String(validating: bytes.dropFirst(3), as: UTF8.self)
        }
        if bytes.starts(with: [0xFF, 0xFE]) { return convert(Array(bytes.dropFirst(2)), from: "UTF-16LE") }
        if bytes.starts(with: [0xFE, 0xFF]) { return convert(Array(bytes.dropFirst(2)), from: "UTF-16BE") }
        if let declared = declaredEncoding?.uppercased(), !declared.hasPrefix("UTF-8"), !declared.hasPrefix("UTF8") {
            let name =
                ["GB2312", "GBK", "X-GBK", "GB_2312-80", "CP936", "EUC-CN"].contains(declared) ? "GB18030" : declared
            if let text = convert(bytes, from: name) { return text }
        }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return convert(bytes, from: "GB18030")
    }

    /// True when `bytes` look like binary data rather than text: NUL bytes or many control characters
    /// (UTF-16 with a byte-order mark is text).
    public static func looksBinary(_ bytes: [UInt8]) -> Bool {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            let count = min(buffer.count, 8192)
            var controls = 0
            var index = 0
            // Eight bytes at a time: a word with no byte below 0x20 holds neither NUL nor a control
            // character, and most words of text are such words.
            while index + 8 <= count {
                let word = UnsafeRawPointer(buffer.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if hasByte(in: word, below: 0x20) {
                    for byte in buffer[index..<(index + 8)] {
                        if byte == 0 { return true }
                        if isControl(byte) { controls += 1 }
                    }
                }
                index += 8
            }
            for byte in buffer[index..<count] {
                if byte == 0 { return true }
                if isControl(byte) { controls += 1 }
            }
            return count > 0 && controls * 20 > count
        }
    }

    /// The byte ranges of the lines of `bytes` that hold more than ASCII white space (bytes up to
    /// 0x20); lines end at line feeds and at carriage returns.
    ///
    /// Eight bytes are looked at a time: a word with no byte below 0x0E holds no line end, and most
    /// words of text are such words.
    public static func lineRanges(of bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        guard let base = bytes.baseAddress else { return lines }
        var start = 0
        var index = 0
        func endLine(at end: Int) {
            if bytes[start..<end].contains(where: { $0 > 0x20 }) { lines.append(start..<end) }
            start = end + 1
        }
        while index < bytes.count {
            if index + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if !hasByte(in: word, below: 0x0E) {
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D { endLine(at: index) }
            index += 1
        }
        if start < bytes.count { endLine(at: bytes.count) }
        return lines
    }

    /// True when one of the eight bytes of `word` is below `limit` (at most 0x80): subtracting `limit`
    /// from every byte borrows into the top bit exactly where a byte was below it and had its top bit clear.
    @inline(__always)
    private static func hasByte(in word: UInt64, below limit: UInt8) -> Bool {
        (word &- UInt64(limit) &* 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
    }

    /// A control character other than tab, line feed, carriage return, form feed and escape.
    private static func isControl(_ byte: UInt8) -> Bool {
        byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C && byte != 0x1B
    }

    /// Converts `bytes` from `encoding` with iconv; `nil` when the bytes are not valid in it.
    public static func convert(_ bytes: [UInt8], from encoding: String) -> String? {
        transcode(bytes, from: encoding, to: "UTF-8").map { String(decoding: $0, as: UTF8.self) }
    }

    /// `bytes` converted from `encoding` with iconv, each byte that cannot be converted replaced with
    /// U+FFFD; the bytes read as UTF-8 when iconv does not know the encoding.
    public static func convertReplacingInvalid(_ bytes: [UInt8], from encoding: String) -> String {
        let cd = iconv_open("UTF-8", encoding)
        if cd == iconv_t(bitPattern: -1) { return String(decoding: bytes, as: UTF8.self) }
        defer { iconv_close(cd) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count * 2)
        var chunk = [CChar](repeating: 0, count: 16384)
        input.withUnsafeMutableBufferPointer { inBuffer in
            chunk.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
                var inLeft = inBuffer.count
                while inLeft > 0 {
                    var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
                    var outLeft = outBuffer.count
                    let status = iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft)
                    let produced = outBuffer.count - outLeft
                    result.append(contentsOf: outBuffer.prefix(produced).map { UInt8(bitPattern: $0) })
                    if status == -1 {
                        if errno == E2BIG { continue }
                        // EILSEQ or EINVAL: skip one byte and mark it.
                        result.append(contentsOf: [0xEF, 0xBF, 0xBD])
                        inPointer = inPointer.map { $0 + 1 }
                        inLeft -= 1
                        _ = iconv(cd, nil, nil, nil, nil)
                    }
                }
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// `bytes` converted between two encodings by iconv; `nil` when they are not valid in `source` or
    /// cannot be written in `target`.
    static func transcode(_ bytes: [UInt8], from source: String, to target: String) -> [UInt8]? {
        if bytes.isEmpty { return [] }
        let cd = iconv_open(target, source)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 4 + 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
                var outLeft = outBuffer.count
                if iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft) == -1 || inLeft != 0 { return nil }
                return outBuffer.count - outLeft
            }
        }
        return produced.map { output.prefix($0).map { UInt8(bitPattern: $0) } }
    }
}

extension TextDecoding {
    /// `text` encoded in `encoding` with iconv, for writing inputs in legacy encodings.
    public static func convertFromUTF8(_ text: String, to encoding: String) -> [UInt8]? {
        transcode(Array(text.utf8), from: "UTF-8", to: encoding)
    }
}
