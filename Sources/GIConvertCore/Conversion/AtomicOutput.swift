import Foundation

/// An output file that appears only when complete: writers write to a temporary file beside the
/// destination, which is moved into place on ``commit()`` and removed on ``discard()``.
public final class AtomicOutput {
    /// The destination path, or `-` for standard output.
    public let path: String
    public let sink: OutputSink
    private let temporaryPath: String?
    private var done = false

    public init(path: String) throws(OutputError) {
        self.path = path
        if path == "-" {
            sink = OutputSink.standardOutput()
            temporaryPath = nil
            return
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .cannotCreate(path: path, reason: "no such directory \(directory)")
        }
        let temporary = "\(directory)/.\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp"
        sink = try OutputSink(path: temporary)
        temporaryPath = temporary
    }

    /// Flushes the output and moves it into place.
    public func commit() throws(OutputError) {
        guard !done else { return }
        done = true
        do {
            try sink.close()
        } catch {
            if let temporaryPath { unlink(temporaryPath) }
            throw error
        }
        guard let temporaryPath else { return }
        if rename(temporaryPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw .cannotCreate(path: path, reason: reason)
        }
    }

    /// Drops the output: the destination is left as it was.
    public func discard() {
        guard !done else { return }
        done = true
        try? sink.close()
        if let temporaryPath { unlink(temporaryPath) }
    }

    deinit { discard() }
}
