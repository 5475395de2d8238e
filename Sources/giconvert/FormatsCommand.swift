import ArgumentParser
import GIConvertCore
import GIConvertFormats

struct FormatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats",
        abstract: "List the readers and writers, with their extensions.")

    func run() throws {
        let registry = BuiltinFormats.registry
        var lines = ["direction  name      extensions          description"]
        for reader in registry.readers {
            lines.append(Self.line("read", reader.descriptor))
        }
        for writer in registry.writers {
            lines.append(Self.line("write", writer.descriptor))
        }
        print(lines.joined(separator: "\n"))
    }

    static func line(_ direction: String, _ descriptor: FormatDescriptor) -> String {
        let extensions = descriptor.fileExtensions.map { ".\($0)" }.joined(separator: " ")
        return pad(direction, 10) + " " + pad(descriptor.name, 9) + " " + pad(extensions, 19) + " " + descriptor.summary
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
