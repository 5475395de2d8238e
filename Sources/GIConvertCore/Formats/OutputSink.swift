import Glibc

/// A buffered byte destination for writers: a file, standard output or memory.
///
/// A write error (a full disk, a closed pipe) is kept: later writes are dropped and ``flush()`` and
/// ``close()`` throw it, so a truncated output is never taken for a complete one.
public final class OutputSink {
    private enum Target {
        case descriptor(Int32, closeWhenDone: Bool)
        case memory
    }

    private let target: Target
    private var buffer: [UInt8] = []
    private let flushThreshold = 1 << 16
    /// Everything written, for a memory sink.
    public private(set) var contents: [UInt8] = []
    /// The first write error, if any.
    public private(set) var failure: OutputError?

    /// A sink that collects its bytes in ``contents``.
    public init() {
        target = .memory
    }

    /// A sink that writes to the file at `path`, created or truncated.
    public init(path: String) throws(OutputError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw OutputError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        target = .descriptor(fd, closeWhenDone: true)
    }

    /// A sink that writes to a new file at `path`; fails when anything (a file, a link) is there.
    public init(creatingNew path: String) throws(OutputError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw OutputError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        target = .descriptor(fd, closeWhenDone: true)
    }

    private init(descriptor: Int32) {
        target = .descriptor(descriptor, closeWhenDone: false)
    }

    /// A sink that writes to standard output.
    public static func standardOutput() -> OutputSink {
        OutputSink(descriptor: 1)
    }

    public func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= flushThreshold { try? flush() }
    }

    public func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { try? flush() }
    }

    public func write(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { try? flush() }
    }

    /// Hands buffered bytes to the destination. Throws the first write error, now or from an earlier
    /// write.
    public func flush() throws(OutputError) {
        if let failure {
            buffer.removeAll(keepingCapacity: true)
            throw failure
        }
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        switch target {
        case .memory:
            contents.append(contentsOf: buffer)
        case .descriptor(let fd, _):
            let failure: Int32? = buffer.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        return errno
                    }
                    offset += n
                }
                return nil
            }
            if let failure {
                let error = OutputError.writeFailed(reason: String(cString: strerror(failure)))
                self.failure = error
                throw error
            }
        }
    }

    /// Flushes and closes the destination; throws when any write failed or the file could not be closed
    /// (some file systems report a full disk only then).
    public func close() throws(OutputError) {
        guard !closed else {
            if let failure { throw failure }
            return
        }
        closed = true
        var error: OutputError?
        do { try flush() } catch let failure { error = failure }
        if case .descriptor(let fd, true) = target, Glibc.close(fd) != 0, error == nil {
            error = OutputError.writeFailed(reason: String(cString: strerror(errno)))
            failure = error
        }
        if let error { throw error }
    }

    private var closed = false

    /// Drops what is still buffered and closes the destination without writing it: for an output that
    /// is given up (standard output gets nothing more).
    public func abandon() {
        buffer.removeAll()
        guard !closed else { return }
        closed = true
        if case .descriptor(let fd, true) = target { _ = Glibc.close(fd) }
    }
}
