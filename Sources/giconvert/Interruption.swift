import Dispatch
import Foundation
import GIConvertCore

/// Ends the run on SIGINT, SIGTERM or SIGHUP without leaving anything half-done: the temporary files of
/// unfinished outputs are removed, so no destination is replaced by a partial file, and the exit status
/// is 128 + the signal, as a shell expects.
enum Interruption {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static func install() {
        guard sources.isEmpty else { return }
        // Dispatch takes these signals through a signalfd, which sees only a signal no thread takes
        // first: blocked here, in the main thread, they stay blocked in every thread started after
        // (the conversion's), so none can swallow one before the source sees it.
        var interrupts = sigset_t()
        sigemptyset(&interrupts)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&interrupts, signalNumber) }
        pthread_sigmask(SIG_BLOCK, &interrupts, nil)
        let queue = DispatchQueue(label: "giconvert.signals")
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                TemporaryFiles.removeAll()
                let name = signalNumber == SIGINT ? "SIGINT" : signalNumber == SIGTERM ? "SIGTERM" : "SIGHUP"
                let clear = MessageOutput.isTerminal ? "\r\u{1B}[K" : ""
                MessageOutput.write("\(clear)giconvert: interrupted (\(name)); unfinished outputs removed\n")
                _exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }
}
