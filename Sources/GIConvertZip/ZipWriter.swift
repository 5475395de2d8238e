import CLibZip
import Glibc

/// Why an archive could not be written. Each message says what failed and why, starting with `zip:`
/// when libzip said it.
public enum ZipWriterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// libzip refused a member or could not write the archive.
    case archiveFailed(String)
    /// The temporary directory for the archive's file could not be made.
    case temporaryDirectoryFailed(String)
    /// The finished archive could not be read back.
    case readBackFailed(String)

    public var description: String {
        switch self {
        case .archiveFailed(let why), .temporaryDirectoryFailed(let why), .readBackFailed(let why): why
        }
    }
}

/// Builds a zip archive with libzip: add members, then take the archive's bytes, whole
/// (``archive()``) or a piece at a time from a temporary file (``archive(into:)``). Members are
/// stored in the order they were added (an OOXML package wants `[Content_Types].xml` first) and
/// deflated. Every libzip handle lives and dies inside the call that writes the archive.
public struct ZipWriter: Sendable {
    /// The version of libzip in use (`1.7.3`).
    public static var libraryVersion: String { String(cString: zip_libzip_version()) }

    /// What a member holds: bytes, or the whole content of an open file (a large part spilled to a
    /// temporary file, read only while the archive is written).
    private enum Content: Sendable {
        case bytes([UInt8])
        case file(descriptor: Int32)
    }

    private var members: [(name: String, content: Content)] = []

    public init() {}

    /// Adds a member; a later member with the same name replaces the earlier one.
    public mutating func add(_ name: String, _ bytes: [UInt8]) {
        append(name, .bytes(bytes))
    }

    /// Adds a member holding `text` as UTF-8.
    public mutating func add(_ name: String, text: String) {
        add(name, Array(text.utf8))
    }

    /// Adds a member holding everything in the open file `descriptor`, from its start. The writer
    /// owns the descriptor from here on and closes it in ``archive()``.
    public mutating func add(_ name: String, fileDescriptor descriptor: Int32) {
        append(name, .file(descriptor: descriptor))
    }

    private mutating func append(_ name: String, _ content: Content) {
        if let index = members.firstIndex(where: { $0.name == name }) {
            if case .file(let descriptor) = members[index].content { close(descriptor) }
            members.remove(at: index)
        }
        members.append((name, content))
    }

    /// The member names in archive order.
    public var names: [String] { members.map(\.name) }

    /// The whole archive. Each member is handed to libzip and released as it goes, so no member is
    /// held twice; the writer is empty afterwards, its file descriptors closed.
    public mutating func archive() throws(ZipWriterError) -> [UInt8] {
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let buffer = zip_source_buffer_create(nil, 0, 0, &error) else {
            closeMembers()
            throw .archiveFailed("zip: \(String(cString: zip_error_strerror(&error)))")
        }
        // Keep the buffer source after zip_close so the finished archive can be read back from it.
        zip_source_keep(buffer)
        defer { zip_source_free(buffer) }
        try write(to: buffer, flags: ZIP_TRUNCATE)
        return try Self.contents(of: buffer)
    }

    /// Writes the archive to a temporary file, then hands its bytes to `consume` a piece at a time
    /// (at most ``pieceSize`` bytes each), so a large archive is never held in memory whole. The
    /// writer is empty afterwards, its file descriptors closed, the temporary file gone.
    public mutating func archive(into consume: (UnsafeRawBufferPointer) -> Void) throws(ZipWriterError) {
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/giconvert-zip-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            closeMembers()
            throw .temporaryDirectoryFailed(
                "cannot create a temporary directory in \(base): \(String(cString: strerror(errno)))")
        }
        let directory = String(cString: made)
        let path = directory + "/archive.zip"
        defer {
            unlink(path)
            rmdir(directory)
        }
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let file = zip_source_file_create(path, 0, -1, &error) else {
            closeMembers()
            throw .archiveFailed("zip: \(String(cString: zip_error_strerror(&error)))")
        }
        zip_source_keep(file)
        defer { zip_source_free(file) }
        try write(to: file, flags: ZIP_TRUNCATE | ZIP_CREATE)
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw .readBackFailed("zip: cannot read the archive back: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.pieceSize, alignment: 1)
        defer { piece.deallocate() }
        while true {
            let n = read(descriptor, piece.baseAddress!, piece.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw .readBackFailed("zip: cannot read the archive back: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            consume(UnsafeRawBufferPointer(rebasing: piece[0..<n]))
        }
    }

    /// The most bytes ``archive(into:)`` hands over at once.
    public static let pieceSize = 1 << 20

    private mutating func closeMembers() {
        for member in members { if case .file(let descriptor) = member.content { close(descriptor) } }
        members = []
    }

    /// Opens an archive on `target`, adds every member, and closes it (which writes it).
    private mutating func write(to target: OpaquePointer, flags: Int32) throws(ZipWriterError) {
        var pending = members
        members = []
        // Descriptors libzip has not taken over yet, closed whatever happens.
        defer {
            for member in pending { if case .file(let descriptor) = member.content { close(descriptor) } }
        }
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let archive = zip_open_from_source(target, flags, &error) else {
            throw .archiveFailed("zip: \(String(cString: zip_error_strerror(&error)))")
        }
        func fail(_ name: String) -> ZipWriterError {
            let reason = String(cString: zip_strerror(archive))
            zip_discard(archive)
            return .archiveFailed("zip: \(name): \(reason)")
        }
        while !pending.isEmpty {
            let member = pending.removeFirst()
            let source: OpaquePointer
            switch member.content {
            case .bytes(let bytes):
                // libzip reads member data only in zip_close: hand it a malloc'd copy it frees itself.
                let data = malloc(max(bytes.count, 1))!
                bytes.withUnsafeBytes { raw in
                    if let base = raw.baseAddress { memcpy(data, base, raw.count) }
                }
                guard let created = zip_source_buffer(archive, data, zip_uint64_t(bytes.count), 1) else {
                    free(data)
                    throw fail(member.name)
                }
                source = created
            case .file(let descriptor):
                guard lseek(descriptor, 0, SEEK_SET) == 0, let file = fdopen(descriptor, "rb") else {
                    close(descriptor)
                    zip_discard(archive)
                    throw .archiveFailed("zip: \(member.name): \(String(cString: strerror(errno)))")
                }
                // libzip closes the stream when it is done with the source.
                guard let created = zip_source_filep(archive, file, 0, -1) else {
                    fclose(file)
                    throw fail(member.name)
                }
                source = created
            }
            let index = zip_file_add(
                archive, member.name, source, zip_flags_t(ZIP_FL_ENC_UTF_8) | zip_flags_t(ZIP_FL_OVERWRITE))
            if index < 0 {
                zip_source_free(source)
                throw fail(member.name)
            }
            // The fastest deflate level: a workbook's sheets are repetitive XML, which level 1 already
            // shrinks about tenfold, at a fraction of the default level's time.
            zip_set_file_compression(archive, zip_uint64_t(index), ZIP_CM_DEFLATE, 1)
            // A fixed time stamp and mode (a temporary file's would differ): the same content always
            // gives the same archive.
            zip_file_set_mtime(archive, zip_uint64_t(index), Self.timestamp, 0)
            zip_file_set_external_attributes(
                archive, zip_uint64_t(index), 0, zip_uint8_t(ZIP_OPSYS_UNIX), Self.fileMode << 16)
        }
        if zip_close(archive) != 0 {
            throw fail("closing the archive")
        }
    }

    /// 2020-01-01 00:00:00 UTC.
    private static let timestamp: time_t = 1_577_836_800
    /// A regular file, `rw-r--r--`.
    private static let fileMode: zip_uint32_t = 0o100644

    private static func contents(of source: OpaquePointer) throws(ZipWriterError) -> [UInt8] {
        var stat = zip_stat_t()
        zip_stat_init(&stat)
        guard zip_source_stat(source, &stat) == 0, zip_source_open(source) == 0 else {
            throw .readBackFailed(
                "zip: cannot read the archive back: \(String(cString: zip_error_strerror(zip_source_error(source))))")
        }
        defer { zip_source_close(source) }
        var bytes = [UInt8](repeating: 0, count: Int(stat.size))
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw in
                zip_source_read(source, raw.baseAddress! + offset, zip_uint64_t(raw.count - offset))
            }
            if n < 0 {
                throw .readBackFailed(
                    "zip: cannot read the archive back: \(String(cString: zip_error_strerror(zip_source_error(source))))"
                )
            }
            if n == 0 { break }
            offset += Int(n)
        }
        guard offset == bytes.count else { throw .archiveFailed("zip: the archive was cut short") }
        return bytes
    }
}
