import Foundation
import GIConvertCore

/// One report to convert in a bulk run: a file, a member of a zip archive, or standard input.
public struct InputItem: Sendable, Equatable {
    public enum Location: Sendable, Equatable {
        /// A file. `fileSystemPath` holds the path's bytes when they are not valid UTF-8 (a GBK name),
        /// so that the file can be opened although `path` shows the name decoded.
        case file(path: String, fileSystemPath: [UInt8]? = nil)
        /// The member at `index` of the archive at `archivePath`, read in memory; `member` is its name.
        case archiveMember(archivePath: String, member: String, index: Int)
        /// Standard input (`-`).
        case standardInput
    }

    /// How the input is named in outputs and messages (`dir/a.docx`, `archive.zip/path/in/archive`).
    public let source: String
    public let location: Location
    /// The path of the input relative to the argument it was found under, for mirroring a tree.
    public let relativePath: String
    /// True when the input was found in a folder or an archive rather than named on the command line:
    /// such a `.json` that is not giconvert's IR is skipped, not an error.
    public let isFound: Bool

    public init(source: String, location: Location, relativePath: String, isFound: Bool = false) {
        self.source = source
        self.location = location
        self.relativePath = relativePath
        self.isFound = isFound
    }

    /// The archive this input is a member of, if any.
    var archivePath: String? {
        if case .archiveMember(let path, _, _) = location { return path }
        return nil
    }
}

/// Which part of a run this process converts: `--shard K/N` takes the inputs whose stable hash of the
/// source name falls in part K of N, so N processes together convert every input exactly once.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else {
            return nil
        }
        index = k
        count = n
    }

    public var description: String { "\(index)/\(count)" }

    /// True when `source` belongs to this shard.
    public func contains(_ source: String) -> Bool {
        Int(Self.stableHash(source) % UInt64(count)) == index - 1
    }

    /// FNV-1a over the UTF-8 bytes: the same on every machine and run, unlike `hashValue`.
    public static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
