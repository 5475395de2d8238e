import Foundation
import TestSupport
import Testing

@testable import GIConvertCore

@Suite("Canonical keys")
struct ReportSchemaTests {
    struct SpecRow: Equatable, Hashable {
        let row: String
        let column: String
    }

    /// The (row, column) keys `report-tables.json` lists for a table and format.
    static func specKeys(_ table: String, format: String) throws -> Set<SpecRow> {
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: Repository.sample("report-tables.json")))
            as! [String: Any]
        let tables = json["tables"] as! [[String: Any]]
        let spec = tables.first { $0["key"] as? String == table }!
        var keys = Set<SpecRow>()
        if let groups = spec["groups"] as? [[String: Any]] {
            for group in groups where group["format"] as? String == format {
                for row in group["rows"] as! [[String]] {
                    for column in group["columns"] as! [[String]] {
                        keys.insert(SpecRow(row: row[0], column: column[0]))
                    }
                }
            }
        } else {
            let columns = (spec["columns"] as! [[String]]).map { $0[0] }
            for row in spec["rows"] as! [[String]] where row.count < 3 || row[2] == "both" || row[2] == format {
                for column in columns { keys.insert(SpecRow(row: row[0], column: column)) }
            }
        }
        return keys
    }

    @Test("every table and format has exactly the spec's keys", arguments: TableKey.allCases)
    func keysMatchSpec(table: TableKey) throws {
        for format in ReportEdition.allCases {
            let schema = ReportSchema.table(table, format: format)
            let ours = Set(schema.rows.flatMap { row in row.columns.map { SpecRow(row: row.key, column: $0.key) } })
            #expect(ours == (try Self.specKeys(table.rawValue, format: format.rawValue)), "\(table) \(format)")
        }
    }

    @Test(
        "printed variants of row labels are recognised",
        arguments: [
            ("（七）合计", "handled_total"), ("(七)总 计", "handled_total"), ("三、本年度办理结果（一）予以公开", "granted"),
            ("（六）其他处理 3.其他", "other_misc"), ("4.無正當理由大量反覆申請", "rejected_mass_repeated"),
        ])
    func labelVariants(printed: String, row: String) {
        let rows = ReportSchema.table(.applications, format: .v2021).rows
        #expect(TableRecognizer.bestRow(for: LabelNormalizer.matchKey(printed), in: rows)?.key == row)
    }

    @Test("every row's canonical label is recognised as that row")
    func labelsRecogniseThemselves() {
        for format in ReportEdition.allCases {
            for table in [TableKey.active, .applications] {
                let rows = ReportSchema.table(table, format: format).rows
                for row in rows {
                    #expect(
                        TableRecognizer.bestRow(for: LabelNormalizer.matchKey(row.label), in: rows)?.key == row.key,
                        "\(format) \(row.label)")
                }
            }
        }
    }

    @Test("row keys are unique within a table, so rows can be tracked by their position in the schema")
    func rowKeysUnique() {
        for table in TableKey.allCases {
            for format in ReportEdition.allCases {
                let keys = ReportSchema.table(table, format: format).rows.map(\.key)
                #expect(Set(keys).count == keys.count, "\(table) \(format)")
            }
        }
    }

    @Test("every section cue has a marker character, and nothing else is canonically equivalent to a marker")
    func sectionMarkers() {
        for kind in SectionKind.allCases {
            for cue in SectionRecognizer.cues(kind) {
                #expect(cue.unicodeScalars.contains(where: SectionRecognizer.isSectionMarker), "\(cue)")
            }
        }
        let markers = (0x3400...0x9FFF).compactMap(Unicode.Scalar.init).filter(SectionRecognizer.isSectionMarker)
        #expect(markers.count == 7)
        let compatibilityIdeographs = [0xF900...0xFAFF, 0x2F800...0x2FA1F].joined().compactMap(Unicode.Scalar.init)
        for marker in markers {
            #expect(!compatibilityIdeographs.contains { String($0) == String(marker) }, "\(marker)")
        }
        // Simplifying changes nothing outside U+3400…U+FAFF that could become an ideograph.
        for scalar in (0x3400..<0xFB00).compactMap(Unicode.Scalar.init) {
            let keyForm = LabelNormalizer.simplify(LabelNormalizer.simplify(scalar))
            #expect(
                SectionRecognizer.printsSectionMarker(scalar) == SectionRecognizer.isSectionMarker(keyForm), "\(scalar)"
            )
        }
    }
}
