import ArgumentParser
import Foundation
import GIConvertBulk
import GIConvertCore
import GIConvertFormats

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert reports (the default command).",
        discussion: """
            Inputs may be files, folders (searched recursively for files with a reader's extension) and
            .zip archives (members read in memory, named ARCHIVE.zip/path/in/archive). Many inputs make one
            combined output, sorted by source: rows of every report in a CSV, one report per line in .jsonl,
            an array in .json. With -o DIR/ each input gets its own output file, mirroring the inputs' tree.
            A bad input never stops the run: it is named on stderr with its reason, and the run ends with a
            summary and exit status 1.
            """)

    @Argument(help: "Input reports, folders or .zip archives.")
    var inputs: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file, `-` for standard output, or DIR/ for one output per input.", valueName: "OUT"))
    var output: String

    @Option(help: ArgumentHelp("Read inputs as this format instead of guessing it (see `giconvert formats`).", valueName: "FORMAT"))
    var from: String?

    @Option(help: ArgumentHelp("Write this format whatever OUT's extension (default for - and DIR/: csv).", valueName: "FORMAT"))
    var to: String?

    @Flag(help: "Exit with status 3 when a consistency rule fails (the output is still written).")
    var strict = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Convert N inputs at a time (default: all cores).", valueName: "N"))
    var jobs: Int?

    @Option(help: ArgumentHelp("Convert only part K of N of the inputs, chosen by a stable hash of their names, for job arrays.", valueName: "K/N"))
    var shard: String?

    @Option(help: ArgumentHelp("Also write the inputs that failed, with their reasons, to this CSV file.", valueName: "FILE.csv"))
    var errors: String?

    @Flag(name: .shortAndLong, help: "Print nothing but errors (no progress, notes or summary).")
    var quiet = false

    private var isDirectoryOutput: Bool {
        var isDirectory: ObjCBool = false
        return output.hasSuffix("/") || (FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("Give at least one input report, folder or .zip archive.") }
        let registry = BuiltinFormats.registry
        if let from, registry.reader(named: from) == nil {
            throw ValidationError("No reader named '\(from)'; see `giconvert formats`.")
        }
        if let to, registry.writer(named: to) == nil {
            throw ValidationError("No writer named '\(to)'; see `giconvert formats`.")
        }
        if to == nil, output != "-", !isDirectoryOutput, registry.writer(forPath: output) == nil {
            throw ValidationError("Cannot tell the output format of '\(output)' from its extension; add --to FORMAT (see `giconvert formats`).")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        if let shard, Shard(shard) == nil { throw ValidationError("--shard takes K/N with 1 ≤ K ≤ N, e.g. --shard 2/8.") }
    }

    func run() throws {
        let registry = BuiltinFormats.registry
        let writerType: any ReportWriter.Type = to.flatMap(registry.writer(named:))
            ?? (isDirectoryOutput ? nil : registry.writer(forPath: output)) ?? registry.defaultWriter!
        let converter = Converter(registry: registry, readerName: from)
        let extensions = Set(registry.readers.flatMap { $0.descriptor.fileExtensions })
        let collection = InputCollector(knownExtensions: extensions, options: converter.options).collect(inputs)
        let shard = self.shard.flatMap(Shard.init)
        let items = shard.map { shard in collection.items.filter { shard.contains($0.source) } } ?? collection.items
        let isCollection = collection.expandedContainers || collection.items.count > 1

        var run = RunRecord(quiet: quiet, total: items.count)
        for failure in collection.failures { run.fail(failure.source, failure.error) }

        let bulk = BulkConverter(converter: converter, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        if isDirectoryOutput {
            try convertToDirectory(items, bulk: bulk, writerType: writerType, run: &run)
        } else {
            try convertToOneOutput(items, bulk: bulk, writerType: writerType, isCollection: isCollection, run: &run)
        }
        run.progress.finish()

        if let errors { try writeErrors(run.failures, to: errors) }
        if items.count == 1, let report = run.lastReport, !quiet {
            let failed = report.findings.filter { $0.kind.failsStrictCheck }
            if !failed.isEmpty {
                Diagnostics.note("\(report.metadata.source): \(failed.count) consistency check(s) failed, e.g. \(failed[0].message)")
            }
        }
        if !quiet && (items.count > 1 || isCollection) { Diagnostics.note(run.summary(shard: shard)) }
        if !run.failures.isEmpty { throw ExitCode(1) }
        if strict && run.reportsWithRuleFailures > 0 { throw ExitCode(3) }
    }

    private func convertToOneOutput(_ items: [InputItem], bulk: BulkConverter, writerType: any ReportWriter.Type,
                                    isCollection: Bool, run: inout RunRecord) throws {
        let destination: AtomicOutput
        do {
            destination = try AtomicOutput(path: output)
        } catch {
            Diagnostics.error("\(output): \(error)")
            throw ExitCode(1)
        }
        do {
            var writer = writerType.init()
            try writer.begin(destination.sink, context: WriterContext(isCollection: isCollection))
            try bulk.run(items) { item, outcome in
                switch outcome {
                case .success(let reports):
                    for report in reports { try writer.write(report, to: destination.sink) }
                    run.succeed(reports)
                case .failure(let error):
                    run.fail(item.source, error)
                }
            }
            try writer.finish(destination.sink)
            // Nothing readable: leave no output behind, as for a single unreadable file.
            if run.converted == 0 && !items.isEmpty || (items.isEmpty && !run.failures.isEmpty) {
                destination.discard()
            } else {
                try destination.commit()
            }
        } catch {
            destination.discard()
            Diagnostics.error("\(output): \(error)")
            throw ExitCode(1)
        }
    }

    private func convertToDirectory(_ items: [InputItem], bulk: BulkConverter, writerType: any ReportWriter.Type,
                                    run: inout RunRecord) throws {
        let root = output.hasSuffix("/") ? String(output.dropLast()) : output
        let ext = writerType.descriptor.fileExtensions.first ?? writerType.descriptor.name
        try bulk.run(items) { item, outcome in
            switch outcome {
            case .failure(let error):
                run.fail(item.source, error)
            case .success(let reports):
                let path = "\(root)/\((item.relativePath as NSString).deletingPathExtension).\(ext)"
                do {
                    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                            withIntermediateDirectories: true)
                    let destination = try AtomicOutput(path: path)
                    var writer = writerType.init()
                    try writer.writeAll(reports, to: destination.sink, context: WriterContext(isCollection: reports.count != 1))
                    try destination.commit()
                    run.succeed(reports)
                } catch {
                    Diagnostics.error("\(path): \(error)")
                    throw ExitCode(1)
                }
            }
        }
    }

    private func writeErrors(_ failures: [(source: String, error: InputError)], to path: String) throws {
        do {
            let destination = try AtomicOutput(path: path)
            destination.sink.write("source,error\r\n")
            for failure in failures {
                destination.sink.write(CSVRecord.line([failure.source, failure.error.description]))
            }
            try destination.commit()
        } catch {
            Diagnostics.error("\(path): \(error)")
            throw ExitCode(1)
        }
    }
}

/// What happened in a run, for the exit status, the progress line and the summary.
struct RunRecord {
    var failures: [(source: String, error: InputError)] = []
    var converted = 0
    var reportsWithRuleFailures = 0
    var lastReport: Report?
    var progress: ProgressLine
    let started = Date()

    init(quiet: Bool, total: Int) {
        progress = ProgressLine(total: total, enabled: !quiet && isatty(2) == 1)
    }

    mutating func succeed(_ reports: [Report]) {
        for report in reports {
            converted += 1
            if report.hasRuleFailures { reportsWithRuleFailures += 1 }
            lastReport = report
        }
        progress.advance()
    }

    mutating func fail(_ source: String, _ error: InputError) {
        failures.append((source, error))
        progress.clear()
        Diagnostics.error("\(source): \(error)")
        progress.advance()
    }

    func summary(shard: Shard?) -> String {
        let seconds = Date().timeIntervalSince(started)
        let rate = seconds > 0 ? Double(converted + failures.count) / seconds : 0
        var text = "converted \(converted) report(s)"
        if !failures.isEmpty { text += ", \(failures.count) failed" }
        if reportsWithRuleFailures > 0 { text += ", \(reportsWithRuleFailures) with failed consistency checks" }
        if let shard { text += " (shard \(shard))" }
        return text + String(format: " in %.1f s (%.1f/s)", seconds, rate)
    }
}
