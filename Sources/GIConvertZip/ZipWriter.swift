import CLibZip
import Glibc
import GIConvertCore

/// Builds a zip archive in memory with libzip: add members, then take the archive's bytes. Members
/// are stored in the order they were added (an OOXML package wants `[Content_Types].xml` first) and
/// deflated. Every libzip handle lives and dies inside ``archive()``.
public struct ZipWriter: Sendable {
    private var members: [(name: String, bytes: [UInt8])] = []

    public init() {}

    /// Adds a member; a later member with the same name replaces the earlier one.
    public mutating func add(_ name: String, _ bytes: [UInt8]) {
        members.removeAll { $0.name == name }
        members.append((name, bytes))
    }

    /// Adds a member holding `text` as UTF-8.
    public mutating func add(_ name: String, text: String) {
        add(name, Array(text.utf8))
    }

    /// The member names in archive order.
    public var names: [String] { members.map(\.name) }

    /// The whole archive. Each member's bytes are handed to libzip and released as it goes, so the
    /// members are not held twice; the writer is empty afterwards.
    public mutating func archive() throws(OutputError) -> [UInt8] {
        defer { members = [] }
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let buffer = zip_source_buffer_create(nil, 0, 0, &error) else {
            throw .writeFailed(reason: "zip: \(String(cString: zip_error_strerror(&error)))")
        }
        // Keep the buffer source after zip_close so the finished archive can be read back from it.
        zip_source_keep(buffer)
        defer { zip_source_free(buffer) }
        guard let archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error) else {
            throw .writeFailed(reason: "zip: \(String(cString: zip_error_strerror(&error)))")
        }
        for position in members.indices {
            let member = (name: members[position].name, count: members[position].bytes.count)
            // libzip reads member data only in zip_close: hand it a malloc'd copy it frees itself.
            let data = malloc(max(member.count, 1))!
            members[position].bytes.withUnsafeBytes { raw in
                if let base = raw.baseAddress { memcpy(data, base, raw.count) }
            }
            members[position].bytes = []
            guard let source = zip_source_buffer(archive, data, zip_uint64_t(member.count), 1) else {
                free(data)
                let reason = String(cString: zip_strerror(archive))
                zip_discard(archive)
                throw .writeFailed(reason: "zip: \(member.name): \(reason)")
            }
            let index = zip_file_add(archive, member.name, source, zip_flags_t(ZIP_FL_ENC_UTF_8) | zip_flags_t(ZIP_FL_OVERWRITE))
            if index < 0 {
                zip_source_free(source)
                let reason = String(cString: zip_strerror(archive))
                zip_discard(archive)
                throw .writeFailed(reason: "zip: \(member.name): \(reason)")
            }
            zip_set_file_compression(archive, zip_uint64_t(index), ZIP_CM_DEFLATE, 0)
            // A fixed time stamp: the same content always gives the same archive.
            zip_file_set_mtime(archive, zip_uint64_t(index), Self.timestamp, 0)
        }
        if zip_close(archive) != 0 {
            let reason = String(cString: zip_strerror(archive))
            zip_discard(archive)
            throw .writeFailed(reason: "zip: \(reason)")
        }
        return try Self.contents(of: buffer)
    }

    /// 2020-01-01 00:00:00 UTC.
    private static let timestamp: time_t = 1_577_836_800

    private static func contents(of source: OpaquePointer) throws(OutputError) -> [UInt8] {
        var stat = zip_stat_t()
        zip_stat_init(&stat)
        guard zip_source_stat(source, &stat) == 0, zip_source_open(source) == 0 else {
            throw .writeFailed(reason: "zip: cannot read the archive back: \(String(cString: zip_error_strerror(zip_source_error(source))))")
        }
        defer { zip_source_close(source) }
        var bytes = [UInt8](repeating: 0, count: Int(stat.size))
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw in
                zip_source_read(source, raw.baseAddress! + offset, zip_uint64_t(raw.count - offset))
            }
            if n < 0 {
                throw .writeFailed(reason: "zip: cannot read the archive back: \(String(cString: zip_error_strerror(zip_source_error(source))))")
            }
            if n == 0 { break }
            offset += Int(n)
        }
        guard offset == bytes.count else { throw .writeFailed(reason: "zip: the archive was cut short") }
        return bytes
    }
}
