import Foundation
import TestSupport
import Testing

/// PDFs through the command: one at a time, refused ones, and in folders and zip archives.
@Suite("giconvert on PDF files", .serialized)
struct PDFCommandLineTests {
    static let samples = Repository.sample("pdf")

    @Test("a PDF converts to the long CSV; --strict exits 3 on its failed rules")
    func single() throws {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r.csv")
        let run = try CommandRunner.giconvert([
            Self.samples.appendingPathComponent("004_a1987c7275b215ef.libreoffice.pdf").path,
            "-o", out.path, "--strict",
        ])
        #expect(run.status == 3)
        let csv = try String(contentsOf: out, encoding: .utf8)
        #expect(csv.contains(",applications,new_received,natural_person,5,"))
    }

    @Test(
        "a scan and a password PDF exit 1 with one line naming the file, and write nothing",
        arguments: ["scanned.pdf", "needs-password.pdf"])
    func refused(name: String) throws {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r.csv")
        let input = Self.samples.appendingPathComponent("refused/\(name)").path
        let run = try CommandRunner.giconvert([input, "-o", out.path])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains(input))
        #expect(name != "scanned.pdf" || run.stderr.contains("no text layer"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("PDFs inside folders and zip archives are taken by a bulk run")
    func bulk() throws {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tree = dir.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
        let pdf = Self.samples.appendingPathComponent("004_a1987c7275b215ef.libreoffice.pdf")
        try FileManager.default.copyItem(at: pdf, to: tree.appendingPathComponent("a.pdf"))
        let zip = Process()
        zip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        zip.arguments = [
            "python3", "-c",
            "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z: z.write(sys.argv[2], 'inner/b.pdf')",
            tree.appendingPathComponent("more.zip").path,
            Self.samples.appendingPathComponent("shanghai-office-2019.chromium.pdf").path,
        ]
        try zip.run()
        zip.waitUntilExit()
        #expect(zip.terminationStatus == 0)
        let out = dir.appendingPathComponent("all.csv")
        let run = try CommandRunner.giconvert([tree.path, "-o", out.path, "--jobs", "2", "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = BulkTests.rowsBySource(try String(contentsOf: out, encoding: .utf8))
        #expect(rows.keys.contains { $0.hasSuffix("reports/a.pdf") })
        #expect(rows.keys.contains { $0.hasSuffix("more.zip/inner/b.pdf") })
        #expect(rows.values.allSatisfy { $0.count > 100 })
    }

    @Test("a scan OCR'd by tesseract is read: its body and year, every figure flagged suspicious, a finding")
    func ocrScan() throws {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r.csv")
        let findings = dir.appendingPathComponent("r.json")
        let pdf = Self.samples.appendingPathComponent("ocr/004_a1987c7275b215ef.tesseract.pdf").path
        let run = try CommandRunner.giconvert([pdf, "-o", out.path, "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = CSV.rows(try String(contentsOf: out, encoding: .utf8))
        #expect(rows.first?["year"] == "2019")
        #expect(rows.first?["organization"] == "新乐市人民政府")
        let figures = rows.filter { $0["value"] != "" }
        #expect(!figures.isEmpty)
        #expect(figures.allSatisfy { ($0["flags"] ?? "").split(separator: ";").contains("suspicious") })
        #expect(try CommandRunner.giconvert([pdf, "-o", findings.path, "-q"]).status == 0)
        let json = try String(contentsOf: findings, encoding: .utf8)
        #expect(json.contains("is OCR over a scanned image"))
    }

    @Test("poppler is loaded with the first PDF, not linked into the program: a run without PDFs never maps it")
    func popplerLoadedOnDemand() throws {
        let readelf = Process()
        readelf.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        readelf.arguments = ["readelf", "-d", Repository.executable.path]
        let pipe = Pipe()
        readelf.standardOutput = pipe
        try readelf.run()
        let dynamic = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        readelf.waitUntilExit()
        #expect(readelf.terminationStatus == 0)
        #expect(dynamic.contains("(NEEDED)"))
        #expect(!dynamic.contains("libpoppler"), "\(dynamic)")
        let version = try CommandRunner.giconvert(["--version", "--verbose"])
        #expect(version.status == 0)
        #expect(version.stdout.split(separator: "\n").contains { $0.hasPrefix("poppler ") && $0.contains(".") })
        #expect(!version.stdout.contains("unavailable"))
    }
}
