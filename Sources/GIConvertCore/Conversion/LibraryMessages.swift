import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the C libraries say on their own (poppler's syntax errors on a damaged PDF): process-wide, so it
/// cannot be tied to one input of a run that converts several at once. A wrapper hands each message
/// here; it reaches standard error, as one line, only when the program asked for it (`--verbose`, or a
/// supervised worker, whose supervisor decides what to show).
public enum LibraryMessages {
    private static let shown = Mutex<String?>(nil)

    /// Writes messages to standard error from now on, each line starting with `prefix`; `nil` drops them.
    public static func show(prefix: String?) {
        shown.withLock { $0 = prefix }
    }

    /// Writes `message` from `library` as `PREFIXpoppler: …` on standard error, when shown.
    public static func report(_ library: String, _ message: String) {
        guard let prefix = shown.withLock({ $0 }) else { return }
        var line = "\(prefix)\(library): \(message)\n"
        line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    }
}
