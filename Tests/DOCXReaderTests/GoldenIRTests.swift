import DOCXReader
import Foundation
import JSONWriter
import TestSupport
import Testing

/// The Word files under Samples/docx against their golden IR (Samples/golden/NAME.json).
@Suite("Word samples against their golden IR")
struct GoldenIRTests {
    @Test("every Word sample gives its golden IR", arguments: Golden.samples(for: DOCXReader.self))
    func golden(sample: URL) throws {
        let mismatch = try Golden.mismatch(sample: sample, reader: DOCXReader.self, writer: JSONWriter.self)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test("both producers of every seed are there")
    func samplesPresent() {
        let names = Golden.samples(for: DOCXReader.self).map(\.lastPathComponent)
        #expect(names.filter { $0.hasSuffix(".python-docx.docx") }.count == 5)
        #expect(names.filter { $0.hasSuffix(".libreoffice.docx") }.count == 5)
    }
}
