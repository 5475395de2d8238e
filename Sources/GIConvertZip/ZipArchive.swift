import CLibZip
import Foundation
import GIConvertBytes

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One member of a zip archive.
public struct ZipEntry: Sendable, Equatable {
    public let index: Int
    /// The member's path inside the archive.
    public let name: String
    public let uncompressedSize: Int
    public let compressedSize: Int
    public let isEncrypted: Bool
    /// The CRC-32 of the uncompressed content, as the central directory states it.
    public let crc32: UInt32
    /// The compression method (0 stored, 8 deflate, …), as the central directory states it.
    public let compressionMethod: Int

    public var isDirectory: Bool { name.hasSuffix("/") }
}

/// Caps on what one archive may make a reader inflate.
public struct ZipLimits: Sendable, Equatable {
    /// The most bytes a member may inflate to.
    public var maxUncompressedBytes: Int
    /// The most times its compressed size a member (of more than 1 MiB) may inflate to.
    public var maxCompressionRatio: Int

    public init(maxUncompressedBytes: Int = 512 << 20, maxCompressionRatio: Int = 200) {
        self.maxUncompressedBytes = maxUncompressedBytes
        self.maxCompressionRatio = maxCompressionRatio
    }
}

/// Why an archive or one of its members cannot be read. Each message names the member it is about.
public enum ZipError: Error, Equatable, Sendable, CustomStringConvertible {
    /// There are no bytes.
    case empty
    /// The archive's file cannot be read (the system's reason).
    case unreadable(String)
    /// The bytes are not a zip archive.
    case notAnArchive(String)
    /// A member cannot be opened or inflated, or is shorter than the directory says.
    case corruptMember(String)
    /// The member is encrypted.
    case encrypted
    /// A member inflates past the size or compression-ratio limit.
    case tooLarge(String)

    public var description: String {
        switch self {
        case .empty: "the archive is empty"
        case .unreadable(let why): "cannot read the archive: \(why)"
        case .notAnArchive(let why), .corruptMember(let why), .tooLarge(let why): why
        case .encrypted: "the member is encrypted"
        }
    }
}

/// Reads zip archives held in memory with libzip. The archive handle lives only inside
/// ``withArchive(_:limits:_:)``.
public struct ZipArchive: ~Copyable {
    private let archive: OpaquePointer
    private let limits: ZipLimits
    /// The archive's bytes when they are a mapping of its file that this type made
    /// (``withArchive(atPath:limits:_:)``), whose pages ``releaseReadPages()`` may drop.
    private let fileMapping: UnsafeRawBufferPointer?
    /// The members in archive order.
    public let entries: [ZipEntry]

    /// A view of `archive`, which the caller owns and keeps open while the view is in use.
    init(archive: OpaquePointer, limits: ZipLimits, entries: [ZipEntry], fileMapping: UnsafeRawBufferPointer?) {
        self.archive = archive
        self.limits = limits
        self.fileMapping = fileMapping
        self.entries = entries
    }

    /// True when `bytes` start like a zip archive.
    public static func looksLikeZip(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06])
    }

    /// Opens the archive in `bytes` and runs `body` with it. When the archive cannot be opened (no
    /// bytes, ``ZipError/notAnArchive(_:)``), throws what `failure` makes of the ``ZipError``; `body`'s
    /// own errors pass through.
    public static func withArchive<R, Failure: Error>(
        _ bytes: [UInt8], limits: ZipLimits = .init(), failure: (ZipError) -> Failure,
        _ body: (borrowing ZipArchive) throws(Failure) -> R
    ) throws(Failure) -> R {
        guard !bytes.isEmpty else { throw failure(.empty) }
        let result: Result<R, Failure> = bytes.withUnsafeBytes { raw in
            Result { () throws(Failure) -> R in
                try withArchive(raw, limits: limits, fileMapping: nil, failure: failure, body)
            }
        }
        return try result.get()
    }

    /// Opens the archive in `bytes` and runs `body` with it; every failure is a ``ZipError``.
    public static func withArchive<R>(
        _ bytes: [UInt8], limits: ZipLimits = .init(), _ body: (borrowing ZipArchive) throws(ZipError) -> R
    ) throws(ZipError) -> R {
        try withArchive(bytes, limits: limits, failure: { $0 }, body)
    }

    /// Opens the archive at `path`, mapped into memory rather than read, so a large archive costs
    /// address space, not memory (see ``releaseReadPages()``).
    /// Failures are as for ``withArchive(_:limits:failure:_:)``, and ``ZipError/unreadable(_:)`` when
    /// the file cannot be read.
    public static func withArchive<R, Failure: Error>(
        atPath path: String, limits: ZipLimits = .init(), failure: (ZipError) -> Failure,
        _ body: (borrowing ZipArchive) throws(Failure) -> R
    ) throws(Failure) -> R {
        try withFileBytes(atPath: path, failure: failure) { raw, fileMapping throws(Failure) in
            try withArchive(raw, limits: limits, fileMapping: fileMapping, failure: failure, body)
        }
    }

    /// Runs `body` with the bytes of the file at `path`, mapped into memory, and the mapping again when
    /// it is one made here (whose pages may be dropped); what cannot be mapped (missing, unreadable,
    /// empty, not a file) fails with ``ZipError/unreadable(_:)`` or ``ZipError/empty`` as Foundation says.
    static func withFileBytes<R, Failure: Error>(
        atPath path: String, failure: (ZipError) -> Failure,
        _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer?) throws(Failure) -> R
    ) throws(Failure) -> R {
        let descriptor = open(path, O_RDONLY)
        if descriptor >= 0 {
            defer { close(descriptor) }
            var status = stat()
            if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0,
                let base = mmap(nil, Int(status.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED
            {
                defer { munmap(base, Int(status.st_size)) }
                let mapping = UnsafeRawBufferPointer(start: base, count: Int(status.st_size))
                return try body(mapping, mapping)
            }
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw failure(.unreadable(error.localizedDescription))
        }
        guard !data.isEmpty else { throw failure(.empty) }
        let result: Result<R, Failure> = data.withUnsafeBytes { raw in
            Result { () throws(Failure) -> R in try body(raw, nil) }
        }
        return try result.get()
    }

    private static func withArchive<R, Failure: Error>(
        _ raw: UnsafeRawBufferPointer, limits: ZipLimits, fileMapping: UnsafeRawBufferPointer?,
        failure: (ZipError) -> Failure, _ body: (borrowing ZipArchive) throws(Failure) -> R
    ) throws(Failure) -> R {
        let archive: OpaquePointer
        do throws(ZipError) {
            archive = try openHandle(raw)
        } catch {
            throw failure(error)
        }
        defer { zip_discard(archive) }
        let zip = ZipArchive(archive: archive, limits: limits, entries: entries(of: archive), fileMapping: fileMapping)
        return try body(zip)
    }

    /// A libzip handle reading the archive in `raw`, which must outlive it; the caller discards it.
    static func openHandle(_ raw: UnsafeRawBufferPointer) throws(ZipError) -> OpaquePointer {
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let source = zip_source_buffer_create(raw.baseAddress, zip_uint64_t(raw.count), 0, &error) else {
            throw .notAnArchive("not a zip archive")
        }
        guard let archive = zip_open_from_source(source, Int32(ZIP_RDONLY), &error) else {
            zip_source_free(source)
            throw .notAnArchive("not a zip archive (\(String(cString: zip_error_strerror(&error))))")
        }
        return archive
    }

    /// The members of an open archive, in archive order.
    static func entries(of archive: OpaquePointer) -> [ZipEntry] {
        let count = zip_get_num_entries(archive, 0)
        var entries: [ZipEntry] = []
        entries.reserveCapacity(Int(max(count, 0)))
        for index in 0..<max(count, 0) {
            var stat = zip_stat_t()
            zip_stat_init(&stat)
            guard zip_stat_index(archive, zip_uint64_t(index), zip_flags_t(ZIP_FL_ENC_RAW), &stat) == 0,
                let name = stat.name
            else { continue }
            entries.append(
                ZipEntry(
                    index: Int(index), name: memberName(archive, index: index, raw: name),
                    uncompressedSize: Int(clamping: stat.size), compressedSize: Int(clamping: stat.comp_size),
                    isEncrypted: stat.encryption_method != UInt16(ZIP_EM_NONE),
                    crc32: UInt32(stat.crc), compressionMethod: Int(stat.comp_method)))
        }
        return entries
    }

    /// A member's name as text. Names are UTF-8 when the archive says so (general-purpose flag bit 11)
    /// or when they are ASCII; archives made on Chinese Windows store them in GBK without the flag, so
    /// other names are decoded from GB18030, and failing that read as libzip guesses (CP437).
    private static func memberName(_ archive: OpaquePointer, index: zip_int64_t, raw: UnsafePointer<CChar>) -> String {
        let bytes = UnsafeRawBufferPointer(start: raw, count: strlen(raw))
        if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        // Strictly read, a name without the UTF-8 flag is CP437 and comes back converted, so it differs
        // from the raw bytes; a flagged name comes back as it is.
        if let strict = zip_get_name(archive, zip_uint64_t(index), zip_flags_t(ZIP_FL_ENC_STRICT)),
            strcmp(strict, raw) == 0,
            let text = String(validating: bytes, as: UTF8.self)
        {
            return text
        }
        if let text = TextDecoding.convert(Array(bytes), from: "GB18030") { return text }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        if let guessed = zip_get_name(archive, zip_uint64_t(index), zip_flags_t(ZIP_FL_ENC_GUESS)) {
            return String(cString: guessed)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Lets the system drop the pages of a mapped archive file read so far (they are read again from
    /// the file if needed): reading a large archive through would otherwise leave all of it resident,
    /// and a bulk run over a 90 MB zip peaked 80 MB higher. Does nothing for an archive in memory.
    public func releaseReadPages() {
        if let fileMapping { Self.dropPages(of: fileMapping) }
    }

    /// Lets the system drop the pages of a read-only file mapping; they are read again from the file
    /// when touched, so a thread reading the mapping meanwhile is only slowed.
    static func dropPages(of mapping: UnsafeRawBufferPointer) {
        guard let base = mapping.baseAddress else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base), mapping.count, Int32(MADV_DONTNEED))
    }

    /// The member at `index` in the archive's directory, if there is one.
    public func entry(atIndex index: Int) -> ZipEntry? {
        Self.entry(atIndex: index, in: entries)
    }

    static func entry(atIndex index: Int, in entries: [ZipEntry]) -> ZipEntry? {
        if index >= 0, index < entries.count, entries[index].index == index { return entries[index] }
        return entries.first { $0.index == index }
    }

    /// The member called `name`, if the archive has one.
    public func entry(named name: String) -> ZipEntry? {
        entries.first { $0.name == name }
    }

    /// The whole content of a member, within the archive limits.
    public func contents(of entry: ZipEntry) throws(ZipError) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(min(entry.uncompressedSize, limits.maxUncompressedBytes))
        try stream(entry) { chunk in result.append(contentsOf: chunk) }
        return result
    }

    /// A member's data as stored in the archive, still compressed: what a reader can compare cheaply to
    /// tell whether two archives hold the same member without inflating either. Throws
    /// ``ZipError/encrypted`` for an encrypted member.
    public func compressedContents(of entry: ZipEntry) throws(ZipError) -> [UInt8] {
        if entry.isEncrypted { throw .encrypted }
        guard let file = zip_fopen_index(archive, zip_uint64_t(entry.index), zip_flags_t(ZIP_FL_COMPRESSED)) else {
            throw .corruptMember("cannot open \(entry.name) in the archive: \(String(cString: zip_strerror(archive)))")
        }
        defer { zip_fclose(file) }
        var result = [UInt8](repeating: 0, count: entry.compressedSize)
        var filled = 0
        while filled < result.count {
            let n = result.withUnsafeMutableBytes {
                zip_fread(file, $0.baseAddress! + filled, zip_uint64_t($0.count - filled))
            }
            if n < 0 {
                throw .corruptMember(
                    "\(entry.name) in the archive is corrupt: \(String(cString: zip_file_strerror(file)))")
            }
            if n == 0 { break }
            filled += Int(n)
        }
        if filled != result.count {
            throw .corruptMember("\(entry.name) in the archive is shorter than its directory says")
        }
        return result
    }

    /// Inflates a member chunk by chunk, so a reader can parse it without holding it whole. Stops with
    /// ``ZipError/tooLarge(_:)`` past the uncompressed-size or compression-ratio limit, whatever the
    /// member's header claims.
    public func stream(
        _ entry: ZipEntry, chunkSize: Int = 1 << 16, _ consume: (UnsafeRawBufferPointer) -> Void
    ) throws(ZipError) {
        if entry.isEncrypted { throw .encrypted }
        try checkLimits(entry.uncompressedSize, entry)
        guard let file = zip_fopen_index(archive, zip_uint64_t(entry.index), 0) else {
            throw .corruptMember("cannot open \(entry.name) in the archive: \(String(cString: zip_strerror(archive)))")
        }
        defer { zip_fclose(file) }
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var total = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { zip_fread(file, $0.baseAddress, zip_uint64_t($0.count)) }
            if n < 0 {
                throw .corruptMember(
                    "\(entry.name) in the archive is corrupt: \(String(cString: zip_file_strerror(file)))")
            }
            if n == 0 { break }
            total += Int(n)
            try checkLimits(total, entry)
            buffer.withUnsafeBytes { raw in consume(UnsafeRawBufferPointer(rebasing: raw[0..<Int(n)])) }
        }
    }

    /// Opens a member for reading on demand (pull), for parsers that ask for the next bytes themselves
    /// (an XML push parser fed chunk by chunk). The same limits apply as to ``stream(_:chunkSize:_:)``;
    /// when the member cannot be opened, throws what `failure` makes of the ``ZipError``, and `body`'s own
    /// errors pass through.
    public func withReader<R, Failure: Error>(
        _ entry: ZipEntry, failure: (ZipError) -> Failure, _ body: (inout ZipEntryReader) throws(Failure) -> R
    ) throws(Failure) -> R {
        if entry.isEncrypted { throw failure(.encrypted) }
        do throws(ZipError) {
            try checkLimits(entry.uncompressedSize, entry)
        } catch {
            throw failure(error)
        }
        guard let file = zip_fopen_index(archive, zip_uint64_t(entry.index), 0) else {
            throw failure(
                .corruptMember("cannot open \(entry.name) in the archive: \(String(cString: zip_strerror(archive)))"))
        }
        defer { zip_fclose(file) }
        var reader = ZipEntryReader(file: file, entry: entry, limits: limits)
        return try body(&reader)
    }

    fileprivate static func checkLimits(_ size: Int, _ entry: ZipEntry, _ limits: ZipLimits) throws(ZipError) {
        if size > limits.maxUncompressedBytes {
            throw .tooLarge("\(entry.name) inflates to more than \(limits.maxUncompressedBytes >> 20) MiB")
        }
        if size > 1 << 20, size / max(entry.compressedSize, 1) > limits.maxCompressionRatio {
            throw .tooLarge(
                "\(entry.name) inflates more than \(limits.maxCompressionRatio) times its compressed size (a zip bomb?)"
            )
        }
    }

    private func checkLimits(_ size: Int, _ entry: ZipEntry) throws(ZipError) {
        try Self.checkLimits(size, entry, limits)
    }
}

/// A member of an open archive, read on demand. Valid only inside ``ZipArchive/withReader(_:failure:_:)``.
public struct ZipEntryReader {
    fileprivate let file: OpaquePointer
    public let entry: ZipEntry
    fileprivate let limits: ZipLimits
    /// Bytes inflated so far.
    public private(set) var bytesRead = 0
    /// The error that stopped reading, when ``read(into:)`` returned -1.
    public private(set) var failure: ZipError?

    fileprivate init(file: OpaquePointer, entry: ZipEntry, limits: ZipLimits) {
        self.file = file
        self.entry = entry
        self.limits = limits
    }

    /// Fills `buffer` with the next bytes: the count read, 0 at the end, -1 on failure (see ``failure``).
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard failure == nil, let base = buffer.baseAddress, buffer.count > 0 else { return failure == nil ? 0 : -1 }
        let n = zip_fread(file, base, zip_uint64_t(buffer.count))
        if n < 0 {
            failure = .corruptMember(
                "\(entry.name) in the archive is corrupt: \(String(cString: zip_file_strerror(file)))")
            return -1
        }
        bytesRead += Int(n)
        do throws(ZipError) {
            try ZipArchive.checkLimits(bytesRead, entry, limits)
        } catch {
            failure = error
            return -1
        }
        return Int(n)
    }
}
