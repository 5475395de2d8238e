import Foundation
import TestSupport
import Testing

/// The check across years in a bulk run: this year's carried-over row against last year's
/// carried-forward row of the same organization.
@Suite("Carry-over between years in a bulk run", .serialized)
struct CarryOverTests {
    /// Seed 000 (隨州高新區管委會, 2021, every carried-forward figure 0) moved to `year`, with the first
    /// figure of its carried-over row set to `carriedOver`.
    static func report(year: Int, carriedOver: String) throws -> String {
        let text = try String(contentsOf: Repository.sample("seeds/000_71c8ded71e417266.txt"), encoding: .utf8)
        var lines = text.replacingOccurrences(of: "2021", with: String(year)).components(separatedBy: "\n")
        let row = try #require(lines.firstIndex { $0.hasPrefix("二、上年結轉") })
        let first = try #require(lines[(row + 1)...].firstIndex { $0 == "0" })
        lines[first] = carriedOver
        return lines.joined(separator: "\n")
    }

    @Test("a wrong carry-over is named, listed with the findings and refused by --strict; other years are not compared")
    func mismatch() throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputs = directory.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        try Self.report(year: 2021, carriedOver: "0").write(
            to: inputs.appendingPathComponent("a2021.txt"), atomically: true, encoding: .utf8)
        try Self.report(year: 2022, carriedOver: "3").write(
            to: inputs.appendingPathComponent("b2022.txt"), atomically: true, encoding: .utf8)
        // Not the year after any other: compared with nothing.
        try Self.report(year: 2024, carriedOver: "7").write(
            to: inputs.appendingPathComponent("c2024.txt"), atomically: true, encoding: .utf8)
        let findings = directory.appendingPathComponent("findings.csv")
        let run = try CommandRunner.giconvert([
            inputs.path, "-o", directory.appendingPathComponent("all.csv").path,
            "--findings", findings.path, "--strict",
        ])
        #expect(run.status == 3, "\(run.stderr)")
        let rows = try String(contentsOf: findings, encoding: .utf8).components(separatedBy: "\r\n")
        let carryOver = rows.filter { $0.contains("carry_over_mismatch") }
        #expect(carryOver.count == 1, "\(carryOver)")
        #expect(carryOver.first?.contains("b2022.txt") == true)
        #expect(run.stderr.contains("b2022.txt") && run.stderr.contains("carry-over mismatch"))
    }
}
