import GIConvertCore
import HTMLReader
import TestSupport
import Testing

/// Malformed markup and junk never crash the reader; they read as far as they can.
struct RobustnessTests {
    @Test func unclosedTagsAreRecovered() throws {
        let document = try readHTML(
            """
            <html><body><p>一、总体情况<p>二、主动公开政府信息情况
            <table><tr><td>信息内容<td>本年处理决定数量<tr><td>行政许可<td>809
            <tr><td>行政处罚<td>12</table><p>三、收到和处理政府信息公开申请情况
            """)
        #expect(paragraphText(document) == "一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况")
        #expect(
            tables(document).first?.rows.map { $0.map(\.text) } == [
                ["信息内容", "本年处理决定数量"], ["行政许可", "809"], ["行政处罚", "12"],
            ])
    }

    @Test(arguments: [
        "<", "<<<>>>", "</table></tr></td>", "<table><tr><td rowspan=\"abc\" colspan=\"-5\">x</td></tr></table>",
        "<table><td>1<td>2</table>", "<table>text<tr>row</tr></table>", "<td>orphan</td><tr><th>cells</th></tr>",
        "<p>&bogus; &#xFFFFFFFF; &#0; &amp</p>",
        "<![CDATA[x]]><?php echo 1 ?><!DOCTYPE foo [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><p>&x;</p>",
        "<table><tr><td rowspan=\"0\" colspan=\"0\">a</td><td>b</td></tr><tr><td>c</td></tr></table>",
        "<table><caption>表</caption><colgroup><col></colgroup><thead><tr><th>a</th></tr></thead><tbody><form><tr><td>1</td><td>2</td></tr></form></tbody></table>",
        "\u{0}\u{0}<html>", "<html><body><p>" + String(repeating: "很长", count: 50_000),
    ])
    func junkMarkupNeverCrashes(html: String) {
        let result = Result { () throws(InputError) -> Document in try readHTML(html) }
        switch result {
        case .success(let document):
            let report = ReportRecognizer.recognize(document, source: "junk.html")
            #expect(!report.tables.contains { $0.found }, "junk holds no report table")
        case .failure(let error):
            #expect(!error.description.isEmpty && !error.description.contains("\n"), "one line saying why")
        }
    }

    @Test func hugeSpansAreBounded() throws {
        let document = try readHTML(
            """
            <table><tr><td rowspan="65534" colspan="1000">信息内容</td><td colspan="99999999999">b</td></tr><tr><td>c</td></tr></table>
            """)
        let grid = try #require(tables(document).first)
        #expect(grid.rows.count == 2)
        #expect(grid.rows[0].count <= 200)
    }

    @Test func deepNestingIsFlattenedNotFatal() throws {
        let depth = 20_000
        let html =
            String(repeating: "<div><span>", count: depth) + "深处的文字" + String(repeating: "</span></div>", count: depth)
        let document = try readHTML("<html><body><p>开头</p>" + html + "<p>结尾</p></body></html>")
        #expect(paragraphText(document).hasPrefix("开头"))
        let nestedTables =
            String(repeating: "<table><tr><td>", count: 5_000) + "格"
            + String(repeating: "</td></tr></table>", count: 5_000)
        _ = try readHTML(nestedTables)
    }

    @Test func randomBytesNeverCrash() {
        var generator = SplitMix64(state: 0x5EED)
        let fragments = [
            "<table>", "<tr>", "<td rowspan=3>", "<td colspan=2>", "</td>", "</table>", "<p>", "<br>", "&nbsp;",
            "<script>", "</script>", "<div style='display:none'>", "<meta charset=gbk>", "一、总体情况", "258", "\u{FEFF}",
        ]
        for _ in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0..<60, using: &generator) {
                if Bool.random(using: &generator) {
                    bytes += Array(fragments.randomElement(using: &generator)!.utf8)
                } else {
                    bytes += (0..<Int.random(in: 1..<8, using: &generator)).map { _ in
                        UInt8.random(in: 0...255, using: &generator)
                    }
                }
            }
            let result = Result { () throws(InputError) -> Document in
                try HTMLReader.readDocument(ReaderInput(name: "junk.html", bytes: bytes))
            }
            switch result {
            case .success(let document): _ = ReportRecognizer.recognize(document, source: "junk.html")
            case .failure(let error): #expect(error == .empty || error == .binary)
            }
        }
    }

    @Test func binaryDataIsAnInputError() {
        let zip: [UInt8] =
            [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00] + Array(repeating: 0, count: 64)
        #expect(throws: InputError.binary) { try HTMLReader.readDocument(ReaderInput(name: "x.html", bytes: zip)) }
    }
}
