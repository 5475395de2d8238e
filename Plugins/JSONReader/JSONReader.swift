import Foundation
import GIConvertCore

/// Reads giconvert's own JSON (one report, or an array of them) back into the IR, so an archive migrated
/// once can be written in any other format without reading the originals again.
public enum JSONReader: ReportReader {
    public static let descriptor = FormatDescriptor(
        name: "json",
        summary: "giconvert's IR as JSON (one report or an array), checked against its irVersion",
        fileExtensions: ["json"],
        sniff: { prefix in
            guard let first = prefix.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }),
                first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
            else { return 0 }
            return String(decoding: prefix, as: UTF8.self).contains("\"irVersion\"") ? 95 : 0
        },
        producesReports: true)

    public static func read(_ input: ReaderInput) throws(InputError) -> ReaderOutput {
        let data = Data(input.bytes)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .malformed("not JSON: \(error.localizedDescription)")
        }
        let objects: [Any] = (object as? [Any]) ?? [object]
        var reports: [Report] = []
        for (index, element) in objects.enumerated() {
            reports.append(try decode(element, position: objects.count > 1 ? index : nil))
        }
        return .reports(reports)
    }

    /// One report from its JSON object, after checking that it is giconvert's IR of a version this
    /// build reads.
    static func decode(_ element: Any, position: Int?) throws(InputError) -> Report {
        let place = position.map { " (report \($0 + 1))" } ?? ""
        guard let dictionary = element as? [String: Any], let version = dictionary["irVersion"] as? Int else {
            throw .malformed("not giconvert JSON: no irVersion\(place)")
        }
        guard version == Report.currentIRVersion else {
            throw .unsupportedVersion(
                "IR version \(version)\(place); this giconvert reads version \(Report.currentIRVersion)")
        }
        do {
            let data = try JSONSerialization.data(withJSONObject: dictionary)
            return try JSONDecoder().decode(Report.self, from: data)
        } catch {
            throw .malformed("giconvert JSON that does not match IR version \(version)\(place): \(error)")
        }
    }
}
