import Foundation

/// The format modules as the repository lays them out, for the test that every module is registered,
/// built and tested (CONTRIBUTING.md lists the places a new format touches).
public enum PluginModules {
    /// The module directories under `Plugins/`.
    public static func directories(under plugins: URL = Repository.file("Plugins")) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: plugins.path).filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".")
                && FileManager.default.fileExists(
                    atPath: plugins.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    /// The names in the `formatModules` list of a Package.swift.
    public static func packageFormatModules(_ manifest: String) -> [String] {
        guard let start = manifest.range(of: "let formatModules"),
            let end = manifest.range(of: "\n]", range: start.upperBound..<manifest.endIndex)
        else { return [] }
        let list = manifest[start.upperBound..<end.lowerBound]
        let pattern = try! NSRegularExpression(
            pattern: #"^\s*\(\s*"([A-Za-z_][A-Za-z0-9_]*)""#, options: .anchorsMatchLines)
        let text = String(list)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// The module a type is declared in (`HTMLReader` for `HTMLReader.HTMLReader`).
    public static func module(of type: Any.Type) -> String {
        String(String(reflecting: type).prefix { $0 != "." })
    }

    /// One line for every way the modules disagree: a directory under `Plugins/` that is not registered
    /// or not in Package.swift, a registered format with no directory, a module registered twice.
    public static func registrationProblems(plugins: [String], packageModules: [String], registered: [String])
        -> [String]
    {
        var problems: [String] = []
        let registeredSet = Set(registered)
        let packageSet = Set(packageModules)
        for plugin in plugins {
            if !registeredSet.contains(plugin) {
                problems.append(
                    "Plugins/\(plugin) is not registered: add `import \(plugin)` and `\(plugin).self` to the readers or "
                        + "writers of Sources/GIConvertFormats/BuiltinFormats.swift (CONTRIBUTING.md)")
            }
            if !packageSet.contains(plugin) {
                problems.append(
                    "Plugins/\(plugin) is not built: add (\"\(plugin)\", [...]) to formatModules in Package.swift (CONTRIBUTING.md)"
                )
            }
        }
        for module in Set(registered + packageModules).subtracting(plugins).sorted() {
            problems.append("\(module) is registered or in Package.swift but has no directory Plugins/\(module)")
        }
        for module in Set(registered) where registered.filter({ $0 == module }).count > 1 {
            problems.append("\(module) is registered more than once")
        }
        return problems
    }

    /// One line for every registered module with no tests of its own: a file `NAMETests.swift`
    /// anywhere under `Tests/` (new formats: `Tests/FormatTests/NAMETests.swift`) or a test target
    /// `Tests/NAMETests/`.
    public static func untested(_ modules: [String], tests: URL = Repository.file("Tests")) -> [String] {
        let paths = (FileManager.default.enumerator(atPath: tests.path)?.allObjects as? [String]) ?? []
        let names = Set(paths.map { String($0.split(separator: "/").last ?? "") })
        let targets = Set(paths.filter { !$0.contains("/") })
        return modules.filter { !names.contains("\($0)Tests.swift") && !targets.contains("\($0)Tests") }
            .map { "\($0) has no tests of its own: add Tests/FormatTests/\($0)Tests.swift (CONTRIBUTING.md)" }
    }
}
