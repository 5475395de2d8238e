import GIConvertCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where each input's output goes with `-o DIR/`: the input's path relative to the argument it was
/// found under, with its extension kept and the output's added (`2021/a.docx` → `DIR/2021/a.docx.csv`),
/// so that `a.txt`, `a.html` and `a.docx` never share an output.
///
/// Names come from the inputs, and archive member names from whoever made the archive, so each is
/// made safe: `..`, `.` and empty components are dropped, an absolute path or a drive letter becomes
/// relative, backslashes separate folders, and control characters become `_`. Folders are created
/// one by one and a link met on the way is refused, so no output lands outside DIR.
public struct OutputLayout: Sendable {
    public let root: String
    public let fileExtension: String

    public init(root: String, fileExtension: String) {
        self.root = root
        self.fileExtension = fileExtension
    }

    /// The output path of `item`.
    public func path(for item: InputItem) -> String {
        "\(root)/\(Self.safeRelativePath(item.relativePath)).\(fileExtension)"
    }

    /// Output paths that more than one input would write, with those inputs.
    public func collisions(_ items: [InputItem]) -> [(path: String, sources: [String])] {
        var byPath: [String: [String]] = [:]
        for item in items { byPath[path(for: item), default: []].append(item.source) }
        return byPath.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// `relative` as a path that stays under the folder it is joined to.
    public static func safeRelativePath(_ relative: String) -> String {
        var components: [String] = []
        for (position, part) in relative.split(whereSeparator: { $0 == "/" || $0 == "\\" }).enumerated() {
            var name = String(part)
            // A drive letter (`C:`) starts a Windows absolute path.
            if position == 0, name.count >= 2, name.dropFirst().first == ":", name.first?.isASCII == true,
                name.first?.isLetter == true
            {
                name = String(name.dropFirst(2))
            }
            name = String(name.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "_" : Character($0) })
            if name.isEmpty || name == "." || name == ".." { continue }
            components.append(name)
        }
        return components.isEmpty ? "unnamed" : components.joined(separator: "/")
    }

    /// Creates `path` as a folder if it is not one (its parents must exist or be creatable).
    public static func makeDirectory(_ path: String) throws(OutputError) {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw .cannotCreate(path: path, reason: "it exists and is not a folder")
            }
            return
        }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectory(String(path[..<slash]))
        }
        if mkdir(path, 0o755) != 0, errno != EEXIST {
            throw .cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Creates the folders between the root and `path`, refusing to go through a link.
    public func makeParents(of path: String) throws(OutputError) {
        let relative = path.dropFirst(root.count + 1).split(separator: "/").dropLast()
        var folder = root
        for component in relative {
            folder += "/" + component
            var info = stat()
            if lstat(folder, &info) == 0 {
                switch info.st_mode & S_IFMT {
                case S_IFDIR: continue
                case S_IFLNK:
                    throw .cannotCreate(
                        path: path, reason: "\(folder) is a link; outputs are not written through links")
                default: throw .cannotCreate(path: path, reason: "\(folder) exists and is not a folder")
                }
            }
            if mkdir(folder, 0o755) != 0, errno != EEXIST {
                throw .cannotCreate(path: path, reason: "cannot create \(folder): \(String(cString: strerror(errno)))")
            }
        }
    }
}
