import GIConvertCore
import GIConvertPDF

/// A run of glyphs on one line with no wide gap inside: the text of one cell line, or of a whole
/// paragraph line. Coordinates are in points; `y0`/`y1` are on the document's continuous y-axis, where
/// the pages follow one another without their margins.
struct Fragment {
    var text: String
    var x0: Float
    var x1: Float
    var y0: Float
    var y1: Float
    /// The line index (into the document's content lines) this fragment sits on.
    var line: Int
    var page: Int
    /// True when the text is a printed figure (`12`, `0.5`, `3?`, `—`), the kind of cell tables are read for.
    var isNumeric: Bool
    /// Narrow gaps inside the fragment (wider than an eighth of the line height): where two cells of narrow
    /// columns may touch.
    var gaps: [FragmentGap] = []
    /// The vertical extent of the glyphs after the last gap.
    var tailY0: Float = 0
    var tailY1: Float = 0
    /// Where each Unicode scalar of `text` starts (an inserted space where the glyph before it ends):
    /// figures of two cells can touch with no gap between their glyph boxes, only a wider advance.
    var starts: [Float] = []

    var width: Float { x1 - x0 }
    var height: Float { y1 - y0 }
}

/// A narrow gap inside a fragment.
struct FragmentGap {
    /// Unicode scalars of the fragment's text before the gap.
    var offset: Int
    var start: Float
    var end: Float
    /// The vertical extent of the glyphs between the previous gap (or the start) and this one: cells
    /// that touch may stand on different baselines.
    var y0Before: Float
    var y1Before: Float
}

/// One printed line: fragments left to right.
struct TextLine {
    var fragments: [Fragment]
    var y0: Float
    var y1: Float
    var page: Int

    var x0: Float { fragments.first?.x0 ?? 0 }
    var x1: Float { fragments.last?.x1 ?? 0 }
    var height: Float { y1 - y0 }
    var center: Float { (y0 + y1) / 2 }
    /// The widest gap between two fragments, in points.
    var widestGap: Float {
        var widest: Float = 0
        for i in fragments.indices.dropFirst() { widest = max(widest, fragments[i].x0 - fragments[i - 1].x1) }
        return widest
    }
}

/// Turns pages of positioned glyphs into the document's lines in reading order, with page furniture
/// (page numbers, running heads and feet) removed and the pages laid end to end on one y-axis.
struct PageLayout {
    let pages: [PDFPage]
    var warnings: [ReaderWarning] = []
    /// The left and right edges of the body text (points), for telling wrapped lines from ended ones.
    var bodyLeft: Float = 0
    var bodyRight: Float = 0

    init(pages: [PDFPage]) {
        var kept: [PDFPage] = []
        var warnings: [ReaderWarning] = []
        for (index, page) in pages.enumerated() {
            let (text, dropped) = Self.withoutWatermark(page)
            if !dropped.isEmpty {
                warnings.append(
                    .watermarkLeftOut(
                        page: index + 1, characters: dropped.unicodeScalars.count, sample: String(dropped.prefix(12))))
            }
            kept.append(Self.upright(text))
        }
        self.pages = kept
        self.warnings = warnings
    }

    /// The page without the glyphs of a watermark, and those glyphs' text. A watermark's characters are
    /// set in a font much larger than the page's text (at least 1.8 times the size most characters
    /// have) and either in a light colour (grey, pale) or slanted (characters a step right of and a
    /// little above or below each other). Read as text they would land inside tables as figures
    /// (`仅供参考 2023`) or split rows.
    static func withoutWatermark(_ page: PDFPage) -> (PDFPage, String) {
        let glyphs = page.glyphs
        let sizes = glyphs.map(\.fontSize).filter { $0 > 0 }.sorted()
        guard sizes.count >= 8 else { return (page, "") }
        let large = sizes[sizes.count / 2] * 1.8
        var watermark = [Bool](repeating: false, count: glyphs.count)
        let largeGlyphs = glyphs.indices.filter { glyphs[$0].fontSize >= large }
        for i in largeGlyphs where glyphs[i].lightness >= 0.6 { watermark[i] = true }
        // Slanted: two characters of one size, one a character's advance right of the other and less
        // than a line below or above it. Lines of a large title stand a whole line apart.
        for (n, i) in largeGlyphs.enumerated() {
            for j in largeGlyphs[(n + 1)...] where abs(glyphs[j].fontSize - glyphs[i].fontSize) < 0.01 {
                let size = glyphs[i].fontSize
                let dx = abs((glyphs[j].x0 + glyphs[j].x1) - (glyphs[i].x0 + glyphs[i].x1)) / 2
                let dy = abs((glyphs[j].y0 + glyphs[j].y1) - (glyphs[i].y0 + glyphs[i].y1)) / 2
                if dx >= 0.4 * size, dx <= 1.5 * size, dy >= 0.2 * size, dy <= 1.1 * size {
                    watermark[i] = true
                    watermark[j] = true
                }
            }
        }
        // poppler boxes a slanted word's characters on one line: the rest of such a word goes too.
        var grew = true
        while grew {
            grew = false
            for i in largeGlyphs where !watermark[i] {
                let size = glyphs[i].fontSize
                let besideOne = largeGlyphs.contains { j in
                    watermark[j] && abs(glyphs[j].fontSize - size) < 0.01
                        && abs(glyphs[j].y0 - glyphs[i].y0) < 0.2 * size
                        && abs(glyphs[j].x0 - glyphs[i].x0) <= 1.5 * size
                }
                if besideOne {
                    watermark[i] = true
                    grew = true
                }
            }
        }
        guard watermark.contains(true) else { return (page, "") }
        var kept = page
        kept.glyphs = glyphs.indices.filter { !watermark[$0] }.map { glyphs[$0] }
        let text = String(String.UnicodeScalarView(glyphs.indices.filter { watermark[$0] }.map { glyphs[$0].scalar }))
        return (kept, text)
    }

    /// The page turned so that its text runs left to right and its lines top to bottom. A page whose
    /// `/Rotate` (or drawing) turns the text gives glyph rectangles in which the text runs down, up or
    /// right to left; the direction is read from how poppler's consecutive glyphs advance.
    static func upright(_ page: PDFPage) -> PDFPage {
        let glyphs = page.glyphs
        guard glyphs.count >= 8 else { return page }
        var right = 0
        var down = 0
        var up = 0
        var left = 0
        for i in glyphs.indices.dropFirst() {
            let dx = glyphs[i].x0 - glyphs[i - 1].x0
            let dy = glyphs[i].y0 - glyphs[i - 1].y0
            let size = max(glyphs[i].x1 - glyphs[i].x0, glyphs[i].y1 - glyphs[i].y0)
            guard abs(dx) + abs(dy) < 2 * size else { continue }  // within a word or line
            if abs(dx) >= abs(dy) {
                if dx > 0 { right += 1 } else { left += 1 }
            } else if dy > 0 {
                down += 1
            } else {
                up += 1
            }
        }
        let best = max(right, down, up, left)
        guard best > right * 2, best >= 4 else { return page }
        let width = page.width
        let height = page.height
        // Where the lines follow one another: the side the text moves to after a line ends.
        var forward = 0
        var backward = 0
        for i in glyphs.indices.dropFirst() {
            let dx = glyphs[i].x0 - glyphs[i - 1].x0
            let dy = glyphs[i].y0 - glyphs[i - 1].y0
            let across = down == best || up == best ? dx : dy
            let along = down == best || up == best ? dy : dx
            let size = max(glyphs[i].x1 - glyphs[i].x0, glyphs[i].y1 - glyphs[i].y0)
            guard abs(across) > 0.5 * size, abs(along) > 2 * size else { continue }
            if across > 0 { forward += 1 } else { backward += 1 }
        }
        let linesForward = forward >= backward
        func turn(_ g: PDFGlyph) -> PDFGlyph {
            var a: (Float, Float)
            var b: (Float, Float)
            if down == best || up == best {
                // Text runs along y: the new x is the distance along the text, the new y across it.
                let along0 = down == best ? g.y0 : height - g.y1
                let along1 = down == best ? g.y1 : height - g.y0
                let across0 = linesForward ? g.x0 : width - g.x1
                let across1 = linesForward ? g.x1 : width - g.x0
                a = (along0, across0)
                b = (along1, across1)
            } else {
                let across0 = linesForward ? g.y0 : height - g.y1
                let across1 = linesForward ? g.y1 : height - g.y0
                a = (width - g.x1, across0)
                b = (width - g.x0, across1)
            }
            return PDFGlyph(
                scalar: g.scalar, x0: a.0, y0: a.1, x1: b.0, y1: b.1, fontSize: g.fontSize, lightness: g.lightness)
        }
        let turned = glyphs.map(turn)
        let sideways = down == best || up == best
        return PDFPage(
            width: sideways ? height : width, height: sideways ? width : height, glyphs: turned,
            ocrGlyphCount: page.ocrGlyphCount)
    }

    mutating func contentLines() -> [TextLine] {
        var perPage: [[TextLine]] = pages.indices.map { lines(of: pages[$0], page: $0) }
        removeFurniture(&perPage)
        // Lay the pages end to end: the first line of a page follows the last line of the one before at
        // an ordinary line gap, so a table or paragraph that runs over the break continues.
        var result: [TextLine] = []
        var offset: Float = 0
        var previousBottom: Float?
        for pageLines in perPage where !pageLines.isEmpty {
            if let previousBottom {
                let gap = 0.3 * (pageLines[0].height)
                offset = previousBottom + gap - pageLines[0].y0
            }
            for var line in pageLines {
                line.y0 += offset
                line.y1 += offset
                for f in line.fragments.indices {
                    line.fragments[f].y0 += offset
                    line.fragments[f].y1 += offset
                    line.fragments[f].tailY0 += offset
                    line.fragments[f].tailY1 += offset
                    for g in line.fragments[f].gaps.indices {
                        line.fragments[f].gaps[g].y0Before += offset
                        line.fragments[f].gaps[g].y1Before += offset
                    }
                    line.fragments[f].line = result.count
                }
                result.append(line)
            }
            previousBottom = result.last.map { $0.y1 }
        }
        measureBody(result)
        return result
    }

    /// The lines of one page: glyphs grouped by their vertical centre, then split into fragments where
    /// a gap is wider than a space.
    private func lines(of page: PDFPage, page index: Int) -> [TextLine] {
        let glyphs = page.glyphs.filter { $0.x1 > $0.x0 - 0.01 && $0.y1 > $0.y0 && $0.y1 - $0.y0 < 500 }
        guard !glyphs.isEmpty else { return [] }
        // An OCR layer places each word of a scan where the engine found it and spreads the word's glyphs
        // over its box: gaps between words of one phrase reach 0.8 of the line height, while cells stand
        // further apart.
        let isOCR = page.isOCRLayer
        let fragmentGap: Float = isOCR ? 1.0 : 0.55
        let order = glyphs.indices.sorted { a, b in
            let ca = glyphs[a].y0 + glyphs[a].y1
            let cb = glyphs[b].y0 + glyphs[b].y1
            return ca != cb ? ca < cb : glyphs[a].x0 < glyphs[b].x0
        }
        var groups: [[Int]] = []
        var current: [Int] = []
        var bandCenter: Float = 0
        var bandHeight: Float = 0
        for index in order {
            let glyph = glyphs[index]
            let center = (glyph.y0 + glyph.y1) / 2
            let height = glyph.y1 - glyph.y0
            if !current.isEmpty, abs(center - bandCenter) <= 0.35 * max(bandHeight, height) {
                current.append(index)
                continue
            }
            if !current.isEmpty { groups.append(current) }
            current = [index]
            bandCenter = center
            bandHeight = height
        }
        if !current.isEmpty { groups.append(current) }
        var lines: [TextLine] = []
        lines.reserveCapacity(groups.count)
        for group in groups {
            let sorted = group.sorted { glyphs[$0].x0 < glyphs[$1].x0 }
            let heights = sorted.map { glyphs[$0].y1 - glyphs[$0].y0 }.sorted()
            let height = heights[heights.count / 2]
            var fragments: [Fragment] = []
            var text = String.UnicodeScalarView()
            var start = glyphs[sorted[0]]
            var previous = start
            var y0 = start.y0
            var y1 = start.y1
            var gaps: [FragmentGap] = []
            var scalarCount = 0
            var segmentY0 = start.y0
            var segmentY1 = start.y1
            var starts: [Float] = []
            func flush() {
                let string = String(text)
                fragments.append(
                    Fragment(
                        text: string, x0: start.x0, x1: previous.x1, y0: y0, y1: y1, line: 0,
                        page: index, isNumeric: Self.isNumeric(string), gaps: gaps,
                        tailY0: segmentY0, tailY1: segmentY1, starts: starts))
            }
            for (n, glyphIndex) in sorted.enumerated() {
                let glyph = glyphs[glyphIndex]
                if n > 0 {
                    let gap = glyph.x0 - previous.x1
                    // Overprinted duplicates (fake bold) stand on the same spot: keep one.
                    if gap < -0.5 * (glyph.x1 - glyph.x0), glyph.scalar == previous.scalar { continue }
                    if gap > fragmentGap * height {
                        flush()
                        gaps = []
                        starts = []
                        scalarCount = 0
                        segmentY0 = glyph.y0
                        segmentY1 = glyph.y1
                        text = String.UnicodeScalarView()
                        start = glyph
                        y0 = glyph.y0
                        y1 = glyph.y1
                    } else {
                        if gap > 0.12 * height {
                            gaps.append(
                                FragmentGap(
                                    offset: scalarCount, start: previous.x1, end: glyph.x0,
                                    y0Before: segmentY0, y1Before: segmentY1))
                            segmentY0 = glyph.y0
                            segmentY1 = glyph.y1
                        }
                        if gap > 0.15 * height, Self.isWordCharacter(previous.scalar),
                            Self.isWordCharacter(glyph.scalar)
                        {
                            text.append(" ")
                            starts.append(previous.x1)
                            scalarCount += 1
                        }
                    }
                }
                text.append(glyph.scalar)
                starts.append(glyph.x0)
                scalarCount += 1
                y0 = min(y0, glyph.y0)
                y1 = max(y1, glyph.y1)
                segmentY0 = min(segmentY0, glyph.y0)
                segmentY1 = max(segmentY1, glyph.y1)
                previous = glyph
            }
            flush()
            let lineY0 = fragments.map(\.y0).min() ?? 0
            let lineY1 = fragments.map(\.y1).max() ?? 0
            lines.append(TextLine(fragments: fragments, y0: lineY0, y1: lineY1, page: index))
        }
        return lines
    }

    /// Latin letters and digits keep a space between words; CJK text has none.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x2E80
            && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || "%.,)(-".unicodeScalars.contains(scalar))
    }

    /// A printed figure: digits with separators or a decimal point, an optional sign, percent sign
    /// or doubt mark, or a dash that stands for nothing.
    static func isNumeric(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty, scalars.count <= 24 else { return false }
        if scalars.count <= 2, scalars.allSatisfy({ "-—–－/／".unicodeScalars.contains($0) }) { return true }
        var digits = 0
        for (i, s) in scalars.enumerated() {
            switch s {
            case "0"..."9", "０"..."９": digits += 1
            case ",", "，", ".", "．": if i == 0 { return false }
            case "-", "+", "－": if i != 0 { return false }
            case "%", "％", "?", "？", "*": if i == 0 { return false }
            default: return false
            }
        }
        return digits > 0
    }

    // MARK: - Page furniture

    /// Drops page numbers (`— 1 —`, `-3-`, `第 2 页`, `2/9`) and running heads or feet (the same text, digits
    /// aside, near the same edge of two or more pages).
    private mutating func removeFurniture(_ pages: inout [[TextLine]]) {
        var repeated: [String: Int] = [:]
        var keys: [[String?]] = []
        for (p, lines) in pages.enumerated() {
            let height = self.pages[p].height
            var pageKeys: [String?] = []
            for line in lines {
                // Figures in cells of their own are a row of a table running to the page's edge.
                let isRowOfFigures = line.fragments.count >= 2 && line.fragments.allSatisfy(\.isNumeric)
                guard Self.isInMargin(line, pageHeight: height), !isRowOfFigures else {
                    pageKeys.append(nil)
                    continue
                }
                let key = Self.furnitureKey(line, pageHeight: height)
                pageKeys.append(key)
                repeated[key, default: 0] += 1
            }
            keys.append(pageKeys)
        }
        let pageCount = pages.filter { !$0.isEmpty }.count
        for p in pages.indices {
            let lines = pages[p]
            let pageNumbers = Self.pageNumberLines(lines, keys: keys[p], pageHeight: self.pages[p].height)
            var kept: [TextLine] = []
            for (i, line) in lines.enumerated() {
                if let key = keys[p][i] {
                    if pageNumbers.contains(i) { continue }
                    let isBareNumber = key.dropFirst().allSatisfy { $0 == "#" }
                    if !isBareNumber, pageCount >= 2, (repeated[key] ?? 0) >= 2 { continue }
                }
                kept.append(line)
            }
            pages[p] = kept
        }
    }

    /// The lines of a page that are its page numbers: at each edge, the page-number text nearest the
    /// edge, unless it shares its height with a neighbouring line. A figure of a table that runs into
    /// the margin (its cell centred beside a label wrapped over two lines) reads like a page number too,
    /// but a page has one number at an edge, printed below (or above) everything else, on a line of its own.
    private static func pageNumberLines(_ lines: [TextLine], keys: [String?], pageHeight: Float) -> Set<Int> {
        var bottom: Int?
        var top: Int?
        for (i, line) in lines.enumerated() where keys[i] != nil {
            guard isPageNumber(line.fragments.map(\.text).joined()) else { continue }
            if line.y1 < pageHeight * 0.5 {
                if top.map({ line.y1 < lines[$0].y1 }) ?? true { top = i }
            } else if bottom.map({ line.y0 > lines[$0].y0 }) ?? true {
                bottom = i
            }
        }
        return Set(
            [top, bottom].compactMap { $0 }.filter { i in
                let line = lines[i]
                return !lines.indices.contains { j in
                    j != i
                        && min(line.y1, lines[j].y1) - max(line.y0, lines[j].y0) > 0.25
                            * min(line.height, lines[j].height)
                }
            })
    }

    /// Within the top or bottom 8 % of the page, or starting within ``edgeBand`` of its edge: a small
    /// page's head and foot stand in margins wider than 8 % of it.
    private static func isInMargin(_ line: TextLine, pageHeight: Float) -> Bool {
        guard pageHeight > 0 else { return false }
        return line.y1 < pageHeight * 0.08 || line.y0 > pageHeight * 0.92 || line.y0 < edgeBand
            || line.y1 > pageHeight - edgeBand
    }

    /// How near a page's edge a line of its head or foot starts, in points, whatever the page's size.
    private static let edgeBand: Float = 45

    /// The text with digits masked, with the edge it stands at, for spotting running heads and feet.
    private static func furnitureKey(_ line: TextLine, pageHeight: Float) -> String {
        var key = line.y1 < pageHeight * 0.5 ? "T" : "B"
        for f in line.fragments {
            for s in f.text.unicodeScalars {
                if s.properties.numericType != nil {
                    if !key.hasSuffix("#") { key += "#" }
                } else {
                    key.unicodeScalars.append(s)
                }
            }
        }
        return key
    }

    static func isPageNumber(_ text: String) -> Bool {
        var rest = Substring(text)
        let dashes = "-—–－_·•. ()（）[]【】".unicodeScalars
        func strip() {
            while let s = rest.unicodeScalars.first, dashes.contains(s) {
                rest = Substring(rest.unicodeScalars.dropFirst())
            }
            while let s = rest.unicodeScalars.last, dashes.contains(s) {
                rest = Substring(rest.unicodeScalars.dropLast())
            }
        }
        strip()
        for prefix in ["第", "Page", "page", "共"] where rest.hasPrefix(prefix) { rest = rest.dropFirst(prefix.count) }
        for suffix in ["页", "頁"] where rest.hasSuffix(suffix) { rest = rest.dropLast(suffix.count) }
        strip()
        // `3`, `3/9`, `3 of 9`, `3 / 共9页`
        let parts = rest.split(whereSeparator: {
            $0 == "/" || $0 == "／" || $0 == " " || $0 == "页" || $0 == "共" || $0 == "第" || $0 == "o" || $0 == "f"
        })
        guard !parts.isEmpty, parts.count <= 2 else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.count <= 4 && part.unicodeScalars.allSatisfy { $0.properties.numericType != nil }
        }
    }

    // MARK: - Body edges

    private mutating func measureBody(_ lines: [TextLine]) {
        guard !lines.isEmpty else { return }
        let lefts = lines.map(\.x0).sorted()
        let rights = lines.map(\.x1).sorted()
        bodyLeft = lefts[lefts.count / 10]
        bodyRight = rights[min(rights.count - 1, rights.count * 9 / 10)]
    }
}
