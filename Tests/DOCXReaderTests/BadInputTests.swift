import GIConvertCore
import TestSupport
import Testing

@testable import DOCXReader

/// Input that cannot be read gets one precise error, and never any output.
@Suite struct BadInputTests {
    func error(_ bytes: [UInt8], name: String = "x.docx", options: ReaderOptions = .init()) -> InputError? {
        do {
            _ = try DOCXReader.readDocument(ReaderInput(name: name, bytes: bytes, options: options))
            return nil
        } catch {
            return error
        }
    }

    @Test func notAZip() throws {
        #expect(
            error(try fixture("bad-not-a-zip.docx")) == .malformed("not a zip archive (a .docx file is a zip package)"))
        // Zip magic followed by junk still fails as a zip, not as a crash.
        #expect(
            error([0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0x41, count: 200)).map { "\($0)" }?.hasPrefix(
                "not a zip archive") == true)
    }

    @Test func zipWithoutDocument() throws {
        #expect(error(try fixture("bad-no-document.docx")) == .missingPart("word/document.xml"))
    }

    @Test func malformedXMLNamesItsLineAndLibXMLsAccount() throws {
        #expect(
            error(try fixture("bad-malformed.docx"))
                == .malformed(
                    "malformed XML in word/document.xml at line 4: Opening and ending tag mismatch: w:t line 0 and w:r")
        )
        let empty = error(docx("")).map { "\($0)" } ?? ""
        #expect(empty.hasPrefix("malformed XML in word/document.xml at line 1: "), "\(empty)")
        #expect(!empty.contains("\n"))
    }

    @Test func encryptedPackage() throws {
        #expect(error(try fixture("bad-encrypted.docx")) == .encrypted)
    }

    @Test func legacyDocSaysHowToConvert() throws {
        let expected = InputError.legacyFormat(
            "a legacy Word .doc (or WPS .wps) file; convert it first: libreoffice --headless --convert-to docx FILE")
        #expect(error(try fixture("bad-legacy.doc"), name: "x.doc") == expected)
    }

    @Test func rtfOrHTMLWithAWordNameSayWhatTheyAre() {
        guard case .legacyFormat(let rtf)? = error(Array("{\\rtf1\\ansi 一、总体情况}".utf8), name: "x.doc") else {
            Issue.record("RTF not recognised")
            return
        }
        #expect(rtf.contains("RTF") && rtf.contains("--convert-to docx"))
        guard
            case .unknownFormat(let html)? = error(Array("<html><body><p>一、总体情况</p></body></html>".utf8), name: "x.doc")
        else {
            Issue.record("HTML not recognised")
            return
        }
        #expect(html.contains("--from html"))
    }

    @Test("RTF and OpenDocument files, whatever their names, say what they are and how to convert them")
    func otherWordProcessorFiles() throws {
        let rtf = Array("{\\rtf1\\ansi 一、总体情况}".utf8)
        let odt = StoredZip.archive([
            ("mimetype", Array("application/vnd.oasis.opendocument.text".utf8)),
            ("content.xml", Array("<office:document-content/>".utf8)),
        ])
        let registry = FormatRegistry(readers: [DOCXReader.self], writers: [])
        for (bytes, what) in [(rtf, "RTF"), (odt, "OpenDocument")] {
            for name in ["report.\(what == "RTF" ? "rtf" : "odt")", "download.bin"] {
                let input = ReaderInput(name: name, bytes: bytes)
                let reader = try registry.reader(for: input)
                #expect(reader.descriptor.name == "docx", "\(name)")
                guard case .legacyFormat(let message)? = error(bytes, name: name) else {
                    Issue.record("\(what) not recognised as \(name)")
                    continue
                }
                #expect(message.contains(what) && message.contains("--convert-to docx"), "\(message)")
            }
        }
    }

    @Test("an OFD document is named for what it is")
    func ofdDocument() throws {
        let ofd = StoredZip.archive([
            ("OFD.xml", Array("<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\" DocType=\"OFD\"/>".utf8))
        ])
        let registry = FormatRegistry(readers: [DOCXReader.self], writers: [])
        #expect(try registry.reader(for: ReaderInput(name: "download.bin", bytes: ofd)).descriptor.name == "docx")
        guard case .unknownFormat(let message)? = error(ofd, name: "report.ofd") else {
            Issue.record("OFD not recognised")
            return
        }
        #expect(message.contains("OFD") && message.contains("PDF"))
    }

    @Test func zipBombRatioIsCapped() throws {
        guard case .tooLarge(let why)? = error(try fixture("bad-bomb.docx")) else {
            Issue.record("the zip bomb was read")
            return
        }
        #expect(why.contains("200 times"))
    }

    @Test func uncompressedSizeIsCapped() throws {
        let bytes = try fixture("000_71c8ded71e417266.python-docx.docx")
        guard case .tooLarge(let why)? = error(bytes, options: ReaderOptions(maxUncompressedBytes: 16 << 10)) else {
            Issue.record("the size cap did not apply")
            return
        }
        #expect(why.contains("word/document.xml"))
    }

    @Test func externalEntitiesAreNeverFollowed() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd"><!ENTITY remote SYSTEM "http://127.0.0.1:9/x">]>
            <w:document xmlns:w="\(wordNamespace)"><w:body><w:p><w:r><w:t>&secret;&remote;</w:t></w:r></w:p></w:body></w:document>
            """
        guard case .malformed(let why)? = error(docx(xml)) else {
            Issue.record("a DOCTYPE was accepted")
            return
        }
        #expect(why.contains("DOCTYPE"))
    }

    @Test func billionLaughsIsRefused() throws {
        let xml = """
            <?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
            <w:document xmlns:w="\(wordNamespace)"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>
            """
        #expect(error(docx(xml)) != nil)
    }

    @Test func corePropertiesWithAnEntityAreIgnoredNotFollowed() throws {
        let core = """
            <?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&e;</dc:title></cp:coreProperties>
            """
        let document = try DOCXReader.readDocument(
            ReaderInput(
                name: "x.docx",
                bytes: docx(
                    documentXML("<w:p><w:r><w:t>正文</w:t></w:r></w:p>"),
                    parts: [("docProps/core.xml", core)])))
        #expect(document.properties.title == nil)
        #expect(document.paragraphs == ["正文"])
    }

    @Test func sniffing() throws {
        #expect(
            DOCXReader.descriptor.sniff(Array(try fixture("001_b7938c474e787140.libreoffice.docx").prefix(8192))) == 90)
        #expect(DOCXReader.descriptor.sniff(Array(try fixture("bad-legacy.doc").prefix(8192))) == 50)
        #expect(DOCXReader.descriptor.sniff(Array("一、总体情况".utf8)) == 0)
        let registry = FormatRegistry(readers: [DOCXReader.self], writers: [])
        #expect(registry.reader(forPath: "report.doc") == nil ? false : true)
        let named = try registry.reader(
            for: ReaderInput(name: "download.bin", bytes: try fixture("bad-encrypted.docx")))
        #expect(named.descriptor.name == "docx")
    }
}
