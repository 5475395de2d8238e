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

@testable import GIConvertPDF
@testable import PDFReader

final class LineDump: XCTestCase {
    func testLines() throws {
        guard let path = ProcessInfo.processInfo.environment["PDF_LINES"] else { throw XCTSkip("set PDF_LINES=file.pdf") }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let pdf = try PDFDocument.read(bytes)
        var layout = PageLayout(pages: pdf.pages)
        let lines = layout.contentLines()
        let assembler = DocumentAssembler(lines: lines, bodyLeft: layout.bodyLeft, bodyRight: layout.bodyRight)
        var out = "body \(layout.bodyLeft) \(layout.bodyRight)\n"
        for region in assembler.regions() {
            switch region {
            case .text(let r): out += "TEXT \(r)\n"
            case .table(let r): out += "TABLE \(r)\n"
            }
        }
        for (i, line) in lines.enumerated() {
            out += "\(i) y=\(line.y0)-\(line.y1) " + line.fragments.map { "[\($0.x0)-\($0.x1) \($0.text)\($0.isNumeric ? "#" : "")]" }.joined(separator: " ") + "\n"
        }
        try out.write(toFile: path + ".lines.txt", atomically: true, encoding: .utf8)
    }
}
