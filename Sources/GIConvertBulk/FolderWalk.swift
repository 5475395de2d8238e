#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GIConvertCore

/// The files under a folder, listed with `opendir`/`readdir`: the file type comes with each entry,
/// so a folder of thousands of reports costs no `stat` per file.
struct FolderWalk {
    /// Paths relative to the root, in the order met.
    private(set) var files: [String] = []
    /// Folders under the root that could not be listed, with why.
    private(set) var unreadable: [(source: String, error: InputError)] = []

    /// Regular files under `root` and links to them, relative paths, sorted. Hidden files and folders
    /// are skipped, and links to folders are not followed (a link can make a cycle).
    static func files(under root: String) -> (files: [String], unreadable: [(source: String, error: InputError)]) {
        var walk = FolderWalk()
        walk.visit(root, relative: "")
        return (walk.files.sorted(), walk.unreadable)
    }

    private mutating func visit(_ folder: String, relative: String) {
        guard let stream = opendir(folder.isEmpty ? "/" : folder) else {
            unreadable.append((folder, .unreadable("cannot list the folder: \(String(cString: strerror(errno)))")))
            return
        }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name.hasPrefix(".") { continue }
            let path = folder + "/" + name
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            switch Int(entry.pointee.d_type) {
            case Int(DT_REG): files.append(relativePath)
            case Int(DT_DIR): visit(path, relative: relativePath)
            case Int(DT_LNK): if Self.kind(of: path, following: true) == S_IFREG { files.append(relativePath) }
            case Int(DT_UNKNOWN):
                // File systems that do not fill in the type.
                switch Self.kind(of: path, following: false) {
                case S_IFREG: files.append(relativePath)
                case S_IFDIR: visit(path, relative: relativePath)
                case S_IFLNK: if Self.kind(of: path, following: true) == S_IFREG { files.append(relativePath) }
                default: break
                }
            default: break
            }
        }
    }

    private static func kind(of path: String, following: Bool) -> mode_t? {
        var info = stat()
        guard (following ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }
}
