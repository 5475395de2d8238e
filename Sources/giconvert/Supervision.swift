import Foundation
import GIConvertBulk
import GIConvertCore
import Synchronization

/// One supervised run: the attempts, the probes and what they learned.
struct Supervision {
    let feedsStandardInput: Bool
    let verbose: Bool

    var plan = WorkerPlan()
    var crashes = 0
    /// Standard input as read so far, for feeding it again to a rerun.
    var standardInput: [UInt8] = []
    var standardInputEnded = false
    /// Bytes passed to standard output, and their hash, so that a rerun's same bytes are skipped.
    var forwarded = 0
    var forwardedHash = Hash()
    var outputFailure: String?
    /// How often each foreign line was shown, so that a rerun does not show it again.
    var shownLines: [String: Int] = [:]

    init(feedsStandardInput: Bool, verbose: Bool) {
        self.feedsStandardInput = feedsStandardInput
        self.verbose = verbose
    }

    /// FNV-1a, 64 bits.
    struct Hash: Equatable {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        mutating func add(_ bytes: UnsafeRawBufferPointer) {
            for byte in bytes {
                value ^= UInt64(byte)
                value = value &* 0x0000_0100_0000_01B3
            }
        }
    }

    /// How a worker ended and what it said about its inputs.
    struct Attempt {
        enum End {
            case exited(Int32)
            case signalled(Int32)
        }
        var end: End = .exited(0)
        /// The inputs being converted or handed to the writer when the worker ended, sorted.
        var inFlight: [String] = []
        /// How many inputs it handed to the writer.
        var delivered = 0
        /// The last lines the worker printed on its standard error that were not its own.
        var lastLines: [String] = []
        /// How often each foreign line came in this attempt.
        var lineCounts: [String: Int] = [:]
        var outputDiverged = false

        /// The Swift runtime's message about the crash, if it printed one.
        var runtimeMessage: String? { lastLines.last { $0.contains("Fatal error") } }
    }

    mutating func run() -> Never {
        installSignalForwarding()
        var unreproduced = false
        while true {
            let attempt = runChild(probe: nil)
            let end = attempt.end
            if case .exited(let status) = end {
                finish(status, attempt: attempt)
            }
            guard case .signalled(let signal) = end else { continue }
            handleNonCrash(signal)
            crashes += 1
            let suspects = attempt.inFlight
            if suspects.isEmpty {
                giveUp(
                    "the converter crashed (signal \(signal)) outside the conversion of any one input; the run is incomplete",
                    attempt)
            }
            var crashers: [(String, Int32)] = []
            if suspects.count == 1 {
                crashers = [(suspects[0], signal)]
                say(attempt.runtimeMessage, about: suspects[0])
            } else {
                crashers = probe(suspects)
            }
            if crashers.isEmpty {
                // No input crashes alone: a crash of several at once. Once more, then give up.
                if unreproduced {
                    giveUp(
                        "the converter crashed (signal \(signal)) converting \(suspects.joined(separator: ", ")) at once, but on none of them alone; try --jobs 1, or leave them out with --exclude",
                        attempt)
                }
                unreproduced = true
            }
            for (source, signal) in crashers {
                plan.crashed[source] = signal
                if verbose {
                    MessageOutput.write(
                        "giconvert: \(source) crashed the converter (signal \(signal)); converting the other inputs again\n"
                    )
                }
            }
            plan.reportedDeliveries = max(plan.reportedDeliveries, attempt.delivered)
            plan.isRerun = true
            if crashes >= Supervisor.maxCrashes {
                giveUp(
                    "the converter crashed \(crashes) times; giving up (left out so far: \(plan.crashed.keys.sorted().joined(separator: ", ")))",
                    attempt)
            }
        }
    }

    /// Finds which of `suspects`, in flight together when the worker crashed, crash alone: converts
    /// them one at a time until one crashes, then goes on with the rest.
    mutating func probe(_ suspects: [String]) -> [(String, Int32)] {
        var remaining = suspects
        var crashers: [(String, Int32)] = []
        while !remaining.isEmpty {
            let attempt = runChild(probe: remaining)
            // An interrupted probe said so and removed what it had begun.
            if case .exited(let status) = attempt.end, Supervisor.interruption.load(ordering: .relaxed) != 0 {
                exit(status)
            }
            guard case .signalled(let signal) = attempt.end else { break }
            handleNonCrash(signal)
            crashes += 1
            guard let crasher = attempt.inFlight.first, attempt.inFlight.count == 1 else {
                giveUp(
                    "the converter crashed (signal \(signal)) while trying \(remaining.joined(separator: ", ")) one at a time",
                    attempt)
            }
            crashers.append((crasher, signal))
            say(attempt.runtimeMessage, about: crasher)
            // A probe converts in order: those before the crasher went through.
            remaining.removeAll { $0 <= crasher }
            if crashes >= Supervisor.maxCrashes {
                giveUp("the converter crashed \(crashes) times; giving up", attempt)
            }
        }
        return crashers
    }

    /// With `--verbose`, the runtime's message about a crash, against the input.
    func say(_ runtimeMessage: String?, about source: String) {
        guard verbose, let runtimeMessage else { return }
        MessageOutput.write("giconvert: \(source): \(runtimeMessage)\n")
    }

    /// Ends the supervisor as the worker ended, unless the signal is a crash's.
    func handleNonCrash(_ signal: Int32) {
        let interrupted = Supervisor.interruption.load(ordering: .relaxed)
        if [SIGINT, SIGTERM, SIGHUP].contains(signal) || interrupted != 0 {
            let signal = interrupted != 0 ? interrupted : signal
            let name =
                signal == SIGINT
                ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : signal == SIGHUP ? "SIGHUP" : "signal \(signal)"
            MessageOutput.write("giconvert: interrupted (\(name)); unfinished outputs removed\n")
            exit(128 + signal)
        }
        // A signal that is not a crash's (SIGPIPE, SIGXFSZ): end the same way.
        if !CrashNote.crashSignals.contains(signal), signal != SIGKILL {
            Foundation.signal(signal, SIG_DFL)
            raise(signal)
            exit(128 + signal)
        }
    }

    func finish(_ status: Int32, attempt: Attempt) -> Never {
        if attempt.outputDiverged {
            MessageOutput.write(
                "giconvert: error: -: what the rerun wrote to standard output differs from what was written before the crash; standard output is not usable\n"
            )
            exit(1)
        }
        if let outputFailure {
            MessageOutput.write("giconvert: error: -: write failed: \(outputFailure)\n")
            exit(1)
        }
        exit(status)
    }

    func giveUp(_ message: String, _ attempt: Attempt) -> Never {
        MessageOutput.write("giconvert: error: \(message)\n")
        if let said = attempt.runtimeMessage ?? attempt.lastLines.last {
            MessageOutput.write("giconvert: the crash said: \(said)\n")
        }
        exit(1)
    }

    // MARK: Signals

    private func installSignalForwarding() {
        _ = Supervisor.child.load(ordering: .relaxed)
        _ = Supervisor.interruption.load(ordering: .relaxed)
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in
                Supervisor.interruption.store(signal, ordering: .relaxed)
                let child = Supervisor.child.load(ordering: .relaxed)
                if child > 0 { kill(child, signal) }
            }
            sigaction(signal, &action, nil)
        }
        // Whoever started this process may have blocked them (a signal of an unsupervised run is taken
        // through a signalfd, which works either way); the handler must run.
        var interrupts = sigset_t()
        sigemptyset(&interrupts)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&interrupts, signal) }
        sigprocmask(SIG_UNBLOCK, &interrupts, nil)
        // A worker that ends without reading all of standard input must not kill the supervisor.
        Foundation.signal(SIGPIPE, SIG_IGN)
    }

    // MARK: One worker

    /// Starts a worker (a probe of `probe` if given) and follows it to its end.
    mutating func runChild(probe: [String]?) -> Attempt {
        let isProbe = probe != nil
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        var orders: [Int32] = [-1, -1]
        var input: [Int32] = [-1, -1]
        guard pipe(&output) == 0, pipe(&errors) == 0, pipe(&orders) == 0, !feedsStandardInput || pipe(&input) == 0
        else {
            cannotStart()
        }
        // Above the worker's own descriptors (0 to 4), so that setting those up overwrites none of them.
        func lift(_ pipe: inout [Int32]) {
            for end in 0..<2 where pipe[end] >= 0 {
                let moved = fcntl(pipe[end], F_DUPFD_CLOEXEC, 10)
                close(pipe[end])
                pipe[end] = moved
            }
        }
        lift(&output)
        lift(&errors)
        lift(&orders)
        lift(&input)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Standard error becomes the messages' descriptor before it is replaced.
        posix_spawn_file_actions_adddup2(&actions, 2, Supervisor.messagesFD)
        posix_spawn_file_actions_adddup2(&actions, orders[0], Supervisor.ordersFD)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        if input[0] >= 0 { posix_spawn_file_actions_adddup2(&actions, input[0], 0) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        var empty = sigset_t()
        sigemptyset(&defaults)
        sigemptyset(&empty)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let shared = Self.sharedFile()
        posix_spawn_file_actions_adddup2(&actions, shared, Supervisor.sharedFD)
        var pid: pid_t = 0
        let spawned = posix_spawn(
            &pid, "/proc/self/exe", &actions, &attributes, CommandLine.unsafeArgv, Self.workerEnvironment)
        close(output[1])
        close(errors[1])
        close(orders[0])
        if input[0] >= 0 { close(input[0]) }
        guard spawned == 0 else { cannotStart(spawned) }
        Supervisor.child.store(pid, ordering: .relaxed)
        let pending = Supervisor.interruption.load(ordering: .relaxed)
        if pending != 0 { kill(pid, pending) }

        let ordersJSON = (try? JSONEncoder().encode(Supervisor.Orders(plan: plan, probe: probe))) ?? Data()
        ordersJSON.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(orders[1], bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { break }
                offset += n
            }
        }
        close(orders[1])

        var attempt = Attempt()
        follow(output: output[0], errors: errors[0], input: input[1], isProbe: isProbe, into: &attempt)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        Supervisor.child.store(0, ordering: .relaxed)
        // WIFSIGNALED / WTERMSIG / WEXITSTATUS, which Swift does not import.
        let signal = status & 0x7F
        attempt.end = signal != 0 && signal != 0x7F ? .signalled(signal) : .exited((status >> 8) & 0xFF)
        readSlots(shared, into: &attempt)
        close(shared)
        return attempt
    }

    /// A new, empty file of ``CrashNote/SharedSlots/fileSize`` bytes, removed from its folder at once.
    private static func sharedFile() -> Int32 {
        for folder in ["/dev/shm", String(cString: getenv("TMPDIR") ?? strdup("/tmp")), "/tmp"] {
            var template = Array("\(folder)/.giconvert-slots-XXXXXX".utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { continue }
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            guard ftruncate(fd, off_t(CrashNote.SharedSlots.fileSize)) == 0 else {
                close(fd)
                continue
            }
            let moved = fcntl(fd, F_DUPFD_CLOEXEC, 10)
            close(fd)
            return moved
        }
        MessageOutput.write(
            "giconvert: error: cannot start the conversion: no folder to keep a small file in (/dev/shm, TMPDIR, /tmp)\n"
        )
        exit(1)
    }

    /// What the worker left in the shared file: the inputs in flight and the count handed over.
    private func readSlots(_ fd: Int32, into attempt: inout Attempt) {
        var delivered: Int64 = 0
        _ = pread(fd, &delivered, 8, 0)
        attempt.delivered = Int(delivered)
        var names: Set<String> = []
        for slot in 0..<CrashNote.SharedSlots.slotCount {
            let offset = CrashNote.SharedSlots.offset(ofSlot: slot)
            var length: UInt32 = 0
            guard pread(fd, &length, 4, off_t(offset)) == 4 else { continue }
            let count = Int(UInt32(littleEndian: length))
            guard count > 0, count <= CrashNote.SharedSlots.slotSize - 4 else { continue }
            var bytes = [UInt8](repeating: 0, count: count)
            guard pread(fd, &bytes, count, off_t(offset + 4)) == count else { continue }
            names.insert(String(decoding: bytes, as: UTF8.self))
        }
        attempt.inFlight = names.sorted()
    }

    private func cannotStart(_ error: Int32 = errno) -> Never {
        MessageOutput.write("giconvert: error: cannot start the conversion: \(String(cString: strerror(error)))\n")
        exit(1)
    }

    /// This process's environment, with the worker's variable set and the Swift runtime's backtrace
    /// off (a crash is reported in one line, by the supervisor).
    nonisolated(unsafe) static let workerEnvironment: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        setenv(Supervisor.workerVariable, "1", 1)
        setenv("SWIFT_BACKTRACE", "enable=no", 1)
        // `environ`, looked up rather than named: Swift takes a C global variable for shared mutable state.
        let environ = dlsym(nil, "environ")!.assumingMemoryBound(
            to: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.self)
        return environ.pointee
    }()

    /// Passes the worker's standard output on, reads its standard error, and feeds it standard input,
    /// until both its outputs end.
    private mutating func follow(output: Int32, errors: Int32, input: Int32, isProbe: Bool, into attempt: inout Attempt)
    {
        var outputOpen = true
        var errorsOpen = true
        var inputPipe = input
        if inputPipe >= 0 { _ = fcntl(inputPipe, F_SETFL, fcntl(inputPipe, F_GETFL) | O_NONBLOCK) }
        var fed = 0
        var skip = forwarded
        var skipHash = Hash()
        var partialLine: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { chunk.deallocate() }

        while outputOpen || errorsOpen {
            // Feed standard input: from the copy, then from the real one as it comes.
            if inputPipe >= 0, fed == standardInput.count, standardInputEnded {
                close(inputPipe)
                inputPipe = -1
            }
            var fds: [pollfd] = []
            if outputOpen { fds.append(pollfd(fd: output, events: Int16(POLLIN), revents: 0)) }
            if errorsOpen { fds.append(pollfd(fd: errors, events: Int16(POLLIN), revents: 0)) }
            if inputPipe >= 0 {
                if fed < standardInput.count {
                    fds.append(pollfd(fd: inputPipe, events: Int16(POLLOUT), revents: 0))
                } else {
                    fds.append(pollfd(fd: 0, events: Int16(POLLIN), revents: 0))
                }
            }
            if poll(&fds, nfds_t(fds.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for entry in fds where entry.revents != 0 {
                switch entry.fd {
                case output:
                    let n = read(output, chunk.baseAddress, chunk.count)
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else {
                        outputOpen = false
                        continue
                    }
                    var bytes = UnsafeRawBufferPointer(rebasing: chunk[0..<n])
                    if isProbe { continue }
                    if skip > 0 {
                        let taken = min(skip, bytes.count)
                        skipHash.add(UnsafeRawBufferPointer(rebasing: bytes[0..<taken]))
                        skip -= taken
                        bytes = UnsafeRawBufferPointer(rebasing: bytes[taken...])
                        if skip == 0, skipHash != forwardedHash { attempt.outputDiverged = true }
                    }
                    if !bytes.isEmpty, !attempt.outputDiverged { passOn(bytes) }
                case errors:
                    let n = read(errors, chunk.baseAddress, chunk.count)
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else {
                        errorsOpen = false
                        continue
                    }
                    foreignText(
                        UnsafeRawBufferPointer(rebasing: chunk[0..<n]), partialLine: &partialLine, into: &attempt)
                case 0:
                    let n = read(0, chunk.baseAddress, chunk.count)
                    if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                    if n <= 0 {
                        standardInputEnded = true
                    } else {
                        standardInput.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
                    }
                default:
                    let n = standardInput.withUnsafeBytes { write(inputPipe, $0.baseAddress! + fed, $0.count - fed) }
                    if n > 0 {
                        fed += n
                    } else if n < 0, errno != EINTR, errno != EAGAIN {
                        // The worker stopped reading (it ended).
                        close(inputPipe)
                        inputPipe = -1
                    }
                }
            }
        }
        if inputPipe >= 0 { close(inputPipe) }
        close(output)
        close(errors)
        if !partialLine.isEmpty { foreignLine(partialLine, into: &attempt) }
        if skip > 0, !isProbe { attempt.outputDiverged = true }
    }

    /// Writes a worker's standard output to the real one. A failed write is reported when the run ends;
    /// a reader that went away (`| head`) ends the supervisor as it would have ended the worker.
    private mutating func passOn(_ bytes: UnsafeRawBufferPointer) {
        forwarded += bytes.count
        forwardedHash.add(bytes)
        guard outputFailure == nil else { return }
        var offset = 0
        while offset < bytes.count {
            let n = write(1, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE {
                    Foundation.signal(SIGPIPE, SIG_DFL)
                    raise(SIGPIPE)
                }
                outputFailure = String(cString: strerror(errno))
                return
            }
            offset += n
        }
    }

    /// `12   libswiftCore.so   0x00007f… symbol + 33`.
    private static func isStackFrame(_ line: String) -> Bool {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        return fields.count >= 3 && fields[0].allSatisfy(\.isNumber) && fields[2].hasPrefix("0x")
    }

    private mutating func foreignText(
        _ text: UnsafeRawBufferPointer, partialLine: inout [UInt8], into attempt: inout Attempt
    ) {
        for byte in text {
            if byte == UInt8(ascii: "\n") {
                foreignLine(partialLine, into: &attempt)
                partialLine.removeAll(keepingCapacity: true)
            } else {
                partialLine.append(byte)
            }
        }
    }

    /// A line a library or the Swift runtime printed: kept for a crash's message, and shown with
    /// `--verbose`, once however many attempts print it. Which input it is about is not known (the
    /// worker may convert several at once), except for a crash's, shown against the crasher.
    private mutating func foreignLine(_ bytes: [UInt8], into attempt: inout Attempt) {
        let text = String(decoding: bytes, as: UTF8.self)
        let line = String(
            text.unicodeScalars.map { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F ? "?" : Character($0) }
        )
        .trimmingCharacters(in: .whitespaces)
        // The runtime's stack trace after a fatal error: the error's line says what matters.
        guard !line.isEmpty, line != "Current stack trace:", !Self.isStackFrame(line) else { return }
        attempt.lastLines.append(line)
        if attempt.lastLines.count > 8 { attempt.lastLines.removeFirst() }
        guard verbose, !line.contains("Fatal error") else { return }
        let shown = line
        attempt.lineCounts[shown, default: 0] += 1
        guard attempt.lineCounts[shown]! > shownLines[shown, default: 0] else { return }
        shownLines[shown] = attempt.lineCounts[shown]!
        MessageOutput.write("giconvert: \(shown)\n")
    }
}
