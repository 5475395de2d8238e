import CSVWriter
import Foundation
import GIConvertBulk
import GIConvertCore
import GIConvertZip
import JSONLinesWriter
import TestSupport
import Testing
import TextReader

/// Bulk runs: inputs from folders and archives, in a stable order, converted on several threads and
/// handed over in input order; shards that together take every input once.
@Suite("Bulk conversion")
struct BulkConverterTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("giconvert-bulk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A folder with the seeds (one in a subfolder, two in an archive), a hidden copy, an empty report
    /// and a file no reader claims.
    static func folder() throws -> URL {
        let root = try temporaryDirectory()
        let seeds = Repository.seedReports
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: seeds[0], to: root.appendingPathComponent(seeds[0].lastPathComponent))
        try FileManager.default.copyItem(
            at: seeds[1], to: root.appendingPathComponent("sub/\(seeds[1].lastPathComponent)"))
        try FileManager.default.copyItem(at: seeds[2], to: root.appendingPathComponent(".hidden.txt"))
        try Data().write(to: root.appendingPathComponent("empty.txt"))
        try Data("not a report".utf8).write(to: root.appendingPathComponent("notes.bin"))
        var zip = ZipWriter()
        zip.add("in/\(seeds[3].lastPathComponent)", try Converter.readFile(seeds[3].path))
        zip.add(seeds[4].lastPathComponent, try Converter.readFile(seeds[4].path))
        zip.add("readme.bin", Array("x".utf8))
        try Data(try zip.archive()).write(to: root.appendingPathComponent("more.zip"))
        return root
    }

    @Test("a folder gives the files readers claim and the archive's members, sorted, hidden files left out")
    func collect() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let seeds = Repository.seedReports.map(\.lastPathComponent)
        let collection = InputCollector(knownExtensions: ["txt"]).collect([root.path])
        #expect(collection.expandedContainers)
        #expect(collection.failures.isEmpty)
        let expected = [
            "\(root.path)/\(seeds[0])", "\(root.path)/empty.txt", "\(root.path)/more.zip/\(seeds[4])",
            "\(root.path)/more.zip/in/\(seeds[3])", "\(root.path)/sub/\(seeds[1])",
        ].sorted()
        #expect(collection.items.map(\.source) == expected)
        #expect(collection.items.allSatisfy { $0.isFound })
        let nested = collection.items.first { $0.source.hasSuffix("sub/\(seeds[1])") }
        #expect(nested?.relativePath == "sub/\(seeds[1])")
    }

    @Test("a missing argument is a failure naming it; a file named twice is converted once")
    func arguments() throws {
        let seed = Repository.seedReports[0].path
        let collection = InputCollector(knownExtensions: ["txt"]).collect([seed, "/nonexistent/x.txt", seed])
        #expect(collection.items.map(\.source) == [seed])
        #expect(collection.failures.map(\.source) == ["/nonexistent/x.txt"])
    }

    @Test("results come in input order whatever the number of jobs; a failed input fails alone", arguments: [1, 2, 4])
    func inputOrder(jobs: Int) throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let items = InputCollector(knownExtensions: ["txt"]).collect([root.path]).items
        let converter = Converter(registry: FormatRegistry(readers: [TextReader.self], writers: []))
        var delivered: [(String, String)] = []
        try BulkConverter(converter: converter, jobs: jobs, window: 2).run(items) { item, outcome in
            switch outcome {
            case .converted(let reports): delivered.append((item.source, reports.map(\.metadata.source).joined()))
            case .failed(let error): delivered.append((item.source, "failed: \(error)"))
            case .skipped(let reason): delivered.append((item.source, "skipped: \(reason)"))
            }
        }
        #expect(delivered.map(\.0) == items.map(\.source))
        for (source, outcome) in delivered {
            if source.hasSuffix("empty.txt") {
                #expect(outcome == "failed: \(InputError.empty)")
            } else {
                #expect(outcome == source, "a report is named by its source")
            }
        }
    }

    /// The output of a bulk run whose reports are encoded by `prepare` on the workers and appended in
    /// order on the calling thread, as giconvert writes a CSV or JSON Lines output.
    static func encodedOutput<Writer: PerReportWriter>(_: Writer.Type, _ items: [InputItem], jobs: Int, window: Int)
        throws -> [UInt8]
    {
        let converter = Converter(registry: FormatRegistry(readers: [TextReader.self], writers: []))
        let context = WriterContext(isCollection: true)
        let sink = OutputSink()
        var writer = Writer()
        try writer.begin(sink, context: context)
        let encode: @Sendable (InputItem, BulkConverter.Outcome) -> [Result<[UInt8], any Error>] = { _, outcome in
            guard case .converted(let reports) = outcome else { return [] }
            return reports.map { report in Result { try Writer.encode(report, context: context) } }
        }
        try BulkConverter(converter: converter, jobs: jobs, window: window).run(items, prepare: encode) {
            item, outcome, encoded in
            if case .converted(let reports) = outcome { #expect(encoded.count == reports.count, "\(item.source)") }
            for bytes in encoded { sink.write(try bytes.get()) }
        }
        try writer.finish(sink)
        try sink.close()
        return sink.contents
    }

    @Test(
        "reports encoded on the workers make the same output with 1, 2 and 4 jobs, the streaming writer's",
        arguments: ["csv", "jsonl"])
    func encodedOnWorkers(format: String) throws {
        let writer: any PerReportWriter.Type = format == "csv" ? CSVWriter.self : JSONLinesWriter.self
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let items = InputCollector(knownExtensions: ["txt"]).collect([root.path]).items
        let single = try Self.encodedOutput(writer, items, jobs: 1, window: 2)
        #expect(try Self.encodedOutput(writer, items, jobs: 2, window: 2) == single)
        #expect(try Self.encodedOutput(writer, items, jobs: 4, window: 3) == single)
        // The streaming writer over the same reports, converted one by one.
        let converter = Converter(registry: FormatRegistry(readers: [TextReader.self], writers: []))
        var reports: [Report] = []
        try BulkConverter(converter: converter, jobs: 1).run(items) { _, outcome in
            if case .converted(let converted) = outcome { reports += converted }
        }
        #expect(reports.count == 4)
        #expect(try Self.streamed(writer, reports) == single)
    }

    /// A folder holding one zip: three copies of each seed in folders of the archive, and first a member
    /// whose deflated data is damaged.
    static func archiveWithDamagedMember() throws -> URL {
        let root = try temporaryDirectory()
        var random = SplitMix64(seed: 14)
        var zip = ZipWriter()
        zip.add("2020/broken.txt", (0..<200_000).map { _ in UInt8(ascii: "a") + UInt8(random.next() % 4) })
        for (number, seed) in Repository.seedReports.enumerated() {
            for copy in 0..<3 {
                zip.add("office\(copy)/\(number)-\(seed.lastPathComponent)", try Converter.readFile(seed.path))
            }
        }
        var bytes = try zip.archive()
        // The first member's data starts after its 30-byte local header and name; damage its middle.
        for offset in stride(from: 2_000, to: 2_400, by: 7) { bytes[offset] ^= 0x5A }
        try Data(bytes).write(to: root.appendingPathComponent("reports.zip"))
        return root
    }

    @Test("a zip's members read on the workers give the same output with 1 and 3 jobs; a damaged one fails alone")
    func archiveMembersOnWorkers() throws {
        let root = try Self.archiveWithDamagedMember()
        defer { try? FileManager.default.removeItem(at: root) }
        let items = InputCollector(knownExtensions: ["txt"]).collect([root.path]).items
        #expect(items.count == 1 + 3 * Repository.seedReports.count)
        let converter = Converter(registry: FormatRegistry(readers: [TextReader.self], writers: []))
        let context = WriterContext(isCollection: true)
        let encode: @Sendable (InputItem, BulkConverter.Outcome) -> [UInt8] = { _, outcome in
            guard case .converted(let reports) = outcome else { return [] }
            return reports.flatMap { (try? CSVWriter.encode($0, context: context)) ?? [] }
        }
        func run(jobs: Int, window: Int?, batchBytes: Int?) throws -> (output: [UInt8], failed: [String: String]) {
            var output: [UInt8] = []
            var failed: [String: String] = [:]
            let bulk = BulkConverter(
                converter: converter, jobs: jobs, window: window, maxArchiveBytesPerBatch: batchBytes)
            try bulk.run(items, prepare: encode) { item, outcome, encoded in
                if case .failed(let error) = outcome { failed[item.source] = error.description }
                output += encoded
            }
            return (output, failed)
        }
        let single = try run(jobs: 1, window: nil, batchBytes: nil)
        let broken = "\(root.path)/reports.zip/2020/broken.txt"
        #expect(single.failed.keys.sorted() == [broken])
        #expect(single.failed[broken]?.contains("2020/broken.txt in the archive is corrupt") == true)
        #expect(!single.output.isEmpty)
        // Windows of 4 and batches of a member or two, so that every worker reads several batches.
        for (window, batchBytes) in [(nil, nil), (4, 1), (5, 20_000)] as [(Int?, Int?)] {
            let three = try run(jobs: 3, window: window, batchBytes: batchBytes)
            #expect(three.output == single.output, "window \(String(describing: window))")
            #expect(three.failed == single.failed)
        }
    }

    static func streamed<Writer: PerReportWriter>(_: Writer.Type, _ reports: [Report]) throws -> [UInt8] {
        var writer = Writer()
        return try writer.bytes(of: reports, context: WriterContext(isCollection: true))
    }

    @Test("shards take every input exactly once, the same on every run")
    func shards() throws {
        var random = SplitMix64(seed: 16)
        let sources = (0..<500).map { _ in "dir/\(random.next() % 1_000_000)/报告.txt" }
        for count in [1, 3, 7] {
            let shards = (1...count).map { try! #require(Shard("\($0)/\(count)")) }
            for source in sources {
                #expect(shards.filter { $0.contains(source) }.count == 1)
            }
            if count > 1 { #expect(shards.allSatisfy { shard in sources.contains { shard.contains($0) } }) }
        }
        #expect(Shard.stableHash("a") == 0xAF63_DC4C_8601_EC8C, "FNV-1a of \"a\"")
        for text in ["0/3", "4/3", "1/0", "x/2", "1/2/3", ""] { #expect(Shard(text) == nil, "\(text)") }
    }

    @Test("output paths mirror the input tree and never leave the output folder")
    func outputLayout() {
        #expect(OutputLayout.safeRelativePath("../../etc/passwd") == "etc/passwd")
        #expect(OutputLayout.safeRelativePath("C:\\reports\\a.docx") == "reports/a.docx")
        #expect(OutputLayout.safeRelativePath("a/\u{1}b") == "a/_b")
        #expect(OutputLayout.safeRelativePath("/./..") == "unnamed")
        let layout = OutputLayout(root: "out", fileExtension: "csv")
        let items = [
            InputItem(source: "x/a.txt", location: .file(path: "x/a.txt"), relativePath: "a.txt"),
            InputItem(source: "y/a.txt", location: .file(path: "y/a.txt"), relativePath: "a.txt"),
            InputItem(source: "y/b.txt", location: .file(path: "y/b.txt"), relativePath: "sub/b.txt"),
        ]
        #expect(layout.path(for: items[2]) == "out/sub/b.txt.csv")
        #expect(layout.collisions(items).map(\.path) == ["out/a.txt.csv"])
        #expect(layout.collisions(items).first?.sources == ["x/a.txt", "y/a.txt"])
    }
}
