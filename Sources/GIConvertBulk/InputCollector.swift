import Foundation
import GIConvertCore
import GIConvertZip

/// Expands command-line arguments into the inputs of a run: files as given, folders recursed, zip
/// archives opened and their members listed. Problems with an argument are reported, not fatal.
public struct InputCollector: Sendable {
    /// Extensions that folder walks and archives pick up (the readers' own); explicit files are always taken.
    public let knownExtensions: Set<String>
    public let options: ReaderOptions

    public init(knownExtensions: Set<String>, options: ReaderOptions = .init()) {
        self.knownExtensions = knownExtensions
        self.options = options
    }

    public struct Collection: Sendable {
        /// The inputs, sorted by source name.
        public var items: [InputItem]
        /// Arguments or archives that could not be expanded, with why.
        public var failures: [(source: String, error: InputError)]
        /// True when an argument named a folder or an archive: the output is a collection.
        public var expandedContainers: Bool
    }

    public func collect(_ arguments: [String]) -> Collection {
        var items: [InputItem] = []
        var failures: [(String, InputError)] = []
        var expanded = false
        for argument in arguments {
            var info = stat()
            guard stat(argument, &info) == 0 else {
                failures.append((argument, .unreadable("no such file or directory")))
                continue
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                expanded = true
                let root = argument.hasSuffix("/") ? String(argument.dropLast()) : argument
                let walk = FolderWalk.files(under: root)
                failures.append(contentsOf: walk.unreadable)
                for relative in walk.files {
                    let path = "\(root)/\(relative)"
                    let ext = FormatRegistry.fileExtension(of: relative)
                    if ext == "zip" {
                        collectArchive(path, relativeTo: relative, into: &items, failures: &failures)
                    } else if let ext, knownExtensions.contains(ext) {
                        items.append(InputItem(source: path, location: .file(path: path), relativePath: relative))
                    }
                }
            } else if FormatRegistry.fileExtension(of: argument) == "zip" {
                expanded = true
                collectArchive(argument, relativeTo: (argument as NSString).lastPathComponent, into: &items, failures: &failures)
            } else {
                items.append(InputItem(source: argument, location: .file(path: argument),
                                       relativePath: (argument as NSString).lastPathComponent))
            }
        }
        items.sort { $0.source < $1.source }
        var unique: [InputItem] = []
        for item in items where unique.last?.source != item.source { unique.append(item) }
        return Collection(items: unique, failures: failures, expandedContainers: expanded)
    }

    private func collectArchive(_ path: String, relativeTo relative: String, into items: inout [InputItem],
                                failures: inout [(String, InputError)]) {
        do {
            let members = try ZipArchive.withArchive(atPath: path, limits: options) { zip in
                zip.entries.filter { entry in
                    guard !entry.isDirectory, !entry.name.hasPrefix("__MACOSX/") else { return false }
                    let name = (entry.name as NSString).lastPathComponent
                    guard !name.hasPrefix("."), let ext = FormatRegistry.fileExtension(of: name) else { return false }
                    return knownExtensions.contains(ext)
                }.map(\.name)
            }
            let stem = (relative as NSString).deletingPathExtension
            for member in members {
                items.append(InputItem(source: "\(path)/\(member)", location: .archiveMember(archivePath: path, member: member),
                                       relativePath: "\(stem)/\(member)"))
            }
        } catch {
            failures.append((path, error))
        }
    }
}
