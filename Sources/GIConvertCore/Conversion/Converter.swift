import Foundation
import GIConvertBytes

/// Reads inputs into reports with the readers of a registry: the pipeline every front end shares.
public struct Converter: Sendable {
    public let registry: FormatRegistry
    /// A reader name that overrides extension and content (`--from`).
    public let readerName: String?
    public let options: ReaderOptions

    public init(registry: FormatRegistry, readerName: String? = nil, options: ReaderOptions = .init()) {
        self.registry = registry
        self.readerName = readerName
        self.options = options
    }

    /// Reads the file at `path` and recognises its report. `name` is how the input is named in the
    /// output (defaults to `path`).
    public func convertFile(atPath path: String, name: String? = nil) throws(InputError) -> Report {
        let bytes = try Self.readFile(path)
        return try convert(ReaderInput(name: name ?? path, bytes: bytes, options: options))
    }

    /// Recognises the report in one input; for an input that holds several reports, the first.
    public func convert(_ input: ReaderInput) throws(InputError) -> Report {
        let reports = try convertAll(input)
        guard let first = reports.first else { throw .malformed("the file holds no report") }
        return first
    }

    /// Every report in one input: one for a document, any number for a file of giconvert's IR.
    public func convertAll(_ input: ReaderInput) throws(InputError) -> [Report] {
        if input.bytes.isEmpty { throw .empty }
        let reader = try registry.reader(for: input, named: readerName)
        switch try reader.read(input) {
        case .reports(let reports):
            return reports.map { report in
                var report = report
                if report.metadata.source.isEmpty { report.metadata.source = input.name }
                return report
            }
        case .document(let document):
            let report = ReportRecognizer.recognize(document, source: input.name)
            // A document without any of the tables is not a report (a note, a stray page): converting it
            // would give an empty dataset that looks like success.
            if !report.tables.contains(where: \.found) { throw .noReportTables }
            return [report]
        }
    }

    /// False when `bytes` certainly hold no giconvert IR: the `irVersion` key every report has is not
    /// in them.
    public static func mayHoldIR(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { ByteSearch.contains($0, "\"irVersion\"") }
    }

    /// Every report in the file at `path`.
    public func convertAllInFile(atPath path: String, name: String? = nil) throws(InputError) -> [Report] {
        try convertAll(ReaderInput(name: name ?? path, bytes: Self.readFile(path), options: options))
    }

    /// The bytes of standard input, read to its end (`-` as an input).
    public static func readStandardInput() throws(InputError) -> [UInt8] {
        try readAll(0, expected: 0)
    }

    /// The bytes of a file, with a typed error for each way reading fails. Only a regular file is read:
    /// a FIFO could block forever and a device (`/dev/zero`) never end.
    public static func readFile(_ path: String) throws(InputError) -> [UInt8] {
        try path.withCString { pointer in Result { () throws(InputError) in try readFile(pointer) } }.get()
    }

    /// ``readFile(_:)`` for a path given as bytes, which need not be valid UTF-8 (a GBK file name).
    public static func readFile(fileSystemPath path: [UInt8]) throws(InputError) -> [UInt8] {
        let bytes = path.map { CChar(bitPattern: $0) } + [0]
        return try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(InputError) in try readFile(buffer.baseAddress!) }
        }.get()
    }

    private static func readFile(_ path: UnsafePointer<CChar>) throws(InputError) -> [UInt8] {
        var before = stat()
        guard stat(path, &before) == 0 else {
            throw .unreadable(errno == ENOENT ? "no such file" : String(cString: strerror(errno)))
        }
        try checkRegular(before.st_mode)
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            throw .unreadable(errno == ENOENT ? "no such file" : String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
        try checkRegular(info.st_mode)
        return try readAll(fd, expected: max(Int(info.st_size), 0))
    }

    private static func checkRegular(_ mode: mode_t) throws(InputError) {
        switch mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw .unreadable("is a directory")
        case S_IFIFO: throw .notRegularFile("a FIFO")
        case S_IFCHR: throw .notRegularFile("a character device")
        case S_IFBLK: throw .notRegularFile("a block device")
        case S_IFSOCK: throw .notRegularFile("a socket")
        default: throw .notRegularFile("of an unknown kind")
        }
    }

    /// Everything `fd` holds: `expected` bytes read straight into an array of that size, then on to
    /// the end (a file that grew meanwhile, or a pipe).
    private static func readAll(_ fd: Int32, expected: Int) throws(InputError) -> [UInt8] {
        // Read straight into an array of the file's size; a file that grew meanwhile is read on.
        var failure: Int32?
        var bytes = [UInt8](unsafeUninitializedCapacity: expected) { buffer, count in
            while count < expected {
                let n = read(fd, buffer.baseAddress! + count, expected - count)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if n == 0 { return }
                count += n
            }
        }
        if let failure { throw .unreadable(String(cString: strerror(failure))) }
        if bytes.count == expected {
            let more: Result<Void, InputError> = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1 << 16) {
                chunk in
                while true {
                    let n = read(fd, chunk.baseAddress, chunk.count)
                    if n < 0 {
                        if errno == EINTR { continue }
                        return .failure(.unreadable(String(cString: strerror(errno))))
                    }
                    if n == 0 { return .success(()) }
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[0..<n]))
                }
            }
            try more.get()
        }
        return bytes
    }
}
