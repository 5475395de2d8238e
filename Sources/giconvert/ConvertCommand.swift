import ArgumentParser
import CSVWriter
import Foundation
import GIConvertBulk
import GIConvertBytes
import GIConvertCore
import GIConvertFormats

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert reports (the default command).",
        discussion: """
            Inputs may be files, folders (searched recursively for files with a reader's extension), .zip archives (members read in memory, named ARCHIVE.zip/path/in/archive) and - for standard input.

            Many inputs make one combined output, sorted by source: rows of every report in a CSV, one report per line in .jsonl, an array in .json. With -o DIR/ each input gets its own output file, named after the input with its extension kept (a.docx -> DIR/a.docx.csv), mirroring the inputs' tree.

            A bad input never stops the run: it is named on stderr with its reason, and the run ends with a summary and exit status 1.
            """)

    @Argument(help: "Input reports, folders, .zip archives, or - for standard input.")
    var inputs: [String] = []

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp("Output file, `-` for standard output, or DIR/ for one output per input.", valueName: "OUT"))
    var outputOption: String?

    /// The output as given; ``validate()`` makes sure there is one.
    private var output: String { outputOption ?? "" }

    @Option(
        help: ArgumentHelp(
            "Read inputs as this format instead of guessing it: a reader's name or extension (see `giconvert formats`).",
            valueName: "FORMAT"),
        completion: .list(BuiltinFormats.registry.readerNames))
    var from: String?

    @Option(
        help: ArgumentHelp(
            "Write this format whatever OUT's extension: a writer's name or extension such as md or xlsx (default for - and DIR/: csv).",
            valueName: "FORMAT"),
        completion: .list(BuiltinFormats.registry.writerNames))
    var to: String?

    @Flag(help: "Start a CSV output with a UTF-8 byte-order mark, so that Excel reads its Chinese text right.")
    var bom = false

    @Flag(
        help: "Exit with status 3 when a consistency rule fails (the output is still written); name each such report.")
    var strict = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Convert N inputs at a time (default: all cores).", valueName: "N"))
    var jobs: Int?

    @Option(
        help: ArgumentHelp(
            "Convert only part K of N of the inputs, chosen by a stable hash of their names, for job arrays.",
            valueName: "K/N"))
    var shard: String?

    @Option(
        help: ArgumentHelp(
            "Also write the inputs that failed, with their reasons, to this CSV file.", valueName: "FILE.csv"))
    var errors: String?

    @Option(
        help: ArgumentHelp(
            "Also write every finding of every report, one row each, to this CSV file.", valueName: "FILE.csv"))
    var findings: String?

    @Option(
        help: ArgumentHelp(
            "Leave out files and folders of folder walks and archives whose path or name matches GLOB (repeatable).",
            valueName: "GLOB"))
    var exclude: [String] = []

    @Flag(name: .shortAndLong, help: "Print nothing but errors (no progress, notes or summary).")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Also name the files skipped and the reports whose consistency checks failed.")
    var verbose = false

    /// True for one output per input: OUT ends with `/`, or is a folder whose name no writer claims.
    private var isDirectoryOutput: Bool {
        output.hasSuffix("/") || (Self.isDirectory(output) && BuiltinFormats.registry.writer(forPath: output) == nil)
    }

    /// A first input that does not exist and is within two letters of a subcommand's name (`convrt`).
    static func mistypedCommand(_ inputs: [String]) -> (input: String, command: String)? {
        guard let first = inputs.first, first != "-", !first.contains("/"), !first.contains("."),
            access(first, F_OK) != 0
        else { return nil }
        let commands = GIConvertCommand.configuration.subcommands.compactMap { $0.configuration.commandName }
        guard let command = commands.min(by: { editDistance(first, $0) < editDistance(first, $1) }),
            editDistance(first, command) <= 2
        else { return nil }
        return (first, command)
    }

    /// The number of single-character insertions, deletions and substitutions between two words.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }

    /// More than one input, a folder or a `.zip` archive: a run of many reports.
    private var isBulk: Bool {
        inputs.count > 1
            || inputs.contains { $0 != "-" && (Self.isDirectory($0) || FormatRegistry.fileExtension(of: $0) == "zip") }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    func validate() throws {
        if inputs.isEmpty {
            throw ValidationError("Give at least one input report, folder, .zip archive or - (standard input).")
        }
        if let typo = Self.mistypedCommand(inputs) {
            throw ValidationError("There is no file '\(typo.input)'. Did you mean `giconvert \(typo.command)`?")
        }
        guard outputOption != nil else {
            throw ValidationError(
                "Missing -o OUT: name the output file (-o report.csv), - for standard output (-o - --to csv), or DIR/ for one output per input."
            )
        }
        let registry = BuiltinFormats.registry
        if let from, registry.reader(named: from) == nil {
            throw ValidationError("No reader named '\(from)'; see `giconvert formats`.")
        }
        if let to, registry.writer(named: to) == nil {
            throw ValidationError("No writer named '\(to)'; see `giconvert formats`.")
        }
        if !output.hasSuffix("/"), output != "-", Self.isDirectory(output), registry.writer(forPath: output) != nil {
            throw ValidationError(
                "'\(output)' is a folder; write '\(output)/' for one output per input, or name a file.")
        }
        if to == nil, output != "-", !isDirectoryOutput, registry.writer(forPath: output) == nil {
            throw ValidationError(
                "Cannot tell the output format of '\(output)' from its extension; add --to FORMAT (see `giconvert formats`)."
            )
        }
        if output == "-", isatty(1) == 1, let writer = to.flatMap(registry.writer(named:)) ?? registry.defaultWriter,
            writer.descriptor.isBinary
        {
            throw ValidationError(
                "Refusing to write \(writer.descriptor.name) (binary) to a terminal; redirect standard output or name a file with -o."
            )
        }
        if inputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("Standard input (-) can be read only once.") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        if let shard, Shard(shard) == nil {
            throw ValidationError("--shard takes K/N with 1 ≤ K ≤ N, e.g. --shard 2/8.")
        }
    }

    func run() throws {
        // A bulk run is supervised, so that an input that crashes the converter costs only itself; a run
        // of one file has no other input to save and is spared the second start of the program.
        let bulk = isBulk
        let role =
            bulk
            ? Supervisor.start(readsStandardInput: inputs.contains("-"), verbose: verbose && !quiet)
            : .unsupervised
        Interruption.install()
        CrashNote.install(endingRun: !bulk)
        // A worker's stderr goes to its supervisor, which shows library messages only with --verbose.
        if case .worker = role {
            LibraryMessages.show(prefix: "")
        } else {
            LibraryMessages.show(prefix: verbose && !quiet ? "giconvert: " : nil)
        }
        guard case .worker(let plan) = role else { return try convert(role: role, plan: WorkerPlan()) }
        do {
            try convert(role: role, plan: plan)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            // The worker's standard error goes to the supervisor: say it on the real one.
            Diagnostics.error("\(error)")
            throw ExitCode(1)
        }
    }

    /// The run itself, as `role` and `plan` say: in a probe, only the inputs under suspicion are
    /// converted and nothing is written.
    private func convert(role: WorkerRole, plan: WorkerPlan) throws {
        let registry = BuiltinFormats.registry
        let writerType: any ReportWriter.Type =
            to.flatMap(registry.writer(named:))
            ?? (isDirectoryOutput ? nil : registry.writer(forPath: output)) ?? registry.defaultWriter!
        let converter = Converter(registry: registry, readerName: from)
        let extensions = Set(registry.readers.flatMap { $0.descriptor.fileExtensions })
        let ownOutputs = ([output, errors, findings] as [String?]).compactMap { $0 }.filter { $0 != "-" }
        let collection = InputCollector(
            knownExtensions: extensions, options: converter.options, excludes: exclude,
            ownOutputs: ownOutputs
        ).collect(inputs, rawArguments: Self.rawArguments(for: inputs))
        let shard = self.shard.flatMap(Shard.init)
        let items = shard.map { shard in collection.items.filter { shard.contains($0.source) } } ?? collection.items
        let isCollection = collection.expandedContainers || collection.items.count > 1
        if case .probe(let suspects) = role {
            // The reports are encoded as in the run, so that a crash in encoding is found again.
            let context = WriterContext(isCollection: isCollection, byteOrderMark: bom)
            let encoding = Self.encoding(isDirectoryOutput ? nil : writerType, context: context)
            try BulkConverter(converter: converter, jobs: 1)
                .run(collection.items.filter { suspects.contains($0.source) }, prepare: encoding) { _, _, _ in }
            throw ExitCode.success
        }

        var run = RunRecord(quiet: quiet, verbose: verbose, strict: strict, total: items.count)
        // A rerun after a crash: what the earlier attempts said is not said again.
        run.muted = plan.isRerun
        for failure in collection.failures { run.fail(failure.source, failure.error.description) }
        for skip in collection.skipped { run.skip(skip.source, skip.reason) }
        run.mutedDeliveries = plan.reportedDeliveries

        let findingsOutput = try findings.map { path in try Self.open(path) }
        if bom { findingsOutput?.sink.write(TextDecoding.utf8ByteOrderMark) }
        findingsOutput?.sink.write(CSVRecord.line(FindingsTable.columns))
        run.findingsSink = findingsOutput?.sink

        let bulk = BulkConverter(
            converter: converter, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
            leftOut: plan.crashed.mapValues { InputError.crashed(signal: $0) })
        if isDirectoryOutput {
            try convertToDirectory(items, bulk: bulk, writerType: writerType, run: &run)
        } else {
            try convertToOneOutput(items, bulk: bulk, writerType: writerType, isCollection: isCollection, run: &run)
        }
        run.progress.finish()
        run.muted = false
        // Across years: this year's carried-over row against last year's carried-forward row.
        run.datasetFindings = run.carryOver.findings()
        for finding in run.datasetFindings {
            if !quiet { Diagnostics.note("\(finding.source): \(finding.finding.message)") }
            findingsOutput?.sink.write(CSVRecord.line(FindingsTable.record(finding)))
        }

        if let errors { try writeErrors(run.failures, to: errors) }
        if let findingsOutput { try Self.commit(findingsOutput) }
        if items.count == 1, !strict, let report = run.lastReport, !quiet {
            let failed = report.findings.filter { $0.kind.failsStrictCheck }
            if !failed.isEmpty {
                Diagnostics.note(
                    "\(report.metadata.source): \(failed.count) consistency check(s) failed, e.g. \(failed[0].message)")
            }
        }
        if run.converted == 0 && run.failures.isEmpty {
            Diagnostics.error(
                run.skipped.isEmpty
                    ? "no reports to convert: no input holds a file a reader claims (see `giconvert formats`)"
                    : "no reports to convert: \(run.skipped.count) file(s) skipped, none converted (--verbose names them)"
            )
            throw ExitCode(1)
        }
        if !quiet && (items.count > 1 || isCollection) { Diagnostics.note(run.summary(shard: shard)) }
        if !run.failures.isEmpty || run.converted == 0 { throw ExitCode(1) }
        if strict && (run.reportsWithRuleFailures > 0 || !run.datasetFindings.isEmpty) { throw ExitCode(3) }
    }

    /// The bytes of each input argument as the process received them: an argument that is not valid
    /// UTF-8 (a GBK file name) reaches `inputs` with its bad bytes replaced, and could not be opened.
    private static func rawArguments(for inputs: [String]) -> [[UInt8]]? {
        let argv = (1..<Int(CommandLine.argc)).compactMap { index in
            CommandLine.unsafeArgv[index].map { Array(UnsafeRawBufferPointer(start: $0, count: strlen($0))) }
        }
        guard argv.contains(where: { String(validating: $0, as: UTF8.self) == nil }) else { return nil }
        // Inputs are the arguments that decode to them, in order.
        var next = 0
        return inputs.map { input in
            while next < argv.count {
                defer { next += 1 }
                if String(decoding: argv[next], as: UTF8.self) == input { return argv[next] }
            }
            return Array(input.utf8)
        }
    }

    private static func open(_ path: String) throws -> AtomicOutput {
        do {
            return try AtomicOutput(path: path)
        } catch {
            Diagnostics.error("\(path): \(error)")
            throw ExitCode(1)
        }
    }

    private static func commit(_ output: AtomicOutput) throws {
        do {
            try output.commit()
        } catch {
            Diagnostics.error("\(output.path): \(error); nothing was written")
            throw ExitCode(1)
        }
    }

    private func convertToOneOutput(
        _ items: [InputItem], bulk: BulkConverter, writerType: any ReportWriter.Type,
        isCollection: Bool, run: inout RunRecord
    ) throws {
        let destination = try Self.open(output)
        do {
            var writer = writerType.init()
            let context = WriterContext(isCollection: isCollection, byteOrderMark: bom)
            try writer.begin(destination.sink, context: context)
            try bulk.run(items, prepare: Self.encoding(writerType, context: context)) { item, outcome, encoded in
                run.beginDelivery()
                switch outcome {
                case .converted(let reports):
                    var written: [Report] = []
                    for (index, report) in reports.enumerated() {
                        do {
                            if let encoded {
                                destination.sink.write(try encoded[index].get())
                            } else {
                                try writer.write(report, to: destination.sink)
                            }
                            written.append(report)
                        } catch let error as OutputError {
                            throw error
                        } catch {
                            // This report cannot be written in this format (the writer throws before
                            // writing any of it); the others still are.
                            run.fail(item.source, "cannot be written to \(output): \(error)")
                        }
                    }
                    if !written.isEmpty { run.succeed(written) }
                    // A write that failed (a full disk) ends the run: nothing more can be written.
                    if let failure = destination.sink.failure { throw failure }
                case .failed(let error):
                    run.fail(item.source, error.description)
                case .skipped(let reason):
                    run.skip(item.source, reason)
                    run.progress.advance()
                }
            }
            try writer.finish(destination.sink)
            // Nothing converted: leave no output behind, as for a single unreadable file.
            if run.converted == 0 {
                destination.discard()
            } else {
                try destination.commit()
            }
        } catch {
            destination.discard()
            Diagnostics.error("\(output): \(error); nothing was written")
            throw ExitCode(1)
        }
    }

    /// What a bulk run's workers make of each input for a one-output run: each report's bytes when the
    /// writer encodes reports one at a time (CSV rows, a JSON line), so the workers do the encoding and
    /// this thread only appends; nil for other writers (and no writer), which write on this thread.
    private static func encoding(
        _ writerType: (any ReportWriter.Type)?, context: WriterContext
    ) -> @Sendable (InputItem, BulkConverter.Outcome) -> [Result<[UInt8], any Error>]? {
        guard let perReport = writerType as? any PerReportWriter.Type else { return { _, _ in nil } }
        return encoding(perReport, context: context)
    }

    private static func encoding<Writer: PerReportWriter>(
        _: Writer.Type, context: WriterContext
    ) -> @Sendable (InputItem, BulkConverter.Outcome) -> [Result<[UInt8], any Error>]? {
        { _, outcome in
            guard case .converted(let reports) = outcome else { return nil }
            return reports.map { report in Result { try Writer.encode(report, context: context) } }
        }
    }

    private func convertToDirectory(
        _ items: [InputItem], bulk: BulkConverter, writerType: any ReportWriter.Type,
        run: inout RunRecord
    ) throws {
        let root = output.count > 1 && output.hasSuffix("/") ? String(output.dropLast()) : output
        let ext = writerType.descriptor.fileExtensions.first ?? writerType.descriptor.name
        let layout = OutputLayout(root: root, fileExtension: ext)
        // Two inputs that would write the same file: refuse the run before writing anything.
        let collisions = layout.collisions(items)
        if !collisions.isEmpty {
            for (path, sources) in collisions {
                Diagnostics.error(
                    "\(path): inputs \(sources.joined(separator: ", ")) would all be written here; convert them in separate runs or rename one"
                )
            }
            throw ExitCode(1)
        }
        do {
            try OutputLayout.makeDirectory(root)
        } catch {
            Diagnostics.error("\(root): \(error)")
            throw ExitCode(1)
        }
        try bulk.run(items) { item, outcome in
            run.beginDelivery()
            switch outcome {
            case .failed(let error):
                run.fail(item.source, error.description)
            case .skipped(let reason):
                run.skip(item.source, reason)
                run.progress.advance()
            case .converted(let reports):
                let path = layout.path(for: item)
                do {
                    try layout.makeParents(of: path)
                    let destination = try AtomicOutput(path: path)
                    var writer = writerType.init()
                    try writer.writeAll(
                        reports, to: destination.sink,
                        context: WriterContext(isCollection: reports.count != 1, byteOrderMark: bom))
                    try destination.commit()
                    run.succeed(reports)
                } catch {
                    // This input's output failed; the others are still written.
                    run.fail(item.source, "cannot write \(path): \(error)")
                }
            }
        }
    }

    private func writeErrors(_ failures: [(source: String, message: String)], to path: String) throws {
        let destination = try Self.open(path)
        destination.sink.write("source,error\r\n")
        for failure in failures {
            destination.sink.write(CSVRecord.line([failure.source, failure.message]))
        }
        try Self.commit(destination)
    }
}

/// What happened in a run, for the exit status, the progress line and the summary.
struct RunRecord {
    var failures: [(source: String, message: String)] = []
    var skipped: [(source: String, reason: String)] = []
    var converted = 0
    var reportsWithRuleFailures = 0
    var lastReport: Report?
    var progress: ProgressLine
    /// True while messages are not shown: an earlier attempt of a supervised run showed them.
    var muted = false
    /// Inputs handed over so far, and how many of the first are muted.
    var delivered = 0
    var mutedDeliveries = 0
    let verbose: Bool
    let strict: Bool
    /// Where every finding goes (`--findings`), if anywhere.
    var findingsSink: OutputSink?
    /// The figures the check across years compares, kept from every converted report.
    var carryOver = CarryOverCheck()
    /// What that check found, once the run is over.
    var datasetFindings: [DatasetFinding] = []
    let started = Date()

    init(quiet: Bool, verbose: Bool, strict: Bool, total: Int) {
        progress = ProgressLine(total: total, enabled: !quiet && MessageOutput.isTerminal)
        self.verbose = verbose && !quiet
        self.strict = strict
    }

    /// Called as each input is handed over, in input order.
    mutating func beginDelivery() {
        muted = delivered < mutedDeliveries
        delivered += 1
    }

    mutating func succeed(_ reports: [Report]) {
        for report in reports {
            converted += 1
            if report.hasRuleFailures {
                reportsWithRuleFailures += 1
                if strict || verbose { noteRuleFailures(report) }
            }
            if let findingsSink {
                for record in FindingsTable.records(report) { findingsSink.write(CSVRecord.line(record)) }
            }
            carryOver.add(report)
            lastReport = report
        }
        progress.advance()
    }

    /// One line naming the report, its first failed rule and cell, and how many more failed.
    private mutating func noteRuleFailures(_ report: Report) {
        let failed = report.findings.filter { $0.kind.failsStrictCheck }
        guard let first = failed.first, !muted else { return }
        let cell = [first.table?.rawValue, first.row, first.column].compactMap { $0 }.joined(separator: "/")
        let more = failed.count > 1 ? " (and \(failed.count - 1) more)" : ""
        progress.clear()
        Diagnostics.note(
            "\(report.metadata.source): consistency check \(first.rule ?? first.kind.rawValue) failed at \(cell): \(first.message)\(more)"
        )
    }

    mutating func fail(_ source: String, _ message: String) {
        failures.append((source, message))
        if !muted {
            progress.clear()
            Diagnostics.error("\(source): \(message)")
        }
        progress.advance()
    }

    mutating func skip(_ source: String, _ reason: String) {
        skipped.append((source, reason))
        if verbose && !muted {
            progress.clear()
            Diagnostics.note("skipped \(source): \(reason)")
        }
    }

    func summary(shard: Shard?) -> String {
        let seconds = Date().timeIntervalSince(started)
        let rate = seconds > 0 ? Double(converted + failures.count) / seconds : 0
        var text = "converted \(converted) report(s)"
        if !failures.isEmpty { text += ", \(failures.count) failed" }
        if !skipped.isEmpty { text += ", \(skipped.count) skipped" }
        if reportsWithRuleFailures > 0 { text += ", \(reportsWithRuleFailures) with failed consistency checks" }
        if !datasetFindings.isEmpty { text += ", \(datasetFindings.count) carry-over mismatch(es) between years" }
        if let shard { text += " (shard \(shard))" }
        return text + String(format: " in %.1f s (%.1f/s)", seconds, rate)
    }
}
