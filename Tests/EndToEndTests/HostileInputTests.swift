import DOCXReader
import Foundation
import GIConvertCore
import TestSupport
import Testing

/// The inputs a mutation campaign found to crash, hang or exhaust the memory of giconvert
/// (`Tests/Fixtures/hostile/`, README there): each must end in a conversion, or in exit 1 with one line
/// naming the file and no output, under a memory limit and well before the time limit.
@Suite("hostile inputs", .serialized)
struct HostileInputTests {
    struct Run {
        /// The exit status, or nil when the process was killed by a signal or ran out of time.
        let status: Int32?
        let signal: Int32?
        let timedOut: Bool
        let stdout: String
        let stderr: String
    }

    static let directory = Repository.root.appendingPathComponent("Tests/Fixtures/hostile")

    static func fixture(_ name: String) -> URL {
        directory.appendingPathComponent(name)
    }

    /// Runs giconvert with `arguments` under a 2 GB address-space limit, killing it after `seconds`:
    /// a hang fails the test instead of stalling the suite. Not a speed test: the limit is many times
    /// what a debug build needs.
    static func run(_ arguments: [String], seconds: Double = 120) throws -> Run {
        let run = try CommandRunner.giconvert(arguments, seconds: seconds, addressSpaceKB: 2_097_152)
        return Run(
            status: run.signal == nil && !run.timedOut ? run.status : nil, signal: run.timedOut ? nil : run.signal,
            timedOut: run.timedOut, stdout: run.stdout, stderr: run.stderr)
    }

    /// The findings of a report in giconvert's JSON.
    static func findings(_ json: URL) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        return object?["findings"] as? [[String: Any]] ?? []
    }

    static func expectEnded(_ run: Run, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!run.timedOut, "\(name) did not finish", sourceLocation: sourceLocation)
        #expect(
            run.signal == nil, "\(name) was killed by signal \(run.signal ?? 0): \(run.stderr.suffix(300))",
            sourceLocation: sourceLocation)
        #expect(
            run.status == 0 || run.status == 1, "\(name) exited \(run.status.map(String.init) ?? "-")",
            sourceLocation: sourceLocation)
        // Only giconvert speaks on stderr, one line per thing it says (never libxml2's own lines).
        for line in run.stderr.split(separator: "\n") {
            #expect(
                line.hasPrefix("giconvert"), "\(name): stray line on stderr: \(line)", sourceLocation: sourceLocation)
        }
    }

    /// Every fixture of the folder: a crasher the fuzzer finds is added by dropping it there.
    static let fixtures: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
        .filter { $0 != "README.md" }.sorted()

    @Test("the hostile fixtures are there")
    func fixturesPresent() {
        #expect(Self.fixtures.count >= 14)
    }

    @Test("every hostile fixture converts, or fails with one line naming it and no output", arguments: fixtures)
    func endsCleanly(name: String) throws {
        let dir = try CommandRunner.temporaryDirectory("giconvert-hostile")
        defer { try? FileManager.default.removeItem(at: dir) }
        for format in ["csv", "json"] {
            let out = dir.appendingPathComponent("out.\(format)")
            let run = try Self.run([Self.fixture(name).path, "-o", out.path])
            Self.expectEnded(run, name)
            if run.status == 1 {
                #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
                #expect(run.stderr.contains(Self.fixture(name).path))
                #expect(!FileManager.default.fileExists(atPath: out.path))
            } else if run.status == 0 {
                #expect(FileManager.default.fileExists(atPath: out.path))
            }
        }
    }

    @Test("w:gridBefore and w:gridAfter of -1 read as no skipped columns")
    func negativeGridSkip() throws {
        for name in ["gridbefore-neg.docx", "gridafter-neg.docx"] {
            let run = try Self.run([Self.fixture(name).path, "-o", "-", "--to", "csv"])
            Self.expectEnded(run, name)
            // The fixture holds a table but no report: it is read, then refused as holding no report.
            #expect(run.status == 1 && run.stderr.contains("no report tables found"), "\(run.stderr)")
        }
    }

    @Test(
        "list numbers out of Word's range are numbered from its limit, with a finding that says so",
        arguments: [
            ("num-start-intmax.docx", "9223372036854775807"), ("num-start-intmin.docx", "-9223372036854775808"),
            ("num-fullwidth-neg.docx", "-5"), ("num-letter-huge.docx", "100000000000"),
            ("num-letter-big.docx", "300000000"),
        ])
    func listNumbering(name: String, start: String) throws {
        let dir = try CommandRunner.temporaryDirectory("giconvert-hostile")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.json")
        // The fixtures hold a numbered list and no report: the command refuses them as holding no
        // report, and the reader's warning about the list's start is read from the reader itself.
        let run = try Self.run([Self.fixture(name).path, "-o", out.path])
        Self.expectEnded(run, name)
        #expect(run.status == 1 && run.stderr.contains("no report tables found"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let document = try DOCXReader.readDocument(
            ReaderInput(name: name, bytes: [UInt8](Data(contentsOf: Self.fixture(name)))))
        #expect(document.warnings.contains { $0.message.contains("starts at \(start)") }, "\(document.warnings)")
    }

    @Test(
        "a table padded to more cells than any report holds is cut, with a finding",
        arguments: [
            "amp-docx-min.docx", "amp-docx-2000.docx", "amp-docx-10000.docx", "amp-html-5000.html",
            "amp-html-20000.html",
        ])
    func cellAmplification(name: String) throws {
        let dir = try CommandRunner.temporaryDirectory("giconvert-hostile")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.json")
        let run = try Self.run([Self.fixture(name).path, "-o", out.path])
        Self.expectEnded(run, name)
        #expect(run.status == 0, "\(run.stderr)")
        let findings = try Self.findings(out)
        #expect(
            findings.contains { ($0["message"] as? String)?.contains("larger than any report table") == true },
            "\(findings)")
    }

    @Test("a 400-digit figure is a flagged cell with no value, and JSON output of it works")
    func figureOutOfRange() throws {
        let input = Self.fixture("inf-value.txt")
        let csv = try Self.run([input.path, "-o", "-", "--to", "csv"])
        Self.expectEnded(csv, "inf-value.txt")
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csv.stdout.components(separatedBy: "\r\n").map(CSV.fields)
        #expect(!rows.contains { $0.count > 6 && ["inf", "-inf", "nan"].contains($0[6]) })
        let outOfRange = rows.filter { $0.count > 11 && $0[11].count >= 300 }
        #expect(!outOfRange.isEmpty)
        for row in outOfRange {
            #expect(row[6] == "")
            #expect(row[7] == "suspicious")
        }
        for format in ["json", "jsonl", "xlsx", "markdown", "spreadsheetml"] {
            let run = try Self.run([input.path, "-o", "-", "--to", format])
            Self.expectEnded(run, "inf-value.txt")
            #expect(run.status == 0, "\(format): \(run.stderr)")
        }
    }

    @Test("a report with an out-of-range figure costs the others in a bulk run nothing")
    func bulkWithFigureOutOfRange() throws {
        let dir = try CommandRunner.temporaryDirectory("giconvert-hostile")
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.fixture("inf-value.txt"), to: inputs.appendingPathComponent("a-inf-value.txt"))
        try FileManager.default.copyItem(at: Repository.seedReports[0], to: inputs.appendingPathComponent("b-seed.txt"))
        let jsonl = dir.appendingPathComponent("all.jsonl")
        let run = try Self.run([inputs.path, "-o", jsonl.path, "-q"])
        Self.expectEnded(run, "bulk to JSONL")
        let lines = try String(contentsOf: jsonl, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let outputs = dir.appendingPathComponent("out")
        let tree = try Self.run([inputs.path, "-o", outputs.path + "/", "--to", "json", "-q"])
        Self.expectEnded(tree, "bulk to a folder of JSON")
        for name in ["a-inf-value.txt.json", "b-seed.txt.json"] {
            #expect(
                FileManager.default.fileExists(atPath: outputs.appendingPathComponent(name).path), "\(name) missing")
        }
    }

    @Test("libxml2's own messages never reach stderr: its first error ends giconvert's one line")
    func libxmlErrorsInOneLine() throws {
        let input = Self.fixture("libxml-noise.docx")
        let run = try Self.run([input.path, "-o", "-", "--to", "csv"])
        Self.expectEnded(run, "libxml-noise.docx")
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.contains(input.path))
        #expect(run.stderr.contains("input conversion failed"))
    }
}
