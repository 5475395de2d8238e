import Foundation
import GIConvertCore
import PDFReader
import XCTest

/// Prints the document structure of the PDF named by `PDF_DUMP` (a development aid; skipped otherwise).
final class LayoutDump: XCTestCase {
    func testDump() throws {
        guard let path = ProcessInfo.processInfo.environment["PDF_DUMP"] else { throw XCTSkip("set PDF_DUMP=file.pdf") }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let document = try PDFReader.read(ReaderInput(name: path, bytes: bytes))
        var out = ""
        for block in document.blocks {
            switch block {
            case .paragraph(let text): out += "P: \(text)\n"
            case .table(let grid):
                out += "TABLE \(grid.rows.count)x\(grid.rows.first?.count ?? 0)\n"
                for row in grid.rows {
                    out += "  | " + row.map { $0.isSpanContinuation ? "^" : $0.text.replacingOccurrences(of: "\n", with: "⏎") }.joined(separator: " | ") + "\n"
                }
            }
        }
        try out.write(toFile: path + ".dump.txt", atomically: true, encoding: .utf8)
    }
}
