import Foundation

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
        if let irReader = reader as? any ReportIRReader.Type {
            return try irReader.readReports(input).map { report in
                var report = report
                if report.metadata.source.isEmpty { report.metadata.source = input.name }
                return report
            }
        }
        let document = try reader.read(input)
        return [ReportRecognizer.recognize(document, source: input.name)]
    }

    /// Every report in the file at `path`.
    public func convertAllInFile(atPath path: String, name: String? = nil) throws(InputError) -> [Report] {
        try convertAll(ReaderInput(name: name ?? path, bytes: Self.readFile(path), options: options))
    }

    /// The bytes of a file, with a typed error for each way reading fails.
    public static func readFile(_ path: String) throws(InputError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw .unreadable(errno == ENOENT ? "no such file" : String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw .unreadable("is a directory") }
        // Read straight into an array of the file's size; a file that grew meanwhile is read on.
        let expected = max(Int(info.st_size), 0)
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
            let more: Result<Void, InputError> = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1 << 16) { chunk in
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
