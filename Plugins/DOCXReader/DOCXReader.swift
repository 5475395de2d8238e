import GIConvertCore
import GIConvertXML
import GIConvertZip
import GIConvertZipInput

/// Reads Word documents (Office Open XML: `.docx`, `.docm`, `.dotx`) as written by Word, LibreOffice,
/// WPS or python-docx: paragraphs and tables with `w:gridSpan`/`w:vMerge` resolved into a grid, in
/// reading order. `word/document.xml` is fed to libxml2's SAX push parser chunk by chunk as the zip
/// member inflates, so memory grows with the document's text, not with its markup. `word/styles.xml`
/// and `word/numbering.xml` are read only if a paragraph needs them for its list number, and parsed once
/// per template in a process (``TemplateCache``).
///
/// Also claims the other word-processor files archives hold, so that each gets a precise message naming
/// what it is and how to convert it instead of "binary data" or "no report tables found": OLE compound
/// files (`D0 CF 11 E0`: a password-protected `.docx`, which Office wraps in OLE, a legacy `.doc`, WPS
/// Office's `.wps`), RTF, OpenDocument text (`.odt`), and OFD, the Chinese fixed-layout format archives
/// hold beside PDF (`.ofd`).
public enum DOCXReader: ReportReader {
    public static let descriptor = FormatDescriptor(
        name: "docx",
        summary:
            "Word documents (.docx, .docm, .dotx) from Word, LibreOffice, WPS or python-docx; tables with merged cells",
        fileExtensions: ["docx", "docm", "dotx", "doc", "wps", "rtf", "odt", "ofd"],
        sniff: { prefix in sniffScore(prefix) })

    static let oleMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    static func sniffScore(_ prefix: [UInt8]) -> Int {
        if prefix.starts(with: oleMagic) { return 50 }
        if prefix.drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }).starts(
            with: Array("{\\rtf".utf8))
        {
            return 50
        }
        guard ZipArchive.looksLikeZip(prefix) else { return 0 }
        if contains(prefix, Array("word/".utf8)) { return 90 }
        if contains(prefix, Array("application/vnd.oasis.opendocument".utf8)) || contains(prefix, Array("OFD.xml".utf8))
        {
            return 50
        }
        if contains(prefix, Array("xl/".utf8)) || contains(prefix, Array("ppt/".utf8)) { return 0 }
        if contains(prefix, Array("[Content_Types].xml".utf8)) { return 60 }
        return 0
    }

    public static func read(_ input: ReaderInput) throws(InputError) -> ReaderOutput {
        if input.bytes.isEmpty { throw .empty }
        if input.bytes.starts(with: oleMagic) { throw oleError(input.bytes) }
        guard ZipArchive.looksLikeZip(input.bytes) else { throw notZipError(input.bytes) }
        return .document(
            try ZipArchive.withArchive(input.bytes, limits: ZipLimits(input.options), failure: InputError.init) {
                (zip: borrowing ZipArchive) throws(InputError) -> Document in
                guard let main = zip.entry(named: mainPartName(zip)) else {
                    if zip.entry(named: "xl/workbook.xml") != nil {
                        throw .unknownFormat("an Excel workbook, not a Word document")
                    }
                    if zip.entry(named: "OFD.xml") != nil {
                        throw .unknownFormat(
                            "an OFD document (the Chinese fixed-layout format), which giconvert does not read; convert it to PDF first"
                        )
                    }
                    if let mimetype = zip.entry(named: "mimetype"), mimetype.uncompressedSize < 256,
                        let type = try? zip.contents(of: mimetype),
                        contains(type, Array("application/vnd.oasis.opendocument".utf8))
                    {
                        throw .legacyFormat(
                            "an OpenDocument file (.odt), not a Word document; convert it first: libreoffice --headless --convert-to docx FILE"
                        )
                    }
                    throw .missingPart("word/document.xml")
                }
                // The list definitions and styles are read only if a paragraph turns out to need them.
                let bytes = input.bytes
                let options = input.options
                let numbering = Numbering(
                    definitions: {
                        readTable("word/numbering.xml", below: 8 << 20, of: bytes, options, cache: listDefinitions) {
                            (try? Numbering.parse($0)) ?? Numbering.Definitions()
                        } ?? Numbering.Definitions()
                    },
                    styles: {
                        readTable("word/styles.xml", below: 16 << 20, of: bytes, options, cache: styleNumbering) {
                            (try? Numbering.parseStyles($0)) ?? [:]
                        } ?? [:]
                    })
                var properties = DocumentProperties()
                if let part = zip.entry(named: "docProps/core.xml"), part.uncompressedSize < 4 << 20 {
                    properties =
                        (try? CoreProperties.parse(try smallPartContents(part, of: zip))) ?? DocumentProperties()
                }
                var builder = DocumentBuilder(numbering: numbering)
                try zip.withReader(main, failure: InputError.init) {
                    (reader: inout ZipEntryReader) throws(InputError) in
                    try StreamingParser.parse(&reader, partName: main.name, into: &builder)
                }
                let blocks = builder.finish()
                return Document(
                    blocks: blocks, properties: properties, warnings: builder.warnings,
                    figuresInDoubt: builder.figuresInDoubt)
            })
    }

    /// The list definitions of the `word/numbering.xml` parts parsed in this process.
    static let listDefinitions = TemplateCache<Numbering.Definitions>(capacity: 32, largestStoredPart: 256 << 10)
    /// The style numbering of the `word/styles.xml` parts parsed in this process.
    static let styleNumbering = TemplateCache<[String: Numbering.StyleNumbering]>(
        capacity: 32, largestStoredPart: 256 << 10)

    /// The table parsed from the package part `name` when it is smaller than `limit` bytes, from `cache`
    /// when the same part was parsed before. Reopens the archive, whose handle lives only inside
    /// `withArchive`, so that a part can be read when first needed.
    static func readTable<Value>(
        _ name: String, below limit: Int, of package: [UInt8], _ options: ReaderOptions,
        cache: TemplateCache<Value>, parse: ([UInt8]) -> Value
    ) -> Value? {
        (try? ZipArchive.withArchive(package, limits: ZipLimits(options)) { (zip: borrowing ZipArchive) -> Value? in
            cache.table(name, below: limit, in: zip, options: options, parse: parse)
        }) ?? nil
    }

    /// The whole content of a small part, as `zip.contents(of:)` gives it (with the same limits and
    /// errors), but inflated through a small uninitialized chunk: `contents(of:)` zero-fills a 64 KiB
    /// chunk first, which costs more than inflating a part of a few hundred bytes such as
    /// `docProps/core.xml`.
    static func smallPartContents(_ part: ZipEntry, of zip: borrowing ZipArchive) throws(InputError) -> [UInt8] {
        try zip.withReader(part, failure: InputError.init) {
            (reader: inout ZipEntryReader) throws(InputError) -> [UInt8] in
            var result: [UInt8] = []
            result.reserveCapacity(min(part.uncompressedSize, 4 << 20))
            let failed = withUnsafeTemporaryAllocation(byteCount: 4096, alignment: 1) { chunk -> Bool in
                while true {
                    let count = reader.read(into: chunk)
                    if count < 0 { return true }
                    if count == 0 { return false }
                    result.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
                }
            }
            if failed, let failure = reader.failure { throw InputError(failure) }
            return result
        }
    }

    /// The main document part: `word/document.xml`, or the part `[Content_Types].xml` declares as the
    /// main document when a generator named it otherwise.
    static func mainPartName(_ zip: borrowing ZipArchive) -> String {
        let standard = "word/document.xml"
        if zip.entry(named: standard) != nil { return standard }
        guard let types = zip.entry(named: "[Content_Types].xml"), types.uncompressedSize < 1 << 20,
            let bytes = try? zip.contents(of: types), let text = String(validating: bytes, as: UTF8.self)
        else { return standard }
        for override in text.split(separator: "<").filter({ $0.hasPrefix("Override") }) {
            guard
                override.contains("wordprocessingml.document.main+xml")
                    || override.contains("wordprocessingml.template.main+xml")
                    || override.contains("ms-word.document.macroEnabled.main+xml")
            else { continue }
            if let range = override.range(of: "PartName=\"/") {
                let rest = override[range.upperBound...]
                if let end = rest.firstIndex(of: "\"") { return String(rest[..<end]) }
            }
        }
        return standard
    }

    /// An OLE compound file is either an encrypted OOXML package (it holds `EncryptionInfo` and
    /// `EncryptedPackage` streams) or a legacy binary Office file.
    static func oleError(_ bytes: [UInt8]) -> InputError {
        func utf16(_ s: String) -> [UInt8] { s.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
        if contains(bytes, utf16("EncryptedPackage")) || contains(bytes, utf16("EncryptionInfo")) {
            return .encrypted
        }
        if contains(bytes, utf16("Workbook")) || contains(bytes, utf16("PowerPoint Document")) {
            return .legacyFormat("a legacy Office (Excel or PowerPoint) binary file, not a Word document")
        }
        return .legacyFormat(
            "a legacy Word .doc (or WPS .wps) file; convert it first: libreoffice --headless --convert-to docx FILE")
    }

    /// Sites often publish RTF or HTML under a `.doc` name; say what the file really is.
    static func notZipError(_ bytes: [UInt8]) -> InputError {
        let head = String(decoding: bytes.prefix(1024), as: UTF8.self).lowercased()
        let trimmed = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if trimmed.hasPrefix("{\\rtf") {
            return .legacyFormat(
                "an RTF document, not a Word document; convert it first: libreoffice --headless --convert-to docx FILE"
            )
        }
        if head.contains("<html") || head.contains("<!doctype html") || head.contains("mime-version:") {
            return .unknownFormat("an HTML page with a Word file name, not a Word document; read it with --from html")
        }
        return .malformed("not a zip archive (a .docx file is a zip package)")
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var i = 0
        let last = haystack.count - needle.count
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < n.count, h[i + j] == n[j] { j += 1 }
                        if j == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
