import Foundation
import GIConvertCore
import GIConvertFormats
import JSONReader
import JSONWriter
import MarkdownWriter
import TestSupport
import Testing

/// Every registered format, on every sample: the promise that a format is a module.
@Suite("Every format on every sample")
struct RegistryWalkTests {
    static let registry = BuiltinFormats.registry
    static let converter = Converter(registry: registry)

    /// Sample inputs for a reader: the files under Samples/ with one of its extensions.
    static func samples(for reader: any ReportReader.Type) -> [URL] {
        Golden.samples(for: reader)
    }

    static func seedReports() throws -> [Report] {
        try Repository.seedReports.map { try converter.convertFile(atPath: $0.path, name: $0.lastPathComponent) }
    }

    static func write(_ writerType: any ReportWriter.Type, _ reports: [Report]) throws -> [UInt8] {
        var writer = writerType.init()
        return try writer.bytes(of: reports, context: WriterContext(isCollection: reports.count > 1))
    }

    static var registeredModules: [String] {
        (registry.readers.map { $0 as Any.Type } + registry.writers.map { $0 as Any.Type }).map(
            PluginModules.module(of:))
    }

    @Test("every module under Plugins/ is built and registered, and every registered format lives in Plugins/")
    func pluginsAreRegistered() throws {
        let manifest = try String(contentsOf: Repository.file("Package.swift"), encoding: .utf8)
        let problems = PluginModules.registrationProblems(
            plugins: try PluginModules.directories(), packageModules: PluginModules.packageFormatModules(manifest),
            registered: Self.registeredModules)
        #expect(problems == [])
        #expect(PluginModules.packageFormatModules(manifest).count >= 13, "Package.swift's formatModules list is read")
    }

    @Test("a module added under Plugins/ but not registered fails, naming the module and the file to change")
    func unregisteredModuleIsNamed() {
        let registered = Self.registeredModules
        let plugins = registered + ["RTFReader"]
        let problems = PluginModules.registrationProblems(
            plugins: plugins, packageModules: plugins, registered: registered)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("Plugins/RTFReader is not registered") == true)
        #expect(problems.first?.contains("BuiltinFormats.swift") == true)
        let unbuilt = PluginModules.registrationProblems(
            plugins: plugins, packageModules: registered, registered: plugins)
        #expect(
            unbuilt == [
                "Plugins/RTFReader is not built: add (\"RTFReader\", [...]) to formatModules in Package.swift (CONTRIBUTING.md)"
            ])
        let gone = PluginModules.registrationProblems(
            plugins: registered, packageModules: plugins, registered: plugins + ["CSVWriter"])
        #expect(gone.contains { $0.hasPrefix("RTFReader is registered or in Package.swift but has no directory") })
        #expect(gone.contains("CSVWriter is registered more than once"))
        #expect(
            PluginModules.untested(["RTFReader"]) == [
                "RTFReader has no tests of its own: add Tests/FormatTests/RTFReaderTests.swift (CONTRIBUTING.md)"
            ])
        #expect(
            PluginModules.registrationProblems(plugins: registered, packageModules: registered, registered: registered)
                == [])
    }

    @Test("every registered format has tests of its own: Tests/FormatTests/NAMETests.swift or a Tests/NAMETests target")
    func formatsAreTested() {
        #expect(PluginModules.untested(Self.registeredModules) == [])
    }

    @Test("formats have distinct names per direction and own distinct extensions")
    func distinctDescriptors() {
        for list in [Self.registry.readers.map { $0.descriptor }, Self.registry.writers.map { $0.descriptor }] {
            #expect(Set(list.map(\.name)).count == list.count)
            let extensions = list.flatMap(\.fileExtensions)
            #expect(Set(extensions).count == extensions.count)
        }
    }

    @Test("every reader reads each of its samples into a report with tables")
    func readersOnSamples() throws {
        for reader in Self.registry.readers where !reader.descriptor.producesReports {
            let samples = Self.samples(for: reader)
            #expect(!samples.isEmpty, "\(reader.descriptor.name) has samples under Samples/")
            // Samples/extractors and Samples/pdf/ocr hold text as other tools (extractors, OCR) leave it,
            // some of it with a table lost (a finding says so); every other sample prints all three.
            for sample in samples
            where !["extractors", "ocr"].contains(sample.deletingLastPathComponent().lastPathComponent) {
                let report = try Self.converter.convert(
                    ReaderInput(name: sample.lastPathComponent, bytes: Converter.readFile(sample.path)))
                #expect(report.tables.filter(\.found).count == 3, "\(sample.lastPathComponent)")
            }
        }
    }

    @Test("every writer writes every seed, alone and together; IR writers read back equal")
    func writersOnSeeds() throws {
        let reports = try Self.seedReports()
        for writer in Self.registry.writers {
            for batch in reports.map({ [$0] }) + [reports] {
                let bytes = try Self.write(writer, batch)
                #expect(!bytes.isEmpty, "\(writer.descriptor.name)")
                let name = "out.\(writer.descriptor.fileExtensions[0])"
                guard let reader = Self.registry.reader(forPath: name), reader.descriptor.producesReports else {
                    continue
                }
                #expect(
                    try reader.readReports(ReaderInput(name: name, bytes: bytes)) == batch,
                    "\(writer.descriptor.name) round trip")
            }
        }
    }

    @Test("JSON → IR → JSON gives the same bytes for every golden IR file")
    func jsonRoundTrip() throws {
        let files = Golden.irFiles
        #expect(files.count >= Golden.inputs.count)
        for file in files {
            let bytes = try Converter.readFile(file.path)
            let reports = try Self.converter.convertAll(ReaderInput(name: file.lastPathComponent, bytes: bytes))
            #expect(try Self.write(JSONWriter.self, reports) == bytes, "\(file.lastPathComponent)")
        }
    }

    @Test("IR files are checked against their irVersion")
    func irVersion() throws {
        var json =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: Repository.sample("seeds/golden/000_71c8ded71e417266.json"))) as! [String: Any]
        json["irVersion"] = Report.currentIRVersion + 1
        let newer = try JSONSerialization.data(withJSONObject: json)
        #expect(throws: InputError.self) {
            try JSONReader.readReports(ReaderInput(name: "x.json", bytes: Array(newer)))
        }
        json.removeValue(forKey: "irVersion")
        let none = try JSONSerialization.data(withJSONObject: json)
        #expect(throws: InputError.malformed("not giconvert JSON: no irVersion")) {
            try JSONReader.readReports(ReaderInput(name: "x.json", bytes: Array(none)))
        }
    }

    @Test("the Markdown of each seed shows its three tables and its findings")
    func markdown() throws {
        for report in try Self.seedReports() {
            let text = MarkdownWriter.render(report)
            #expect(text.contains("| 规章 |"), "active table")
            #expect(text.contains("| 一、本年新收政府信息公开申请数量 |"), "applications table")
            #expect(text.contains("| 行政复议 结果维持 |"), "reviews table")
            #expect(text.contains("## Findings"))
            if report.hasRuleFailures { #expect(text.contains("⚠ rule failed")) }
        }
    }

    @Test("the golden outputs are what giconvert writes today", arguments: ["json", "csv", "md"])
    func golden(ext: String) throws {
        for seed in Repository.seedReports {
            let report = try Self.converter.convertFile(atPath: seed.path, name: seed.lastPathComponent)
            let writer = try #require(Self.registry.writer(forPath: "x.\(ext)"))
            #expect(
                Golden.mismatch(try Self.write(writer, [report]), golden: Golden.file(for: seed, extension: ext)) == nil
            )
        }
    }
}
