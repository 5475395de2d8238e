/// The readers and writers a build knows, and how one is chosen for a file.
///
/// The registry holds no format itself: the executable builds it from `BuiltinFormats`, the one list
/// that names every format module.
public struct FormatRegistry: Sendable {
    public let readers: [any ReportReader.Type]
    public let writers: [any ReportWriter.Type]
    /// The writer used when the output's extension cannot say (standard output, a folder of outputs).
    public let defaultWriter: (any ReportWriter.Type)?

    public init(
        readers: [any ReportReader.Type], writers: [any ReportWriter.Type],
        defaultWriter: (any ReportWriter.Type)? = nil
    ) {
        self.readers = readers
        self.writers = writers
        self.defaultWriter = defaultWriter ?? writers.first
    }

    /// The reader named `name`, or owning `name` as an extension (`htm`, `.txt`).
    public func reader(named name: String) -> (any ReportReader.Type)? {
        let key = Self.formatKey(name)
        return readers.first { $0.descriptor.name == key }
            ?? readers.first { $0.descriptor.fileExtensions.contains(key) }
    }

    /// The writer named `name`, or owning `name` as an extension (`md`, `.xml`).
    public func writer(named name: String) -> (any ReportWriter.Type)? {
        let key = Self.formatKey(name)
        return writers.first { $0.descriptor.name == key }
            ?? writers.first { $0.descriptor.fileExtensions.contains(key) }
    }

    /// Every name `--from` accepts: each reader's name and extensions.
    public var readerNames: [String] { Self.names(readers.map { $0.descriptor }) }
    /// Every name `--to` accepts: each writer's name and extensions.
    public var writerNames: [String] { Self.names(writers.map { $0.descriptor }) }

    private static func names(_ descriptors: [FormatDescriptor]) -> [String] {
        var seen = Set<String>()
        return descriptors.flatMap { [$0.name] + $0.fileExtensions }.filter { seen.insert($0).inserted }
    }

    private static func formatKey(_ name: String) -> String {
        let lowered = name.lowercased()
        return lowered.hasPrefix(".") ? String(lowered.dropFirst()) : lowered
    }

    /// The reader that owns the extension of `path`, if any.
    public func reader(forPath path: String) -> (any ReportReader.Type)? {
        guard let ext = Self.fileExtension(of: path) else { return nil }
        return readers.first { $0.descriptor.fileExtensions.contains(ext) }
    }

    /// The writer that owns the extension of `path`, if any.
    public func writer(forPath path: String) -> (any ReportWriter.Type)? {
        guard let ext = Self.fileExtension(of: path) else { return nil }
        return writers.first { $0.descriptor.fileExtensions.contains(ext) }
    }

    /// The reader whose sniffer is most confident about `bytes`, if any is confident at all.
    public func reader(sniffing bytes: [UInt8]) -> (any ReportReader.Type)? {
        let prefix = Array(bytes.prefix(FormatDescriptor.sniffLength))
        var best: (any ReportReader.Type)?
        var bestScore = 0
        for reader in readers {
            let score = reader.descriptor.sniff(prefix)
            if score > bestScore {
                best = reader
                bestScore = score
            }
        }
        return best
    }

    /// The reader for an input: the named one, else the one owning its extension, else the sniffed one.
    public func reader(for input: ReaderInput, named name: String? = nil) throws(InputError) -> any ReportReader.Type {
        if let name {
            guard let reader = reader(named: name) else {
                throw .unknownFormat("no reader named '\(name)' (see `giconvert formats`)")
            }
            return reader
        }
        if input.bytes.isEmpty { throw .empty }
        if let reader = reader(forPath: input.name) { return reader }
        if let reader = reader(sniffing: input.bytes) { return reader }
        throw .binary
    }

    /// The lower-cased extension of the last path component, without the dot.
    public static func fileExtension(of path: String) -> String? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        return ext.isEmpty ? nil : ext
    }
}
