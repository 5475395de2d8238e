import Foundation
import GIConvertCore

/// A cell as a writer printed it: the `value` field (empty when the cell has no number) and its flags.
public struct PrintedCell: Equatable, Sendable, CustomStringConvertible {
    public var value: String
    public var flags: [String]

    public init(value: String, flags: [String] = []) {
        self.value = value
        self.flags = flags
    }

    /// `flags` as the long CSV prints them, `;`-separated.
    public init(value: String, flags: String) {
        self.init(value: value, flags: flags.split(separator: ";").map(String.init))
    }

    public var description: String { flags.isEmpty ? "'\(value)'" : "'\(value)' [\(flags.joined(separator: ";"))]" }

    /// Every found cell of a report, keyed by (table, row, column), as the long CSV prints it.
    public static func cells(of report: Report) -> [ExpectedValues.CellKey: PrintedCell] {
        var cells: [ExpectedValues.CellKey: PrintedCell] = [:]
        for table in report.tables where table.found {
            for row in table.rows {
                for cell in row.cells {
                    cells[.init(table.key.rawValue, row.key, cell.column)] =
                        PrintedCell(value: cell.formattedValue, flags: cell.flags.map(\.rawValue))
                }
            }
        }
        return cells
    }
}

/// The values a report must give, as `Samples/*/expected/NAME.json` and `truth.json` state them.
///
/// Blank follows the spec (`../shared/spec`, "A blank cell is blank, not zero: the value is empty and the
/// flag says `blank`"): an expected blank accepts an empty value with the `blank` flag and nothing else,
/// stricter than `score.py`, which also takes 0 (see ``BlankRule``).
public struct ExpectedValues: Sendable {
    /// What an expected blank accepts.
    public enum BlankRule: Sendable {
        /// The spec: an empty value with the `blank` flag.
        case spec
        /// An empty value flagged `blank`, or `missing` where the input lost the row (text taken out of
        /// PDFs): still empty and flagged, never 0 or another figure.
        case blankOrMissing
    }

    /// `"blank"` (printed empty), a number, or a list of acceptable ones.
    public enum Value: Equatable, Sendable, CustomStringConvertible {
        case blank
        case number(Double)
        case anyOf([Value])

        public func accepts(_ printed: PrintedCell?, blank rule: BlankRule = .spec) -> Bool {
            guard let printed else { return false }
            switch self {
            case .blank:
                let flags =
                    rule == .spec ? [CellFlag.blank.rawValue] : [CellFlag.blank.rawValue, CellFlag.missing.rawValue]
                return printed.value.isEmpty && printed.flags.contains(where: flags.contains)
            case .number(let n): return Double(printed.value).map { abs($0 - n) < 1e-6 } ?? false
            case .anyOf(let values): return values.contains { $0.accepts(printed, blank: rule) }
            }
        }

        public var description: String {
            switch self {
            case .blank: "blank"
            case .number(let n): NumberFormatting.plain(n)
            case .anyOf(let values): values.map(\.description).joined(separator: " or ")
            }
        }
    }

    public let format: String
    public let expectsInconsistency: Bool
    public let year: Int?
    public let organization: String?
    /// (table, row, column) → value.
    public let cells: [CellKey: Value]

    public struct CellKey: Hashable, Sendable, CustomStringConvertible {
        public let table: String, row: String, column: String
        public init(_ table: String, _ row: String, _ column: String) {
            self.table = table
            self.row = row
            self.column = column
        }
        public var description: String { "\(table).\(row).\(column)" }
    }

    public init(contentsOf url: URL) throws {
        try self.init(json: JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any])
    }

    /// The cases of a `truth.json` (file name → expectation), as `../shared/tools/score.py` reads it.
    public static func truth(_ url: URL) throws -> [String: ExpectedValues] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: [String: Any]]
        return json.mapValues { ExpectedValues(json: $0) }
    }

    init(json: [String: Any]) {
        format = json["format"] as? String ?? ""
        expectsInconsistency = (json["expect"] as? String ?? "").contains("inconsistent")
        let meta = json["meta"] as? [String: Any] ?? [:]
        year = meta["year"] as? Int
        organization = meta["org"] as? String
        var cells: [CellKey: Value] = [:]
        for table in ["active", "applications", "reviews"] {
            for (row, columns) in json[table] as? [String: [String: Any]] ?? [:] {
                for (column, value) in columns {
                    cells[CellKey(table, row, column)] = Self.value(value)
                }
            }
        }
        self.cells = cells
    }

    private static func value(_ any: Any) -> Value {
        if let list = any as? [Any] { return .anyOf(list.map(value)) }
        if let n = any as? NSNumber { return .number(n.doubleValue) }
        return .blank
    }

    /// The cells whose printed value does not match, as readable lines (`key: want … got …`).
    public func mismatches(_ printed: [CellKey: PrintedCell], blank rule: BlankRule = .spec) -> [String] {
        cells.compactMap { key, value in
            value.accepts(printed[key], blank: rule)
                ? nil : "\(key): want \(value) got \(printed[key]?.description ?? "nothing")"
        }.sorted()
    }

    /// The cells of a report that do not match.
    public func mismatches(_ report: Report) -> [String] {
        mismatches(PrintedCell.cells(of: report))
    }

    /// The cells printed with a figure the expectation does not accept: a figure in a cell it does not
    /// belong to. Cells left empty or missing are not counted.
    public func wrongFigures(_ printed: [CellKey: PrintedCell]) -> [String] {
        cells.compactMap { key, value in
            guard let cell = printed[key], !cell.value.isEmpty, !value.accepts(cell) else { return nil }
            return "\(key): want \(value) got \(cell)"
        }.sorted()
    }

    /// The expectation for a sample file (`Samples/seeds/X.txt` → `Samples/seeds/expected/X.json`).
    public static func forSample(_ sample: URL) throws -> ExpectedValues {
        let name = sample.deletingPathExtension().lastPathComponent
        return try ExpectedValues(
            contentsOf: sample.deletingLastPathComponent()
                .appendingPathComponent("expected").appendingPathComponent("\(name).json"))
    }
}
