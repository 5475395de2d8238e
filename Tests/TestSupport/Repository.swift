import Foundation
import GIConvertCore

/// Paths of the repository the tests run in.
public enum Repository {
    /// The package root: the directory holding Package.swift.
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// A file or directory of the repository, by its path from the root.
    public static func file(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    /// A file under `Samples/`.
    public static func sample(_ relativePath: String) -> URL {
        root.appendingPathComponent("Samples").appendingPathComponent(relativePath)
    }

    /// The five seed reports as text, sorted by name.
    public static var seedReports: [URL] {
        let directory = sample("seeds")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// The `giconvert` executable built beside the test bundle.
    public static var executable: URL {
        let besideRunner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("giconvert")
        if FileManager.default.isExecutableFile(atPath: besideRunner.path) { return besideRunner }
        return root.appendingPathComponent(".build/debug/giconvert")
    }
}
