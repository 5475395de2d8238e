import Foundation

/// A one-line progress display on standard error (done/total, rate, time left), redrawn at most a few
/// times a second, shown only when standard error is a terminal.
struct ProgressLine {
    let total: Int
    let enabled: Bool
    private var done = 0
    private let started = Date()
    private var lastDrawn = Date.distantPast
    private var visible = false

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled && total > 1
    }

    mutating func advance() {
        done += 1
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDrawn) >= 0.2 || done == total else { return }
        lastDrawn = now
        let elapsed = now.timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let left = rate > 0 ? Double(total - done) / rate : 0
        let line = String(format: "\r\u{1B}[K%d/%d reports  %.1f/s  ETA %@", done, total, rate, Self.duration(left))
        MessageOutput.write(line)
        visible = true
    }

    /// Removes the line so a message can be printed in its place.
    mutating func clear() {
        guard visible else { return }
        MessageOutput.write("\r\u{1B}[K")
        visible = false
    }

    mutating func finish() {
        clear()
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600
            ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}

/// Messages on standard error, one line each.
enum Diagnostics {
    static func error(_ message: String) {
        MessageOutput.write("giconvert: error: \(message)\n")
    }

    static func note(_ message: String) {
        MessageOutput.write("giconvert: \(message)\n")
    }
}

/// Where giconvert's own messages go: standard error, except in a supervised worker, whose standard
/// error carries what libraries and the Swift runtime print to the supervisor (see ``Supervisor``);
/// the worker's own messages then go to the supervisor's standard error directly.
enum MessageOutput {
    nonisolated(unsafe) static var fd: Int32 = 2

    static var isTerminal: Bool { isatty(fd) == 1 }

    static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
