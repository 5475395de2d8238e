import GIConvertCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Says which inputs are being converted, so that an input that crashes the process can be named and
/// left out instead of costing the run for nothing.
///
/// Supervised (``reportToSupervisor(sharedFile:)``, the usual case): each worker writes the name of its
/// current input into its slot of a file the supervising process shares (``SharedSlots``), and the input
/// being handed to the writer into another, so the supervisor can read what was in flight whatever killed
/// the process (a trap, a stack overflow, the OOM killer). That costs no system call per input.
///
/// Unsupervised (``install(endingRun:)``): each worker keeps the name of its current input in a slot; a
/// handler of SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGTRAP and SIGABRT writes them to standard error with `write(2)` (nothing that
/// allocates) and lets the process die of the signal as it would have.
public enum CrashNote {
    private static let slotCount = 256
    /// One C string per worker, or nil: the name of the input it is converting.
    nonisolated(unsafe) private static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: slotCount)
        slots.initialize(repeating: nil, count: slotCount)
        return slots
    }()
    private static let installed = Atomic<Bool>(false)
    /// The slots shared with the supervisor, when supervised.
    nonisolated(unsafe) private static var shared: UnsafeMutableRawPointer?
    private static let supervised = Atomic<Bool>(false)

    /// The signals a crash ends in.
    public static let crashSignals = [SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGTRAP, SIGABRT, SIGSYS]
    private static let notedSignals = [SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGTRAP, SIGABRT]
    /// The handlers installed before (the Swift runtime's backtracer), put back once the note is written.
    nonisolated(unsafe) private static let previous: UnsafeMutablePointer<sigaction> = {
        let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: notedSignals.count)
        previous.initialize(repeating: sigaction(), count: notedSignals.count)
        return previous
    }()

    /// The layout of the file shared with a supervisor: the count of inputs handed to the writer, then
    /// slot 0 (the input being handed over) and one slot per worker, each a length (4 bytes, little-endian,
    /// 0 for none) and the input's name (UTF-8).
    public enum SharedSlots {
        public static let headerSize = 64
        public static let slotSize = 64 << 10
        public static let slotCount = 258
        public static let fileSize = headerSize + slotSize * slotCount

        /// The offset of `slot`'s length.
        public static func offset(ofSlot slot: Int) -> Int { headerSize + slot * slotSize }
    }

    /// Makes this process a supervised worker: names go into `sharedFile` (see ``SharedSlots``), and a
    /// crash is left to kill the process at once (no note, no backtrace): the supervisor names the input
    /// and runs the others again.
    public static func reportToSupervisor(sharedFile fd: Int32) {
        let map = mmap(nil, SharedSlots.fileSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
        guard let map, map != MAP_FAILED else { return }
        shared = map
        supervised.store(true, ordering: .relaxed)
        installed.store(true, ordering: .relaxed)
        for signal in crashSignals { _ = Glibc.signal(signal, SIG_DFL) }
    }

    /// Whether a crash ends the run at once with exit status 1 (a run of one input, which has no other
    /// input to save) rather than letting the signal kill it.
    nonisolated(unsafe) private static var endsRunOnCrash = false

    /// Installs the crash handlers (once); nothing when supervised. With `endingRun`, a crash writes the
    /// one line naming the input, removes the temporary files of unfinished outputs and exits with status
    /// 1, before the runtime's backtrace; without, it names the inputs in flight and lets the signal kill
    /// the process. (A stack overflow on a thread with no alternate signal stack kills it either way.)
    public static func install(endingRun: Bool = false) {
        guard !installed.exchange(true, ordering: .relaxed) else { return }
        _ = slots
        endsRunOnCrash = endingRun
        for (position, signal) in notedSignals.enumerated() {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in
                if CrashNote.endsRunOnCrash { CrashNote.endRun(signal: signal) }
                CrashNote.report()
                // Put back what was there before; the faulting instruction runs again and the signal
                // reaches the runtime's handler (or the default action) as if this one had not been.
                for (position, crashSignal) in CrashNote.notedSignals.enumerated() where crashSignal == signal {
                    sigaction(signal, CrashNote.previous + position, nil)
                }
            }
            sigaction(signal, &action, previous + position)
        }
    }

    /// Records that `worker` is converting `source`.
    static func converting(_ source: String, worker: Int) {
        guard installed.load(ordering: .relaxed) else { return }
        if supervised.load(ordering: .relaxed) {
            put(source, slot: 1 + worker % (SharedSlots.slotCount - 1))
        } else {
            set(strdup(source), worker: worker)
        }
    }

    /// Records that `worker` is done with `source`.
    static func converted(_ source: String, worker: Int) {
        guard installed.load(ordering: .relaxed) else { return }
        if supervised.load(ordering: .relaxed) {
            put(nil, slot: 1 + worker % (SharedSlots.slotCount - 1))
        } else {
            set(nil, worker: worker)
        }
    }

    /// Records that `source`'s result is being handed to the writer (`done` false) or was (`done` true).
    static func delivering(_ source: String, done: Bool) {
        guard supervised.load(ordering: .relaxed), let shared else { return }
        put(done ? nil : source, slot: 0)
        if done { shared.storeBytes(of: shared.load(as: Int64.self) + 1, as: Int64.self) }
    }

    /// Clears the slots of `workers` workers once their chunk is done.
    static func idle(workers: Int) {
        guard installed.load(ordering: .relaxed), !supervised.load(ordering: .relaxed) else { return }
        for worker in 0..<workers { set(nil, worker: worker) }
    }

    /// Writes `name` into `slot` (each slot has one writer), the length last so that a slot is never
    /// read half-written; nil empties it. A longer name than a slot holds is cut.
    private static func put(_ name: String?, slot: Int) {
        guard let shared else { return }
        let base = shared + SharedSlots.offset(ofSlot: slot)
        guard var name else {
            base.storeBytes(of: UInt32(0), as: UInt32.self)
            return
        }
        name.withUTF8 { bytes in
            let count = min(bytes.count, SharedSlots.slotSize - 4)
            (base + 4).copyMemory(from: bytes.baseAddress!, byteCount: count)
            base.storeBytes(of: UInt32(count).littleEndian, as: UInt32.self)
        }
    }

    /// Each slot is written only by its worker; the handler only reads it.
    private static func set(_ name: UnsafeMutablePointer<CChar>?, worker: Int) {
        let slot = slots + worker % slotCount
        let old = slot.pointee
        slot.pointee = name
        free(old)
    }

    private static func write(_ text: StaticString) {
        _ = Glibc.write(2, text.utf8Start, text.utf8CodeUnitCount)
    }

    /// The end of a crashed run of one input: the failure line, no temporary file, exit status 1. Only
    /// `write(2)`, `unlink(2)` and `_exit(2)`, which a signal handler may call.
    private static func endRun(signal: Int32) {
        TemporaryFiles.removeAllFromCrashHandler()
        let name = (0..<slotCount).lazy.compactMap { slots[$0] }.first
        write("giconvert: error: ")
        if let name {
            _ = Glibc.write(2, name, strlen(name))
            write(": the converter crashed on this input (signal ")
        } else {
            write("the converter crashed (signal ")
        }
        var digits: (UInt8, UInt8) = (UInt8(0x30 + signal / 10 % 10), UInt8(0x30 + signal % 10))
        withUnsafeBytes(of: &digits) { raw in
            _ = signal >= 10 ? Glibc.write(2, raw.baseAddress!, 2) : Glibc.write(2, raw.baseAddress! + 1, 1)
        }
        write("); please report it\n")
        _exit(1)
    }

    private static func report() {
        for index in 0..<slotCount {
            guard let name = slots[index] else { continue }
            write("giconvert: error: crashed while converting ")
            _ = Glibc.write(2, name, strlen(name))
            write(" (leave it out with --exclude and report it)\n")
        }
    }
}
