import Foundation
import GIConvertCore
import GIConvertZip
import Synchronization

/// Converts many inputs on several threads and hands the results over in input order, a window at a
/// time, so output is deterministic and memory does not grow with the number of inputs.
public struct BulkConverter: Sendable {
    public let converter: Converter
    public let jobs: Int
    /// How many inputs are converted before their results are handed over.
    public let window: Int

    public init(converter: Converter, jobs: Int, window: Int? = nil) {
        self.converter = converter
        self.jobs = max(1, jobs)
        self.window = window ?? max(16, self.jobs * 8)
    }

    /// What became of one input: its reports (one for a document, any number for an IR file).
    public typealias Outcome = Result<[Report], InputError>

    /// Converts `items`, calling `deliver` on the calling thread for each one in order.
    public func run(_ items: [InputItem], deliver: (InputItem, Outcome) throws -> Void) rethrows {
        let archives = ArchiveCache()
        var start = 0
        while start < items.count {
            let chunk = Array(items[start..<min(start + window, items.count)])
            let results = convert(chunk, archives: archives)
            for (item, outcome) in zip(chunk, results) { try deliver(item, outcome) }
            start += chunk.count
        }
    }

    private func convert(_ chunk: [InputItem], archives: ArchiveCache) -> [Outcome] {
        let results = Mutex<[Outcome?]>(Array(repeating: nil, count: chunk.count))
        let next = Atomic<Int>(0)
        let workers = min(jobs, chunk.count)
        let work: @Sendable (Int) -> Void = { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < chunk.count else { return }
                let outcome = self.convert(chunk[index], archives: archives)
                results.withLock { $0[index] = outcome }
            }
        }
        if workers == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        }
        return results.withLock { $0.map { $0! } }
    }

    /// Converts one input.
    public func convert(_ item: InputItem, archives: ArchiveCache = ArchiveCache()) -> Outcome {
        do throws(InputError) {
            switch item.location {
            case .file(let path):
                return .success(try converter.convertAllInFile(atPath: path, name: item.source))
            case .archiveMember(let archivePath, let member):
                let bytes = try archives.member(member, of: archivePath, limits: converter.options)
                return .success(try converter.convertAll(ReaderInput(name: item.source, bytes: bytes, options: converter.options)))
            }
        } catch {
            return .failure(error)
        }
    }
}

/// The bytes of the archives a run reads members from, loaded once and shared by the workers.
public final class ArchiveCache: Sendable {
    private let archives = Mutex<[String: [UInt8]]>([:])

    public init() {}

    public func member(_ name: String, of path: String, limits: ReaderOptions) throws(InputError) -> [UInt8] {
        let cached = archives.withLock { $0[path] }
        let bytes: [UInt8]
        if let cached {
            bytes = cached
        } else {
            bytes = try Converter.readFile(path)
            archives.withLock { $0[path] = bytes }
        }
        return try ZipArchive.withArchive(bytes, limits: limits) { zip throws(InputError) in
            guard let entry = zip.entry(named: name) else { throw .missingPart(name) }
            return try zip.contents(of: entry)
        }
    }
}
