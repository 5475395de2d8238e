import Foundation
import GIConvertCore

/// The values a report must give, as `Samples/*/expected/NAME.json` states them.
public struct ExpectedValues: Sendable {
    /// `"blank"` (printed empty), a number, or a list of acceptable ones.
    public enum Value: Equatable, Sendable {
        case blank
        case number(Double)
        case anyOf([Value])

        public func accepts(_ printed: String?) -> Bool {
            switch self {
            case .blank: return printed == "" || printed.flatMap(Double.init) == 0
            case .number(let n): return printed.flatMap(Double.init).map { abs($0 - n) < 1e-6 } ?? false
            case .anyOf(let values): return values.contains { $0.accepts(printed) }
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
            self.table = table; self.row = row; self.column = column
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

    /// The cells whose printed value (as the long CSV gives it) does not match, as readable lines.
    public func mismatches(_ printed: [CellKey: String]) -> [String] {
        cells.compactMap { key, value in
            value.accepts(printed[key]) ? nil : "\(key): want \(value) got \(printed[key] ?? "nothing")"
        }.sorted()
    }

    /// The expectation for a sample file (`Samples/seeds/X.txt` → `Samples/seeds/expected/X.json`).
    public static func forSample(_ sample: URL) throws -> ExpectedValues {
        let name = sample.deletingPathExtension().lastPathComponent
        return try ExpectedValues(contentsOf: sample.deletingLastPathComponent()
            .appendingPathComponent("expected").appendingPathComponent("\(name).json"))
    }
}

extension LongTable {
    /// The `value` column of a report's records keyed by (table, row, column).
    public static func values(_ report: Report) -> [ExpectedValues.CellKey: String] {
        var values: [ExpectedValues.CellKey: String] = [:]
        for record in records(report) {
            values[.init(record[3], record[4], record[5])] = record[valueColumn]
        }
        return values
    }
}
