import Foundation
import GIConvertCore
import JSONLinesReader
import JSONLinesWriter
import TestSupport
import Testing

/// Reading giconvert's JSON Lines back, line by line.
@Suite("JSON Lines reader")
struct JSONLinesReaderTests {
    static let converter = Converter(registry: FormatRegistry(readers: [JSONLinesReader.self], writers: []))

    static func read(_ bytes: [UInt8]) throws(InputError) -> [Report] {
        try converter.convertAll(ReaderInput(name: "in.jsonl", bytes: bytes))
    }

    @Test("one report per line, blank lines and CRLF line ends ignored")
    func lines() throws {
        let reports = try Repository.seedReports.prefix(3).map(FormatFixtures.report)
        let lines = try reports.map { try FormatFixtures.write(JSONLinesWriter.self, [$0]) }
        #expect(try Self.read(Array(lines.joined())) == reports)
        let spaced = lines.map { Array($0.dropLast()) + Array("\r\n\r\n  \n".utf8) }.joined()
        #expect(try Self.read(Array(spaced)) == reports)
    }

    @Test("a line that is not a report, or of another IR version, is refused naming the line")
    func refusals() throws {
        let good = try FormatFixtures.write(JSONLinesWriter.self, [FormatFixtures.report(Repository.seedReports[0])])
        #expect(throws: InputError.malformed("line 2 is not a report in giconvert JSON")) {
            try Self.read(good + Array("{\"a\": 1}\n".utf8))
        }
        var newer = try JSONSerialization.jsonObject(with: Data(good)) as! [String: Any]
        newer["irVersion"] = Report.currentIRVersion + 1
        let newerLine = Array(try JSONSerialization.data(withJSONObject: newer)) + [0x0A]
        do {
            _ = try Self.read(good + good + newerLine)
            Issue.record("a newer IR version was read")
        } catch {
            #expect("\(error)".contains("line 3"))
        }
        #expect(throws: InputError.empty) { try Self.read(Array("\n \n".utf8)) }
    }
}
