import Foundation
import GIConvertCore
import Testing

/// Write errors are never lost: a sink that could not write says so when flushed and closed, and an
/// atomic output that could not be written is not moved into place.
@Suite("Output sinks and atomic outputs")
struct OutputSinkTests {
    @Test("writing to /dev/full: close throws, and later writes do not hide the error")
    func fullDevice() throws {
        let sink = try OutputSink(path: "/dev/full")
        sink.write([UInt8](repeating: 0x41, count: 1 << 17))
        #expect(sink.failure != nil, "a write past the buffer reaches the device and fails")
        sink.write("more")
        #expect(throws: OutputError.self) { try sink.close() }
        #expect(throws: OutputError.self) { try sink.close() }
    }

    @Test("a small write to /dev/full fails on close, not silently")
    func smallWrite() throws {
        let sink = try OutputSink(path: "/dev/full")
        sink.write("a,b\r\n")
        #expect(sink.failure == nil)
        #expect(throws: OutputError.writeFailed(reason: String(cString: strerror(ENOSPC)))) { try sink.close() }
    }

    @Test("an atomic output is committed only when complete; discarding leaves no temporary file")
    func atomicOutput() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "giconvert-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.csv").path
        let output = try AtomicOutput(path: path)
        output.sink.write("x")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 1)
        output.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        let kept = try AtomicOutput(path: path)
        kept.sink.write("y")
        try kept.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "y")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.csv"])
    }

    @Test("a device is written to directly, never replaced: a full one fails the commit")
    func deviceDestination() throws {
        let output = try AtomicOutput(path: "/dev/full")
        output.sink.write("a,b\r\n")
        #expect(throws: OutputError.self) { try output.commit() }
        var info = stat()
        #expect(stat("/dev/full", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR, "/dev/full is still the device")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "/dev").allSatisfy { !$0.hasSuffix(".tmp") })
    }
}
