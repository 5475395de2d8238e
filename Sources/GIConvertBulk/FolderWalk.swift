import GIConvertBytes
import GIConvertCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files under a folder, listed with `opendir`/`readdir`: the file type comes with each entry,
/// so a folder of thousands of reports costs no `stat` per file.
///
/// Paths are kept as bytes: a name that is not valid UTF-8 (a GBK name from a Chinese archive) is shown
/// decoded from GB18030 and opened by its bytes.
struct FolderWalk {
    /// A file found under the root.
    struct File {
        /// The path relative to the root, for display (decoded).
        var relative: String
        /// The full path's bytes, when some name on it is not valid UTF-8.
        var fileSystemPath: [UInt8]?
    }

    /// What leaves an entry out of the walk.
    struct Filter {
        /// `--exclude` patterns, matched against the relative path and the name.
        var excludes: [String] = []
        /// Paths (as the root spells them plus a relative path) that are giconvert's own outputs.
        var ownOutputs: Set<String> = []
    }

    private(set) var files: [File] = []
    /// Folders under the root that could not be listed, with why.
    private(set) var unreadable: [(source: String, error: InputError)] = []
    /// Entries left out because they are this run's outputs.
    private(set) var ownOutputs: [String] = []
    private let filter: Filter

    private init(filter: Filter) {
        self.filter = filter
    }

    /// Regular files under `root` and links to them, relative paths, sorted. Hidden files and folders
    /// are skipped, and links to folders are not followed (a link can make a cycle).
    /// `rootBytes` is the root's path as bytes when it is not valid UTF-8 (`root` then shows it decoded).
    static func files(under root: String, rootBytes: [UInt8]? = nil, filter: Filter = .init()) -> FolderWalk {
        var walk = FolderWalk(filter: filter)
        walk.visit(rootBytes ?? Array(root.utf8), display: root, relative: "", rawRelative: rootBytes != nil)
        walk.files.sort { $0.relative < $1.relative }
        return walk
    }

    private mutating func visit(_ folder: [UInt8], display: String, relative: String, rawRelative: Bool) {
        let stream = (folder.isEmpty ? [UInt8(ascii: "/")] : folder).withCString { opendir($0) }
        guard let stream else {
            unreadable.append((display, .unreadable("cannot list the folder: \(String(cString: strerror(errno)))")))
            return
        }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let nameBytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if nameBytes.first == UInt8(ascii: ".") { continue }
            let decoded = String(validating: nameBytes, as: UTF8.self)
            let name =
                decoded ?? TextDecoding.convert(nameBytes, from: "GB18030")
                ?? String(decoding: nameBytes, as: UTF8.self)
            let path = folder + [UInt8(ascii: "/")] + nameBytes
            let isRaw = rawRelative || decoded == nil
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            if excluded(relativePath, name: name) { continue }
            if filter.ownOutputs.contains(display + "/" + relativePath) {
                ownOutputs.append(display + "/" + relativePath)
                continue
            }
            let file = File(relative: relativePath, fileSystemPath: isRaw ? path : nil)
            switch Int(entry.pointee.d_type) {
            case Int(DT_REG): files.append(file)
            case Int(DT_DIR): visit(path, display: display, relative: relativePath, rawRelative: isRaw)
            case Int(DT_LNK): if Self.kind(of: path, following: true) == S_IFREG { files.append(file) }
            case Int(DT_UNKNOWN):
                // File systems that do not fill in the type.
                switch Self.kind(of: path, following: false) {
                case S_IFREG: files.append(file)
                case S_IFDIR: visit(path, display: display, relative: relativePath, rawRelative: isRaw)
                case S_IFLNK: if Self.kind(of: path, following: true) == S_IFREG { files.append(file) }
                default: break
                }
            default: break
            }
        }
    }

    /// True when an `--exclude` pattern matches the relative path or the name. `*` matches across `/`.
    private func excluded(_ relativePath: String, name: String) -> Bool {
        filter.excludes.contains { Self.matches($0, relativePath) || Self.matches($0, name) }
    }

    static func matches(_ pattern: String, _ text: String) -> Bool {
        fnmatch(pattern, text, 0) == 0
    }

    private static func kind(of path: [UInt8], following: Bool) -> mode_t? {
        var info = stat()
        let status = path.withCString { following ? stat($0, &info) : lstat($0, &info) }
        guard status == 0 else { return nil }
        return info.st_mode & S_IFMT
    }
}

extension Array where Element == UInt8 {
    /// Runs `body` with the bytes as a NUL-terminated C string.
    func withCString<R>(_ body: (UnsafePointer<CChar>) -> R) -> R {
        let terminated = self.map { CChar(bitPattern: $0) } + [0]
        return terminated.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
