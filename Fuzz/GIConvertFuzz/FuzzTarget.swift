import GIConvertCore
import GIConvertFormats
import GIConvertZip

/// One thing the fuzzer feeds: a reader of the registry, and how a fuzzed input becomes that reader's
/// input. Every reader in ``BuiltinFormats/readers`` is a target of its own name, fed the fuzzed bytes
/// as they are: adding a reader to the registry adds its target. `docx-xml` feeds the DOCX reader a
/// package built around the fuzzed XML, which reaches the reader's XML handling far more often than
/// mutated zip bytes, whose checksums seldom survive a mutation.
struct FuzzTarget: Sendable {
    let name: String
    let reader: any ReportReader.Type
    /// Turns the fuzzed bytes into the reader's input.
    let prepare: @Sendable ([UInt8]) -> [UInt8]

    static let all: [FuzzTarget] = BuiltinFormats.readers.map { reader in
        FuzzTarget(name: reader.descriptor.name, reader: reader, prepare: { $0 })
    } + [docxParts]

    static func named(_ name: String) -> FuzzTarget? {
        all.first { $0.name == name }
    }

    /// The extensions of the files that seed the target (`Scripts/fuzz.sh` collects them from
    /// `Samples/` and `Tests/`); `docx-xml` is seeded with the parts of the Word samples.
    var seedExtensions: [String] {
        name == "docx-xml" ? ["docx-xml"] : reader.descriptor.fileExtensions
    }

    /// `word/document.xml`, then optionally a NUL and `word/numbering.xml`, then a NUL and
    /// `word/styles.xml`, packed into a Word package (XML has no NUL, so the parts split cleanly).
    static let docxParts = FuzzTarget(name: "docx-xml", reader: BuiltinFormats.registry.reader(named: "docx")!) { bytes in
        let parts = bytes.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
        var zip = ZipWriter()
        zip.add("[Content_Types].xml", text: contentTypes)
        zip.add("word/document.xml", Array(parts[0]))
        if parts.count > 1 { zip.add("word/numbering.xml", Array(parts[1])) }
        if parts.count > 2 { zip.add("word/styles.xml", Array(parts[2])) }
        return (try? zip.archive()) ?? []
    }

    private static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
        """

    /// Converts `bytes` as giconvert does and writes the reports with every writer. An input the reader
    /// refuses is fine; a writer that fails on a report is not (no report may cost an output), and
    /// neither is a crash, which the fuzzer catches. The XLSX writer, whose deflating costs more than
    /// the rest of a run, writes one input in eight (chosen by length, so a run is repeatable).
    func run(_ bytes: [UInt8]) {
        let input = ReaderInput(name: "fuzz", bytes: prepare(bytes))
        let converter = Converter(registry: BuiltinFormats.registry, readerName: reader.descriptor.name)
        guard let reports = try? converter.convertAll(input) else { return }
        for writerType in BuiltinFormats.writers where writerType.descriptor.name != "xlsx" || bytes.count % 8 == 0 {
            var writer = writerType.init()
            do {
                _ = try writer.bytes(of: reports, context: WriterContext(isCollection: reports.count > 1))
            } catch {
                fatalError("the \(writerType.descriptor.name) writer failed on a report: \(error)")
            }
        }
    }
}
