import Foundation
import GIConvertCore
import GIConvertZip
import GIConvertZipInput
import Synchronization

/// Converts many inputs on several threads and hands the results over in input order, a window at a
/// time, so output is deterministic and memory does not grow with the number of inputs.
///
/// Each archive is opened once for the whole run and its members are taken by index, so an archive of
/// many members costs time in proportion to their number. Each worker inflates the members it converts
/// through its own handle of the archive, one member at a time, as it reads files; the calling thread
/// only orders and hands over. Members are taken a batch at a time, the batch bounded by the bytes
/// they take in the archive (``maxArchiveBytesPerBatch``) as well as by count, and the pages of the
/// mapped archive are dropped between batches, so memory does not grow with the size of the archive.
public struct BulkConverter: Sendable {
    public let converter: Converter
    public let jobs: Int
    /// How many inputs are converted before their results are handed over.
    public let window: Int
    /// The most bytes of an archive (members as stored, compressed) read in one batch, between two
    /// drops of the mapped archive's pages (a larger member is read alone).
    public let maxArchiveBytesPerBatch: Int
    /// Inputs not to convert, each handed over as failed with its error: inputs that crashed the
    /// converter in an earlier attempt of this run (see ``CrashNote``).
    public let leftOut: [String: InputError]

    /// `maxArchiveBytesPerBatch` defaults to 32 MiB per job, at least 64 MiB: a batch of ordinary reports
    /// is bounded by `window` alone, while the pages of an archive of large members stay few. `window`
    /// defaults to 32 inputs per job: the workers wait for the slowest input of each window, which costs
    /// about half an input per worker, so a longer window idles them less (a window of 64 reports holds a
    /// few megabytes).
    public init(
        converter: Converter, jobs: Int, window: Int? = nil, maxArchiveBytesPerBatch: Int? = nil,
        leftOut: [String: InputError] = [:]
    ) {
        self.converter = converter
        self.leftOut = leftOut
        self.jobs = max(1, jobs)
        self.window = window ?? max(16, self.jobs * 32)
        self.maxArchiveBytesPerBatch = maxArchiveBytesPerBatch ?? max(64 << 20, self.jobs * (32 << 20))
    }

    /// What became of one input.
    public enum Outcome: Sendable {
        /// Its reports (one for a document, any number for an IR file).
        case converted([Report])
        case failed(InputError)
        /// Not converted, and not a failure: a `.json` found in a folder that is not giconvert's IR.
        case skipped(String)
    }

    /// Converts `items`, calling `deliver` on the calling thread for each one in order. Stops at the
    /// first error `deliver` throws.
    public func run(_ items: [InputItem], deliver: (InputItem, Outcome) throws -> Void) throws {
        try run(items, prepare: { _, _ in () }) { item, outcome, _ in try deliver(item, outcome) }
    }

    /// Converts `items` and runs `prepare` on each outcome on the thread that converted it (the
    /// output encoding, which then costs the calling thread nothing), calling `deliver` on the calling
    /// thread for each one in order with what `prepare` made. Stops at the first error `deliver` throws.
    /// A crash in `prepare` is put down to the input being prepared, as one in converting it is.
    ///
    /// With more than one job, the calling thread hands over one window's results while the workers
    /// convert the next window, so that the writing does not leave the workers idle; with one job
    /// everything runs on the calling thread.
    public func run<Prepared: Sendable>(
        _ items: [InputItem], prepare: @escaping @Sendable (InputItem, Outcome) -> Prepared,
        deliver: (InputItem, Outcome, Prepared) throws -> Void
    ) throws {
        var start = 0
        var previous: Conversion<Prepared>?
        while start < items.count {
            if let archive = items[start].archivePath {
                if let previous { try previous.handOver(deliver) }
                previous = nil
                var end = start + 1
                while end < items.count, items[end].archivePath == archive { end += 1 }
                try runArchive(archive, items[start..<end], prepare: prepare, deliver: deliver)
                start = end
            } else {
                var end = start + 1
                while end < items.count, end - start < window, items[end].archivePath == nil { end += 1 }
                previous = try startAfter(
                    previous, Array(items[start..<end]), archive: nil, prepare: prepare, deliver: deliver)
                start = end
            }
        }
        if let previous { try previous.handOver(deliver) }
    }

    /// The members of one archive (contiguous, as inputs are sorted by source), converted with the
    /// archive open once, each worker reading the members it converts through its own handle.
    private func runArchive<Prepared: Sendable>(
        _ archivePath: String, _ members: ArraySlice<InputItem>,
        prepare: @escaping @Sendable (InputItem, Outcome) -> Prepared,
        deliver: (InputItem, Outcome, Prepared) throws -> Void
    ) throws {
        var deliveryError: (any Error)?
        var next = members.startIndex
        var previous: Conversion<Prepared>?
        do throws(InputError) {
            try ZipArchive.withSharedArchive(
                atPath: archivePath, handles: jobs, limits: ZipLimits(converter.options), failure: InputError.init
            ) { archive throws(InputError) in
                while next < members.endIndex, deliveryError == nil {
                    var batch: [InputItem] = []
                    var batchBytes = 0
                    while next < members.endIndex, batch.count < window {
                        guard case .archiveMember(_, _, let index) = members[next].location else { break }
                        let size = archive.entry(atIndex: index)?.compressedSize ?? 0
                        if !batch.isEmpty, batchBytes + size > maxArchiveBytesPerBatch { break }
                        batchBytes += size
                        batch.append(members[next])
                        next += 1
                    }
                    // Once the batch before is converted, the pages it read are dropped, before the
                    // workers read the next one.
                    previous?.waitUntilConverted()
                    archive.releaseReadPages()
                    do {
                        previous = try startAfter(previous, batch, archive: archive, prepare: prepare, deliver: deliver)
                    } catch {
                        previous = nil
                        deliveryError = error
                    }
                }
                // No worker reads the archive once it is closed.
                previous?.waitUntilConverted()
                archive.releaseReadPages()
            }
        } catch {
            // The archive could not be opened: every member not yet handed over fails with it.
            for item in members[next...] {
                let outcome = Outcome.failed(leftOut[item.source] ?? error)
                try Self.hand(item, outcome, prepare(item, outcome), to: deliver)
            }
        }
        if let deliveryError { throw deliveryError }
        if let previous { try previous.handOver(deliver) }
    }

    /// Starts converting `chunk`, then hands over `previous` while it runs. When handing over fails,
    /// waits for the conversion started (so no work outlives the run) and throws.
    private func startAfter<Prepared: Sendable>(
        _ previous: Conversion<Prepared>?, _ chunk: [InputItem], archive: SharedZipArchive?,
        prepare: @escaping @Sendable (InputItem, Outcome) -> Prepared,
        deliver: (InputItem, Outcome, Prepared) throws -> Void
    ) throws -> Conversion<Prepared> {
        previous?.waitUntilConverted()
        let conversion = Conversion(chunk, archive: archive, prepare: prepare)
        if jobs == 1 {
            conversion.convert(with: self)
        } else {
            DispatchQueue.global().async { conversion.convert(with: self) }
        }
        do {
            try previous?.handOver(deliver)
        } catch {
            conversion.waitUntilConverted()
            throw error
        }
        return conversion
    }

    /// One window of inputs being converted (and prepared) on the workers, and its outcomes once they are.
    private final class Conversion<Prepared: Sendable>: Sendable {
        let items: [InputItem]
        /// The archive the items are members of, if they are.
        private let archive: SharedZipArchive?
        private let prepare: @Sendable (InputItem, Outcome) -> Prepared
        private let converted = DispatchSemaphore(value: 0)
        private let outcomes = Mutex<[(Outcome, Prepared)]?>(nil)

        init(
            _ items: [InputItem], archive: SharedZipArchive?,
            prepare: @escaping @Sendable (InputItem, Outcome) -> Prepared
        ) {
            self.items = items
            self.archive = archive
            self.prepare = prepare
        }

        func convert(with bulk: BulkConverter) {
            let outcomes = bulk.convert(items, archive: archive, prepare: prepare)
            self.outcomes.withLock { $0 = outcomes }
            converted.signal()
        }

        /// Returns once the outcomes are in (at once after the first call).
        func waitUntilConverted() {
            if outcomes.withLock({ $0 != nil }) { return }
            converted.wait()
            converted.signal()
        }

        /// Delivers each input's outcome in order, once converted.
        func handOver(_ deliver: (InputItem, Outcome, Prepared) throws -> Void) throws {
            waitUntilConverted()
            let outcomes = self.outcomes.withLock { outcomes in
                defer { outcomes = [] }
                return outcomes ?? []
            }
            for (item, (outcome, prepared)) in zip(items, outcomes) {
                try BulkConverter.hand(item, outcome, prepared, to: deliver)
            }
        }
    }

    /// Hands one input's outcome over, telling ``CrashNote`` so that a crash in the writer is put down
    /// to the input being written.
    private static func hand<Prepared>(
        _ item: InputItem, _ outcome: Outcome, _ prepared: Prepared,
        to deliver: (InputItem, Outcome, Prepared) throws -> Void
    ) throws {
        CrashNote.delivering(item.source, done: false)
        defer { CrashNote.delivering(item.source, done: true) }
        try deliver(item, outcome, prepared)
    }

    private func convert<Prepared: Sendable>(
        _ chunk: [InputItem], archive: SharedZipArchive?,
        prepare: @escaping @Sendable (InputItem, Outcome) -> Prepared
    ) -> [(Outcome, Prepared)] {
        let results = Mutex<[(Outcome, Prepared)?]>(Array(repeating: nil, count: chunk.count))
        let next = Atomic<Int>(0)
        let workers = min(jobs, chunk.count)
        let work: @Sendable (Int) -> Void = { worker in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < chunk.count else { return }
                CrashNote.converting(chunk[index].source, worker: worker)
                let outcome = self.convert(chunk[index], archive: archive, worker: worker)
                if case .converted = outcome { CrashTestHook.crashIfAsked(chunk[index].source, stage: .write) }
                let prepared = prepare(chunk[index], outcome)
                CrashNote.converted(chunk[index].source, worker: worker)
                results.withLock { $0[index] = (outcome, prepared) }
            }
        }
        if workers == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        }
        CrashNote.idle(workers: workers)
        return results.withLock { $0.map { $0! } }
    }

    /// Converts one input; an archive member is read from `archive` through the handle of `worker`.
    func convert(_ item: InputItem, archive: SharedZipArchive?, worker: Int) -> Outcome {
        if let error = leftOut[item.source] { return .failed(error) }
        CrashTestHook.crashIfAsked(item.source)
        do throws(InputError) {
            let bytes: [UInt8]
            switch item.location {
            case .file(let path, let fileSystemPath):
                if let fileSystemPath {
                    bytes = try Converter.readFile(fileSystemPath: fileSystemPath)
                } else {
                    bytes = try Converter.readFile(path)
                }
            case .archiveMember(_, let member, let index):
                guard let archive, let entry = archive.entry(atIndex: index), entry.name == member else {
                    throw .missingPart(member)
                }
                do throws(ZipError) {
                    bytes = try archive.contents(of: entry, handle: worker)
                } catch {
                    throw InputError(error)
                }
            case .standardInput:
                bytes = try Converter.readStandardInput()
            }
            if item.isFound, let reason = notOwnIR(item, bytes) { return .skipped(reason) }
            return .converted(
                try converter.convertAll(ReaderInput(name: item.source, bytes: bytes, options: converter.options)))
        } catch {
            return .failed(error)
        }
    }

    /// Why a file found in a folder or an archive is left alone: its extension belongs to a reader of
    /// giconvert's IR (`.json`, `.jsonl`) but it holds no IR (`package.json`, a truth file).
    private func notOwnIR(_ item: InputItem, _ bytes: [UInt8]) -> String? {
        guard converter.readerName == nil, let reader = converter.registry.reader(forPath: item.source),
            reader.descriptor.producesReports
        else { return nil }
        return Converter.mayHoldIR(bytes) ? nil : "not giconvert \(reader.descriptor.name.uppercased()) (no irVersion)"
    }
}
