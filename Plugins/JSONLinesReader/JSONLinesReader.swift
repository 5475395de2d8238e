import Foundation
import GIConvertCore

/// Reads giconvert's JSON Lines (one report's IR per line), the form bulk runs write for archives.
public enum JSONLinesReader: ReportReader {
    public static let descriptor = FormatDescriptor(
        name: "jsonl",
        summary: "giconvert's IR as JSON Lines, one report per line",
        fileExtensions: ["jsonl", "ndjson"],
        producesReports: true)

    public static func read(_ input: ReaderInput) throws(InputError) -> ReaderOutput {
        var reports: [Report] = []
        var lineNumber = 0
        for line in input.bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            guard let dictionary = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let version = dictionary["irVersion"] as? Int
            else {
                throw .malformed("line \(lineNumber) is not a report in giconvert JSON")
            }
            guard version == Report.currentIRVersion else {
                throw .unsupportedVersion(
                    "IR version \(version) on line \(lineNumber); this giconvert reads version \(Report.currentIRVersion)"
                )
            }
            do {
                reports.append(try JSONDecoder().decode(Report.self, from: Data(line)))
            } catch {
                throw .malformed("line \(lineNumber) does not match IR version \(version): \(error)")
            }
        }
        if reports.isEmpty { throw .empty }
        return .reports(reports)
    }
}
