import CSVWriter
import Foundation
import GIConvertCore
import TestSupport
import TextReader

/// Reports, writers and external readers (python3 with openpyxl, LibreOffice) for the workbook tests.
enum Support {
    static let seedNames = [
        "000_71c8ded71e417266", "001_b7938c474e787140", "002_be443cd012c0fc6a", "003_fbaa997d3cdea271",
        "004_a1987c7275b215ef",
    ]

    /// The report recognised from a seed text, named as the command line would name it.
    static func report(_ seed: String) throws -> Report {
        let converter = Converter(registry: FormatRegistry(readers: [TextReader.self], writers: []))
        return try converter.convertFile(
            atPath: Repository.sample("seeds/\(seed).txt").path,
            name: "Samples/seeds/\(seed).txt")
    }

    /// The bytes `W` writes for `reports`.
    static func write<W: ReportWriter>(_ type: W.Type, _ reports: [Report], collection: Bool? = nil) throws -> [UInt8] {
        var writer = W()
        return try writer.bytes(of: reports, context: WriterContext(isCollection: collection ?? (reports.count > 1)))
    }

    /// The long CSV of `reports`, parsed into records (header first).
    static func csv(_ reports: [Report]) throws -> [[String]] {
        CSV.records(String(decoding: try write(CSVWriter.self, reports), as: UTF8.self))
    }

    /// A fresh directory for one test's files.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("giconvert-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func save(_ bytes: [UInt8], as name: String, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    struct CommandResult {
        var status: Int32
        var output: Data
        var errors: String
    }

    /// Runs a program found on PATH; standard error goes to a file so neither pipe can fill up.
    static func run(_ arguments: [String], in directory: URL) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        let errorsURL = directory.appendingPathComponent("stderr-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: errorsURL.path, contents: nil)
        let errors = try FileHandle(forWritingTo: errorsURL)
        defer { try? errors.close() }
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorText = (try? String(contentsOf: errorsURL, encoding: .utf8)) ?? ""
        return CommandResult(status: process.terminationStatus, output: data, errors: errorText)
    }

    /// Runs a Python script with `arguments` and decodes its JSON output.
    static func python<T: Decodable>(_ script: String, _ arguments: [String], in directory: URL, as type: T.Type) throws
        -> T
    {
        let result = try run(["python3", "-c", script] + arguments, in: directory)
        guard result.status == 0 else {
            throw ExternalToolFailure(message: "python3 exited with \(result.status): \(result.errors)")
        }
        return try JSONDecoder().decode(T.self, from: result.output)
    }

    struct ExternalToolFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// True when `name` is an executable on PATH.
    static func onPath(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }

    /// LibreOffice with its spreadsheet component: `soffice` on PATH, and, where the installation's
    /// program directory can be seen, Calc's library in it (Debian splits Calc into its own package).
    static let libreOfficeCalcAvailable: Bool = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/soffice"
            guard FileManager.default.isExecutableFile(atPath: candidate) else { continue }
            let program = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().deletingLastPathComponent()
            let files = (try? FileManager.default.contentsOfDirectory(atPath: program.path)) ?? []
            let hasWriter = files.contains { $0.hasPrefix("libswlo.") }
            let hasCalc = files.contains { $0.hasPrefix("libsclo.") }
            return hasCalc || !hasWriter
        }
        return false
    }()
}

/// A cell as an external reader saw it: `t` is `n` (number), `s` (string) or `e` (empty).
struct ReadCell: Decodable, Equatable, CustomStringConvertible {
    var t: String
    var n: Double?
    var s: String?

    var description: String {
        switch t {
        case "n": "number(\(n.map { "\($0)" } ?? "?"))"
        case "s": "string(\(s ?? ""))"
        default: "empty"
        }
    }
}

/// What openpyxl read from a workbook.
struct WorkbookDump: Decodable {
    struct Sheet: Decodable {
        var freeze: String?
        var merged: [String]
        /// `A1`-style reference → fill colour `RRGGBB`, for cells with a solid fill.
        var fills: [String: String]
        var widths: [String: Double]
        var cells: [[ReadCell]]
    }

    var sheets: [String]
    var sheet: [String: Sheet]
    /// Problems Excel would likely answer with a repair prompt (see `packageCheckScript`).
    var problems: [String]
}

/// Compares a sheet read back to the CSV's records: same header and rows; the numeric columns
/// (`value`, `year`) numbers where the CSV has text, empty where it is empty; the rest the CSV's text.
/// `transform` maps CSV text to what the reader is expected to show.
func mismatches(
    _ cells: [[ReadCell]], _ csv: [[String]], numericColumns: Set<Int>, transform: (String) -> String = { $0 }
) -> [String] {
    var problems: [String] = []
    if cells.count != csv.count { problems.append("\(cells.count) rows, the CSV has \(csv.count)") }
    for (rowIndex, (row, record)) in zip(cells, csv).enumerated() {
        for (column, field) in record.enumerated() {
            let cell = column < row.count ? row[column] : ReadCell(t: "e")
            let expected: ReadCell
            if field.isEmpty {
                expected = ReadCell(t: "e")
            } else if rowIndex > 0, numericColumns.contains(column), let number = Double(field) {
                expected = ReadCell(t: "n", n: number)
            } else {
                expected = ReadCell(t: "s", s: transform(field))
            }
            if cell != expected {
                problems.append("row \(rowIndex + 1) column \(column + 1): read \(cell), the CSV has \(expected)")
                if problems.count > 10 { return problems }
            }
        }
        if row.count > record.count, row[record.count...].contains(where: { $0.t != "e" }) {
            problems.append("row \(rowIndex + 1) has cells beyond the CSV's \(record.count) columns")
        }
    }
    return problems
}
