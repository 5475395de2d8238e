import Foundation
import GIConvertCore
import GIConvertZip
import Synchronization
import TestSupport
import Testing

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

    @Test(
        "what the writer archives, the reader gives back: names, order, sizes and bytes",
        arguments: [1, 2, 3] as [UInt64])
    func roundTrip(seed: UInt64) throws {
        let members = Self.members(seed: seed)
        let bytes = try Self.archive(members)
        #expect(ZipArchive.looksLikeZip(bytes))
        try ZipArchive.withArchive(bytes) { archive throws(ZipError) in
            #expect(archive.entries.map(\.name) == members.map(\.name))
            for (entry, member) in zip(archive.entries, members) {
                #expect(entry.uncompressedSize == member.bytes.count)
                #expect(!entry.isEncrypted && !entry.isDirectory)
                #expect(try archive.contents(of: entry) == member.bytes, "\(member.name)")
                var streamed: [UInt8] = []
                try archive.stream(entry, chunkSize: 1000) { (chunk: UnsafeRawBufferPointer) in
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
        let contents = try ZipArchive.withArchive(bytes) { archive throws(ZipError) in
            var contents: [[UInt8]] = []
            for entry in archive.entries { contents.append(try archive.contents(of: entry)) }
            return contents
        }
        #expect(contents == [Array("two".utf8), Array("three".utf8)])
    }

    @Test("bytes that are not an archive, and no bytes, are refused")
    func refusals() {
        #expect(throws: ZipError.empty) { try ZipArchive.withArchive([]) { _ throws(ZipError) in 0 } }
        #expect(throws: ZipError.self) {
            try ZipArchive.withArchive(Array("not a zip archive".utf8)) { _ throws(ZipError) in 0 }
        }
        #expect(!ZipArchive.looksLikeZip(Array("PK".utf8)))
    }

    @Test("a member past the uncompressed-size or compression-ratio limit is refused as too large")
    func limits() throws {
        var random = SplitMix64(seed: 14)
        let big = (0..<(3 << 20)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let bytes = try Self.archive([("big.bin", big)])
        #expect(
            try ZipArchive.withArchive(bytes) { archive throws(ZipError) in try archive.contents(of: archive.entries[0])
            } == big)
        let small = ZipLimits(maxUncompressedBytes: 1 << 20)
        do {
            _ = try ZipArchive.withArchive(bytes, limits: small) { archive throws(ZipError) in
                try archive.contents(of: archive.entries[0])
            }
            Issue.record("a member past the size limit was inflated")
        } catch {
            #expect("\(error)".contains("big.bin"))
        }
        let bomb = try Self.archive([("bomb.txt", [UInt8](repeating: 0x41, count: 3 << 20))])
        do {
            _ = try ZipArchive.withArchive(bomb) { archive throws(ZipError) in
                try archive.contents(of: archive.entries[0])
            }
            Issue.record("a member hundreds of times its compressed size was inflated")
        } catch {
            #expect("\(error)".contains("bomb.txt") && "\(error)".contains("zip bomb"))
        }
        let lenient = ZipLimits(maxCompressionRatio: 100_000)
        #expect(
            try ZipArchive.withArchive(bomb, limits: lenient) { archive throws(ZipError) in
                try archive.contents(of: archive.entries[0])
            }.count == 3 << 20)
    }

    /// The failure the caller gets for an archive that cannot be opened.
    enum CallerError: Error, Equatable {
        case zip(ZipError)
        case own
    }

    @Test("a caller's failure mapping gets the archive's errors, and the body's own errors pass through")
    func failureMapping() throws {
        #expect(throws: CallerError.zip(.empty)) {
            try ZipArchive.withArchive([], failure: CallerError.zip) { _ throws(CallerError) in 0 }
        }
        #expect(throws: CallerError.zip(.notAnArchive("not a zip archive (Not a zip archive)"))) {
            try ZipArchive.withArchive(Array("not a zip archive".utf8), failure: CallerError.zip) {
                _ throws(CallerError) in 0
            }
        }
        let bytes = try Self.archive([("a.txt", Array("text".utf8))])
        #expect(throws: CallerError.own) {
            try ZipArchive.withArchive(bytes, failure: CallerError.zip) { _ throws(CallerError) in throw .own }
        }
        do throws(CallerError) {
            _ = try ZipArchive.withArchive(atPath: "/nonexistent/archive.zip", failure: CallerError.zip) {
                _ throws(CallerError) in 0
            }
            Issue.record("a missing file was opened")
        } catch {
            guard case .zip(.unreadable) = error else {
                Issue.record("unexpected \(error)")
                return
            }
        }
    }

    @Test("a member whose data is damaged fails as corrupt, naming it, whether read whole or pulled")
    func corruptMember() throws {
        var random = SplitMix64(seed: 21)
        let text = (0..<200_000).map { _ in UInt8(ascii: "a") + UInt8(random.next() % 4) }
        var bytes = try Self.archive([("data.txt", text)])
        // The member's data starts after its 30-byte local header and name; damage its middle.
        for offset in stride(from: 2_000, to: 2_400, by: 7) { bytes[offset] ^= 0x5A }
        try ZipArchive.withArchive(bytes) { archive throws(ZipError) in
            let entry = archive.entries[0]
            do throws(ZipError) {
                _ = try archive.contents(of: entry)
                Issue.record("a damaged member was inflated")
            } catch {
                guard case .corruptMember(let why) = error else {
                    Issue.record("unexpected \(error)")
                    return
                }
                #expect(why.contains("data.txt"))
            }
            let pulled = try archive.withReader(entry, failure: { $0 }) {
                (reader: inout ZipEntryReader) throws(ZipError) -> ZipError? in
                var chunk = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = chunk.withUnsafeMutableBytes { reader.read(into: $0) }
                    if count <= 0 { return reader.failure }
                }
            }
            #expect(pulled.map { if case .corruptMember = $0 { true } else { false } } == true)
        }
    }

    @Test("a shared archive gives each thread, through its own handle, what one handle gives, limits included")
    func sharedArchive() throws {
        let members = (1...3 as ClosedRange<UInt64>).flatMap { seed in
            Self.members(seed: seed).map { (name: "\(seed)/\($0.name)", bytes: $0.bytes) }
        }
        let limits = ZipLimits(maxUncompressedBytes: 40_000)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("giconvert-shared-\(UUID()).zip")
        try Data(try Self.archive(members)).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let expected = try ZipArchive.withArchive(atPath: file.path, limits: limits, failure: { $0 }) {
            archive throws(ZipError) in
            archive.entries.map { entry in Result { () throws(ZipError) in try archive.contents(of: entry) } }
        }
        #expect(expected.contains { if case .failure(.tooLarge) = $0 { true } else { false } })
        #expect(expected.contains { if case .success(let bytes) = $0 { !bytes.isEmpty } else { false } })
        let handles = 3
        let closed = try ZipArchive.withSharedArchive(
            atPath: file.path, handles: handles, limits: limits, failure: { $0 }
        ) {
            (archive: SharedZipArchive) throws(ZipError) -> SharedZipArchive in
            #expect(archive.entries.map(\.name) == members.map(\.name))
            let read = Mutex([[Result<[UInt8], ZipError>]](repeating: [], count: archive.entries.count))
            // Every member is read through every handle, the threads at once.
            DispatchQueue.concurrentPerform(iterations: handles) { handle in
                for round in 0..<handles {
                    for (index, entry) in archive.entries.enumerated() where (index + round) % handles == handle {
                        let result = Result { () throws(ZipError) in try archive.contents(of: entry, handle: handle) }
                        read.withLock { $0[index].append(result) }
                        if index % 4 == 0 { archive.releaseReadPages() }
                    }
                }
            }
            for (index, results) in read.withLock({ $0 }).enumerated() {
                #expect(results.count == handles)
                #expect(results.allSatisfy { $0 == expected[index] }, "\(members[index].name)")
            }
            return archive
        }
        #expect(throws: ZipError.unreadable("the archive is closed")) {
            try closed.contents(of: closed.entries[0], handle: 0)
        }
        closed.releaseReadPages()
    }
}
