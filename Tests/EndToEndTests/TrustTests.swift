import Foundation
import TestSupport
import Testing

/// Nothing lost, nothing silent: bulk runs and the command line under bad names, bad inputs, full
/// disks and signals. Each test runs the built command.
@Suite("Nothing lost, nothing silent", .serialized)
struct TrustTests {
    static let seeds = Repository.seedReports
    static let fm = FileManager.default

    /// Runs a Python script with arguments (to build zips and odd file names).
    static func python(_ script: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python helper failed")
    }

    /// Every regular file under `root`, relative, sorted.
    static func files(under root: URL) -> [String] {
        let enumerator = fm.enumerator(atPath: root.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files.append(path)
            }
        }
        return files.sorted()
    }

    static func copy(_ source: URL, to destination: URL) throws {
        try fm.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try fm.copyItem(at: source, to: destination)
    }

    // MARK: Data loss

    @Test("-o DIR/: r.txt, r.html and r.docx get three outputs, named with the input's extension")
    func noOverwrite() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let gen = root.appendingPathComponent("gen")
        try Self.copy(Self.seeds[0], to: gen.appendingPathComponent("r00000.txt"))
        try Self.copy(
            Repository.root.appendingPathComponent("Tests/HTMLReaderTests/Fixtures/001_b7938c474e787140-spans.html"),
            to: gen.appendingPathComponent("r00000.html"))
        try Self.copy(
            Repository.sample("docx/002_be443cd012c0fc6a.python-docx.docx"),
            to: gen.appendingPathComponent("r00000.docx"))
        let out = root.appendingPathComponent("out")
        let run = try CommandRunner.giconvert([gen.path, "-o", out.path + "/"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Self.files(under: out) == ["r00000.docx.csv", "r00000.html.csv", "r00000.txt.csv"])
        #expect(run.stderr.contains("converted 3 report(s)"))
    }

    @Test("-o DIR/: inputs that would share an output refuse the run before anything is written")
    func collisionsRefused() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let a = root.appendingPathComponent("a")
        let b = root.appendingPathComponent("b")
        try Self.copy(Self.seeds[0], to: a.appendingPathComponent("r.txt"))
        try Self.copy(Self.seeds[1], to: b.appendingPathComponent("r.txt"))
        try Self.copy(Self.seeds[2], to: b.appendingPathComponent("s.txt"))
        let out = root.appendingPathComponent("out")
        let run = try CommandRunner.giconvert([a.path, b.path, "-o", out.path + "/"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(a.path)/r.txt") && run.stderr.contains("\(b.path)/r.txt"))
        #expect(Self.files(under: out).isEmpty, "nothing is written")
    }

    @Test("a file that holds no report fails: one line, exit 1, no output; in bulk it is a failure")
    func noReport() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let note = root.appendingPathComponent("notareport.txt")
        try Data("hello world\n".utf8).write(to: note)
        let out = root.appendingPathComponent("out.csv")
        let single = try CommandRunner.giconvert([note.path, "-o", out.path])
        #expect(single.status == 1)
        #expect(
            single.stderr
                == "giconvert: error: \(note.path): no report tables found (none of the three statistical tables is in the file)\n"
        )
        #expect(!Self.fm.fileExists(atPath: out.path))

        try Self.copy(Self.seeds[0], to: root.appendingPathComponent("a.txt"))
        let errors = root.appendingPathComponent("errors.csv")
        let bulk = try CommandRunner.giconvert([root.path, "-o", out.path, "--errors", errors.path])
        #expect(bulk.status == 1)
        #expect(bulk.stderr.contains("converted 1 report(s), 1 failed"))
        #expect(try String(contentsOf: errors, encoding: .utf8).contains("\(note.path),no report tables found"))
        #expect(!(try String(contentsOf: out, encoding: .utf8)).contains("notareport"))
    }

    @Test("an empty folder, or one with nothing a reader claims, is an error, not 0 reports")
    func nothingToConvert() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let empty = root.appendingPathComponent("empty")
        try Self.fm.createDirectory(at: empty, withIntermediateDirectories: true)
        let run = try CommandRunner.giconvert([empty.path, "-o", root.appendingPathComponent("out.csv").path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("no reports to convert"))
        try Data("x".utf8).write(to: empty.appendingPathComponent("notes.pdfx"))
        let stray = try CommandRunner.giconvert([empty.path, "-o", root.appendingPathComponent("out.csv").path])
        #expect(stray.status == 1)
        #expect(stray.stderr.contains("no reports to convert"))
        #expect(!Self.fm.fileExists(atPath: root.appendingPathComponent("out.csv").path))
    }

    @Test("a folder walk skips .json that is not giconvert IR, counts it, names it with --verbose; by name it fails")
    func strayJSON() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let tree = root.appendingPathComponent("tree")
        try Self.copy(Self.seeds[0], to: tree.appendingPathComponent("a.txt"))
        try Data(#"{"name": "x", "version": "1.0.0"}"#.utf8).write(to: tree.appendingPathComponent("package.json"))
        try Self.copy(Repository.sample("seeds/truth.json"), to: tree.appendingPathComponent("sub/truth.json"))
        try Data(#"{"a": 1}"#.utf8 + [0x0A]).write(to: tree.appendingPathComponent("notes.jsonl"))
        let out = root.appendingPathComponent("all.csv").path
        let run = try CommandRunner.giconvert([tree.path, "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("converted 1 report(s), 3 skipped"))
        #expect(!run.stderr.contains("package.json"))
        let verbose = try CommandRunner.giconvert([tree.path, "-o", out, "--verbose"])
        #expect(verbose.status == 0)
        #expect(verbose.stderr.contains("skipped \(tree.path)/package.json"))
        #expect(verbose.stderr.contains("skipped \(tree.path)/sub/truth.json"))
        let named = try CommandRunner.giconvert([tree.appendingPathComponent("package.json").path, "-o", out])
        #expect(named.status == 1)
    }

    @Test("--exclude GLOB leaves files and folders out of a folder walk")
    func exclude() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let tree = root.appendingPathComponent("tree")
        try Self.copy(Self.seeds[0], to: tree.appendingPathComponent("a.txt"))
        try Self.copy(Self.seeds[1], to: tree.appendingPathComponent("b.txt"))
        try Self.copy(Self.seeds[2], to: tree.appendingPathComponent("drafts/c.txt"))
        try Data("hello".utf8).write(to: tree.appendingPathComponent("broken.txt"))
        let run = try CommandRunner.giconvert([
            tree.path, "-o", "-", "--to", "csv", "--exclude", "b.txt", "--exclude", "drafts", "--exclude", "broken*",
            "-q",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Set(BulkTests.rowsBySource(run.stdout).keys) == ["\(tree.path)/a.txt"])
    }

    @Test("--strict names each report that fails a rule, with the rule and the cell; --findings lists every finding")
    func strictAndFindings() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let findings = root.appendingPathComponent("findings.csv")
        let page = Repository.sample("real/shanghai-office-2019.html")
        let run = try CommandRunner.giconvert([
            page.path, Self.seeds[4].path, Self.seeds[0].path, "-o", root.appendingPathComponent("all.csv").path,
            "--strict", "--findings", findings.path,
        ])
        #expect(run.status == 3)
        for (input, rule) in [(page, "applications.outcomes"), (Self.seeds[4], "applications.balance")] {
            let line = run.stderr.split(separator: "\n").first { $0.contains(input.path) }
            #expect(line?.contains("consistency check \(rule) failed at applications/") == true, "\(run.stderr)")
        }
        #expect(!run.stderr.contains(Self.seeds[0].path))
        let lines = try String(contentsOf: findings, encoding: .utf8).components(separatedBy: "\r\n").filter {
            !$0.isEmpty
        }
        #expect(lines.first == "source,year,organization,kind,rule,table,row,column,expected,printed,message")
        let rows = lines.dropFirst().map(CSV.fields)
        #expect(rows.allSatisfy { $0.count == 11 })
        #expect(
            rows.contains {
                $0[0] == page.path && $0[3] == "rule_failed" && $0[4] == "applications.row_total" && $0[9].isEmpty
            })
        #expect(rows.contains { $0[0] == Self.seeds[4].path && $0[3] == "rule_failed" })
    }

    @Test("a finding about a blank cell says blank (JSON null), not 0")
    func blankPrinted() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        var lines = try String(
            contentsOf: Repository.sample("layouts/003_fbaa997d3cdea271_markdown.txt"), encoding: .utf8
        )
        .components(separatedBy: "\n")
        let reviews = try #require(
            lines.lastIndex { $0.hasPrefix("| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |") })
        lines[reviews] = "| 1 | 0 | 0 | 0 |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
        let input = root.appendingPathComponent("blank.txt")
        try lines.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let run = try CommandRunner.giconvert([input.path, "-o", "-", "--to", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let failed = (json["findings"] as! [[String: Any]]).filter { $0["kind"] as? String == "rule_failed" }
        let finding = try #require(failed.first { $0["column"] as? String == "review_total" })
        #expect(finding["printed"] is NSNull, "\(finding)")
        #expect((finding["message"] as? String)?.hasSuffix("总计 is blank") == true)
        let findings = root.appendingPathComponent("f.csv")
        _ = try CommandRunner.giconvert([
            input.path, "-o", root.appendingPathComponent("o.csv").path, "--findings", findings.path,
        ])
        let row = try String(contentsOf: findings, encoding: .utf8).components(separatedBy: "\r\n").first {
            $0.contains("review_total")
        }
        #expect(row.map(CSV.fields)?[9] == "")
    }

    @Test("- reads a report from standard input, with --from when the content does not tell")
    func standardInput() throws {
        let bytes = try Data(contentsOf: Self.seeds[2])
        let run = try CommandRunner.giconvert(["-", "-o", "-", "--to", "csv"], stdin: bytes)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(CSV.cells(run.stdout)[.init("active", "licensing", "decisions")]?.value == "40069")
        let forced = try CommandRunner.giconvert(["-", "--from", "text", "-o", "-", "--to", "csv"], stdin: bytes)
        #expect(forced.stdout == run.stdout)
    }

    // MARK: Signals and temporary files

    /// Starts a conversion that waits on standard input, so that it holds a temporary output; sends
    /// `signal` once the temporary file is there.
    func interrupted(by signal: Int32) throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let out = root.appendingPathComponent("out.csv")
        try Data("previous".utf8).write(to: out)
        let started = try StartedCommand(giconvert: ["-", Self.seeds[0].path, "-o", out.path], stdin: true)
        #expect(try started.waitForFile(in: root, endingIn: ".tmp", tries: 200), "the run made its temporary file")
        // Standard input stays open until the process has ended, so the run cannot finish meanwhile.
        kill(started.process.processIdentifier, signal)
        started.process.waitUntilExit()
        #expect(try started.finish().status == 128 + signal)
        #expect(try Self.fm.contentsOfDirectory(atPath: root.path) == ["out.csv"], "no temporary file is left")
        #expect(try String(contentsOf: out, encoding: .utf8) == "previous", "the destination is untouched")
    }

    @Test("SIGINT leaves no temporary file and no partial destination")
    func sigint() throws { try interrupted(by: SIGINT) }

    @Test("SIGTERM leaves no temporary file and no partial destination")
    func sigterm() throws { try interrupted(by: SIGTERM) }

    @Test("a temporary file a crashed run left is removed by the next run to the same destination")
    func staleTemporary() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let stale = root.appendingPathComponent(".out.csv.giconvert-2147483000-0.tmp")
        try Data("half".utf8).write(to: stale)
        let run = try CommandRunner.giconvert([Self.seeds[0].path, "-o", root.appendingPathComponent("out.csv").path])
        #expect(run.status == 0)
        #expect(try Self.fm.contentsOfDirectory(atPath: root.path) == ["out.csv"])
    }

    // MARK: Archives, disks

    @Test("zip member names with .., absolute paths, backslashes or drive letters stay inside OUT")
    func pathTraversal() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let zip = root.appendingPathComponent("in/evil.zip")
        try Self.fm.createDirectory(at: zip.deletingLastPathComponent(), withIntermediateDirectories: true)
        let script = """
            import sys, zipfile
            seed = open(sys.argv[2], "rb").read()
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                for name in ["../../x.txt", "/tmp/giconvert-abs-\(UUID().uuidString)/y.txt", "..\\\\..\\\\w.txt", "C:\\\\win\\\\z.txt", "ok/../../v.txt"]:
                    info = zipfile.ZipInfo("placeholder")
                    info.filename = name
                    z.writestr(info, seed)
            """
        try Self.python(script, [zip.path, Self.seeds[0].path])
        let out = root.appendingPathComponent("work/OUT")
        let run = try CommandRunner.giconvert([zip.path, "-o", out.path + "/", "--to", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let all = Self.files(under: root)
        #expect(all.count == 6, "\(all)")
        #expect(all.filter { !$0.hasPrefix("work/OUT/evil.zip/") } == ["in/evil.zip"], "\(all)")
        #expect(run.stderr.contains("converted 5 report(s)"))
    }

    @Test("a link inside OUT is not followed out of it")
    func linkInsideOut() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let tree = root.appendingPathComponent("tree")
        try Self.copy(Self.seeds[0], to: tree.appendingPathComponent("sub/a.txt"))
        try Self.copy(Self.seeds[1], to: tree.appendingPathComponent("b.txt"))
        let out = root.appendingPathComponent("out")
        let elsewhere = root.appendingPathComponent("elsewhere")
        try Self.fm.createDirectory(at: out, withIntermediateDirectories: true)
        try Self.fm.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try Self.fm.createSymbolicLink(at: out.appendingPathComponent("sub"), withDestinationURL: elsewhere)
        let run = try CommandRunner.giconvert([tree.path, "-o", out.path + "/"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(tree.path)/sub/a.txt") && run.stderr.contains("link"))
        #expect(try Self.fm.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
        #expect(Self.fm.fileExists(atPath: out.appendingPathComponent("b.txt.csv").path), "the other input is written")
    }

    @Test("a write error is an error: standard output on a full device exits 1 naming the output")
    func fullDevice() throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let run = try CommandRunner.giconvert(
            [Repository.sample("layouts").path, "-o", "-", "--to", "csv"], stdout: full)
        #expect(run.status == 1)
        #expect(run.stderr.contains("-: write failed: No space left on device"), "\(run.stderr)")
    }

    @Test("on a 64 KB file system a bulk CSV or an XLSX that does not fit is not committed; exit 1")
    func smallFileSystem() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let mountPoint = root.appendingPathComponent("small")
        try Self.fm.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint.path]
        mount.standardError = FileHandle.nullDevice
        try mount.run()
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else {
            print("skipping the 64 KB file system test: mounting a tmpfs is not permitted here")
            return
        }
        defer {
            let umount = Process()
            umount.executableURL = URL(fileURLWithPath: "/bin/umount")
            umount.arguments = [mountPoint.path]
            try? umount.run()
            umount.waitUntilExit()
        }
        let csv = mountPoint.appendingPathComponent("all.csv")
        let run = try CommandRunner.giconvert([Repository.sample("layouts").path, "-o", csv.path, "-q"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(csv.path):") && run.stderr.contains("No space left on device"), "\(run.stderr)")
        #expect(
            try Self.fm.contentsOfDirectory(atPath: mountPoint.path).isEmpty, "nothing committed, no temporary file")
        let xlsx = mountPoint.appendingPathComponent("all.xlsx")
        let workbook = try CommandRunner.giconvert([
            Repository.sample("layouts").path, Repository.sample("seeds").path, "-o", xlsx.path, "-q",
        ])
        #expect(workbook.status == 1)
        #expect(try Self.fm.contentsOfDirectory(atPath: mountPoint.path).isEmpty)
    }

    @Test("an output that cannot be written fails that input only; the others are written")
    func oneOutputFails() throws {
        let (root, tree) = try BulkTests.makeTree()
        defer { try? Self.fm.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        // A folder where a.txt's output should go.
        try Self.fm.createDirectory(at: out.appendingPathComponent("a.txt.json"), withIntermediateDirectories: true)
        let run = try CommandRunner.giconvert([tree.path, "-o", out.path + "/", "--to", "json"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(tree.path)/a.txt: cannot write \(out.path)/a.txt.json"))
        for path in ["b.txt.json", "2021/county/c.txt.json", "more.zip/d.txt.json", "more.zip/inner/e.txt.json"] {
            #expect(Self.fm.fileExists(atPath: out.appendingPathComponent(path).path), "\(path)")
        }
        #expect(run.stderr.contains("converted 4 report(s), 3 failed"))
    }

    @Test("zip member names in GBK without the UTF-8 flag are decoded; a file name in GBK can be read")
    func gbkNames() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let tree = root.appendingPathComponent("tree")
        try Self.fm.createDirectory(at: tree, withIntermediateDirectories: true)
        let script = """
            import sys, os, zipfile
            seed = open(sys.argv[2], "rb").read()
            class GBKInfo(zipfile.ZipInfo):
                def _encodeFilenameFlags(self):
                    return self.filename.encode("gbk"), self.flag_bits
            with zipfile.ZipFile(os.path.join(sys.argv[1], "cn.zip"), "w") as z:
                z.writestr(GBKInfo("北京市/年度报告.txt"), seed)
                z.writestr("上海/报告.txt", seed)
            open(os.path.join(sys.argv[1].encode(), "广州报告.txt".encode("gbk")), "wb").write(seed)
            """
        try Self.python(script, [tree.path, Self.seeds[0].path])
        let run = try CommandRunner.giconvert([tree.path, "-o", "-", "--to", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let sources = Set(BulkTests.rowsBySource(run.stdout).keys)
        #expect(
            sources == ["\(tree.path)/cn.zip/北京市/年度报告.txt", "\(tree.path)/cn.zip/上海/报告.txt", "\(tree.path)/广州报告.txt"])

        // The GBK-named file given by name (the shell passes its bytes as they are).
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        // 广州报告 in GBK.
        let escaped = #"\271\343\326\335\261\250\270\346.txt"#
        shell.arguments = [
            "-c", "\"$0\" \"$1/$(printf '\(escaped)')\" -o - --to csv -q", Repository.executable.path, tree.path,
        ]
        let out = Pipe()
        shell.standardOutput = out
        shell.standardError = FileHandle.nullDevice
        try shell.run()
        let csv = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
        #expect(Set(BulkTests.rowsBySource(csv).keys) == ["\(tree.path)/广州报告.txt"])
    }

    @Test("an archive of many members converts every member once")
    func manyMembers() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let zip = root.appendingPathComponent("many.zip")
        try Self.python(
            """
            import sys, zipfile
            seed = open(sys.argv[2], "rb").read()
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                for i in range(300):
                    z.writestr("r/%04d.txt" % i, seed)
            """, [zip.path, Self.seeds[0].path])
        let run = try CommandRunner.giconvert([zip.path, "-o", "-", "--to", "jsonl", "-q", "--jobs", "2"])
        #expect(run.status == 0)
        #expect(run.stdout.split(separator: "\n").count == 300)
    }

    @Test("an input that crashes the process is named on stderr, so that it can be left out")
    func crashNamesInput() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let tree = root.appendingPathComponent("tree")
        try Self.copy(Self.seeds[0], to: tree.appendingPathComponent("a.txt"))
        // A row that starts -1 grid columns in: this crashed the DOCX reader.
        let bad = tree.appendingPathComponent("grid-before.docx")
        try Self.python(
            """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as source, zipfile.ZipFile(sys.argv[2], "w") as target:
                for item in source.infolist():
                    data = source.read(item.filename)
                    if item.filename == "word/document.xml":
                        data = data.replace(b"<w:tr>", b'<w:tr><w:trPr><w:gridBefore w:val="-1"/></w:trPr>', 1)
                    target.writestr(item, data)
            """, [Repository.sample("docx/000_71c8ded71e417266.python-docx.docx").path, bad.path])
        let run = try CommandRunner.giconvert([
            tree.path, "-o", root.appendingPathComponent("all.csv").path, "--jobs", "1",
        ])
        // A process killed by a signal reports the signal's number as its status.
        if ![0, 1].contains(run.status) {
            #expect(run.stderr.contains("giconvert: error: crashed while converting \(bad.path)"), "\(run.stderr)")
        } else {
            #expect(run.status <= 1, "\(run.stderr)")
            #expect(
                try String(contentsOf: root.appendingPathComponent("all.csv"), encoding: .utf8).contains(
                    "\(tree.path)/a.txt"))
        }
    }

    @Test("a report that one writer cannot write fails alone: the rest of the dataset is written")
    func unwritableReport() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let tree = root.appendingPathComponent("tree")
        try Self.copy(Self.seeds[0], to: tree.appendingPathComponent("a.txt"))
        // A 400-digit figure reads as infinity, which JSON cannot hold.
        let layout = try String(
            contentsOf: Repository.sample("layouts/003_fbaa997d3cdea271_markdown.txt"), encoding: .utf8)
        let huge = layout.replacingOccurrences(
            of: "| 四、结转下年度继续办理 | 0 |", with: "| 四、结转下年度继续办理 | \(String(repeating: "9", count: 400)) |")
        #expect(huge != layout)
        try huge.write(to: tree.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        let out = root.appendingPathComponent("all.jsonl")
        let run = try CommandRunner.giconvert([tree.path, "-o", out.path])
        let lines = (try? String(contentsOf: out, encoding: .utf8).split(separator: "\n")) ?? []
        if lines.count == 2 {
            #expect(run.status == 0, "the figure was written after all: \(run.stderr)")
        } else {
            #expect(run.status == 1)
            #expect(run.stderr.contains("\(tree.path)/b.txt: cannot be written to \(out.path)"), "\(run.stderr)")
            #expect(lines.count == 1 && lines[0].contains("\(tree.path)/a.txt"))
        }
    }

    // MARK: Smaller

    @Test("an output written into an input folder is not read back by the next run")
    func ownOutputNotReread() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let gen = root.appendingPathComponent("gen")
        for (index, seed) in Self.seeds.enumerated() {
            try Self.copy(seed, to: gen.appendingPathComponent("r\(index).txt"))
        }
        let out = gen.appendingPathComponent("all.jsonl")
        for _ in 0..<3 {
            let run = try CommandRunner.giconvert([gen.path, "-o", out.path])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try String(contentsOf: out, encoding: .utf8).split(separator: "\n").count == Self.seeds.count)
        }
    }

    @Test("-o existing-folder.csv is refused instead of switching to one output per input")
    func outputIsAFolder() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let folder = root.appendingPathComponent("existing.csv")
        try Self.fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let run = try CommandRunner.giconvert([Self.seeds[0].path, "-o", folder.path])
        #expect(run.status == 64)
        #expect(run.stderr.contains("is a folder"))
        #expect(try Self.fm.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("an argument like -dash.txt is an unknown option (exit 64), not a request for help")
    func dashArgument() throws {
        let run = try CommandRunner.giconvert(["-dash.txt", "-o", "/tmp/x.csv"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("-dash.txt"))
        #expect(!run.stdout.contains("USAGE") && !run.stdout.contains("OPTIONS"))
    }

    @Test("a FIFO or a device is refused at once instead of hanging or reading forever")
    func notRegularFiles() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let fifo = root.appendingPathComponent("pipe.txt")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let run = try CommandRunner.giconvert([fifo.path, "-o", root.appendingPathComponent("o.csv").path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("not a regular file"))
        let zero = try CommandRunner.giconvert([
            "/dev/zero", "--from", "text", "-o", root.appendingPathComponent("o.csv").path,
        ])
        #expect(zero.status == 1)
        #expect(zero.stderr.contains("/dev/zero: not a regular file"))
    }

    @Test("a folder output that cannot be made is one line, not a Foundation error dump")
    func folderOutputError() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? Self.fm.removeItem(at: root) }
        let file = root.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        let run = try CommandRunner.giconvert([Self.seeds[0].path, Self.seeds[1].path, "-o", file.path + "/sub/"])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(!run.stderr.contains("NSCocoaErrorDomain") && !run.stderr.contains("Error Domain"))
    }
}
