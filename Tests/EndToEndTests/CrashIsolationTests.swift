import Foundation
import TestSupport
import Testing

/// One input that crashes the converter costs the run only that input: the built command, with the
/// test hook `GICONVERT_TEST_CRASH_ON` making it crash on chosen inputs, must convert every other
/// input exactly as a run without the crasher does, name the crasher in one line, show no backtrace
/// and exit 1.
@Suite("crash isolation", .serialized)
struct CrashIsolationTests {
    static let fm = FileManager.default

    /// Runs giconvert with `environment` added to this process's; giconvert itself must end by exiting,
    /// whatever its workers do.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandRun {
        let run = try CommandRunner.giconvert(arguments, environment: environment)
        #expect(run.signal == nil, "giconvert itself died of signal \(run.status)")
        return run
    }

    static func crashingOn(_ text: String, kind: String = "trap") -> [String: String] {
        ["GICONVERT_TEST_CRASH_ON": text, "GICONVERT_TEST_CRASH_KIND": kind]
    }

    /// A folder of six reports (from the seeds) plus one copy per name in `crashers`.
    static func folder(in root: URL, crashers: [String]) throws -> URL {
        let folder = root.appendingPathComponent("in")
        let seeds = Repository.seedReports
        try #require(seeds.count >= 3)
        for index in 0..<6 {
            try TrustTests.copy(seeds[index % seeds.count], to: folder.appendingPathComponent("r\(index).txt"))
        }
        for (index, name) in crashers.enumerated() {
            try TrustTests.copy(seeds[(index + 1) % seeds.count], to: folder.appendingPathComponent(name))
        }
        return folder
    }

    /// The run says nothing about the crash but one line per crasher: no runtime message, no backtrace.
    static func expectOneLinePerCrasher(_ run: CommandRun, _ crashers: [String], signal: String = "SIGILL") {
        for crasher in crashers {
            let lines = run.stderr.split(separator: "\n").filter { $0.contains(crasher) }
            #expect(lines.count == 1, "\(run.stderr)")
            #expect(lines.first?.hasPrefix("giconvert: error: ") == true, "\(run.stderr)")
            #expect(lines.first?.contains("the converter crashed on this input (signal") == true, "\(run.stderr)")
            #expect(lines.first?.contains(signal) == true, "\(run.stderr)")
        }
        for noise in ["Fatal error", "stack trace", "Backtrace", "Program crashed", "0x0000"] {
            #expect(!run.stderr.contains(noise), "\(run.stderr)")
        }
        #expect(run.stderr.contains("\(crashers.count) failed"), "\(run.stderr)")
    }

    @Test(
        "a bulk run with one crashing input writes every other input's rows, as a run without it does",
        arguments: [1, 2])
    func oneCrasher(jobs: Int) throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let folder = try Self.folder(in: root, crashers: ["crash-me.txt"])
        let out = root.appendingPathComponent("out.csv")
        let reference = root.appendingPathComponent("reference.csv")
        let run = try Self.run(
            [folder.path, "-o", out.path, "--jobs", "\(jobs)"], environment: Self.crashingOn("crash-me"))
        #expect(run.status == 1, "\(run.stderr)")
        Self.expectOneLinePerCrasher(run, ["crash-me.txt"])
        #expect(run.stderr.contains("converted 6 report(s)"), "\(run.stderr)")
        let without = try Self.run([
            folder.path, "-o", reference.path, "--jobs", "\(jobs)", "--exclude", "crash-me.txt",
        ])
        #expect(without.status == 0, "\(without.stderr)")
        #expect(try Data(contentsOf: out) == Data(contentsOf: reference))
        #expect(
            try Self.fm.contentsOfDirectory(atPath: root.path).sorted() == ["in", "out.csv", "reference.csv"],
            "no temporary file is left")
    }

    @Test(
        "a crash while a worker encodes an input's rows or line is put down to that input", arguments: ["csv", "jsonl"])
    func crashWhileEncoding(format: String) throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let folder = try Self.folder(in: root, crashers: ["crash-me.txt"])
        let out = root.appendingPathComponent("out.\(format)")
        let reference = root.appendingPathComponent("reference.\(format)")
        let run = try Self.run(
            [folder.path, "-o", out.path, "--jobs", "2"],
            environment: Self.crashingOn("crash-me").merging(["GICONVERT_TEST_CRASH_STAGE": "write"]) { $1 })
        #expect(run.status == 1, "\(run.stderr)")
        Self.expectOneLinePerCrasher(run, ["crash-me.txt"])
        #expect(run.stderr.contains("converted 6 report(s)"), "\(run.stderr)")
        let without = try Self.run([folder.path, "-o", reference.path, "--jobs", "1", "--exclude", "crash-me.txt"])
        #expect(without.status == 0, "\(without.stderr)")
        #expect(try Data(contentsOf: out) == Data(contentsOf: reference))
    }

    @Test("two crashing inputs, crashing differently, are both left out and named once each; --errors lists them")
    func twoCrashers() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let folder = try Self.folder(in: root, crashers: ["a-crash.txt", "s-crash.txt"])
        let out = root.appendingPathComponent("out.csv")
        let reference = root.appendingPathComponent("reference.csv")
        let errors = root.appendingPathComponent("errors.csv")
        for kind in ["trap", "segv", "stack"] {
            let run = try Self.run(
                [folder.path, "-o", out.path, "--jobs", "2", "--errors", errors.path],
                environment: Self.crashingOn("-crash", kind: kind))
            #expect(run.status == 1, "\(run.stderr)")
            Self.expectOneLinePerCrasher(
                run, ["a-crash.txt", "s-crash.txt"], signal: kind == "trap" ? "SIGILL" : "SIGSEGV")
            let without = try Self.run([folder.path, "-o", reference.path, "--jobs", "2", "--exclude", "*-crash.txt"])
            #expect(try Data(contentsOf: out) == Data(contentsOf: reference), "\(kind)")
            let listed = try String(contentsOf: errors, encoding: .utf8)
            #expect(listed.contains("a-crash.txt,") && listed.contains("s-crash.txt,"), "\(listed)")
            #expect(without.status == 0)
        }
    }

    @Test("a crashing member of a .zip archive is left out; the other members are converted")
    func crasherInArchive() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let folder = try Self.folder(in: root, crashers: ["crash-me.txt"])
        let zip = root.appendingPathComponent("reports.zip")
        try TrustTests.python(
            """
            import sys, os, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                for name in sorted(os.listdir(sys.argv[2])):
                    z.write(os.path.join(sys.argv[2], name), "2020/" + name)
            """, [zip.path, folder.path])
        let out = root.appendingPathComponent("out.jsonl")
        let reference = root.appendingPathComponent("reference.jsonl")
        let run = try Self.run([zip.path, "-o", out.path, "--jobs", "2"], environment: Self.crashingOn("crash-me"))
        #expect(run.status == 1, "\(run.stderr)")
        Self.expectOneLinePerCrasher(run, ["reports.zip/2020/crash-me.txt"])
        let without = try Self.run([zip.path, "-o", reference.path, "--jobs", "2", "--exclude", "crash-me.txt"])
        #expect(without.status == 0, "\(without.stderr)")
        #expect(try Data(contentsOf: out) == Data(contentsOf: reference))
    }

    @Test("one output per input: the crasher has no output file, the others are as without it")
    func directoryOutput() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let folder = try Self.folder(in: root, crashers: ["crash-me.txt"])
        let out = root.appendingPathComponent("out")
        let reference = root.appendingPathComponent("reference")
        let run = try Self.run(
            [folder.path, "-o", out.path + "/", "--to", "json"], environment: Self.crashingOn("crash-me", kind: "abort")
        )
        #expect(run.status == 1, "\(run.stderr)")
        Self.expectOneLinePerCrasher(run, ["crash-me.txt"], signal: "SIGABRT")
        _ = try Self.run([folder.path, "-o", reference.path + "/", "--to", "json", "--exclude", "crash-me.txt"])
        let files = TrustTests.files(under: out)
        #expect(files == TrustTests.files(under: reference) && files.count == 6, "\(files)")
        for file in files {
            #expect(
                try Data(contentsOf: out.appendingPathComponent(file))
                    == Data(contentsOf: reference.appendingPathComponent(file)))
        }
    }

    @Test("standard output: what was written before the crash is not written twice")
    func standardOutput() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let folder = root.appendingPathComponent("in")
        // Enough reports ahead of the crasher that their rows reach standard output before it crashes.
        for index in 0..<40 {
            try TrustTests.copy(
                Repository.seedReports[index % 3], to: folder.appendingPathComponent(String(format: "r%02d.txt", index))
            )
        }
        try TrustTests.copy(Repository.seedReports[0], to: folder.appendingPathComponent("zz-crash.txt"))
        let run = try Self.run(
            [folder.path, "-o", "-", "--to", "csv", "--jobs", "2"], environment: Self.crashingOn("zz-crash"))
        #expect(run.status == 1, "\(run.stderr)")
        Self.expectOneLinePerCrasher(run, ["zz-crash.txt"])
        let without = try Self.run([folder.path, "-o", "-", "--to", "csv", "--jobs", "2", "--exclude", "zz-crash.txt"])
        #expect(run.stdoutData.count > 64 << 10, "the rows before the crasher were flushed before it crashed")
        #expect(run.stdoutData == without.stdoutData)
    }

    @Test("standard input is read once and given again to the run after a crash")
    func standardInput() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let folder = try Self.folder(in: root, crashers: ["crash-me.txt"])
        let out = root.appendingPathComponent("out.csv")
        let reference = root.appendingPathComponent("reference.csv")
        let stdin = try Data(contentsOf: Repository.seedReports[2])
        let run = try CommandRunner.giconvert(
            ["-", folder.path, "-o", out.path, "--jobs", "2"], environment: Self.crashingOn("crash-me"), stdin: stdin)
        let said = run.stderr
        #expect(run.status == 1, "\(said)")
        #expect(said.contains("converted 7 report(s), 1 failed"), "\(said)")
        let without = try CommandRunner.giconvert(
            ["-", folder.path, "-o", reference.path, "--jobs", "2", "--exclude", "crash-me.txt"], stdin: stdin)
        #expect(without.status == 0, "\(without.stderr)")
        #expect(try Data(contentsOf: out) == Data(contentsOf: reference))
    }

    /// A run of one file is not supervised (it has no other input to save): its crash handler says the
    /// one line, removes the unfinished output and exits 1 before the runtime's backtrace. The runtime's
    /// own one-line message of a trap (`Fatal error: …`) may come first.
    @Test(
        "a single crashing input: exit 1, the line naming it, no backtrace, no output file",
        arguments: ["trap", "segv", "abort"])
    func singleInput(kind: String) throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let input = root.appendingPathComponent("crash-me.txt")
        try TrustTests.copy(Repository.seedReports[0], to: input)
        let out = root.appendingPathComponent("out.csv")
        let run = try Self.run([input.path, "-o", out.path], environment: Self.crashingOn("crash-me", kind: kind))
        #expect(run.status == 1, "\(run.stderr)")
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count <= 2 && lines.dropLast().allSatisfy { $0.contains("Fatal error") }, "\(run.stderr)")
        #expect(
            lines.last?.hasPrefix("giconvert: error: \(input.path): the converter crashed on this input") == true,
            "\(run.stderr)")
        #expect(try Self.fm.contentsOfDirectory(atPath: root.path) == ["crash-me.txt"])
    }

    @Test("--verbose names the crash's runtime message against the input, once")
    func verbose() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let folder = try Self.folder(in: root, crashers: ["crash-me.txt"])
        let run = try Self.run(
            [folder.path, "-o", root.appendingPathComponent("out.csv").path, "--verbose"],
            environment: Self.crashingOn("crash-me"))
        #expect(run.status == 1)
        let said = run.stderr.split(separator: "\n").filter { $0.contains("Fatal error") }
        #expect(said.count == 1 && said[0].hasPrefix("giconvert: \(folder.path)/crash-me.txt: "), "\(run.stderr)")
        #expect(!run.stderr.contains("stack trace"), "\(run.stderr)")
    }

    @Test("what poppler says about a damaged PDF is shown with --verbose only, and never on standard output")
    func libraryMessages() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let folder = Repository.sample("pdf")
        let name = try #require(
            try Self.fm.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".pdf") }.sorted().first)
        var bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
        // Garbage in the middle of a content stream: poppler reports syntax errors.
        for index in (bytes.count / 2)..<min(bytes.count, bytes.count / 2 + 2000) { bytes[index] = UInt8(ascii: "A") }
        let damaged = root.appendingPathComponent("damaged.pdf")
        try Data(bytes).write(to: damaged)
        let debug = ["G_MESSAGES_DEBUG": "all"]
        let quiet = try Self.run([damaged.path, "-o", "-", "--to", "json"], environment: debug)
        #expect(
            !quiet.stdout.contains("Poppler") && !quiet.stdout.contains("Syntax error"), "\(quiet.stdout.prefix(300))")
        #expect(!quiet.stderr.contains("poppler") && !quiet.stderr.contains("Syntax error"), "\(quiet.stderr)")
        let verbose = try Self.run([damaged.path, "-o", root.appendingPathComponent("out.json").path, "--verbose"])
        #expect(verbose.stderr.contains("giconvert: poppler: Syntax error"), "\(verbose.stderr)")
        #expect(quiet.status == verbose.status)
    }

    @Test("SIGINT during a supervised run ends it with 130 and leaves no temporary file")
    func interrupted() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let folder = try Self.folder(in: root, crashers: ["stall.txt"])
        let outputs = root.appendingPathComponent("outputs")
        try Self.fm.createDirectory(at: outputs, withIntermediateDirectories: true)
        let out = outputs.appendingPathComponent("out.csv")
        try Data("previous".utf8).write(to: out)
        let started = try StartedCommand(
            giconvert: [folder.path, "-o", out.path], environment: Self.crashingOn("stall", kind: "stall"))
        #expect(try started.waitForFile(in: outputs, endingIn: ".tmp", tries: 400), "the run made its temporary file")
        // The worker stalls on stall.txt for a minute: the signal comes while it converts.
        usleep(200_000)
        started.process.interrupt()
        let run = try started.finish()
        #expect(run.status == 130)
        let said = run.stderr
        #expect(said.split(separator: "\n").filter { $0.contains("interrupted (SIGINT)") }.count == 1, "\(said)")
        #expect(try Self.fm.contentsOfDirectory(atPath: outputs.path) == ["out.csv"], "no temporary file is left")
        #expect(try String(contentsOf: out, encoding: .utf8) == "previous", "the destination is untouched")
    }
}
