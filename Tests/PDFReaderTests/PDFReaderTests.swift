import GIConvertCore
import PDFReader
import XCTest

final class PDFReaderTests: XCTestCase {
    func testSniffsPDF() {
        XCTAssertEqual(PDFReader.descriptor.sniff(Array("%PDF-1.7\n".utf8)), 95)
        XCTAssertEqual(PDFReader.descriptor.sniff(Array("hello".utf8)), 0)
    }
}
