import ArgumentParser
import Foundation
import GIConvertCore
import GIConvertFormats

@main
struct GIConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "giconvert",
        abstract: "Turn Chinese government information-disclosure annual reports into data.",
        discussion: """
            Reads 政府信息公开工作年度报告
            as PDF, Word, web pages or text and writes their tables as CSV, JSON, XLSX or Markdown. The reader is chosen from the input's extension or content, the writer from the output's extension; `giconvert formats` lists them.

            Examples:
              giconvert report.pdf -o report.csv      one report to the long CSV
              giconvert reports/ -o all.csv           a folder or .zip to one dataset
              giconvert report.docx -o out.json       the whole report as JSON
              giconvert report.txt -o - --to csv      CSV on standard output
              cat report.txt | giconvert - -o out.csv --strict

            Options of the default command: `giconvert convert --help`. Version: `giconvert --version` (with --verbose, the libraries' versions too).

            Exit status: 0 converted; 1 an input could not be read or held no report, or the output could not be written; 3 with --strict, a consistency rule failed or a table was placed by position (the output is still written); 64 usage error.
            """,
        subcommands: [ConvertCommand.self, FormatsCommand.self],
        defaultSubcommand: ConvertCommand.self)

    /// This build's version.
    static let version = "0.10.0"

    static func main() {
        // With TZ unset, glibc stats /etc/localtime on every mktime, and libzip calls mktime for every
        // member of every archive it opens: about 50 system calls per Word file, a fifth of a bulk run's
        // system time. Naming the same zone explicitly lets glibc read it once. Set before any thread starts.
        setenv("TZ", ":/etc/localtime", 0)
        let arguments = Array(CommandLine.arguments.dropFirst())
        let options = arguments.prefix { $0 != "--" }
        if options.contains("--version") {
            print("giconvert \(version)")
            if options.contains("--verbose") || options.contains("-v") {
                for library in BuiltinFormats.libraries { print("\(library.name) \(library.version)") }
            }
            Foundation.exit(0)
        }
        if let unknown = unknownShortOption(arguments) {
            FileHandle.standardError.write(
                Data(
                    """
                    Error: Unknown option '\(unknown)'. To convert a file whose name starts with '-', write ./\(unknown) or put it after --.
                    Usage: giconvert <inputs> ... --output <OUT>
                      See 'giconvert --help' for more information.

                    """.utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        main(arguments)
    }

    /// Options that take a value, whose value may start with `-`.
    private static let optionsWithValue: Set<String> = [
        "-o", "--output", "-j", "--jobs", "--from", "--to", "--shard", "--errors", "--findings", "--exclude",
    ]
    /// The one-letter flags, which may be grouped (`-qv`).
    private static let shortFlags: Set<Character> = ["q", "v", "h"]

    /// An argument that looks like grouped one-letter options but is not (`-dash.txt`): the argument
    /// parser would read its letters as flags, and an `h` among them as a request for help.
    static func unknownShortOption(_ arguments: [String]) -> String? {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" { return nil }
            if optionsWithValue.contains(argument) {
                index += 1
                continue
            }
            guard argument.hasPrefix("-"), !argument.hasPrefix("--"), argument.count > 2 else { continue }
            if argument.hasPrefix("-o") || argument.hasPrefix("-j") { continue }
            if !argument.dropFirst().allSatisfy(shortFlags.contains) { return argument }
        }
        return nil
    }
}
