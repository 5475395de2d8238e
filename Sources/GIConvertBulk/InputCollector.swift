import Foundation
import GIConvertBytes
import GIConvertCore
import GIConvertZip
import GIConvertZipInput

/// Expands command-line arguments into the inputs of a run: files as given, folders recursed, zip
/// archives opened and their members listed, `-` for standard input. Problems with an argument are
/// reported, not fatal.
public struct InputCollector: Sendable {
    /// Extensions that folder walks and archives pick up (the readers' own); explicit files are always taken.
    public let knownExtensions: Set<String>
    public let options: ReaderOptions
    /// `--exclude` patterns: a file or folder in a folder walk or an archive whose relative path or
    /// name matches one is left out.
    public let excludes: [String]
    /// The run's own outputs (absolute paths): left out of folder walks, so that an output written into
    /// an input folder is not read back by the next run.
    public let ownOutputs: [String]

    public init(
        knownExtensions: Set<String>, options: ReaderOptions = .init(), excludes: [String] = [],
        ownOutputs: [String] = []
    ) {
        self.knownExtensions = knownExtensions
        self.options = options
        self.excludes = excludes
        self.ownOutputs = ownOutputs.map(Self.canonical)
    }

    public struct Collection: Sendable {
        /// The inputs, sorted by source name.
        public var items: [InputItem]
        /// Arguments or archives that could not be expanded, with why.
        public var failures: [(source: String, error: InputError)]
        /// Files found but deliberately not converted, with why (this run's own outputs).
        public var skipped: [(source: String, reason: String)]
        /// True when an argument named a folder or an archive: the output is a collection.
        public var expandedContainers: Bool
    }

    /// The inputs named by `arguments`. `rawArguments`, when given, holds each argument's bytes as the
    /// process received them, for names that are not valid UTF-8 (a GBK file name): such an argument is
    /// opened by its bytes and shown decoded from GB18030.
    public func collect(_ arguments: [String], rawArguments: [[UInt8]]? = nil) -> Collection {
        var items: [InputItem] = []
        var failures: [(String, InputError)] = []
        var skipped: [(String, String)] = []
        var expanded = false
        for (position, given) in arguments.enumerated() {
            if given == "-" {
                items.append(InputItem(source: "-", location: .standardInput, relativePath: "stdin"))
                continue
            }
            var argument = given
            var argumentBytes: [UInt8]?
            if let raw = rawArguments?[position], String(validating: raw, as: UTF8.self) == nil {
                argumentBytes = raw
                argument = TextDecoding.convert(raw, from: "GB18030") ?? given
            }
            var info = stat()
            guard (argumentBytes.map { bytes in bytes.withCString { stat($0, &info) } } ?? stat(argument, &info)) == 0
            else {
                failures.append((argument, .unreadable("no such file or directory")))
                continue
            }
            if let argumentBytes, info.st_mode & S_IFMT != S_IFDIR {
                items.append(
                    InputItem(
                        source: argument, location: .file(path: argument, fileSystemPath: argumentBytes),
                        relativePath: (argument as NSString).lastPathComponent))
                continue
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                expanded = true
                let root = argument.count > 1 && argument.hasSuffix("/") ? String(argument.dropLast()) : argument
                let rootBytes = argumentBytes.map {
                    $0.count > 1 && $0.last == UInt8(ascii: "/") ? Array($0.dropLast()) : $0
                }
                let walk = FolderWalk.files(under: root, rootBytes: rootBytes, filter: filter(for: root))
                failures.append(contentsOf: walk.unreadable)
                skipped.append(contentsOf: walk.ownOutputs.map { ($0, "an output of this run") })
                for file in walk.files {
                    let path = "\(root)/\(file.relative)"
                    let ext = FormatRegistry.fileExtension(of: file.relative)
                    if ext == "zip" {
                        collectArchive(
                            path, relativeTo: file.relative, into: &items, failures: &failures, skipped: &skipped)
                    } else if let ext, knownExtensions.contains(ext) {
                        items.append(
                            InputItem(
                                source: path, location: .file(path: path, fileSystemPath: file.fileSystemPath),
                                relativePath: file.relative, isFound: true))
                    } else {
                        skipped.append((path, Self.noReader(ext)))
                    }
                }
            } else if FormatRegistry.fileExtension(of: argument) == "zip" {
                expanded = true
                collectArchive(
                    argument, relativeTo: (argument as NSString).lastPathComponent,
                    into: &items, failures: &failures, skipped: &skipped)
            } else {
                items.append(
                    InputItem(
                        source: argument, location: .file(path: argument),
                        relativePath: (argument as NSString).lastPathComponent))
            }
        }
        items.sort { $0.source < $1.source }
        var unique: [InputItem] = []
        unique.reserveCapacity(items.count)
        for item in items where unique.last?.source != item.source { unique.append(item) }
        return Collection(items: unique, failures: failures, skipped: skipped, expandedContainers: expanded)
    }

    /// Why a file found in a folder or an archive is not read: no reader claims its extension.
    static func noReader(_ ext: String?) -> String {
        ext.map { "no reader for .\($0) files" } ?? "no reader for a file without an extension"
    }

    /// The walk filter for the folder `root`: the excludes, and the own outputs that lie under it,
    /// spelled as the walk will meet them.
    private func filter(for root: String) -> FolderWalk.Filter {
        var filter = FolderWalk.Filter(excludes: excludes)
        guard !ownOutputs.isEmpty else { return filter }
        let canonicalRoot = Self.canonical(root)
        let prefix = canonicalRoot == "/" ? "/" : canonicalRoot + "/"
        for output in ownOutputs where output.hasPrefix(prefix) {
            filter.ownOutputs.insert("\(root)/\(output.dropFirst(prefix.count))")
        }
        return filter
    }

    /// `path` made absolute with links resolved, for a path that may not exist yet (its folder is resolved).
    static func canonical(_ path: String) -> String {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        if let resolved = realpath(trimmed, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let url = URL(fileURLWithPath: trimmed)
        let folder = url.deletingLastPathComponent().path
        guard let resolved = realpath(folder, nil) else { return url.standardizedFileURL.path }
        defer { free(resolved) }
        let base = String(cString: resolved)
        return (base == "/" ? "" : base) + "/" + url.lastPathComponent
    }

    private func collectArchive(
        _ path: String, relativeTo relative: String,
        into items: inout [InputItem], failures: inout [(String, InputError)], skipped: inout [(String, String)]
    ) {
        do throws(InputError) {
            var unread: [(String, String)] = []
            let members = try ZipArchive.withArchive(atPath: path, limits: ZipLimits(options), failure: InputError.init)
            { (zip: borrowing ZipArchive) throws(InputError) in
                zip.entries.filter { entry in
                    guard !entry.isDirectory, !entry.name.hasPrefix("__MACOSX/") else { return false }
                    let name =
                        entry.name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init)
                        ?? entry.name
                    guard !name.hasPrefix("."),
                        !excludes.contains(where: { FolderWalk.matches($0, entry.name) || FolderWalk.matches($0, name) }
                        )
                    else { return false }
                    let ext = FormatRegistry.fileExtension(of: name)
                    guard let ext, knownExtensions.contains(ext) else {
                        unread.append(("\(path)/\(entry.name)", Self.noReader(ext)))
                        return false
                    }
                    return true
                }
            }
            skipped += unread
            for member in members {
                items.append(
                    InputItem(
                        source: "\(path)/\(member.name)",
                        location: .archiveMember(archivePath: path, member: member.name, index: member.index),
                        relativePath: "\(relative)/\(OutputLayout.safeRelativePath(member.name))", isFound: true))
            }
        } catch {
            failures.append((path, error))
        }
    }
}
