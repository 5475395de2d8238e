import Foundation
import TestSupport
import Testing

/// Bulk migration: folders and archives into one dataset.
@Suite("Bulk conversion", .serialized)
struct BulkTests {
    /// A tree: two seeds at the top, one in a nested folder, two in a zip (one nested in the archive),
    /// an empty report and a binary one, and a stray file no reader claims beside them and in the zip.
    static func makeTree() throws -> (root: URL, tree: URL) {
        let root = try CommandRunner.temporaryDirectory()
        let tree = root.appendingPathComponent("archive")
        let nested = tree.appendingPathComponent("2021/county")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        let seeds = Repository.seedReports
        try FileManager.default.copyItem(at: seeds[0], to: tree.appendingPathComponent("a.txt"))
        try FileManager.default.copyItem(at: seeds[1], to: tree.appendingPathComponent("b.txt"))
        try FileManager.default.copyItem(at: seeds[2], to: nested.appendingPathComponent("c.txt"))
        try Data().write(to: tree.appendingPathComponent("empty.txt"))
        try Data([0, 1, 2, 3, 0, 0xFF]).write(to: nested.appendingPathComponent("broken.txt"))
        try Data("not a report".utf8).write(to: tree.appendingPathComponent("notes.pdfx"))
        let script = """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                z.write(sys.argv[2], "d.txt")
                z.write(sys.argv[3], "inner/e.txt")
                z.writestr("inner/scan.jpg", "a scanned page")
            """
        let zip = Process()
        zip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        zip.arguments = [
            "python3", "-c", script, tree.appendingPathComponent("more.zip").path, seeds[3].path, seeds[4].path,
        ]
        try zip.run()
        zip.waitUntilExit()
        #expect(zip.terminationStatus == 0)
        return (root, tree)
    }

    /// Long-CSV data rows grouped by source.
    static func rowsBySource(_ csv: String) -> [String: [String]] {
        var rows: [String: [String]] = [:]
        for line in csv.components(separatedBy: "\r\n").dropFirst() where !line.isEmpty {
            rows[CSV.fields(line)[0], default: []].append(line)
        }
        return rows
    }

    @Test("a tree with a nested folder, a zip and two bad files becomes one CSV and one JSONL")
    func treeToOneOutput() throws {
        let (root, tree) = try Self.makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let csvPath = root.appendingPathComponent("all.csv").path
        let run = try CommandRunner.giconvert([tree.path, "-o", csvPath, "--jobs", "2"])
        #expect(run.status == 1, "bad inputs make the exit status 1")
        #expect(run.stderr.contains("\(tree.path)/empty.txt: the file is empty"))
        #expect(run.stderr.contains("\(tree.path)/2021/county/broken.txt: binary data"))
        #expect(!run.stderr.contains("notes.pdfx"), "files no reader claims are not inputs")
        #expect(run.stderr.contains("converted 5 report(s), 2 failed, 2 skipped"), "but they are counted")
        let verbose = try CommandRunner.giconvert([tree.path, "-o", root.appendingPathComponent("v.csv").path, "-v"])
        #expect(verbose.stderr.contains("skipped \(tree.path)/notes.pdfx: no reader for .pdfx files"))
        #expect(verbose.stderr.contains("skipped \(tree.path)/more.zip/inner/scan.jpg: no reader for .jpg files"))

        let rows = Self.rowsBySource(try String(contentsOfFile: csvPath, encoding: .utf8))
        let sources = ["a.txt", "b.txt", "2021/county/c.txt", "more.zip/d.txt", "more.zip/inner/e.txt"].map {
            "\(tree.path)/\($0)"
        }
        #expect(Set(rows.keys) == Set(sources))
        let seeds = Repository.seedReports
        for (source, seed) in zip(sources.sorted(), [seeds[2], seeds[0], seeds[1], seeds[3], seeds[4]]) {
            let single = try CommandRunner.giconvert([seed.path, "-o", "-", "--to", "csv", "-q"])
            let own = Self.rowsBySource(single.stdout)[seed.path] ?? []
            let mine = (rows[source] ?? []).map { $0.replacingOccurrences(of: source, with: seed.path) }
            #expect(mine == own, "\(source) gives the rows of its own conversion")
        }

        let jsonlPath = root.appendingPathComponent("all.jsonl").path
        let jsonl = try CommandRunner.giconvert([tree.path, "-o", jsonlPath, "-q"])
        #expect(jsonl.status == 1)
        let lines = try String(contentsOfFile: jsonlPath, encoding: .utf8).split(separator: "\n")
        let jsonSources = try lines.map { line -> String in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return (object["metadata"] as! [String: Any])["source"] as! String
        }
        #expect(jsonSources == sources.sorted(), "one report per line, sorted by source")
    }

    @Test("a folder walk skips hidden entries, takes linked files and does not follow linked folders")
    func folderWalkRules() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = root.appendingPathComponent("tree")
        let elsewhere = root.appendingPathComponent("elsewhere")
        let fm = FileManager.default
        try fm.createDirectory(at: tree.appendingPathComponent(".cache"), withIntermediateDirectories: true)
        try fm.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let seeds = Repository.seedReports
        try fm.copyItem(at: seeds[0], to: tree.appendingPathComponent("a.txt"))
        try fm.copyItem(at: seeds[1], to: tree.appendingPathComponent(".hidden.txt"))
        try fm.copyItem(at: seeds[2], to: tree.appendingPathComponent(".cache/c.txt"))
        try fm.copyItem(at: seeds[3], to: elsewhere.appendingPathComponent("d.txt"))
        try fm.createSymbolicLink(
            at: tree.appendingPathComponent("linked.txt"), withDestinationURL: elsewhere.appendingPathComponent("d.txt")
        )
        try fm.createSymbolicLink(at: tree.appendingPathComponent("loop"), withDestinationURL: tree)
        try fm.createSymbolicLink(
            at: tree.appendingPathComponent("dangling.txt"), withDestinationURL: root.appendingPathComponent("gone.txt")
        )

        let csvPath = root.appendingPathComponent("all.csv").path
        let run = try CommandRunner.giconvert([tree.path, "-o", csvPath, "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = Self.rowsBySource(try String(contentsOfFile: csvPath, encoding: .utf8))
        #expect(Set(rows.keys) == Set(["\(tree.path)/a.txt", "\(tree.path)/linked.txt"]))
    }

    @Test("the output is the same whatever --jobs is")
    func deterministic() throws {
        let (root, tree) = try Self.makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let one = try CommandRunner.giconvert([tree.path, "-o", "-", "--to", "csv", "--jobs", "1", "-q"])
        let four = try CommandRunner.giconvert([tree.path, "-o", "-", "--to", "csv", "--jobs", "4", "-q"])
        #expect(!one.stdout.isEmpty)
        #expect(one.stdout == four.stdout)
    }

    @Test("a zip's members give the same CSV with --jobs 1 and 3; a damaged member is named in the failures")
    func zipMembersOnWorkers() throws {
        let root = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let archive = root.appendingPathComponent("reports.zip")
        // Three copies of each seed, and a member whose deflated data is damaged in its middle.
        let script = """
            import random, sys, zipfile
            rng = random.Random(14)
            text = bytes(rng.choice(b"abcd") for _ in range(200000))
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("2020/broken.txt", text)
                for n, seed in enumerate(sys.argv[2:]):
                    for copy in range(3): z.write(seed, f"office{copy}/{n}.txt")
            with zipfile.ZipFile(sys.argv[1]) as z:
                info = z.getinfo("2020/broken.txt")
                start = info.header_offset + 30 + len(info.filename) + len(info.extra)
            data = bytearray(open(sys.argv[1], "rb").read())
            for offset in range(start + 2000, start + 2400, 7): data[offset] ^= 0x5A
            open(sys.argv[1], "wb").write(data)
            """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script, archive.path] + Repository.seedReports.map(\.path)
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)

        let broken = "\(archive.path)/2020/broken.txt"
        var outputs: [String] = []
        for jobs in ["1", "3"] {
            let errors = root.appendingPathComponent("errors-\(jobs).csv")
            let run = try CommandRunner.giconvert([
                archive.path, "-o", "-", "--to", "csv", "--jobs", jobs, "--errors", errors.path,
            ])
            #expect(run.status == 1, "--jobs \(jobs)")
            #expect(run.stderr.contains("\(broken): 2020/broken.txt in the archive is corrupt"), "\(run.stderr)")
            #expect(run.stderr.contains("converted \(3 * Repository.seedReports.count) report(s), 1 failed"))
            let lines = try String(contentsOf: errors, encoding: .utf8).components(separatedBy: "\r\n").filter {
                !$0.isEmpty
            }
            #expect(lines.count == 2)
            #expect(lines.last?.hasPrefix("\(broken),") == true)
            outputs.append(run.stdout)
        }
        #expect(!outputs[0].isEmpty)
        #expect(outputs[0] == outputs[1])
    }

    @Test("--shard 1/2 and --shard 2/2 together equal the whole run")
    func shards() throws {
        let (root, tree) = try Self.makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let whole = try CommandRunner.giconvert([
            tree.path, Repository.sample("layouts").path, "-o", "-", "--to", "csv", "-q",
        ])
        let first = try CommandRunner.giconvert([
            tree.path, Repository.sample("layouts").path, "-o", "-", "--to", "csv", "-q", "--shard", "1/2",
        ])
        let second = try CommandRunner.giconvert([
            tree.path, Repository.sample("layouts").path, "-o", "-", "--to", "csv", "-q", "--shard", "2/2",
        ])
        let wholeRows = Self.rowsBySource(whole.stdout)
        let firstRows = Self.rowsBySource(first.stdout)
        let secondRows = Self.rowsBySource(second.stdout)
        #expect(!firstRows.isEmpty && !secondRows.isEmpty, "both shards get work")
        #expect(Set(firstRows.keys).isDisjoint(with: secondRows.keys))
        #expect(firstRows.merging(secondRows) { a, _ in a } == wholeRows)
        let bad = try CommandRunner.giconvert([tree.path, "-o", "-", "--shard", "3/2"])
        #expect(bad.status != 0 && bad.stderr.contains("--shard"))
    }

    @Test("--errors writes the failures as a table")
    func errorsFile() throws {
        let (root, tree) = try Self.makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let errors = root.appendingPathComponent("errors.csv")
        let run = try CommandRunner.giconvert([
            tree.path, "-o", root.appendingPathComponent("out.csv").path, "--errors", errors.path, "-q",
        ])
        #expect(run.status == 1)
        let lines = try String(contentsOf: errors, encoding: .utf8).components(separatedBy: "\r\n").filter {
            !$0.isEmpty
        }
        #expect(lines.first == "source,error")
        #expect(lines.count == 3)
        #expect(lines.contains { $0.hasPrefix("\(tree.path)/empty.txt,") })
    }

    @Test("-o DIR/ writes one output per input, mirroring the tree, named with the input's extension")
    func directoryOutput() throws {
        let (root, tree) = try Self.makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        let run = try CommandRunner.giconvert([tree.path, "-o", out.path + "/", "--to", "json", "-q"])
        #expect(run.status == 1)
        for path in [
            "a.txt.json", "b.txt.json", "2021/county/c.txt.json", "more.zip/d.txt.json", "more.zip/inner/e.txt.json",
        ] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(path).path), "\(path)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("empty.txt.json").path))
    }

    @Test("under --strict, only failed consistency rules exit 3; bad inputs still exit 1")
    func strictStatus() throws {
        let seeds = Repository.seedReports
        let rules = try CommandRunner.giconvert([
            seeds[3].path, seeds[4].path, "-o", "-", "--to", "csv", "--strict", "-q",
        ])
        #expect(rules.status == 3)
        let (root, tree) = try Self.makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let both = try CommandRunner.giconvert([tree.path, "-o", "-", "--to", "csv", "--strict", "-q"])
        #expect(both.status == 1)
    }
}
