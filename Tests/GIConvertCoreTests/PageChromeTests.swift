import GIConvertCore
import Testing

/// The one rule set for the site's own lines around a report.
@Suite("Page chrome")
struct PageChromeTests {
    @Test(
        "the site's short lines are chrome, in any script or spacing",
        arguments: [
            "扫一扫在手机上查看当前页面", "【打印本页】【关闭窗口】", "分享到：", "版权所有：某某市人民政府办公室",
            "京ICP备05070218号", "京公网安备 11010202000001号", "主辦單位：某某局", "上一篇：无", "网 站 地 图",
        ])
    func chromeLines(line: String) {
        #expect(PageChrome.isChromeLine(line))
    }

    @Test(
        "report lines are not chrome, nor a long sentence that mentions a site phrase",
        arguments: [
            "本年度未收取信息处理费。", "一、总体情况", "（一）主动公开政府信息情况",
            "本机关在门户网站设置政府信息公开专栏，相关链接与办事指南同步更新，市民可通过扫一扫在手机上查看当前页面，也可以在电脑端查阅全部内容并下载附件，全年共更新信息一千二百余条，访问量同比增长百分之三十以上，网站运行平稳。",
        ])
    func reportLines(line: String) {
        #expect(!PageChrome.isChromeLine(line))
    }

    @Test("a spam link list is chrome however long it is")
    func spamMarkers() {
        #expect(PageChrome.isChromeLine(String(repeating: "<蜘蛛词>| ", count: 50)))
        #expect(PageChrome.isChromeLine("<文本链>"))
    }
}
