import Foundation
import GIConvertCore

/// The golden outputs, beside the samples they belong to: for every reader input `Samples/DIR/NAME.EXT`,
/// the IR JSON giconvert writes for it in `Samples/DIR/golden/NAME.json`; for the seeds and the real page
/// also the long CSV and the Markdown (`NAME.csv`, `NAME.md`), for the PDFs the long CSV.
/// `Scripts/regenerate-golden.sh` writes them with the command, on purpose (pandoc's `--accept`); tests
/// only compare, with ``mismatch(_:golden:)``.
public enum Golden {
    /// The command that rewrites the golden files, named in every failure.
    public static let regenerate = "Scripts/regenerate-golden.sh"

    /// The reader inputs under `Samples/`: every file in a folder of samples, outside the golden
    /// outputs, the expected values (`expected/`, `truth.json`), the inputs every reader must refuse
    /// (`refused/`) and the READMEs. A reader takes each by its extension or, where no reader claims the
    /// extension (the `.md` texts of `pdf-text/`), by its content.
    public static let inputs: [URL] = {
        let root = Repository.sample("")
        let files = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String]) ?? []
        return files.filter { path in
            let parts = path.split(separator: "/")
            guard parts.count >= 2, let name = parts.last, !name.hasPrefix(".") else { return false }
            var isDirectory: ObjCBool = false
            guard
                FileManager.default.fileExists(
                    atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { return false }
            return !parts.contains { ["golden", "expected", "refused"].contains($0) } && name != "truth.json"
                && name != "README.md"
        }.sorted().map { root.appendingPathComponent($0) }
    }()

    /// The inputs whose extension is one of `extensions`.
    public static func samples(extensions: some Sequence<String>) -> [URL] {
        let wanted = Set(extensions.map { $0.lowercased() })
        return inputs.filter { FormatRegistry.fileExtension(of: $0.lastPathComponent).map(wanted.contains) == true }
    }

    /// The samples a reader claims by extension.
    public static func samples(for reader: any ReportReader.Type) -> [URL] {
        samples(extensions: reader.descriptor.fileExtensions)
    }

    /// The golden file of a sample: `Samples/DIR/golden/NAME.ext` for `Samples/DIR/NAME.EXT`.
    public static func file(for sample: URL, extension ext: String = "json") -> URL {
        sample.deletingLastPathComponent().appendingPathComponent("golden")
            .appendingPathComponent(sample.deletingPathExtension().lastPathComponent + "." + ext)
    }

    /// The folders of golden files: `golden/` of every folder that has samples.
    public static var directories: [URL] {
        Set(inputs.map { $0.deletingLastPathComponent() }).map { $0.appendingPathComponent("golden") }.sorted {
            $0.path < $1.path
        }
    }

    /// Every golden IR file there is (`*.json` in ``directories``).
    public static var irFiles: [URL] {
        directories.flatMap { directory in
            ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter {
                $0.hasSuffix(".json")
            }.sorted()
                .map { directory.appendingPathComponent($0) }
        }
    }

    /// The IR JSON of a sample as the command writes it with `-o NAME.json`: read by `reader` under its
    /// file name, recognised, and written by `writer` (the JSON writer) as a single report.
    public static func irJSON(of sample: URL, reader: any ReportReader.Type, writer: any ReportWriter.Type) throws
        -> [UInt8]
    {
        let converter = Converter(registry: FormatRegistry(readers: [reader], writers: [writer]))
        let report = try converter.convertFile(atPath: sample.path, name: sample.lastPathComponent)
        var output = writer.init()
        return try output.bytes(of: [report], context: WriterContext(isCollection: false))
    }

    /// Nil when `actual` is the golden file's content; otherwise one message naming the golden file, the
    /// first line that differs, and the script that regenerates it.
    public static func mismatch(_ actual: [UInt8], golden: URL) -> String? {
        let name = golden.path.replacingOccurrences(of: Repository.root.path + "/", with: "")
        guard let expected = try? [UInt8](Data(contentsOf: golden)) else {
            return "\(name) is missing: run \(regenerate)"
        }
        if actual == expected { return nil }
        let actualLines = String(decoding: actual, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = String(decoding: expected, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        let line =
            Array(zip(actualLines, expectedLines)).firstIndex { $0 != $1 }
            ?? min(actualLines.count, expectedLines.count)
        let want = line < expectedLines.count ? String(expectedLines[line]) : "(end)"
        let got = line < actualLines.count ? String(actualLines[line]) : "(end)"
        return "\(name) differs at line \(line + 1): golden \(want.debugDescription), now \(got.debugDescription); "
            + "if the change is intended, run \(regenerate) and review the diff"
    }

    /// Compares a sample's IR JSON with its golden file (see ``mismatch(_:golden:)``).
    public static func mismatch(sample: URL, reader: any ReportReader.Type, writer: any ReportWriter.Type) throws
        -> String?
    {
        mismatch(try irJSON(of: sample, reader: reader, writer: writer), golden: file(for: sample))
    }
}
