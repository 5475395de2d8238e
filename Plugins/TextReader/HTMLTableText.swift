/// Finds HTML tables written into text, as Markdown carries them: a line that starts with `<table`
/// opens one, and the line where as many `</table>` as `<table` have been seen closes it.
enum HTMLTableText {
    /// The index past the last line of the table opened at line `start`, or `nil` when that line opens
    /// no table or no line closes it.
    static func end(ofTableAt start: Int, lines: [Range<Int>], bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard opensTable(lines[start], bytes: bytes) else { return nil }
        var depth = 0
        for index in start..<lines.count {
            let (opened, closed) = tableTags(in: lines[index], bytes: bytes)
            depth += opened - closed
            if depth <= 0 { return index + 1 }
        }
        return nil
    }

    /// True when the line's first text, spaces aside, is a `<table` tag (any case), or one after tags
    /// that wrap it: MinerU writes `<html><body><table>…`.
    static func opensTable(_ line: Range<Int>, bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = line.lowerBound
        while true {
            while index < line.upperBound, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
            if isTag(opening, at: index, in: line, bytes: bytes) { return true }
            guard let wrapper = wrappers.first(where: { isTag($0, at: index, in: line, bytes: bytes) }) else {
                return false
            }
            index += wrapper.count
            while index < line.upperBound, bytes[index] != 0x3E { index += 1 }
            index += 1
        }
    }

    /// Tags that may stand before a table on its first line.
    private static let wrappers = ["<html", "<body", "<div", "<center"].map { Array($0.utf8) }

    /// How many `<table` and `</table` tags the line holds.
    private static func tableTags(in line: Range<Int>, bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var opened = 0
        var closed = 0
        for index in line where bytes[index] == 0x3C {
            if isTag(opening, at: index, in: line, bytes: bytes) { opened += 1 }
            if isTag(closing, at: index, in: line, bytes: bytes) { closed += 1 }
        }
        return (opened, closed)
    }

    private static let opening = Array("<table".utf8)
    private static let closing = Array("</table".utf8)

    /// True when `tag` (lower case) starts at `index`, in any case, followed by `>`, `/`, white space or
    /// the end of the line: `<table>`, `<TABLE border=1>`, not `<tablex>`.
    private static func isTag(_ tag: [UInt8], at index: Int, in line: Range<Int>, bytes: UnsafeBufferPointer<UInt8>)
        -> Bool
    {
        guard index + tag.count <= line.upperBound else { return false }
        for offset in tag.indices {
            let byte = bytes[index + offset]
            let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if lowered != tag[offset] { return false }
        }
        let next = index + tag.count
        guard next < line.upperBound else { return true }
        let byte = bytes[next]
        return byte == 0x3E || byte == 0x2F || byte == 0x20 || byte == 0x09
    }
}
