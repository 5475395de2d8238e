import CSVWriter
import Foundation
import GIConvertCore
import HTMLReader
import TextReader
#if canImport(Glibc)
import Glibc
#endif

/// The package root, found from this file's path.
let packageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        url = url.deletingLastPathComponent()
    }
    return url
}()

func repositoryFile(_ path: String) -> URL { packageRoot.appendingPathComponent(path) }

func bytes(of url: URL) -> [UInt8] { [UInt8]((try? Data(contentsOf: url)) ?? Data()) }

/// The pages Scripts/make-html-fixtures.py built from the seed reports.
let fixturePages: [String] = {
    let directory = repositoryFile("Tests/HTMLReaderTests/Fixtures").path
    return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
}()

/// The seed text (`Samples/seeds/NNN_hash.txt`) a fixture page was built from.
func seedName(ofFixture page: String) -> String {
    String(page.prefix { $0 != "-" })
}

func readHTML(_ html: String, name: String = "page.html") throws(InputError) -> Document {
    try HTMLReader.read(ReaderInput(name: name, bytes: Array(html.utf8)))
}

func convertHTML(_ bytes: [UInt8], name: String = "page.html") throws(InputError) -> Report {
    let document = try HTMLReader.read(ReaderInput(name: name, bytes: bytes))
    return ReportRecognizer.recognize(document, source: name)
}

func convertText(_ bytes: [UInt8], name: String) throws(InputError) -> Report {
    let document = try TextReader.read(ReaderInput(name: name, bytes: bytes))
    return ReportRecognizer.recognize(document, source: name)
}

/// The long CSV of a report as the CSV writer writes it.
func csv(_ report: Report) throws -> String {
    var writer = CSVWriter()
    return String(decoding: try writer.bytes(of: [report], context: WriterContext(isCollection: false)), as: UTF8.self)
}

/// `table/row/column` → value of a long CSV (fields without quotes in these columns).
func csvValues(_ csv: String) -> [String: String] {
    var values: [String: String] = [:]
    let lines = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init),
          let t = header.firstIndex(of: "table"), let r = header.firstIndex(of: "row"),
          let c = header.firstIndex(of: "column"), let v = header.firstIndex(of: "value") else { return [:] }
    for line in lines.dropFirst() {
        let fields = parseCSVLine(line)
        guard fields.count > max(t, r, c, v) else { continue }
        values["\(fields[t])/\(fields[r])/\(fields[c])"] = fields[v]
    }
    return values
}

private func parseCSVLine(_ line: String) -> [String] {
    var fields: [String] = []
    var field = ""
    var quoted = false
    var chars = Array(line)[...]
    while let ch = chars.popFirst() {
        if quoted {
            if ch == "\"" {
                if chars.first == "\"" { field.append("\""); chars = chars.dropFirst() } else { quoted = false }
            } else {
                field.append(ch)
            }
        } else if ch == "\"" {
            quoted = true
        } else if ch == "," {
            fields.append(field)
            field = ""
        } else {
            field.append(ch)
        }
    }
    fields.append(field)
    return fields
}

/// An expected-values file (`expected/*.json`): `table/row/column` → a number, or nil for "blank".
struct ExpectedValues {
    var year: Int?
    var organization: String?
    var values: [String: Double?] = [:]
    var inconsistent = false

    init(_ url: URL) throws {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        let meta = json["meta"] as? [String: Any]
        year = meta?["year"] as? Int
        organization = meta?["org"] as? String
        inconsistent = (json["expect"] as? String)?.contains("inconsistent") ?? false
        for table in ["active", "applications", "reviews"] {
            for (row, columns) in json[table] as? [String: [String: Any]] ?? [:] {
                for (column, value) in columns {
                    let first = (value as? [Any])?.first ?? value
                    values["\(table)/\(row)/\(column)"] = (first as? NSNumber)?.doubleValue
                }
            }
        }
    }
}

/// Every expected value the report gets wrong, as `key: want … got …` lines.
func mismatches(_ report: Report, _ expected: ExpectedValues) -> [String] {
    var misses: [String] = []
    for (key, want) in expected.values.sorted(by: { $0.key < $1.key }) {
        let parts = key.split(separator: "/").map(String.init)
        let cell = TableKey(rawValue: parts[0]).flatMap { report.cell($0, parts[1], parts[2]) }
        guard let cell else { misses.append("\(key): missing"); continue }
        if let want {
            if cell.value.map({ abs($0 - want) < 1e-6 }) != true { misses.append("\(key): want \(want) got \(String(describing: cell.value))") }
        } else if cell.value != nil || !cell.flags.contains(.blank) {
            misses.append("\(key): want blank got \(String(describing: cell.value)) \(cell.flags)")
        }
    }
    return misses
}

/// `text` encoded with iconv (`GBK`, `BIG5`, `UTF-16LE`).
func encode(_ text: String, as encoding: String) -> [UInt8] {
    guard let bytes = TextDecoding.convertFromUTF8(text, to: encoding) else {
        preconditionFailure("text not encodable as \(encoding)")
    }
    return bytes
}

/// The text of all paragraphs of a document, one per line.
func paragraphText(_ document: Document) -> String {
    document.blocks.compactMap { if case .paragraph(let text) = $0 { text } else { nil } }.joined(separator: "\n")
}

func tables(_ document: Document) -> [TableGrid] {
    document.blocks.compactMap { if case .table(let grid) = $0 { grid } else { nil } }
}

