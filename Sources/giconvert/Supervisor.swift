import Foundation
import GIConvertBulk
import GIConvertCore
import Synchronization

/// What this process does in a run.
enum WorkerRole {
    /// Converts as asked, with nobody watching (supervision is off).
    case unsupervised
    /// Converts as asked, under a supervisor, leaving out the inputs the plan says crashed.
    case worker(WorkerPlan)
    /// Converts only these inputs, one at a time, and writes nothing: finds which one crashes.
    case probe(Set<String>)
}

/// What a worker is told by its supervisor.
struct WorkerPlan: Codable {
    /// Inputs that crashed the converter in an earlier attempt, with the signal: each is reported as
    /// a failed input and not converted.
    var crashed: [String: Int32] = [:]
    /// How many inputs an earlier attempt handed to the writer: their messages were shown already
    /// and are not repeated.
    var reportedDeliveries = 0
    /// True from the second attempt on: the messages about collecting the inputs were shown already.
    var isRerun = false
}

/// Keeps one crashing input from costing a run the others: the `giconvert` process starts itself again
/// (`/proc/self/exe`, same arguments) as a worker that does the run, and watches it. If the worker dies of a crash signal, the supervisor knows which inputs
/// were in flight (``CrashNote`` keeps their names in a file both share), finds which of them
/// crashes by converting them one by one in a probe, and runs the whole conversion again with the
/// crasher reported as a failed input. Crashes are rare, so a full rerun is cheap enough, and each
/// message and output byte of the earlier attempts is shown once: messages of inputs already handed
/// over are muted in the rerun and the bytes already on standard output are checked and skipped.
///
/// The worker's standard error (fd 2) is a pipe to the supervisor, carrying whatever libraries and the
/// Swift runtime print there; the worker's own messages go to the real standard error (``MessageOutput``).
/// The supervisor shows those lines only with `--verbose`, and a crash's runtime message against the input
/// that crashed. The worker's standard output is a pipe too, and standard input, when `-` is an input, is
/// fed from a copy kept for reruns.
///
/// A worker is a new process (`posix_spawn`), not a fork: a forked Swift process inherits the runtime's
/// per-thread state (the cached thread id its locks use) and can deadlock. The supervisor forwards
/// SIGINT, SIGTERM and SIGHUP to the worker, which removes its temporary files and exits as an
/// unsupervised run would.
enum Supervisor {
    /// Crashes (of runs and probes) after which the run gives up.
    static let maxCrashes = 20
    /// The worker running now, for the signal handler; 0 when none.
    static let child = Atomic<Int32>(0)
    /// The interrupting signal received, or 0.
    static let interruption = Atomic<Int32>(0)

    /// The environment variable that makes a process a worker; its orders come on ``ordersFD``.
    static let workerVariable = "GICONVERT_WORKER"
    /// A worker's file descriptors: its orders, the supervisor's standard error for its messages, and
    /// the file where it keeps the names of the inputs in flight.
    static let ordersFD: Int32 = 3
    static let messagesFD: Int32 = 4
    static let sharedFD: Int32 = 5

    /// What a worker is told, as JSON on ``ordersFD``.
    struct Orders: Codable {
        var plan: WorkerPlan
        /// The inputs to probe, for a probe.
        var probe: [String]?
    }

    /// Starts the run under supervision. In a worker, returns what it is to do; returns `.unsupervised`
    /// when supervision is off (`GICONVERT_SUPERVISE=0`) or this system has no `/proc/self/exe`; in the
    /// supervising process never returns.
    static func start(readsStandardInput: Bool, verbose: Bool) -> WorkerRole {
        if getenv(workerVariable) != nil { return becomeWorker() }
        if let value = getenv("GICONVERT_SUPERVISE"), String(cString: value) == "0" { return .unsupervised }
        guard access("/proc/self/exe", X_OK) == 0 else { return .unsupervised }
        var supervision = Supervision(feedsStandardInput: readsStandardInput, verbose: verbose)
        supervision.run()
    }

    /// In a worker: reads the orders, sends its messages to the supervisor's standard error and its
    /// reports on inputs in flight to its own (a pipe to the supervisor), and lets a crash kill it quietly.
    private static func becomeWorker() -> WorkerRole {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(ordersFD, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        close(ordersFD)
        guard let orders = try? JSONDecoder().decode(Orders.self, from: Data(bytes)) else {
            MessageOutput.write("giconvert: error: a worker got no orders from its supervisor\n")
            exit(70)
        }
        MessageOutput.fd = messagesFD
        // A crash is handled by the supervisor: a core file would only cost time and disk.
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
        CrashNote.reportToSupervisor(sharedFile: sharedFD)
        close(sharedFD)
        if let suspects = orders.probe { return .probe(Set(suspects)) }
        return .worker(orders.plan)
    }
}
