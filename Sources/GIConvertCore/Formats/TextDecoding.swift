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
            let name = ["GB2312", "GBK", "X-GBK", "GB_2312-80", "CP936", "EUC-CN"].contains(declared) ? "GB18030" : declared
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
            for i in 0..<count {
                let byte = buffer[i]
                if byte == 0 { return true }
                if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C && byte != 0x1B { controls += 1 }
            }
            return count > 0 && controls * 20 > count
        }
    }

    /// Converts `bytes` from `encoding` with iconv; `nil` when the bytes are not valid in it.
    public static func convert(_ bytes: [UInt8], from encoding: String) -> String? {
        transcode(bytes, from: encoding, to: "UTF-8").map { String(decoding: $0, as: UTF8.self) }
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
