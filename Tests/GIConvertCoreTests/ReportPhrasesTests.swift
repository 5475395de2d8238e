import GIConvertCore
import Testing

/// The report phrases readers ask the core about instead of keeping their own copies.
@Suite("Report phrases for readers")
struct ReportPhrasesTests {
    @Test("each table has anchors of its own")
    func anchorsAreDistinct() {
        let anchors = TableKey.allCases.map(ReportSchema.tableAnchors)
        #expect(anchors.allSatisfy { !$0.isEmpty })
        #expect(Set(anchors.joined()).count == anchors.joined().count)
    }

    @Test("a report's body is told from the page around it, in any script or spacing")
    func reportBody() {
        #expect(ReportSchema.printsReportBody("二、主动公开政府信息情况"))
        #expect(ReportSchema.printsReportBody("（二）申請人情況"))
        #expect(ReportSchema.printsReportBody("本 年 新 收"))
        #expect(!ReportSchema.printsReportBody("首页 > 政务公开 > 政府信息公开年报"))
        #expect(!ReportSchema.printsReportBody("法人或其他组织"), "a row label alone is not the body")
    }

    @Test("the statistical tables' labels are recognised, other table text is not")
    func tableLabels() {
        #expect(ReportSchema.printsTableLabel("法人或其他组织"))
        #expect(ReportSchema.printsTableLabel("行政複議"))
        #expect(!ReportSchema.printsTableLabel("索引号 发布机构 发布日期"))
    }
}
