#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Names the inputs being converted when the process crashes, so that one bad input in a long bulk run
/// can be found and left out (`--exclude`) instead of costing the run for nothing.
///
/// Each worker keeps the name of its current input in a slot; a handler of SIGILL, SIGSEGV, SIGBUS,
/// SIGFPE and SIGTRAP writes them to standard error with `write(2)` (nothing that allocates) and lets
/// the process die of the signal as it would have.
public enum CrashNote {
    private static let slotCount = 256
    /// One C string per worker, or nil: the name of the input it is converting.
    nonisolated(unsafe) private static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: slotCount)
        slots.initialize(repeating: nil, count: slotCount)
        return slots
    }()
    private static let installed = Atomic<Bool>(false)

    private static let crashSignals = [SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGTRAP]
    /// The handlers installed before (the Swift runtime's backtracer), put back once the note is written.
    nonisolated(unsafe) private static let previous: UnsafeMutablePointer<sigaction> = {
        let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 5)
        previous.initialize(repeating: sigaction(), count: 5)
        return previous
    }()

    /// Installs the crash handlers (once).
    public static func install() {
        guard !installed.exchange(true, ordering: .relaxed) else { return }
        _ = slots
        for (position, signal) in crashSignals.enumerated() {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in
                CrashNote.report()
                // Put back what was there before; the faulting instruction runs again and the signal
                // reaches the runtime's handler (or the default action) as if this one had not been.
                for (position, crashSignal) in CrashNote.crashSignals.enumerated() where crashSignal == signal {
                    sigaction(signal, CrashNote.previous + position, nil)
                }
            }
            sigaction(signal, &action, previous + position)
        }
    }

    /// Records that `worker` is converting `source`.
    static func converting(_ source: String, worker: Int) {
        guard installed.load(ordering: .relaxed) else { return }
        set(strdup(source), worker: worker)
    }

    /// Clears the slots of `workers` workers once their chunk is done.
    static func idle(workers: Int) {
        guard installed.load(ordering: .relaxed) else { return }
        for worker in 0..<workers { set(nil, worker: worker) }
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
