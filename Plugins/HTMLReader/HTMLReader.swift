import Foundation
import GIConvertBytes
import GIConvertCore

/// Reads web pages: the report's paragraphs in reading order and its tables with `rowspan`/`colspan`
/// resolved into grids, without the site's navigation, scripts, hidden blocks and footers.
///
/// The page is decoded here (BOM, the declared charset, UTF-8, else GB18030), handed to libxml2's
/// forgiving HTML parser as UTF-8, and the parsed tree is laid out into blocks by ``BlockLayout``.
/// Recognising the report is ``ReportRecognizer``'s job, as for every other reader.
public enum HTMLReader: ReportReader {
    public static let descriptor = FormatDescriptor(
        name: "html",
        summary: "web pages (UTF-8, GB2312/GBK/GB18030, Big5; declared or detected), tables with rowspan/colspan",
        fileExtensions: ["html", "htm", "shtml"],
        sniff: { prefix in HTMLSniffer.confidence(prefix) })

    public static func read(_ input: ReaderInput) throws(InputError) -> ReaderOutput {
        if input.bytes.isEmpty { throw .empty }
        guard let decoded = HTMLDecoding.decode(input.bytes) else { throw .binary }
        var warnings = decoded.warnings
        if !HTMLSniffer.hasMarkup(decoded.text) {
            // Text served as a page (a mirror's .html that is plain text): its line ends are its layout.
            let lines = decoded.text.split(whereSeparator: \.isNewline).map(BlockLayout.cleanLine).filter {
                !$0.isEmpty
            }
            if lines.isEmpty { warnings.append(.pageWithoutText) }
            return .document(Document(blocks: lines.map { .paragraph($0) }, warnings: warnings))
        }
        let tree = HTMLTree.parse(withoutWordConditionals(decoded.text), warnings: &warnings)
        if let paragraphs = PositionedRuns.paragraphs(in: tree) {
            // A PDF converted to a page of positioned runs.
            return .document(
                Document(
                    blocks: paragraphs.map { .paragraph($0) }, properties: BlockLayout.properties(tree),
                    warnings: warnings))
        }
        var document = BlockLayout.document(from: tree)
        if ScriptedContent.mayHoldMarkup(tree), !BlockLayout.holdsReport(document),
            let scripted = ScriptedContent.document(in: tree),
            BlockLayout.holdsReport(scripted)
        {
            // Some sites ship the report as an HTML string that a script writes into the page.
            document.blocks += scripted.blocks
            document.warnings.removeAll { $0 == .pageWithoutText }
            warnings.append(.reportInScript)
        }
        document.warnings = warnings + document.warnings
        return .document(document)
    }

    /// The blocks of a piece of HTML that a text format carries: a `<table>` written into Markdown, as
    /// pandoc writes tables with merged cells and PDF converters (MinerU among them) write every table.
    /// Its tables come out as grids with spans resolved, its other text as paragraphs; `warnings` gets
    /// what the parser and the layout worked around.
    public static func blocks(ofFragment html: String, warnings: inout [ReaderWarning]) -> [Block] {
        let tree = HTMLTree.parse(html, warnings: &warnings)
        let document = BlockLayout.document(from: tree)
        warnings += document.warnings.filter { $0 != .pageWithoutText }
        return document.blocks
    }

    /// The page without Word's downlevel-revealed conditionals (`<![if !supportLists]>…<![endif]>`), which
    /// browsers ignore but libxml2 would keep as text; what they enclose is shown, so it stays.
    ///
    /// Read on the bytes; a conditional followed by a character outside ASCII, where the regular
    /// expression's word boundary and case folding speak for themselves, goes to the expression.
    static func withoutWordConditionals(_ text: String) -> String {
        var text = text
        let conditionals: [Range<Int>]? = text.withUTF8 { bytes in
            var found: [Range<Int>] = []
            var position = 0
            while let start = "<![".withBytes({ ByteSearch.firstIndex(of: $0, in: bytes, from: position) }) {
                if bytes[(start + 3)..<min(start + 10, bytes.count)].contains(where: { $0 >= 0x80 }) { return nil }
                if let end = wordConditionalEnd(in: bytes, at: start) {
                    found.append(start..<end)
                    position = end
                } else {
                    position = start + 1
                }
            }
            return found
        }
        guard let conditionals else { return withoutWordConditionalsByExpression(text) }
        guard !conditionals.isEmpty else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        text.withUTF8 { bytes in
            var kept = 0
            for conditional in conditionals {
                result.append(contentsOf: bytes[kept..<conditional.lowerBound])
                kept = conditional.upperBound
            }
            result.append(contentsOf: bytes[kept...])
        }
        return TextRules.string(result)
    }

    /// Where the conditional that starts with `<![` at `start` ends: `<![endif]>`, or `<![if` at a word's
    /// end, any characters but `]` and `>`, and `]>`, in any case.
    private static func wordConditionalEnd(in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        func matches(_ word: String, at index: Int) -> Bool {
            let word = Array(word.utf8)
            guard index + word.count <= bytes.count else { return false }
            return word.indices.allSatisfy { TextRules.asciiLowercased(bytes[index + $0]) == word[$0] }
        }
        var index = start + 3
        if matches("endif", at: index) {
            index += 5
        } else if matches("if", at: index) {
            index += 2
            if index < bytes.count {
                let next = bytes[index]
                let isWordCharacter =
                    next == 0x5F || (next >= 0x30 && next <= 0x39) || (next | 0x20 >= 0x61 && next | 0x20 <= 0x7A)
                if isWordCharacter { return nil }
            }
            while index < bytes.count, bytes[index] != 0x5D, bytes[index] != 0x3E { index += 1 }
        } else {
            return nil
        }
        return matches("]>", at: index) ? index + 2 : nil
    }

    private static func withoutWordConditionalsByExpression(_ text: String) -> String {
        guard text.contains("<![") else { return text }
        let range = NSRange(location: 0, length: (text as NSString).length)
        return wordConditionalExpression.stringByReplacingMatches(in: text, range: range, withTemplate: "")
    }

    private static let wordConditionalExpression = try! NSRegularExpression(
        pattern: #"<!\[(?:if\b[^\]>]*|endif)\]>"#, options: [.caseInsensitive])
}

/// Tells web pages from other text by their first markup.
enum HTMLSniffer {
    /// How sure the sniffer is that `prefix` starts a web page: 0 when it is not text, 90 for a page that
    /// opens with `<!doctype html>` or `<html>`, 75 for one that opens with another page element, 40 when
    /// page markup only appears further in.
    static func confidence(_ prefix: [UInt8]) -> Int {
        var bytes = prefix[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes = bytes.dropFirst(3)
        } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            // UTF-16 with a byte-order mark: look at the ASCII bytes only.
            let big = bytes.starts(with: [0xFE, 0xFF])
            let units = Array(bytes.dropFirst(2))
            var ascii: [UInt8] = []
            var i = 0
            while i + 1 < units.count {
                let (high, low) = big ? (units[i], units[i + 1]) : (units[i + 1], units[i])
                ascii.append(high == 0 && low < 0x80 ? low : 0x80)
                i += 2
            }
            bytes = ascii[...]
        } else if TextDecoding.looksBinary(prefix) {
            return 0
        }
        let lower = String(decoding: bytes.prefix(4096).map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self).lowercased()
        let head = lower.drop { $0.isWhitespace }
        let opening = ["<!doctype html", "<html"]
        if opening.contains(where: head.hasPrefix) { return 90 }
        let elements = [
            "<head", "<body", "<meta", "<title", "<table", "<div", "<p>", "<p ", "<link", "<style", "<script", "<h1",
            "<h2", "<center", "<font", "<span",
        ]
        if elements.contains(where: head.hasPrefix) { return 75 }
        if head.hasPrefix("<!--") || head.hasPrefix("<?xml") || head.hasPrefix("<!doctype") {
            if ["<html", "<head", "<body", "<table", "<div"].contains(where: lower.contains) { return 80 }
        }
        // Markup further in: a saved page with junk before it. A text report quoting a tag or two is not one.
        let tags = ["<html", "<body", "<table", "<tr", "<td", "</p>", "</div>", "<br"].reduce(0) { count, tag in
            count + lower.components(separatedBy: tag).count - 1
        }
        if tags >= 4 { return 40 }
        return 0
    }

    /// True when `text` has at least one tag, comment or declaration (`<p`, `</`, `<!`).
    static func hasMarkup(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var previousWasOpen = false
            for byte in bytes {
                if previousWasOpen,
                    TextRules.isLetter(UInt32(byte)) && byte < 0x80 || byte == 0x2F || byte == 0x21 || byte == 0x3F
                {
                    return true
                }
                previousWasOpen = byte == 0x3C
            }
            return false
        }
    }
}
