import ArgumentParser
import Foundation
import GIConvertCore
import GIConvertFormats

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert reports (the default command).")

    @Argument(help: "Input reports.")
    var inputs: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file; `-` for standard output.", valueName: "OUT"))
    var output: String

    @Option(help: ArgumentHelp("Read inputs as this format instead of guessing it (see `giconvert formats`).", valueName: "FORMAT"))
    var from: String?

    @Option(help: ArgumentHelp("Write this format whatever OUT's extension.", valueName: "FORMAT"))
    var to: String?

    @Flag(help: "Exit with status 3 when a consistency rule fails (the output is still written).")
    var strict = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("Give at least one input report.") }
        let registry = BuiltinFormats.registry
        if let from, registry.reader(named: from) == nil {
            throw ValidationError("No reader named '\(from)'; see `giconvert formats`.")
        }
        if let to, registry.writer(named: to) == nil {
            throw ValidationError("No writer named '\(to)'; see `giconvert formats`.")
        }
        if to == nil, output != "-", registry.writer(forPath: output) == nil {
            throw ValidationError("Cannot tell the output format of '\(output)' from its extension; add --to FORMAT (see `giconvert formats`).")
        }
    }

    func run() throws {
        let registry = BuiltinFormats.registry
        let writerType: any ReportWriter.Type = to.flatMap(registry.writer(named:))
            ?? registry.writer(forPath: output) ?? registry.writer(named: "csv")!
        let converter = Converter(registry: registry, readerName: from)

        var reports: [Report] = []
        var failures = 0
        for input in inputs {
            do {
                reports.append(try converter.convertFile(atPath: input))
            } catch {
                failures += 1
                Diagnostics.error("\(input): \(error)")
            }
        }
        if reports.isEmpty { throw ExitCode(1) }

        do {
            let destination = try AtomicOutput(path: output)
            var writer = writerType.init()
            try writer.begin(destination.sink, context: WriterContext(isCollection: inputs.count > 1))
            for report in reports { try writer.write(report, to: destination.sink) }
            try writer.finish(destination.sink)
            try destination.commit()
        } catch {
            Diagnostics.error("\(output): \(error)")
            throw ExitCode(1)
        }

        var ruleFailures = 0
        for report in reports {
            let failed = report.findings.filter { $0.kind == .ruleFailed }
            ruleFailures += failed.isEmpty ? 0 : 1
            if !quiet, !failed.isEmpty {
                Diagnostics.note("\(report.metadata.source): \(failed.count) consistency check(s) failed, e.g. \(failed[0].message)")
            }
        }
        if failures > 0 { throw ExitCode(1) }
        if strict && ruleFailures > 0 { throw ExitCode(3) }
    }
}

/// Messages on standard error, one line each.
enum Diagnostics {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("giconvert: error: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("giconvert: \(message)\n".utf8))
    }
}
