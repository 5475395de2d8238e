import Foundation
import HTMLReader
import JSONWriter
import TestSupport
import Testing

/// The web pages under Samples/ against their golden IR (Samples/golden/NAME.json).
struct GoldenIRTests {
    @Test(arguments: Golden.samples(for: HTMLReader.self))
    func sampleGivesItsGoldenIR(sample: URL) throws {
        let mismatch = try Golden.mismatch(sample: sample, reader: HTMLReader.self, writer: JSONWriter.self)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test func thereAreHTMLSamples() {
        #expect(!Golden.samples(for: HTMLReader.self).isEmpty)
    }
}
