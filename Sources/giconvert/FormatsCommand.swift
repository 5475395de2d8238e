import ArgumentParser
import GIConvertCore
import GIConvertFormats

struct FormatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats",
        abstract: "List the readers and writers, with their extensions.")

    func run() throws {
        let registry = BuiltinFormats.registry
        let rows = registry.readers.map { ("read", $0.descriptor) } + registry.writers.map { ("write", $0.descriptor) }
        let extensions = rows.map { row in row.1.fileExtensions.map { ".\($0)" }.joined(separator: " ") }
        let nameWidth = max(4, rows.map(\.1.name.count).max() ?? 0)
        let extensionWidth = max(10, extensions.map(\.count).max() ?? 0)
        var lines = [
            Self.pad("direction", 9) + "  " + Self.pad("name", nameWidth) + "  "
                + Self.pad("extensions", extensionWidth) + "  description"
        ]
        for (row, extensionList) in zip(rows, extensions) {
            lines.append(
                Self.pad(row.0, 9) + "  " + Self.pad(row.1.name, nameWidth) + "  "
                    + Self.pad(extensionList, extensionWidth) + "  " + row.1.summary)
        }
        lines.append("")
        lines.append("--from and --to take a format's name or any of its extensions (--to md, --to htm).")
        print(lines.joined(separator: "\n"))
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
