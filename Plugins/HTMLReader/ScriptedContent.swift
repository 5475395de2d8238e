import GIConvertCore

/// Reports that a page only shows through JavaScript: the article is an HTML string in a `<script>`
/// (`let content = '<p>…</p><table>…'`) that the browser writes into the page.
enum ScriptedContent {
    /// The document laid out from the HTML strings of the page's scripts, when they hold markup.
    static func document(in tree: HTMLTree) -> Document? {
        var markup = ""
        for code in scripts(in: tree) {
            for literal in stringLiterals(in: TextRules.string(code)) where looksLikeMarkup(literal) {
                markup += literal
            }
        }
        guard !markup.isEmpty else { return nil }
        var warnings: [ReaderWarning] = []
        let fragment = HTMLTree.parse(markup, warnings: &warnings)
        let document = BlockLayout.document(from: fragment)
        return document.blocks.isEmpty ? nil : document
    }

    /// False when no script of the page can hold markup: none has a `<`, nor a `\\` that could escape one.
    static func mayHoldMarkup(_ tree: HTMLTree) -> Bool {
        scripts(in: tree).contains { $0.contains(0x3C) || $0.contains(0x5C) }
    }

    /// The code of the page's JavaScript scripts.
    private static func scripts(in tree: HTMLTree) -> [[UInt8]] {
        tree.descendants(of: HTMLTree.root, where: { $0.tag == .script }).compactMap { script in
            let type = tree.attributeString(.scriptType, of: script)?.lowercased() ?? ""
            guard type.isEmpty || type.contains("javascript") || type.contains("ecmascript") || type == "module" else {
                return nil
            }
            var code: [UInt8] = []
            for child in tree.children(of: script) where tree[child].tag == .text {
                code.append(contentsOf: tree.text(of: child))
            }
            return code
        }
    }

    private static func looksLikeMarkup(_ text: String) -> Bool {
        let lower = text.lowercased()
        return ["<p", "<table", "<tr", "<td", "<div", "<br", "<span", "<h1", "<h2", "<h3"].contains(
            where: lower.contains)
    }

    /// The string literals of JavaScript source, unescaped. Comments are skipped; a regular-expression
    /// literal may confuse it, which costs at most a missed string.
    static func stringLiterals(in code: String) -> [String] {
        var literals: [String] = []
        let scalars = Array(code.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "/", i + 1 < scalars.count, scalars[i + 1] == "/" {
                while i < scalars.count, scalars[i] != "\n" { i += 1 }
                continue
            }
            if c == "/", i + 1 < scalars.count, scalars[i + 1] == "*" {
                i += 2
                while i + 1 < scalars.count, !(scalars[i] == "*" && scalars[i + 1] == "/") { i += 1 }
                i += 2
                continue
            }
            guard c == "\"" || c == "'" || c == "`" else {
                i += 1
                continue
            }
            var literal = String.UnicodeScalarView()
            i += 1
            while i < scalars.count, scalars[i] != c {
                if scalars[i] == "\n", c != "`" { break }
                if scalars[i] == "\\", i + 1 < scalars.count {
                    i += 1
                    let e = scalars[i]
                    switch e {
                    case "n": literal.append("\n")
                    case "r": literal.append("\r")
                    case "t": literal.append("\t")
                    case "\n": break
                    case "u", "x":
                        let length = e == "u" ? 4 : 2
                        var digits = ""
                        var j = i + 1
                        if e == "u", j < scalars.count, scalars[j] == "{" {
                            j += 1
                            while j < scalars.count, scalars[j] != "}", digits.count < 6 {
                                digits.unicodeScalars.append(scalars[j])
                                j += 1
                            }
                            j += 1
                        } else {
                            while j < scalars.count, digits.count < length, scalars[j].properties.isASCIIHexDigit {
                                digits.unicodeScalars.append(scalars[j])
                                j += 1
                            }
                        }
                        if let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) {
                            literal.append(scalar)
                            i = j - 1
                        } else {
                            literal.append(e)
                        }
                    default: literal.append(e)
                    }
                    i += 1
                    continue
                }
                literal.append(scalars[i])
                i += 1
            }
            i += 1
            literals.append(String(literal))
        }
        return literals
    }
}
