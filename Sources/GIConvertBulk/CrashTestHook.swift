#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A test hook, and nothing else: makes the converter crash on chosen inputs, so that the crash
/// isolation of bulk runs can be tested end to end although no real crashing input is known.
///
/// `GICONVERT_TEST_CRASH_ON=TEXT` crashes the process when an input's source name contains `TEXT`,
/// as it starts to be converted; `GICONVERT_TEST_CRASH_KIND` says how: `trap` (a Swift runtime trap,
/// the default), `segv` (a bad memory access), `abort`, `stack` (a stack overflow) or `stall` (sleeps
/// a minute instead, for tests of interruption). `GICONVERT_TEST_CRASH_STAGE=write` crashes instead
/// as the input's output is prepared for writing on the worker (its rows or line encoded). Unset, it
/// costs one comparison per input.
enum CrashTestHook {
    private static let text: String? = getenv("GICONVERT_TEST_CRASH_ON").map { String(cString: $0) }.flatMap {
        $0.isEmpty ? nil : $0
    }
    private static let kind: String = getenv("GICONVERT_TEST_CRASH_KIND").map { String(cString: $0) } ?? "trap"
    private static let stage: Stage =
        getenv("GICONVERT_TEST_CRASH_STAGE").map { String(cString: $0) } == "write" ? .write : .convert

    /// When in an input's way through a worker the hook crashes.
    enum Stage {
        /// As the input starts to be converted.
        case convert
        /// As its outcome is prepared for the writer.
        case write
    }

    /// Crashes if `source` is one the hook names and `stage` the one it crashes at.
    static func crashIfAsked(_ source: String, stage: Stage = .convert) {
        guard let text, stage == self.stage, source.contains(text) else { return }
        switch kind {
        case "segv":
            raise(SIGSEGV)
        case "abort":
            abort()
        case "stack":
            _ = recurse(1)
        case "stall":
            sleep(60)
            return
        default:
            break
        }
        fatalError("GICONVERT_TEST_CRASH_ON matched \(source)")
    }

    /// Never returns: each call holds a kilobyte on the stack until the stack is gone.
    @inline(never)
    private static func recurse(_ depth: Int) -> Int {
        var frame: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) = (
            depth, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        )
        var more = frame
        let touched =
            withUnsafeMutableBytes(of: &frame) { touch($0) } &+ withUnsafeMutableBytes(of: &more) { touch($0) }
        return recurse(depth &+ touched) &+ frame.0
    }

    @inline(never)
    private static func touch(_ bytes: UnsafeMutableRawBufferPointer) -> Int {
        bytes[bytes.count - 1] &+= 1
        return Int(bytes[0] & 1) &+ 1
    }
}
