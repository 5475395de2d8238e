#!/usr/bin/env python3
"""Renders reports with known values in text layouts the seed reports do not use, with a truth.json
that ../shared/tools/score.py reads.  Usage: make-layout-variants.py OUT_DIR

Layouts: tab-separated rows (a Word table copied as text), Markdown pipe tables with separator rows,
space-separated rows, full-width digits, labels wrapped onto two lines, blank cells printed as "—".
"""
import json, os, sys, pathlib

root = pathlib.Path(__file__).resolve().parent.parent
spec = json.load(open(root / "Samples/report-tables.json"))
truth = json.load(open(root / "Samples/seeds/truth.json"))
out = pathlib.Path(sys.argv[1]); out.mkdir(parents=True, exist_ok=True)

def fmt_value(v, style):
    if v == "blank": return "—" if style == "dash" else ""
    s = ("%g" % v) if isinstance(v, float) else str(v)
    if style == "fullwidth": s = s.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    return s

def active_rows(fmt):
    t = spec["tables"][0]
    for g in t["groups"]:
        if g["format"] != fmt: continue
        yield ("group", g["item"].replace("第二十条第（", "第二十条第（"), [c[1] for c in g["columns"]])
        for key, label in g["rows"]:
            yield ("row", key, label, [c[0] for c in g["columns"]])

def render(case, layout):
    fmt = case["format"]; year = case["meta"]["year"]; org = case["meta"]["org"]
    sep = {"tabs": "\t", "markdown": " | ", "spaces": " ", "fullwidth": "\t", "wrapped": " | ", "dash": "\t"}[layout]
    def row(cells):
        line = sep.join(cells)
        return f"| {line} |" if layout == "markdown" else line
    lines = [f"{org}{year}年政府信息公开工作年度报告", "发布日期：%d-01-20" % (year + 1), "一、总体情况", "本年度工作情况良好。",
             "二、主动公开政府信息情况"]
    for item in active_rows(fmt):
        if item[0] == "group":
            lines.append(item[1]); lines.append(row(["信息内容"] + item[2]))
            if layout == "markdown": lines.append(row(["---"] * (len(item[2]) + 1)))
        else:
            _, key, label, cols = item
            values = case["active"].get(key, {})
            lines.append(row([label] + [fmt_value(values.get(c, "blank"), layout) for c in cols]))
    lines += ["三、收到和处理政府信息公开申请情况", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
              row(["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"])]
    if layout == "markdown": lines.append(row(["---"] * 8))
    apps = spec["tables"][1]
    cols = [c[0] for c in apps["columns"]]
    for key, label, which in apps["rows"]:
        if which not in ("both", fmt): continue
        values = case["applications"].get(key, {})
        cells = [fmt_value(values.get(c, "blank"), layout) for c in cols]
        if layout == "wrapped" and len(label) > 12:
            lines.append(label[:8]); lines.append(row([label[8:]] + cells))
        else:
            lines.append(row([label] + cells))
    lines += ["四、政府信息公开行政复议、行政诉讼情况", row(["行政复议", "行政诉讼"]),
              row(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"]),
              row(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)]
    rev = case["reviews"]["cases"]
    rcols = [c[0] for c in spec["tables"][2]["columns"]]
    lines.append(row([fmt_value(rev.get(c, "blank"), layout) for c in rcols]))
    lines += ["五、存在的主要问题及改进情况", "工作中仍有不足。", "六、其他需要报告的事项", "无。"]
    return "\n".join(lines) + "\n"

cases = {}
for name, case in sorted(truth.items()):
    for layout in ["tabs", "markdown", "spaces", "fullwidth", "wrapped", "dash"]:
        if layout == "spaces" and any(v == "blank" for t in ("active", "applications", "reviews") for r in case[t].values() for v in r.values()):
            continue  # blanks cannot be told apart when separated by spaces
        file = f"{pathlib.Path(name).stem}_{layout}.txt"
        (out / file).write_text(render(case, layout), encoding="utf-8")
        cases[file] = case
json.dump(cases, open(out / "truth.json", "w"), ensure_ascii=False, indent=1)
print(f"{len(cases)} reports in {out}")
