import CLibZip
import Foundation
import Synchronization

/// An archive file mapped once and read by several threads at a time, each through a libzip handle of
/// its own (a libzip archive handle cannot be used by two threads at once). Handle `k` is opened the
/// first time it is asked for and used under its own lock, so each is used by one thread at a time.
/// Valid only inside ``ZipArchive/withSharedArchive(atPath:handles:limits:failure:_:)``: it fails with
/// ``ZipError/unreadable(_:)`` once that returns.
public final class SharedZipArchive: Sendable {
    /// The members in archive order, as the central directory lists them.
    public let entries: [ZipEntry]
    private let limits: ZipLimits
    private let handles: [Handle]
    /// The mapping of the archive's file, when it is one whose pages may be dropped (nil once closed).
    private let fileMapping: Mutex<FileMapping?>

    /// One libzip handle, opened on demand over the archive's bytes.
    private final class Handle: Sendable {
        let state: Mutex<HandleState>

        init(_ state: consuming sending HandleState) { self.state = Mutex(state) }
    }

    /// Sendable because it is only used under its handle's lock, and the bytes it points to stay
    /// mapped until every handle is closed.
    private struct HandleState: @unchecked Sendable {
        /// The archive's bytes, which outlive every handle.
        var bytes: UnsafeRawBufferPointer
        var archive: OpaquePointer?
        var isClosed = false
    }

    /// Sendable because it is only used under its lock, and dropped before the file is unmapped.
    private struct FileMapping: @unchecked Sendable {
        var bytes: UnsafeRawBufferPointer
    }

    private init(
        bytes: UnsafeRawBufferPointer, first: OpaquePointer, handles count: Int, limits: ZipLimits,
        fileMapping: UnsafeRawBufferPointer?
    ) {
        entries = ZipArchive.entries(of: first)
        self.limits = limits
        handles = (0..<max(1, count)).map { index in
            Handle(HandleState(bytes: bytes, archive: index == 0 ? first : nil))
        }
        self.fileMapping = Mutex(fileMapping.map(FileMapping.init))
    }

    /// The member at `index` in the archive's directory, if there is one.
    public func entry(atIndex index: Int) -> ZipEntry? {
        ZipArchive.entry(atIndex: index, in: entries)
    }

    /// The whole content of a member, read through handle `handle` (in `0..<handles` of
    /// ``ZipArchive/withSharedArchive(atPath:handles:limits:failure:_:)``), within the archive limits.
    public func contents(of entry: ZipEntry, handle: Int) throws(ZipError) -> [UInt8] {
        precondition(handles.indices.contains(handle), "no archive handle \(handle)")
        let limits = self.limits
        let entries = self.entries
        return try handles[handle].state.withLock { state throws(ZipError) -> [UInt8] in
            if state.isClosed { throw .unreadable("the archive is closed") }
            let archive: OpaquePointer
            if let open = state.archive {
                archive = open
            } else {
                archive = try ZipArchive.openHandle(state.bytes)
                state.archive = archive
            }
            let zip = ZipArchive(archive: archive, limits: limits, entries: entries, fileMapping: nil)
            return try zip.contents(of: entry)
        }
    }

    /// Lets the system drop the pages of the mapped archive file read so far (see
    /// ``ZipArchive/releaseReadPages()``); threads reading members meanwhile read them again from the file.
    /// Does nothing for an archive that is not a mapping made here.
    public func releaseReadPages() {
        fileMapping.withLock { mapping in
            if let mapping { ZipArchive.dropPages(of: mapping.bytes) }
        }
    }

    /// Discards every handle; later reads fail.
    private func close() {
        fileMapping.withLock { $0 = nil }
        for handle in handles {
            handle.state.withLock { state in
                if let archive = state.archive { zip_discard(archive) }
                state.archive = nil
                state.isClosed = true
            }
        }
    }

    static func withSharedArchive<R, Failure: Error>(
        _ raw: UnsafeRawBufferPointer, handles: Int, limits: ZipLimits, fileMapping: UnsafeRawBufferPointer?,
        failure: (ZipError) -> Failure, _ body: (SharedZipArchive) throws(Failure) -> R
    ) throws(Failure) -> R {
        let first: OpaquePointer
        do throws(ZipError) {
            first = try ZipArchive.openHandle(raw)
        } catch {
            throw failure(error)
        }
        let archive = SharedZipArchive(
            bytes: raw, first: first, handles: handles, limits: limits, fileMapping: fileMapping)
        defer { archive.close() }
        return try body(archive)
    }
}

extension ZipArchive {
    /// Opens the archive at `path`, mapped into memory as ``withArchive(atPath:limits:failure:_:)`` does,
    /// for `handles` threads to read members of at once (see ``SharedZipArchive``), and runs `body` with
    /// it. Failures are as for ``withArchive(atPath:limits:failure:_:)``.
    public static func withSharedArchive<R, Failure: Error>(
        atPath path: String, handles: Int, limits: ZipLimits = .init(), failure: (ZipError) -> Failure,
        _ body: (SharedZipArchive) throws(Failure) -> R
    ) throws(Failure) -> R {
        try withFileBytes(atPath: path, failure: failure) { raw, fileMapping throws(Failure) in
            try SharedZipArchive.withSharedArchive(
                raw, handles: handles, limits: limits, fileMapping: fileMapping, failure: failure, body)
        }
    }
}
