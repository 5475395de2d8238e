import Glibc

/// A buffered byte destination for writers: a file, standard output or memory.
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

    /// Hands buffered bytes to the destination.
    public func flush() throws(OutputError) {
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
            if let failure { throw OutputError.writeFailed(reason: String(cString: strerror(failure))) }
        }
    }

    /// Flushes and closes the destination.
    public func close() throws(OutputError) {
        try flush()
        if case .descriptor(let fd, true) = target, Glibc.close(fd) != 0 {
            throw OutputError.writeFailed(reason: String(cString: strerror(errno)))
        }
    }
}
