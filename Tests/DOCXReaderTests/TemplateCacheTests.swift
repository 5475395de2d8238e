import Foundation
import GIConvertCore
import GIConvertZip
import Synchronization
import TestSupport
import Testing

@testable import DOCXReader

/// The process-wide cache of parsed `styles.xml` and `numbering.xml` must never serve one template's
/// tables for another's: every file reads as it would alone in a fresh process.
@Suite struct TemplateCacheTests {
    static let body = ["总体情况", "主动公开政府信息情况"]
        .map { "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>\($0)</w:t></w:r></w:p>" }
        .joined()

    /// Numbers: list 1 counts "一、", list 2 counts "1.".
    static let numbering = """
        <?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="\(wordNamespace)">
        <w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>
        <w:abstractNum w:abstractNumId="8"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="8"/></w:num>
        </w:numbering>
        """

    /// The same lists, list 1 counting "（1）" instead: a template with other numbering, same styles.
    static let otherNumbering = numbering.replacingOccurrences(
        of: "chineseCounting\"/><w:lvlText w:val=\"%1、", with: "decimal\"/><w:lvlText w:val=\"（%1）")

    /// `Heading 1` numbered by list `numId`; the comment's ten characters are free for `forgeCRC`.
    static func styles(numId: Int, comment: String = "@@@@@@@@@@") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="\(wordNamespace)">
        <w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="\(numId)"/></w:numPr></w:pPr></w:style>
        <!--\(comment)--></w:styles>
        """
    }

    static func package(styles: String, numbering: String = numbering) -> [UInt8] {
        docx(documentXML(body), parts: [("word/styles.xml", styles), ("word/numbering.xml", numbering)])
    }

    func read(_ bytes: [UInt8]) throws -> [String] {
        try DOCXReader.readDocument(ReaderInput(name: "test.docx", bytes: bytes)).paragraphs
    }

    static let chinese = ["一、总体情况", "二、主动公开政府信息情况"]
    static let decimal = ["1.总体情况", "2.主动公开政府信息情况"]
    static let bracketed = ["（1）总体情况", "（2）主动公开政府信息情况"]

    @Test func filesSharingATemplateAndFilesRedefiningItReadAsAlone() throws {
        let first = Self.package(styles: Self.styles(numId: 1))
        let second = Self.package(styles: Self.styles(numId: 1))
        let redefined = Self.package(styles: Self.styles(numId: 2))
        let renumbered = Self.package(styles: Self.styles(numId: 1), numbering: Self.otherNumbering)
        #expect(first == second)
        // Each order meets a template both first (parsed) and again (from the cache).
        for order in [
            [first, redefined, second, renumbered], [redefined, renumbered, first, second, redefined, first],
        ] {
            for bytes in order {
                let expected = bytes == redefined ? Self.decimal : bytes == renumbered ? Self.bracketed : Self.chinese
                #expect(try read(bytes) == expected)
            }
        }
    }

    @Test func aStylesPartForgedToTheSameCRCAndSizeIsNotTakenForAnother() throws {
        let original = Array(Self.styles(numId: 1).utf8)
        let forged = try #require(Self.forgeCRC(Array(Self.styles(numId: 2).utf8), to: StoredZip.crc32(original)))
        #expect(forged.count == original.count)
        #expect(StoredZip.crc32(forged) == StoredZip.crc32(original))
        #expect(forged != original)
        let forgedText = String(decoding: forged, as: UTF8.self)
        for _ in 0..<2 {
            #expect(try read(Self.package(styles: Self.styles(numId: 1))) == Self.chinese)
            #expect(try read(Self.package(styles: forgedText)) == Self.decimal)
        }
    }

    @Test func filesReadOnSeveralThreadsAtOnceGetTheirOwnTemplate() async throws {
        let packages = [
            (Self.package(styles: Self.styles(numId: 1)), Self.chinese),
            (Self.package(styles: Self.styles(numId: 2)), Self.decimal),
            (Self.package(styles: Self.styles(numId: 1), numbering: Self.otherNumbering), Self.bracketed),
        ]
        let results = await withTaskGroup(of: (Int, [String]?).self) { group in
            for n in 0..<60 {
                group.addTask { (n % 3, try? read(packages[n % 3].0)) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 60)
        for (which, paragraphs) in results { #expect(paragraphs == packages[which].1) }
    }

    @Test func theCacheParsesEachPartOnceAndDropsTheLeastRecentlyUsed() throws {
        let cache = TemplateCache<Int>(capacity: 2, largestStoredPart: 1 << 20)
        let parses = Mutex(0)
        func table(_ numId: Int) throws -> Int? {
            try ZipArchive.withArchive(Self.package(styles: Self.styles(numId: numId))) { zip throws(ZipError) in
                cache.table("word/styles.xml", below: 1 << 20, in: zip, options: ReaderOptions()) { bytes in
                    parses.withLock { $0 += 1 }
                    return bytes.count * 10 + numId
                }
            }
        }
        let size = Self.styles(numId: 1).utf8.count
        #expect(try table(1) == size * 10 + 1)
        #expect(try table(1) == size * 10 + 1)
        #expect(parses.withLock { $0 } == 1)
        _ = try table(2)
        _ = try table(3)
        #expect(cache.count == 2)
        #expect(parses.withLock { $0 } == 3)
        #expect(try table(1) == size * 10 + 1)
        #expect(parses.withLock { $0 } == 4)
        #expect(try table(3) == size * 10 + 3)
        #expect(parses.withLock { $0 } == 4)
        // A part above the size limit is nil, and one stored larger than the cache keeps is parsed every time.
        let small = TemplateCache<Int>(capacity: 2, largestStoredPart: 16)
        try ZipArchive.withArchive(Self.package(styles: Self.styles(numId: 1))) { zip throws(ZipError) in
            #expect(cache.table("word/styles.xml", below: 16, in: zip, options: ReaderOptions()) { _ in 0 } == nil)
            #expect(
                cache.table("word/missing.xml", below: 1 << 20, in: zip, options: ReaderOptions()) { _ in 0 } == nil)
            #expect(small.table("word/styles.xml", below: 1 << 20, in: zip, options: ReaderOptions()) { _ in 5 } == 5)
        }
        #expect(small.count == 0)
    }

    /// `bytes` with the ten characters after `<!--` chosen so that its CRC-32 is `target`: each is one of
    /// `@`, `A`…`O`, whose low four bits are free, and the CRC of a fixed-length message is affine in
    /// its bits, so the forty free bits are found by Gaussian elimination over GF(2).
    static func forgeCRC(_ bytes: [UInt8], to target: UInt32) -> [UInt8]? {
        guard let offset = bytes.firstRange(of: Array("<!--".utf8))?.upperBound, offset + 10 <= bytes.count else {
            return nil
        }
        var base = bytes
        for i in 0..<10 { base[offset + i] = 0x40 }
        let baseCRC = StoredZip.crc32(base)
        // Column per free bit: how flipping it changes the CRC.
        var columns: [(effect: UInt32, bit: Int)] = []
        for bit in 0..<40 {
            var flipped = base
            flipped[offset + bit / 4] ^= UInt8(1 << (bit % 4))
            columns.append((StoredZip.crc32(flipped) ^ baseCRC, bit))
        }
        // Echelon form: per pivot (the lowest bit of its effect, pivots in ascending order, so reducing by
        // one never sets a lower pivot's bit), a combination of free bits (as a mask) producing the effect.
        var pivots: [(effect: UInt32, mask: UInt64)] = []
        for (effect, bit) in columns {
            var e = effect
            var m = UInt64(1) << bit
            for p in pivots where e & (p.effect & ~(p.effect - 1)) != 0 {
                e ^= p.effect
                m ^= p.mask
            }
            if e != 0 {
                pivots.append((e, m))
                pivots.sort { $0.effect & ~($0.effect - 1) < $1.effect & ~($1.effect - 1) }
            }
        }
        var need = target ^ baseCRC
        var mask: UInt64 = 0
        for p in pivots where need & (p.effect & ~(p.effect - 1)) != 0 {
            need ^= p.effect
            mask ^= p.mask
        }
        guard need == 0 else { return nil }
        var result = base
        for bit in 0..<40 where mask & (1 << bit) != 0 { result[offset + bit / 4] ^= UInt8(1 << (bit % 4)) }
        return result
    }
}
