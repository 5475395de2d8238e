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
        var start = 0
        while start < items.count {
            let chunk = Array(items[start..<min(start + window, items.count)])
            let results = convert(chunk, members: readArchiveMembers(chunk))
            for (item, outcome) in zip(chunk, results) { try deliver(item, outcome) }
            start += chunk.count
        }
    }

    /// The bytes of the chunk's archive members, each archive opened once for all of its members in the
    /// chunk (inputs are sorted, so an archive's members come together).
    private func readArchiveMembers(_ chunk: [InputItem]) -> [Int: Result<[UInt8], InputError>] {
        var byArchive: [String: [(index: Int, member: String)]] = [:]
        for (index, item) in chunk.enumerated() {
            if case .archiveMember(let archivePath, let member) = item.location {
                byArchive[archivePath, default: []].append((index, member))
            }
        }
        var members: [Int: Result<[UInt8], InputError>] = [:]
        for (archivePath, wanted) in byArchive {
            do throws(InputError) {
                try ZipArchive.withArchive(atPath: archivePath, limits: converter.options) { zip throws(InputError) in
                    for (index, member) in wanted {
                        members[index] = Result { () throws(InputError) -> [UInt8] in
                            guard let entry = zip.entry(named: member) else { throw .missingPart(member) }
                            return try zip.contents(of: entry)
                        }
                    }
                }
            } catch {
                for (index, _) in wanted { members[index] = .failure(error) }
            }
        }
        return members
    }

    private func convert(_ chunk: [InputItem], members: [Int: Result<[UInt8], InputError>]) -> [Outcome] {
        let results = Mutex<[Outcome?]>(Array(repeating: nil, count: chunk.count))
        let next = Atomic<Int>(0)
        let workers = min(jobs, chunk.count)
        let work: @Sendable (Int) -> Void = { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < chunk.count else { return }
                let outcome = self.convert(chunk[index], memberBytes: members[index])
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

    /// Converts one input; an archive member's bytes are read beforehand.
    func convert(_ item: InputItem, memberBytes: Result<[UInt8], InputError>?) -> Outcome {
        do throws(InputError) {
            switch item.location {
            case .file(let path):
                return .success(try converter.convertAllInFile(atPath: path, name: item.source))
            case .archiveMember(_, let member):
                guard let memberBytes else { throw .missingPart(member) }
                let bytes = try memberBytes.get()
                return .success(try converter.convertAll(ReaderInput(name: item.source, bytes: bytes, options: converter.options)))
            }
        } catch {
            return .failure(error)
        }
    }
}
