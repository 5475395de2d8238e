#!/usr/bin/env python3
"""Builds the HTML test pages of Tests/HTMLReaderTests/Fixtures from the seed reports.

Usage: Scripts/make-html-fixtures.py [GICONVERT]   (default: .build/debug/giconvert, run from the package root)

Each seed (Samples/seeds/*.txt) is converted to giconvert's JSON IR with the text reader; its narrative
(preamble and sections) and the cells of its three tables *as printed* (the `raw` text, blank where the
seed prints nothing) are laid out as a web page the way government sites publish them: the national
table layout with rowspan/colspan, labels broken with <br/>, &nbsp; in empty cells. Pages come in
several shapes (see SHAPES); the tests convert each page and expect the seed's values exactly.
"""
import html, json, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "Samples", "seeds")
OUT = os.path.join(ROOT, "Tests", "HTMLReaderTests", "Fixtures")
TABLES = json.load(open(os.path.join(ROOT, "Samples", "report-tables.json"), encoding="utf-8"))

# seed prefix -> shapes built from it (every seed gets `spans`).
SHAPES = {
    "000": ["spans", "chrome", "unclosed"],
    "001": ["spans", "gbk", "traditional", "bom"],
    "002": ["spans", "chrome", "undeclared"],
    "003": ["spans", "gbk", "traditional", "unclosed"],
    "004": ["spans", "chrome", "undeclared"],
}
EXTENSION = {"spans": "html", "chrome": "shtml", "unclosed": "htm", "gbk": "htm", "traditional": "html",
             "bom": "html", "undeclared": "html"}

# Where national forms break header and row labels over two lines.
BREAKS = {
    "本年新制作数量": "本年新<br/>制作数量", "本年新公开数量": "本年新<br/>公开数量",
    "本年制发件数": "本年<br/>制发件数", "本年废止件数": "本年<br/>废止件数",
    "其他对外管理服务事项": "其他对外管理<br/>服务事项",
    "二、上年结转政府信息公开申请数量": "二、上年结转政府信息<br/>公开申请数量",
    "本年收费金额（单位：万元）": "本年收费金额<br/>（单位：万元）",
}


def esc(text):
    return html.escape(text, quote=False)


def label(text):
    return BREAKS.get(text, esc(text))


class Cells:
    """Renders cells of the chosen shape: <th> or <td> headers, closed or unclosed tags."""

    def __init__(self, header_tag="th", close=True):
        self.header_tag, self.close = header_tag, close

    def cell(self, content, tag="td", rowspan=1, colspan=1, para=False):
        attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
        if not self.close:
            attrs = attrs.replace('"', "")
        body = f"<p align=\"center\">{content}</p>" if para and self.close else content
        return f"<{tag}{attrs}>{body}" + (f"</{tag}>" if self.close else "")

    def head(self, content, **kw):
        return self.cell(content, tag=self.header_tag, **kw)

    def row(self, cells):
        return "<tr>" + "".join(cells) + ("</tr>" if self.close else "") + "\n"


def value(cell):
    if cell is None or "blank" in cell["flags"] or cell["raw"] == "":
        return "&nbsp;"
    return esc(cell["raw"])


def table_html(rows, close):
    return '<table border="1" cellspacing="0" cellpadding="2" align="center">\n<tbody>\n' + "".join(rows) + \
        ("</tbody>\n</table>\n" if close else "</table>\n")


def active_table(report, c):
    fmt = report["format"]
    got = {r["key"]: {x["column"]: x for x in r["cells"]} for r in report_table(report, "active")["rows"]}
    rows = []
    for group in TABLES["tables"][0]["groups"]:
        if group["format"] != fmt:
            continue
        k = len(group["columns"])
        spans = [3 // k] * (k - 1) + [3 - (3 // k) * (k - 1)]
        rows.append(c.row([c.cell(esc(group["item"]), colspan=4, para=True)]))
        rows.append(c.row([c.head("信息内容")] + [c.head(label(col[1]), colspan=s) for col, s in zip(group["columns"], spans)]))
        for key, text in group["rows"]:
            cells = got.get(key, {})
            rows.append(c.row([c.cell(label(text))] + [c.cell(value(cells.get(col[0])), colspan=s, para=True)
                                                       for col, s in zip(group["columns"], spans)]))
    return table_html(rows, c.close)


def applications_table(report, c):
    fmt = report["format"]
    spec = TABLES["tables"][1]
    columns = [col[0] for col in spec["columns"]]
    got = {r["key"]: {x["column"]: x for x in r["cells"]} for r in report_table(report, "applications")["rows"]}
    keys = [(k, text) for k, text, formats in spec["rows"] if formats in ("both", fmt)]
    rows = [
        c.row([c.head("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3),
               c.head("申请人情况", colspan=7)]),
        c.row([c.head("自然人", rowspan=2), c.head("法人或其他组织", colspan=5), c.head("总计", rowspan=2)]),
        c.row([c.head(t) for t in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]]),
    ]
    outcome = [i for i, (k, _) in enumerate(keys) if k not in ("new_received", "carried_over", "carried_forward")]
    for i, (key, text) in enumerate(keys):
        values = [c.cell(value(got.get(key, {}).get(col)), para=True) for col in columns]
        if i not in outcome:
            rows.append(c.row([c.cell(label(text), colspan=3)] + values))
            continue
        labels = []
        parts = text.split(" ")
        if i == outcome[0]:
            labels.append(c.cell(esc(parts[0]), rowspan=len(outcome)))
            parts = parts[1:]
        if len(parts) == 2:
            # A group label (（三）不予公开) spans its numbered sub-rows.
            span = 1
            while i + span < len(keys) and keys[i + span][1][0].isdigit():
                span += 1
            labels += [c.cell(esc(parts[0]), rowspan=span), c.cell(label(parts[1]))]
        elif parts[0][0].isdigit():
            labels.append(c.cell(label(parts[0])))
        else:
            labels.append(c.cell(label(parts[0]), colspan=2))
        rows.append(c.row(labels + values))
    return table_html(rows, c.close)


def reviews_table(report, c):
    cells = {x["column"]: x for x in report_table(report, "reviews")["rows"][0]["cells"]}
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [
        c.row([c.head("行政复议", colspan=5), c.head("行政诉讼", colspan=10)]),
        c.row([c.head(t, rowspan=2) for t in outcomes] + [c.head("未经复议直接起诉", colspan=5), c.head("复议后起诉", colspan=5)]),
        c.row([c.head(t) for t in outcomes * 2]),
        c.row([c.cell(value(cells.get(col[0])), para=True) for col in TABLES["tables"][2]["columns"]]),
    ]
    return table_html(rows, c.close)


def report_table(report, key):
    return next(t for t in report["tables"] if t["key"] == key)


def paragraphs(text, close=True):
    end = "</p>" if close else ""
    return "".join(f"<p>{esc(line)}{end}\n" for line in text.split("\n") if line.strip())


def article(report, c):
    """The report itself: preamble, sections, and each table after its section's text."""
    parts = [paragraphs(report["preamble"], c.close)]
    table_after = {"active_disclosure": active_table, "applications": applications_table,
                   "reviews_and_litigation": reviews_table}
    for section in report["sections"]:
        parts.append(f"<p><strong>{esc(section['heading'])}</strong>" + ("</p>\n" if c.close else "\n"))
        parts.append(paragraphs(section["text"], c.close))
        if section["kind"] in table_after:
            parts.append(table_after[section["kind"]](report, c))
    return "".join(parts)


def page(report, shape):
    title = report["metadata"].get("title") or ""
    meta = report["metadata"]
    if shape == "chrome":
        body = article(report, Cells(header_tag="td"))
        pubdate = f'<meta name="PubDate" content="{meta["publicationDate"]} 09:30" />\n' if meta.get("publicationDate") else ""
        spam_rows = "".join(f"<tr><td>澳门博彩{i}</td><td>{i * 37}</td><td>{i * 11}</td></tr>" for i in range(1, 6))
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="ArticleTitle" content="{esc(title)}" />
{pubdate}<meta name="ContentSource" content="{esc(meta.get('organization') or '')}" />
<title>{esc(title)}_政府信息公开专栏</title>
<style type="text/css">body {{ font-size: 14px; }} .content p {{ text-indent: 2em; }}</style>
<script type="text/javascript">var stats = [859, 18, 805]; document.write("<p>一、总体情况 9999</p>");</script>
</head>
<body>
<div id="header"><div class="logo">门户网站标志</div></div>
<nav class="main-nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/xxgk">政府信息公开</a></li></ul></nav>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk">政府信息公开</a> &gt; 年度报告</div>
<div style="display:none"><p>一、本年新收政府信息公开申请数量</p><table>{spam_rows}</table><a href="http://spam.example">网上赌场 888</a></div>
<div style="position:absolute; left:-9999px; top:-9999px">彩票 开户 送彩金 123</div>
<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center" class="layout">
<tr><td width="200" valign="top"><div class="left-menu"><ul><li><a href="/a">机构职能</a></li><li><a href="/b">政策文件</a></li><li><a href="/c">年度报告</a></li></ul></div></td>
<td valign="top" class="content">
<table width="100%"><tr><td><h1 style="font-size:20px">{esc(title)}</h1></td></tr>
<tr><td><div class="article">
{body}</div></td></tr></table>
<div class="bdsharebuttonbox"><a class="bds_weixin">分享到微信</a> <a class="bds_tsina">分享到微博</a></div>
</td></tr></table>
<noscript>请开启浏览器的JavaScript功能 第二十条 999</noscript>
<div class="footer"><p>主办：某某人民政府办公室 版权所有</p><p>ICP备05001234号 网站标识码 1234567890</p></div>
<script>window.onload = function () {{ var t = "四、结转下年度继续办理 72"; }};</script>
</body>
</html>
"""
    close = shape != "unclosed"
    body = article(report, Cells(close=close))
    if shape == "unclosed":
        return f"<HTML><HEAD><META HTTP-EQUIV=Content-Type CONTENT=\"text/html; charset=utf-8\"><TITLE>{esc(title)}</TITLE>\n<BODY>\n{body}\n"
    charset = {
        "gbk": '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
        "undeclared": "", "bom": "",
    }.get(shape, '<meta charset="utf-8">')
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{charset}
<title>{esc(title)}</title>
</head>
<body>
<div class="article">
{body}</div>
</body>
</html>
"""


def encode(text, shape):
    if shape in ("gbk", "undeclared"):
        return text.encode("gbk", errors="xmlcharrefreplace")
    if shape == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if shape == "traditional":
        return subprocess.run(["opencc", "-c", "s2twp"], input=text.encode("utf-8"), capture_output=True, check=True).stdout
    return text.encode("utf-8")


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "giconvert")
    os.makedirs(OUT, exist_ok=True)
    for name in sorted(os.listdir(SEEDS)):
        if not name.endswith(".txt"):
            continue
        prefix = name[:3]
        with tempfile.TemporaryDirectory() as d:
            ir = os.path.join(d, "report.json")
            subprocess.run([binary, os.path.join(SEEDS, name), "-o", ir, "--quiet"], check=True)
            report = json.load(open(ir, encoding="utf-8"))
        for shape in SHAPES[prefix]:
            path = os.path.join(OUT, f"{name[:-4]}-{shape}.{EXTENSION[shape]}")
            with open(path, "wb") as f:
                f.write(encode(page(report, shape), shape))
            print(path)


main()
