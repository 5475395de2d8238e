import Foundation
import Testing
import GIConvertCore
import GIConvertZip
import TestSupport

/// The libzip wrapper: archives built in memory read back member for member, within the limits that
/// keep a zip bomb from costing more than its bytes say.
@Suite("Zip archives")
struct ZipTests {
    /// Members of seeded random bytes (some compressible, some not) under ASCII and Chinese names.
    static func members(seed: UInt64) -> [(name: String, bytes: [UInt8])] {
        var random = SplitMix64(seed: seed)
        return ["a.txt", "目录/报告.docx", "dir/sub/b.xml", "空.bin"].enumerated().map { index, name in
            let count = Int(random.next() % 70_000)
            let bytes = (0..<count).map { position in
                index % 2 == 0 ? UInt8(truncatingIfNeeded: random.next()) : UInt8(ascii: "a") + UInt8(position % 7)
            }
            return (name, index == 3 ? [] : bytes)
        }
    }

    static func archive(_ members: [(name: String, bytes: [UInt8])]) throws -> [UInt8] {
        var writer = ZipWriter()
        for member in members { writer.add(member.name, member.bytes) }
        return try writer.archive()
    }

    @Test("what the writer archives, the reader gives back: names, order, sizes and bytes", arguments: [1, 2, 3] as [UInt64])
    func roundTrip(seed: UInt64) throws {
        let members = Self.members(seed: seed)
        let bytes = try Self.archive(members)
        #expect(ZipArchive.looksLikeZip(bytes))
        try ZipArchive.withArchive(bytes) { archive throws(InputError) in
            #expect(archive.entries.map(\.name) == members.map(\.name))
            for (entry, member) in zip(archive.entries, members) {
                #expect(entry.uncompressedSize == member.bytes.count)
                #expect(!entry.isEncrypted && !entry.isDirectory)
                #expect(try archive.contents(of: entry) == member.bytes, "\(member.name)")
                var streamed: [UInt8] = []
                try archive.stream(entry, chunkSize: 1000) { (chunk: UnsafeRawBufferPointer) throws(InputError) in
                    #expect(chunk.count <= 1000)
                    streamed.append(contentsOf: chunk)
                }
                #expect(streamed == member.bytes)
            }
            #expect(archive.entry(named: "目录/报告.docx")?.index == 1)
            #expect(archive.entry(named: "missing") == nil)
            #expect(archive.entry(atIndex: 2)?.name == "dir/sub/b.xml")
        }
    }

    @Test("a later member with the same name replaces the earlier one")
    func replacement() throws {
        var writer = ZipWriter()
        writer.add("a", text: "one")
        writer.add("b", text: "two")
        writer.add("a", text: "three")
        #expect(writer.names == ["b", "a"])
        let bytes = try writer.archive()
        let contents = try ZipArchive.withArchive(bytes) { archive throws(InputError) in
            var contents: [[UInt8]] = []
            for entry in archive.entries { contents.append(try archive.contents(of: entry)) }
            return contents
        }
        #expect(contents == [Array("two".utf8), Array("three".utf8)])
    }

    @Test("bytes that are not an archive, and no bytes, are refused")
    func refusals() {
        #expect(throws: InputError.empty) { try ZipArchive.withArchive([]) { _ throws(InputError) in 0 } }
        #expect(throws: InputError.self) { try ZipArchive.withArchive(Array("not a zip archive".utf8)) { _ throws(InputError) in 0 } }
        #expect(!ZipArchive.looksLikeZip(Array("PK".utf8)))
    }

    @Test("a member past the uncompressed-size or compression-ratio limit is refused as too large")
    func limits() throws {
        var random = SplitMix64(seed: 14)
        let big = (0..<(3 << 20)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let bytes = try Self.archive([("big.bin", big)])
        #expect(try ZipArchive.withArchive(bytes) { archive throws(InputError) in try archive.contents(of: archive.entries[0]) } == big)
        let small = ReaderOptions(maxUncompressedBytes: 1 << 20)
        do {
            _ = try ZipArchive.withArchive(bytes, limits: small) { archive throws(InputError) in try archive.contents(of: archive.entries[0]) }
            Issue.record("a member past the size limit was inflated")
        } catch {
            #expect("\(error)".contains("big.bin"))
        }
        let bomb = try Self.archive([("bomb.txt", [UInt8](repeating: 0x41, count: 3 << 20))])
        do {
            _ = try ZipArchive.withArchive(bomb) { archive throws(InputError) in try archive.contents(of: archive.entries[0]) }
            Issue.record("a member hundreds of times its compressed size was inflated")
        } catch {
            #expect("\(error)".contains("bomb.txt") && "\(error)".contains("zip bomb"))
        }
        let lenient = ReaderOptions(maxCompressionRatio: 100_000)
        #expect(try ZipArchive.withArchive(bomb, limits: lenient) { archive throws(InputError) in try archive.contents(of: archive.entries[0]) }.count == 3 << 20)
    }
}
