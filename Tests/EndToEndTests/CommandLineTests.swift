import Foundation
import TestSupport
import Testing

/// Runs the built `giconvert` as users do.
@Suite("giconvert on the command line", .serialized)
struct CommandLineTests {
    @Test(
        "each seed converts to the CSV values it must give; --strict exits 3 only where a rule fails",
        arguments: Repository.seedReports)
    func seedToCSV(seed: URL) throws {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.csv")
        let run = try CommandRunner.giconvert([seed.path, "-o", out.path, "--strict"])
        let expected = try ExpectedValues.forSample(seed)
        #expect(run.status == (expected.expectsInconsistency ? 3 : 0), "\(run.stderr)")
        let csv = try String(contentsOf: out, encoding: .utf8)
        #expect(csv.hasPrefix("source,year,organization,table,row,column,value,flags"))
        #expect(expected.mismatches(CSV.cells(csv)) == [])
    }

    @Test("the JSON of each seed holds every section it has, with its text", arguments: Repository.seedReports)
    func seedToJSON(seed: URL) throws {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.json")
        let run = try CommandRunner.giconvert([seed.path, "-o", out.path])
        #expect(run.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as! [String: Any]
        let sections = json["sections"] as! [[String: Any]]
        let text = try String(contentsOf: seed, encoding: .utf8)
        #expect(sections.count >= 5)
        for section in sections {
            let body = section["text"] as! String
            for line in body.split(separator: "\n") {
                #expect(text.contains(line), "section text comes from the report")
            }
        }
        let problems = try #require(sections.first { $0["kind"] as? String == "problems" })
        #expect((problems["text"] as! String).count > 100)
    }

    @Test("-o - writes to standard output")
    func standardOutput() throws {
        let run = try CommandRunner.giconvert([Repository.seedReports[2].path, "-o", "-", "--to", "csv"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("source,year,organization,table,row,column,value,flags"))
        #expect(CSV.cells(run.stdout)[.init("active", "licensing", "decisions")]?.value == "40069")
    }

    @Test(
        "unreadable input: one line on stderr naming the file, non-zero exit, no output file",
        arguments: [
            ("empty.txt", [UInt8]()), ("junk.bin", [0x00, 0xFF, 0x13, 0x37, 0x00, 0x00, 0x42]),
            ("junk.txt", [0x00, 0x01, 0x02, 0x00]),
        ])
    func unreadableInput(name: String, bytes: [UInt8]) throws {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent(name)
        try Data(bytes).write(to: input)
        let out = dir.appendingPathComponent("out.csv")
        let run = try CommandRunner.giconvert([input.path, "-o", out.path])
        #expect(run.status != 0)
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(run.stderr.contains(input.path))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path) == [name], "no temporary file is left behind")
    }

    @Test("a missing input and an unknown output format are clear errors")
    func usageErrors() throws {
        let missing = try CommandRunner.giconvert(["/nonexistent/report.txt", "-o", "/tmp/x.csv"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/report.txt: cannot read the file: no such file"))
        let unknown = try CommandRunner.giconvert([Repository.seedReports[0].path, "-o", "/tmp/x.pdf"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("--to"))
    }

    @Test("a failed conversion leaves an existing output file as it was")
    func keepsExistingOutput() throws {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.csv")
        try Data("previous".utf8).write(to: out)
        let empty = dir.appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        let run = try CommandRunner.giconvert([empty.path, "-o", out.path])
        #expect(run.status == 1)
        #expect(try String(contentsOf: out, encoding: .utf8) == "previous")
    }

    @Test("`giconvert formats` lists readers and writers; help shows examples")
    func formatsAndHelp() throws {
        let formats = try CommandRunner.giconvert(["formats"])
        #expect(formats.status == 0)
        #expect(formats.stdout.contains("read") && formats.stdout.contains(".txt"))
        #expect(formats.stdout.contains("write") && formats.stdout.contains(".csv") && formats.stdout.contains(".json"))
        let help = try CommandRunner.giconvert(["--help"])
        #expect(help.stdout.contains("Examples:"))
        #expect(help.stdout.contains("giconvert report.pdf -o report.csv"))
    }
}

/// The seeds' values rendered in layouts the seeds do not use (`Scripts/make-layout-variants.py`).
@Suite("Text layouts beyond the seeds")
struct LayoutVariantTests {
    static let directory = Repository.sample("layouts")
    static let truth = (try? ExpectedValues.truth(directory.appendingPathComponent("truth.json"))) ?? [:]

    @Test("every layout gives the values and the consistency verdict", arguments: truth.keys.sorted())
    func layout(name: String) throws {
        let expected = try #require(Self.truth[name])
        let run = try CommandRunner.giconvert([
            Self.directory.appendingPathComponent(name).path, "-o", "-", "--to", "csv", "--strict", "-q",
        ])
        #expect(run.status == (expected.expectsInconsistency ? 3 : 0), "\(run.stderr)")
        #expect(expected.mismatches(CSV.cells(run.stdout)) == [])
    }

    @Test("the layout corpus is there")
    func corpusPresent() {
        #expect(Self.truth.count >= 25)
    }
}
