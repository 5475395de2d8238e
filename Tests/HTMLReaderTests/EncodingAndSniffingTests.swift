import GIConvertCore
import HTMLReader
import TestSupport
import Testing
import TextReader

/// Pages in the encodings Chinese sites use, declared or not, and telling pages from other text.
struct EncodingAndSniffingTests {
    static let body = "<body><p>一、总体情况</p><p>屬於國家秘密 “三安全一稳定” 其他对外管理服务事项</p></body></html>"
    static let expected = "一、总体情况\n屬於國家秘密 “三安全一稳定” 其他对外管理服务事项"

    @Test(arguments: [
        ("GBK", "<html><head><meta charset=\"gbk\">"),
        ("GBK", "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\" />"),
        ("GB18030", "<html><head><META HTTP-EQUIV='content-type' CONTENT='text/html;charset=GB18030'>"),
        ("GBK", "<?xml version=\"1.0\" encoding=\"gbk\"?><html><head>"),
        ("GBK", "<html><head>"),
        ("UTF-8", "<html><head>"),
        ("UTF-8", "<html><head><meta charset=\"gb2312\">"),
    ])
    func pagesDecodeWhateverTheyDeclare(encoding: String, head: String) throws {
        let document = try HTMLReader.readDocument(
            ReaderInput(name: "p.html", bytes: encode(head + Self.body, as: encoding)))
        #expect(paragraphText(document) == Self.expected)
    }

    @Test func mislabelledUTF8PageSaysSo() throws {
        let document = try readHTML("<meta charset=\"gb2312\">" + Self.body)
        #expect(document.warnings.first == .declaredCharsetIsUTF8(declared: "gb2312"))
    }

    @Test func byteOrderMarksDecide() throws {
        let utf8 = [0xEF, 0xBB, 0xBF] + Array(("<html>" + Self.body).utf8)
        #expect(paragraphText(try HTMLReader.readDocument(ReaderInput(name: "p.html", bytes: utf8))) == Self.expected)
        let utf16 = [0xFF, 0xFE] + encode("<html><meta charset=\"gbk\">" + Self.body, as: "UTF-16LE")
        #expect(paragraphText(try HTMLReader.readDocument(ReaderInput(name: "p.html", bytes: utf16))) == Self.expected)
    }

    @Test func big5PageDeclaredAsSuch() throws {
        let html = "<html><head><meta charset=\"big5\"></head><body><p>屬於國家秘密</p><p>政府資訊公開</p></body></html>"
        #expect(
            paragraphText(try HTMLReader.readDocument(ReaderInput(name: "p.html", bytes: encode(html, as: "BIG5"))))
                == "屬於國家秘密\n政府資訊公開")
    }

    @Test func undeclaredBig5MirrorIsDetected() throws {
        let html = "<html><body><p>一、總體情況</p><p>本機關收到政府資訊公開申請數量為12件，均已按時辦結並答覆申請人。</p></body></html>"
        let document = try HTMLReader.readDocument(ReaderInput(name: "p.html", bytes: encode(html, as: "BIG5")))
        #expect(paragraphText(document) == "一、總體情況\n本機關收到政府資訊公開申請數量為12件，均已按時辦結並答覆申請人。")
        let gbk = try HTMLReader.readDocument(ReaderInput(name: "p.html", bytes: encode(html, as: "GBK")))
        #expect(paragraphText(gbk) == paragraphText(document))
    }

    @Test func brokenBytesAreReplacedNotFatal() throws {
        var page = Array("<html><body><p>一、总体情况</p><p>".utf8)
        page += [0xE4, 0xB8]  // a truncated UTF-8 character
        page += Array("二、主动公开政府信息情况</p></body></html>".utf8)
        let document = try HTMLReader.readDocument(ReaderInput(name: "p.html", bytes: page))
        #expect(paragraphText(document).hasPrefix("一、总体情况\n"))
        #expect(paragraphText(document).hasSuffix("二、主动公开政府信息情况"))
        #expect(!document.warnings.isEmpty)
    }

    @Test func sniffingTellsPagesFromText() {
        let sniff = HTMLReader.descriptor.sniff
        #expect(sniff(Array("<!DOCTYPE html><html>".utf8)) >= 60)
        #expect(sniff([0xEF, 0xBB, 0xBF] + Array("\n\n  <HTML>".utf8)) >= 60)
        #expect(sniff(Array("<table><tr><td>规章</td></tr></table>".utf8)) >= 60)
        #expect(sniff(Array("<meta charset=gbk><title>x</title>".utf8)) >= 60)
        #expect(sniff(Array("<!-- saved from url -->\n<html>".utf8)) >= 60)
        #expect(sniff([0xFF, 0xFE] + encode("<html><body>", as: "UTF-16LE")) >= 60)
        #expect(sniff(Array("一、总体情况\n2021年，本机关……\n".utf8)) == 0)
        #expect(sniff(Array("规章 | 3 | 0 | 3".utf8)) == 0)
        #expect(sniff(Array("一、总体情况\n网页中的<br>标签\n".utf8)) < 10)
        #expect(sniff(Array("saved by browser\n<html><body><p>a</p><p>b</p></body></html>".utf8)) > 10)
        #expect(sniff([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]) == 0)
        #expect(sniff([]) == 0)
    }

    @Test func theRegistryPicksTheHTMLReader() throws {
        let registry = FormatRegistry(readers: [TextReader.self, HTMLReader.self], writers: [])
        for name in ["a.html", "b.HTM", "c.shtml"] {
            #expect(registry.reader(forPath: name)?.descriptor.name == "html")
        }
        let page = Array("\n<!doctype html><html><body><p>一、总体情况</p></body></html>".utf8)
        #expect(try registry.reader(for: ReaderInput(name: "download", bytes: page)).descriptor.name == "html")
        #expect(
            try registry.reader(for: ReaderInput(name: "report", bytes: Array("一、总体情况".utf8))).descriptor.name == "text"
        )
    }
}
