#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Says which inputs are being converted, so that an input that crashes the process can be named and
/// left out instead of costing the run for nothing.
///
/// Supervised (``reportToSupervisor(fd:marker:)``, the usual case): each input's start and end of
/// conversion, and of its delivery to the writer, is written to a pipe the supervising process reads,
/// so it knows what was in flight whatever killed the worker (a trap, a stack overflow, the OOM killer).
///
/// Unsupervised (``install()``): each worker keeps the name of its current input in a slot; a handler of
/// SIGILL, SIGSEGV, SIGBUS, SIGFPE and SIGTRAP writes them to standard error with `write(2)` (nothing that
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
    /// The supervisor's pipe and the marker that starts each record on it; fd -1 when unsupervised.
    private static let channel = Mutex<(fd: Int32, marker: [UInt8])>((-1, []))
    private static let supervised = Atomic<Bool>(false)

    /// The signals a crash ends in.
    public static let crashSignals = [SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGTRAP, SIGABRT, SIGSYS]
    private static let notedSignals = [SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGTRAP]
    /// The handlers installed before (the Swift runtime's backtracer), put back once the note is written.
    nonisolated(unsafe) private static let previous: UnsafeMutablePointer<sigaction> = {
        let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 5)
        previous.initialize(repeating: sigaction(), count: 5)
        return previous
    }()

    /// What a record on the supervisor's pipe says about an input.
    public enum Event: UInt8, Sendable {
        /// A worker started converting the input (or reading it from its archive).
        case started = 0x53 // S
        /// It finished.
        case finished = 0x46 // F
        /// The converted input is being handed to the writer.
        case delivering = 0x57 // W
        /// It was handed over.
        case delivered = 0x44 // D
    }

    /// Bytes in a record before the name: the marker, the event, the name's length (4 bytes, little-endian).
    public static func headerSize(markerSize: Int) -> Int { markerSize + 5 }

    /// Makes this process a supervised worker: events go to `fd`, each record starting with `marker`,
    /// and a crash is left to kill the process at once (no note, no backtrace): the supervisor names
    /// the input and runs the others again.
    public static func reportToSupervisor(fd: Int32, marker: [UInt8]) {
        channel.withLock { $0 = (fd, marker) }
        supervised.store(true, ordering: .relaxed)
        installed.store(true, ordering: .relaxed)
        for signal in crashSignals { _ = Glibc.signal(signal, SIG_DFL) }
    }

    /// Installs the crash handlers (once); nothing when supervised.
    public static func install() {
        guard !installed.exchange(true, ordering: .relaxed) else { return }
        _ = slots
        for (position, signal) in notedSignals.enumerated() {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in
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
            send(.started, source)
        } else {
            set(strdup(source), worker: worker)
        }
    }

    /// Records that `worker` is done with `source`.
    static func converted(_ source: String, worker: Int) {
        guard supervised.load(ordering: .relaxed) else { return }
        send(.finished, source)
    }

    /// Records that `source`'s result is being handed to the writer (`done` false) or was (`done` true).
    static func delivering(_ source: String, done: Bool) {
        guard supervised.load(ordering: .relaxed) else { return }
        send(done ? .delivered : .delivering, source)
    }

    /// Clears the slots of `workers` workers once their chunk is done.
    static func idle(workers: Int) {
        guard installed.load(ordering: .relaxed), !supervised.load(ordering: .relaxed) else { return }
        for worker in 0..<workers { set(nil, worker: worker) }
    }

    /// One record in one `write(2)`, so that records of several workers never mix.
    private static func send(_ event: Event, _ source: String) {
        channel.withLock { channel in
            var record = channel.marker
            let name = Array(source.utf8)
            record.append(event.rawValue)
            withUnsafeBytes(of: UInt32(name.count).littleEndian) { record.append(contentsOf: $0) }
            record.append(contentsOf: name)
            var offset = 0
            while offset < record.count {
                let written = record.withUnsafeBytes { Glibc.write(channel.fd, $0.baseAddress! + offset, record.count - offset) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
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

    private static func report() {
        for index in 0..<slotCount {
            guard let name = slots[index] else { continue }
            write("giconvert: error: crashed while converting ")
            _ = Glibc.write(2, name, strlen(name))
            write(" (leave it out with --exclude and report it)\n")
        }
    }
}
