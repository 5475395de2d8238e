import Foundation
import GIConvertCore
import GIConvertFormats
import TestSupport
import Testing

/// The golden IR files themselves: one per sample, none without a sample, each compared by the tests of
/// the reader that reads the sample (`Golden.mismatch(sample:reader: NAME.self, …)` in its tests).
@Suite("Golden files")
struct GoldenFilesTests {
    /// The Swift sources of the tests, by path.
    static let testSources: [String: String] = {
        let tests = Repository.file("Tests")
        let paths = (FileManager.default.enumerator(atPath: tests.path)?.allObjects as? [String]) ?? []
        var sources: [String: String] = [:]
        for path in paths where path.hasSuffix(".swift") {
            sources[path] = try? String(contentsOf: tests.appendingPathComponent(path), encoding: .utf8)
        }
        return sources
    }()

    @Test("every sample has its golden IR, and no two samples share one")
    func everySampleHasOne() {
        #expect(Golden.inputs.count >= 100)
        let missing = Golden.inputs.filter { !FileManager.default.fileExists(atPath: Golden.file(for: $0).path) }
        #expect(missing.map(\.lastPathComponent) == [], "run \(Golden.regenerate)")
        let files = Golden.inputs.map { Golden.file(for: $0).path }
        #expect(Set(files).count == files.count)
    }

    @Test("every golden IR file belongs to a sample")
    func noOrphans() {
        let expected = Set(Golden.inputs.map { Golden.file(for: $0).path })
        #expect(Golden.irFiles.count >= Golden.inputs.count)
        #expect(Golden.irFiles.map(\.path).filter { !expected.contains($0) } == [])
    }

    @Test("every sample is read by a registered reader whose tests compare the golden IR")
    func everySampleIsCompared() throws {
        var readers: [String: [String]] = [:]
        for sample in Golden.inputs {
            let input = ReaderInput(name: sample.lastPathComponent, bytes: try Converter.readFile(sample.path))
            let reader = try BuiltinFormats.registry.reader(for: input)
            readers[String(describing: reader), default: []].append(sample.lastPathComponent)
        }
        #expect(readers.count >= 4)
        for (reader, samples) in readers.sorted(by: { $0.key < $1.key }) {
            let compared = Self.testSources.values.contains {
                $0.contains("Golden.mismatch(sample:") && $0.contains("reader: \(reader).self")
            }
            #expect(
                compared,
                "\(reader) reads \(samples.count) samples (\(samples[0]), …) but no test calls Golden.mismatch(sample:reader: \(reader).self, …)"
            )
        }
    }

    @Test("a difference is reported with the golden file's name, the first line that differs and the script")
    func mismatchMessage() throws {
        let golden = Repository.sample("seeds/golden/000_71c8ded71e417266.md")
        var bytes = try Converter.readFile(golden.path)
        #expect(Golden.mismatch(bytes, golden: golden) == nil)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        bytes = Array((lines.prefix(2) + ["changed"] + lines.dropFirst(3)).joined(separator: "\n").utf8)
        let message = try #require(Golden.mismatch(bytes, golden: golden))
        #expect(message.hasPrefix("Samples/seeds/golden/000_71c8ded71e417266.md differs at line 3: golden "))
        #expect(
            message.contains("now \"changed\"")
                && message.hasSuffix("run Scripts/regenerate-golden.sh and review the diff"))
        #expect(Golden.mismatch(bytes + [0x0A], golden: golden) != nil)
        #expect(
            Golden.mismatch([], golden: Repository.sample("seeds/golden/none.json"))
                == "Samples/seeds/golden/none.json is missing: run Scripts/regenerate-golden.sh")
    }
}
