import Foundation
import GIConvertCore
import TestSupport

func fixturePath(_ name: String) -> String {
    Repository.file("Tests/DOCXReaderTests/Fixtures").appendingPathComponent(name).path
}

func fixture(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixturePath(name))))
}

let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

/// A `word/document.xml` around `body`.
func documentXML(_ body: String) -> String {
    """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:document xmlns:w="\(wordNamespace)" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" mc:Ignorable="wps"><w:body>\(body)<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>
    """
}

/// A minimal .docx package: the given parts plus content types and relationships.
func docx(_ documentXML: String, parts: [(String, String)] = []) -> [UInt8] {
    let contentTypes = """
        <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
        """
    let rels = """
        <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
        """
    return StoredZip.archive(
        [
            ("[Content_Types].xml", Array(contentTypes.utf8)), ("_rels/.rels", Array(rels.utf8)),
            ("word/document.xml", Array(documentXML.utf8)),
        ]
            + parts.map { ($0.0, Array($0.1.utf8)) })
}

/// Writes zip archives with stored (uncompressed) members, enough to build test packages in memory.
enum StoredZip {
    static func archive(_ members: [(name: String, data: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for member in members {
            let name = Array(member.name.utf8)
            let crc = crc32(member.data)
            let offset = out.count
            out += le32(0x0403_4B50) + le16(20) + le16(0x0800) + le16(0) + le16(0) + le16(0x21)
            out += le32(crc) + le32(UInt32(member.data.count)) + le32(UInt32(member.data.count))
            out += le16(UInt16(name.count)) + le16(0) + name + member.data
            central += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0x0800) + le16(0) + le16(0) + le16(0x21)
            central += le32(crc) + le32(UInt32(member.data.count)) + le32(UInt32(member.data.count))
            central +=
                le16(UInt16(name.count)) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(UInt32(offset)) + name
        }
        let centralOffset = out.count
        out += central
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(members.count)) + le16(UInt16(members.count))
        out += le32(UInt32(central.count)) + le32(UInt32(centralOffset)) + le16(0)
        return out
    }

    private static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    private static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }

    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

/// The text of every paragraph block, and the grids of every table block, for compact assertions.
extension Document {
    var paragraphs: [String] {
        blocks.compactMap { if case .paragraph(let text) = $0 { text } else { nil } }
    }

    var tables: [TableGrid] {
        blocks.compactMap { if case .table(let grid) = $0 { grid } else { nil } }
    }
}

extension TableGrid {
    /// Each position's text, continuations marked with a trailing "+".
    var texts: [[String]] {
        rows.map { $0.map { $0.isSpanContinuation ? $0.text + "+" : $0.text } }
    }
}
