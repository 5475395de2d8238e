import Foundation
import TestSupport
import Testing

/// The command as a new user meets it: version, format names, Excel's CSV, help, and the hints for the
/// usual slips.
@Suite("The command as people expect it", .serialized)
struct CommandPolishTests {
    static let seed = Repository.sample("seeds/000_71c8ded71e417266.txt").path

    @Test("--version prints a version and exits 0; with --verbose, the libraries' versions")
    func version() throws {
        let plain = try CommandRunner.giconvert(["--version"])
        #expect(plain.status == 0)
        #expect(plain.stdout.hasPrefix("giconvert "))
        let verbose = try CommandRunner.giconvert(["--version", "--verbose"])
        #expect(verbose.status == 0)
        for library in ["libxml2 ", "libzip ", "poppler "] { #expect(verbose.stdout.contains(library), "\(library)") }
    }

    @Test("--to and --from take any extension of a format", arguments: [("md", "# "), ("jsonl", "{"), (".json", "{")])
    func extensionsAsNames(name: String, start: String) throws {
        let run = try CommandRunner.giconvert([Self.seed, "-o", "-", "--to", name, "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix(start))
        let from = try CommandRunner.giconvert([Self.seed, "-o", "-", "--from", "txt", "-q"])
        #expect(from.status == 0, "\(from.stderr)")
        let formats = try CommandRunner.giconvert(["formats"])
        #expect(formats.stdout.contains(".md") && formats.stdout.contains("--to md"))
    }

    @Test("--bom starts a CSV with a UTF-8 byte-order mark, only when asked")
    func byteOrderMark() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let with = directory.appendingPathComponent("with.csv")
        let without = directory.appendingPathComponent("without.csv")
        #expect(try CommandRunner.giconvert([Self.seed, "-o", with.path, "--bom", "-q"]).status == 0)
        #expect(try CommandRunner.giconvert([Self.seed, "-o", without.path, "-q"]).status == 0)
        #expect(try Data(contentsOf: with).prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        #expect(try Data(contentsOf: without).prefix(6) == Data("source".utf8))
    }

    @Test("a missing -o and a mistyped command get hints, with exit 64")
    func hints() throws {
        let missing = try CommandRunner.giconvert([Self.seed])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("-o report.csv") && missing.stderr.contains("-o -"))
        let typo = try CommandRunner.giconvert(["formtas"])
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("giconvert formats"))
        let typoConvert = try CommandRunner.giconvert(["convrt", "x.txt", "-o", "y.csv"])
        #expect(typoConvert.stderr.contains("giconvert convert"))
    }

    @Test("a binary format is not written to a terminal")
    func binaryToTerminal() throws {
        // `script` gives the command a terminal as its standard output.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            Issue.record("util-linux's script is needed to give the command a terminal")
            return
        }
        let run = try CommandRunner.run(
            URL(fileURLWithPath: "/usr/bin/script"),
            arguments: ["-qec", "\(Repository.executable.path) \(Self.seed) -o - --to xlsx", "/dev/null"])
        let text = run.stdout + run.stderr
        #expect(run.status == 64)
        #expect(text.contains("terminal"))
        #expect(!text.contains("PK"))
    }

    @Test("the help fits 80 columns and shows the commands a new user needs")
    func help() throws {
        let text = try CommandRunner.giconvert(["--help"], environment: ["COLUMNS": "80"]).stdout
        for line in text.split(separator: "\n") {
            // East Asian characters take two columns.
            let width = line.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }
            #expect(width <= 80, "\(line)")
        }
        #expect(text.contains("giconvert report.pdf -o report.csv"))
        #expect(text.contains("giconvert reports/ -o all.csv"))
        #expect(text.contains("-o - --to csv"))
    }

    @Test("an empty JSON array is written []")
    func emptyArrays() throws {
        let run = try CommandRunner.giconvert([Self.seed, "-o", "-", "--to", "json", "-q"])
        #expect(run.status == 0)
        #expect(!run.stdout.contains("[\n\n"))
        #expect(run.stdout.contains("[]"))
    }
}
