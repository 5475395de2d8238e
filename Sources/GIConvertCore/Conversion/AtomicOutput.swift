import Foundation
import Synchronization

/// An output file that appears only when complete: writers write to a temporary file beside the
/// destination, which is moved into place on ``commit()`` and removed on ``discard()``. Standard output
/// (`-`), a device or a FIFO is written to directly.
///
/// Temporary files are named `.NAME.giconvert-PID-N.tmp`. Every live one is listed in
/// ``TemporaryFiles`` so that an interrupted run can remove them; one left by a run that crashed (its
/// process is gone) is removed by the next run that writes into the same folder.
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
        // A device or a FIFO (`/dev/stdout`, a named pipe) is written to directly: there is nothing to
        // replace, and renaming a file over it would destroy it.
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG, info.st_mode & S_IFMT != S_IFDIR {
            sink = try OutputSink(path: path)
            temporaryPath = nil
            return
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .cannotCreate(path: path, reason: "no such directory \(directory)")
        }
        TemporaryFiles.sweepStale(in: directory)
        let temporary =
            "\(directory)/.\(url.lastPathComponent).\(TemporaryFiles.marker)-\(getpid())-\(TemporaryFiles.nextNumber()).tmp"
        guard TemporaryFiles.register(temporary) else {
            throw .cannotCreate(path: path, reason: "the run was interrupted")
        }
        do {
            sink = try OutputSink(creatingNew: temporary)
        } catch {
            TemporaryFiles.unregister(temporary)
            throw .cannotCreate(path: path, reason: Self.reason(of: error))
        }
        temporaryPath = temporary
    }

    private static func reason(of error: OutputError) -> String {
        if case .cannotCreate(_, let reason) = error { return reason }
        return error.description
    }

    /// Flushes the output and moves it into place. Throws, and leaves the destination as it was, when
    /// any write failed.
    public func commit() throws(OutputError) {
        guard !done else { return }
        done = true
        do {
            try sink.close()
        } catch {
            removeTemporary()
            throw error
        }
        guard let temporaryPath else { return }
        if rename(temporaryPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            removeTemporary()
            throw .cannotCreate(path: path, reason: reason)
        }
        TemporaryFiles.unregister(temporaryPath)
    }

    /// Drops the output: the destination is left as it was.
    public func discard() {
        guard !done else { return }
        done = true
        sink.abandon()
        removeTemporary()
    }

    private func removeTemporary() {
        guard let temporaryPath else { return }
        unlink(temporaryPath)
        TemporaryFiles.unregister(temporaryPath)
    }

    deinit { discard() }
}

/// The temporary files of this process's unfinished outputs, so that a signal handler can remove them.
public enum TemporaryFiles {
    /// The part of a temporary file's name that says giconvert made it.
    static let marker = "giconvert"
    private static let live = Mutex<(paths: Set<String>, stopped: Bool)>(([], false))
    private static let counter = Atomic<Int>(0)
    private static let swept = Mutex<Set<String>>([])

    static func nextNumber() -> Int {
        counter.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// The live paths again as C strings, for a crash handler, which may take no lock: slot `i` holds a
    /// `strdup`ed path or nil. Outputs beyond the slots are left to ``sweepStale(in:)`` of a later run.
    private static let crashSlotCount = 64
    nonisolated(unsafe) private static let crashSlots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: crashSlotCount)
        slots.initialize(repeating: nil, count: crashSlotCount)
        return slots
    }()

    /// Lists `path` as live; false once the run is being stopped.
    static func register(_ path: String) -> Bool {
        live.withLock { state in
            guard !state.stopped else { return false }
            state.paths.insert(path)
            if let free = (0..<crashSlotCount).first(where: { crashSlots[$0] == nil }) {
                crashSlots[free] = strdup(path)
            }
            return true
        }
    }

    static func unregister(_ path: String) {
        live.withLock { state in
            state.paths.remove(path)
            for index in 0..<crashSlotCount {
                guard let slot = crashSlots[index], strcmp(slot, path) == 0 else { continue }
                crashSlots[index] = nil
                free(slot)
                break
            }
        }
    }

    /// Unlinks the temporary files of unfinished outputs without taking a lock or allocating: for a
    /// handler of a crash signal, which then ends the process. A path being listed at that moment may
    /// be missed; ``sweepStale(in:)`` of a later run removes it.
    public static func removeAllFromCrashHandler() {
        for index in 0..<crashSlotCount {
            if let slot = crashSlots[index] { unlink(slot) }
        }
    }

    /// Removes every temporary file of an unfinished output. For a handler of SIGINT or SIGTERM, which
    /// then ends the process.
    public static func removeAll() {
        live.withLock { state in
            state.stopped = true
            for path in state.paths { unlink(path) }
            state.paths.removeAll()
        }
    }

    /// Removes, once per folder and run, the temporary files there that a giconvert process which no
    /// longer runs left behind (it crashed or was killed with SIGKILL).
    static func sweepStale(in directory: String) {
        guard swept.withLock({ $0.insert(directory).inserted }) else { return }
        guard let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            guard let pid = stalePID(name), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink("\(directory)/\(name)")
        }
    }

    /// The process id in a temporary file's name `.NAME.giconvert-PID-N.tmp`, or `nil` for any other name.
    static func stalePID(_ name: String) -> pid_t? {
        guard name.hasPrefix("."), name.hasSuffix(".tmp"),
            let range = name.range(of: ".\(marker)-", options: .backwards)
        else { return nil }
        let fields = name[range.upperBound...].dropLast(4).split(separator: "-")
        guard fields.count == 2, let pid = pid_t(fields[0]), pid > 0, Int(fields[1]) != nil else { return nil }
        return pid
    }
}
