import Foundation

/// What a finished run of a program said and how it ended.
public struct CommandRun: Sendable {
    /// The exit status; the signal's number when ``signal`` is set.
    public let status: Int32
    /// The signal that ended the process, when one did (a crash, or the kill after a time-out).
    public let signal: Int32?
    /// True when the process ran past its time limit and was killed.
    public let timedOut: Bool
    /// Standard output as bytes (empty when it was sent to a file).
    public let stdoutData: Data
    public let stderrData: Data

    public var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    public var stderr: String { String(decoding: stderrData, as: UTF8.self) }
}

/// Runs the built `giconvert`, or another program, as a user does: both output pipes are read on threads
/// of their own (a chatty process never blocks on a full pipe), and a run past its time limit is killed,
/// so a hang fails the test instead of stalling the suite.
public enum CommandRunner {
    /// Runs `giconvert` with `arguments`; see ``run(_:arguments:environment:stdin:stdout:seconds:addressSpaceKB:)``.
    public static func giconvert(
        _ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil, stdout: FileHandle? = nil,
        seconds: Double = 120, addressSpaceKB: Int? = nil
    ) throws -> CommandRun {
        try run(
            Repository.executable, arguments: arguments, environment: environment, stdin: stdin, stdout: stdout,
            seconds: seconds, addressSpaceKB: addressSpaceKB)
    }

    /// Runs `executable` with `arguments` and `environment` added to this process's, `stdin` as standard
    /// input (else none) and standard output sent to `stdout` if given; killed after `seconds`. With
    /// `addressSpaceKB`, the program runs under that address-space limit (`ulimit -v`).
    public static func run(
        _ executable: URL, arguments: [String], environment: [String: String] = [:], stdin: Data? = nil,
        stdout: FileHandle? = nil, seconds: Double = 120, addressSpaceKB: Int? = nil
    ) throws -> CommandRun {
        let started = try StartedCommand(
            executable, arguments: arguments, environment: environment, stdin: stdin != nil, stdout: stdout,
            addressSpaceKB: addressSpaceKB)
        return try started.finish(writing: stdin, seconds: seconds)
    }

    /// A fresh folder under the system's temporary folder; the caller removes it.
    public static func temporaryDirectory(_ prefix: String = "giconvert-e2e") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A program started and still running, for tests that act on it while it runs (send it a signal once
/// its temporary output is there).
public final class StartedCommand {
    public let process: Process
    /// The write end of standard input, when the command was started with one.
    public let input: FileHandle?
    private let stdoutReader: PipeReader?
    private let stderrReader: PipeReader

    public convenience init(
        giconvert arguments: [String], environment: [String: String] = [:], stdin: Bool = false
    ) throws {
        try self.init(Repository.executable, arguments: arguments, environment: environment, stdin: stdin)
    }

    public init(
        _ executable: URL, arguments: [String], environment: [String: String] = [:], stdin: Bool = false,
        stdout: FileHandle? = nil, addressSpaceKB: Int? = nil
    ) throws {
        process = Process()
        if let addressSpaceKB {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -v \(addressSpaceKB); exec \"$0\" \"$@\"", executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let inputPipe = Pipe()
        process.standardInput = stdin ? inputPipe : FileHandle.nullDevice
        input = stdin ? inputPipe.fileHandleForWriting : nil
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = stdout ?? out
        process.standardError = err
        try process.run()
        stdoutReader = stdout == nil ? PipeReader(out.fileHandleForReading) : nil
        stderrReader = PipeReader(err.fileHandleForReading)
    }

    /// Waits, up to `tries` times 50 ms, until a file whose name ends in `suffix` is in `folder`; true when
    /// one came.
    public func waitForFile(in folder: URL, endingIn suffix: String, tries: Int) throws -> Bool {
        for _ in 0..<tries {
            if try FileManager.default.contentsOfDirectory(atPath: folder.path).contains(where: { $0.hasSuffix(suffix) }
            ) {
                return true
            }
            usleep(50_000)
        }
        return false
    }

    /// Writes `stdin` to standard input and closes it, waits for the end (killing the process after
    /// `seconds`), and gives what it said.
    public func finish(writing stdin: Data? = nil, seconds: Double = 120) throws -> CommandRun {
        let pid = process.processIdentifier
        let timedOut = TimeOutFlag()
        let watchdog = DispatchWorkItem {
            timedOut.set()
            kill(pid, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: watchdog)
        defer { watchdog.cancel() }
        if let input {
            if let stdin { input.write(stdin) }
            try input.close()
        }
        process.waitUntilExit()
        watchdog.cancel()
        let signalled = process.terminationReason == .uncaughtSignal
        return CommandRun(
            status: process.terminationStatus, signal: signalled ? process.terminationStatus : nil,
            timedOut: timedOut.isSet, stdoutData: stdoutReader?.wait() ?? Data(), stderrData: stderrReader.wait())
    }
}

/// Reads a pipe to its end on a thread of its own, so a chatty process never blocks on a full pipe.
public final class PipeReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    public init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    /// Everything read, once the pipe has closed.
    public func wait() -> Data {
        done.wait()
        done.signal()
        return data
    }
}

/// Set once by the watchdog that killed a run.
private final class TimeOutFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
