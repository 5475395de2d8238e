import Foundation
import GIConvertCore
import GIConvertPDF
import PDFReader
import TestSupport
import Testing

/// Broken PDFs never crash or hang the reader: it returns a document or throws an input error.
@Suite("PDF reader on damaged files")
struct FuzzTests {

    static func sample() throws -> [UInt8] {
        try Converter.readFile(Repository.sample("pdf/003_fbaa997d3cdea271.short-page-numbers.pdf").path)
    }

    /// Replaces the first occurrence of `target` in `bytes`.
    static func replacing(_ target: String, with replacement: String, in bytes: [UInt8]) -> [UInt8] {
        let needle = Array(target.utf8)
        guard
            let start = (0...(bytes.count - needle.count)).first(where: {
                bytes[$0..<($0 + needle.count)].elementsEqual(needle)
            })
        else {
            return bytes
        }
        return Array(bytes[..<start]) + Array(replacement.utf8) + Array(bytes[(start + needle.count)...])
    }

    static func mutate(_ bytes: [UInt8], kind: Int, using random: inout SplitMix64) -> [UInt8] {
        var bytes = bytes
        switch kind {
        case 0:  // truncated
            bytes.removeLast(Int.random(in: 1..<bytes.count, using: &random))
        case 1:  // a few bytes flipped
            for _ in 0..<Int.random(in: 1...16, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
            }
        case 2:  // a run of bytes overwritten
            let start = Int.random(in: 0..<bytes.count, using: &random)
            for i in start..<min(bytes.count, start + Int.random(in: 1...512, using: &random)) {
                bytes[i] = UInt8.random(in: 0...255, using: &random)
            }
        case 3:  // a page tree that claims a huge number of pages
            bytes = replacing("/Count ", with: "/Count 9999999\(Int.random(in: 0...9, using: &random)) /X ", in: bytes)
        case 4:  // objects nested far deeper than any real file
            let depth = Int.random(in: 1_000...20_000, using: &random)
            bytes = replacing(
                "/Type/Catalog",
                with: "/Type/Catalog/Deep " + String(repeating: "[<<", count: depth)
                    + String(repeating: ">>]", count: depth), in: bytes)
        default:  // the cross-reference table pointing elsewhere
            bytes = replacing(
                "startxref\n", with: "startxref\n\(Int.random(in: 0...bytes.count, using: &random))\n%", in: bytes)
        }
        return bytes
    }

    @Test("300 seeded mutations of a sample PDF each read or throw an input error")
    func mutations() throws {
        let original = try Self.sample()
        var random = SplitMix64(state: 20_261_130)
        var read = 0
        var refused = 0
        for round in 0..<300 {
            let bytes = Self.mutate(original, kind: round % 6, using: &random)
            do {
                _ = try PDFReader.readDocument(ReaderInput(name: "fuzz-\(round).pdf", bytes: bytes))
                read += 1
            } catch {
                #expect(!error.description.isEmpty && !error.description.contains("\n"))
                refused += 1
            }
        }
        #expect(read + refused == 300)
        #expect(read > 0 && refused > 0)
    }

    @Test("the page and character caps refuse a PDF past them with a message saying which")
    func caps() throws {
        let bytes = try Self.sample()
        #expect(throws: PDFError.tooLarge("the PDF has 5 pages; at most 2 are read")) {
            try PDFDocument.read(bytes, limits: PDFLimits(maxPages: 2))
        }
        #expect(throws: PDFError.tooLarge("the PDF's text layer has more than 100 characters")) {
            try PDFDocument.read(bytes, limits: PDFLimits(maxGlyphs: 100))
        }
    }
}
