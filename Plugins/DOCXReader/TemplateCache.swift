import GIConvertCore
import GIConvertZip
import Synchronization

/// The style and list tables already parsed in this process, so that a bulk run over files made from
/// one template parses its `word/styles.xml` and `word/numbering.xml` once, not once per file.
///
/// Why: python-docx's and Word's `styles.xml` is about 350 KB, ten times a report's `document.xml`, and
/// in a migrated archive hundreds of files from one office share it byte for byte. Inflating and parsing
/// it for every file cost more than reading the document itself.
///
/// What makes a hit: a part whose name, compression method, declared CRC-32 and size, and *stored
/// (compressed) bytes* all equal those of a part parsed before, under the same archive limits. The same
/// stored bytes inflate to the same content (or fail the same way), so a hit gives exactly what parsing
/// would; a CRC-32 alone could be forged by a crafted file, the stored bytes cannot. Comparing them costs
/// a copy and a compare of the compressed part (about 12 KB for python-docx's `styles.xml`), a small
/// fraction of inflating 350 KB and parsing it. Only parts that inflated and parsed are kept.
///
/// Bounded: at most ``capacity`` tables per part name, least recently used dropped first, and only parts
/// stored in at most ``largestStoredPart`` bytes, so the cache holds a few megabytes at worst. Shared by
/// all `--jobs` threads behind a `Mutex`; parsing runs outside the lock, so two threads meeting the same
/// new template may both parse it, and one result is kept.
final class TemplateCache<Value: Sendable>: Sendable {
    /// What identifies a part's content: everything that decides what inflating it gives.
    struct Key: Sendable, Equatable {
        var name: String
        var compressionMethod: Int
        var crc32: UInt32
        var uncompressedSize: Int
        var maxUncompressedBytes: Int
        var maxCompressionRatio: Int
        /// Last, so that keys that differ in anything cheaper are told apart before the bytes are compared.
        var storedBytes: [UInt8]

        init(_ entry: ZipEntry, storedBytes: [UInt8], options: ReaderOptions) {
            name = entry.name
            compressionMethod = entry.compressionMethod
            crc32 = entry.crc32
            uncompressedSize = entry.uncompressedSize
            self.storedBytes = storedBytes
            maxUncompressedBytes = options.maxUncompressedBytes
            maxCompressionRatio = options.maxCompressionRatio
        }
    }

    /// The most tables kept.
    let capacity: Int
    /// The largest stored (compressed) size of a part that is kept; larger parts are parsed every time.
    let largestStoredPart: Int
    /// Least recently used first.
    private let entries = Mutex<[(key: Key, value: Value)]>([])

    init(capacity: Int, largestStoredPart: Int) {
        self.capacity = capacity
        self.largestStoredPart = largestStoredPart
    }

    /// The parsed table of the part `name` of the package in `zip`, from the cache when the same part
    /// was parsed before, otherwise `parse(contents)` (kept for next time). Nil when the package has no
    /// such part, when it inflates to `limit` bytes or more, or when it cannot be inflated: the cases in
    /// which the caller falls back to an empty table.
    func table(
        _ name: String, below limit: Int, in zip: borrowing ZipArchive, options: ReaderOptions,
        parse: ([UInt8]) -> Value
    ) -> Value? {
        guard let part = zip.entry(named: name), part.uncompressedSize < limit else { return nil }
        guard !part.isEncrypted, part.compressedSize <= largestStoredPart,
            let stored = try? zip.compressedContents(of: part)
        else {
            return (try? zip.contents(of: part)).map(parse)
        }
        let key = Key(part, storedBytes: stored, options: options)
        if let hit = lookUp(key) { return hit }
        guard let contents = try? zip.contents(of: part) else { return nil }
        let value = parse(contents)
        insert(key, value)
        return value
    }

    /// The table kept for `key`, now the most recently used.
    func lookUp(_ key: Key) -> Value? {
        entries.withLock { entries in
            guard let index = entries.lastIndex(where: { $0.key == key }) else { return nil }
            let entry = entries.remove(at: index)
            entries.append(entry)
            return entry.value
        }
    }

    private func insert(_ key: Key, _ value: Value) {
        entries.withLock { entries in
            if let index = entries.lastIndex(where: { $0.key == key }) { entries.remove(at: index) }
            if entries.count >= capacity { entries.removeFirst(entries.count - capacity + 1) }
            entries.append((key, value))
        }
    }

    /// How many tables are kept (for tests).
    var count: Int { entries.withLock { $0.count } }
}
