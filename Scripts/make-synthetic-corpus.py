#!/usr/bin/env python3
"""Builds a corpus of synthetic 政府信息公开工作年度报告 with known values, outside the repository, to find
the layouts giconvert misreads (it is not a test fixture: nothing it writes is committed).

    Scripts/make-synthetic-corpus.py --out /tmp/synthetic --seed 7 --n 40 [--stages model,docx,html,pdf-lo,pdf-chrome,text] [--jobs 2]
    python3 ../shared/tools/score.py .build/release/giconvert /tmp/synthetic/pdf-lo /tmp/synthetic/pdf-lo/truth.json

Every report gets random but rule-consistent values (applications: 一+二 = 七+四 per column, 七 = sum of
outcomes, 总计 = sum of applicant columns; reviews: each 总计 = sum of its four outcomes), zeros printed,
left blank or some of each, a random body (org, year 2019-2025, national format 2019 for years <= 2020
and 2021 from 2021), figures set centred, left, right or mixed, and is rendered as docx/ (python-docx),
html/, pdf-lo/ (docx via LibreOffice), pdf-chrome/ (html via chromium) and the text of both PDFs by
seven extractors (txt-layout, txt-raw-order, txt-raw, txt-mupdf, txt-plumber, md-pymupdf4llm,
md-markitdown; names prefixed lo-/ch-). Each folder has a truth.json keyed by file name. A report's
randomness depends only on the seed and its index, so `--start 40 --n 40` extends a corpus.
Needs python-docx, LibreOffice (soffice), chromium, poppler-utils, pdfplumber, pymupdf, pymupdf4llm and
markitdown for the stages that use them.
"""
import argparse, copy, glob, html as H, json, os, random, shutil, subprocess, sys, tempfile, time
from concurrent.futures import ProcessPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPEC = json.load(open(os.path.join(ROOT, "Samples/report-tables.json"), encoding="utf-8"))
TABLES = {t["key"]: t for t in SPEC["tables"]}
APP_COLS = [c for c, _ in TABLES["applications"]["columns"]]
REV_COLS = [c for c, _ in TABLES["reviews"]["columns"]]
PARTS = APP_COLS[:-1]

# --------------------------------------------------------------------------------------------- names
CITIES = ["临江市", "青岚市", "益阳市", "遂宁市", "随州市", "衡水市", "南平市", "安顺市", "达州市", "九江市", "德阳市",
          "宜春市", "商丘市", "六安市", "铜仁市", "曲靖市", "榆林市", "白山市", "黄冈市", "赣州市", "泉州市", "宿迁市"]
DISTRICTS = ["东城区", "西湖区", "安居区", "船山区", "高新区", "经开区", "城关区", "新华区", "鼓楼区", "江北区", "清河区",
             "龙泉驿区", "开福区", "金水区", "海陵区"]
COUNTIES = ["长丰县", "宁乡县", "呼图壁县", "凤台县", "平江县", "石泉县", "岳西县", "南漳县", "永修县", "会理县", "通渭县",
            "新乐市", "邹平市", "瑞昌市"]
BUREAUS = ["自然资源局", "生态环境局", "教育局", "卫生健康委员会", "市场监督管理局", "住房和城乡建设局", "交通运输局",
           "农业农村局", "民政局", "人力资源和社会保障局", "财政局", "司法局", "应急管理局", "文化和旅游局", "统计局",
           "医疗保障局", "退役军人事务局", "城市管理综合行政执法局", "水利局", "商务局", "发展和改革委员会",
           "行政审批服务局", "林业局", "审计局", "民族宗教事务局", "人民政府办公室", "公安局", "税务局"]
STREETS = ["城南街道办事处", "北门街道办事处", "滨江街道办事处", "新村街道办事处", "东关街道办事处", "花园街道办事处"]
TOWNS = ["白石镇人民政府", "青山镇人民政府", "河口乡人民政府", "柳树镇人民政府", "桃源乡人民政府", "双河镇人民政府"]


def make_org(rng):
    r = rng.random()
    c, d, k = rng.choice(CITIES), rng.choice(DISTRICTS), rng.choice(COUNTIES)
    if r < 0.15: return f"{c}{d}人民政府办公室"
    if r < 0.40: return f"{k}{rng.choice(BUREAUS)}"
    if r < 0.60: return f"{c}{rng.choice(BUREAUS)}"
    if r < 0.70: return f"{c}{d}{rng.choice(STREETS)}"
    if r < 0.78: return f"{k}{rng.choice(TOWNS)}"
    if r < 0.86: return f"{c}{d}人民政府"
    if r < 0.90: return f"{c}{rng.choice(BUREAUS[:10])}"
    # names with ordinal / digits
    return rng.choice([f"{c}公安局第三分局", f"{c}{d}第二人民医院", f"{c}第2看守所", f"{c}{d}2号园区管理委员会",
                       f"{k}第一中学", f"{c}第十三中学"])


# --------------------------------------------------------------------------------------------- values
def small(rng, pz=0.6, hi=20):
    if rng.random() < pz: return 0
    return int(min(hi, max(1, rng.expovariate(1 / (hi / 4)))))


def large(rng, pz=0.3):
    if rng.random() < pz: return 0
    return int(10 ** rng.uniform(1.5, 4.7))


def money(rng, pz=0.5):
    if rng.random() < pz: return 0
    k = rng.random()
    if k < 0.3: return rng.randint(1, 500)
    if k < 0.6: return round(rng.uniform(0.1, 50), 1)
    return round(rng.uniform(0.01, 9000), 2)


def gen_active(rng, fmt):
    a = {}
    if fmt == "2021":
        for row in ["regulations", "normative_documents"]:
            issued = small(rng, 0.7 if row == "regulations" else 0.4, 8 if row == "regulations" else 40)
            repealed = small(rng, 0.75, 10)
            in_force = issued + small(rng, 0.3, 120)
            a[row] = {"issued": issued, "repealed": repealed, "in_force": in_force}
        a["licensing"] = {"decisions": large(rng, 0.3)}
        a["penalty"] = {"decisions": large(rng, 0.35)}
        a["coercion"] = {"decisions": small(rng, 0.6, 60)}
        a["fees"] = {"amount_10k_yuan": money(rng)}
    else:
        for row in ["regulations", "normative_documents"]:
            made = small(rng, 0.6, 30)
            pub = min(made, made - small(rng, 0.8, 3)) if made else 0
            a[row] = {"new_made": made, "new_published": max(0, pub), "total_published": pub + small(rng, 0.3, 200)}
        for row in ["licensing", "other_services", "penalty", "coercion"]:
            prev = small(rng, 0.4, 300)
            ch = 0 if rng.random() < 0.5 else rng.randint(-min(prev, 40), 40)
            dec = large(rng, 0.4) if row in ("licensing", "penalty") else small(rng, 0.5, 500)
            a[row] = {"prev_year": prev, "change": ch, "decisions": dec}
        prev = small(rng, 0.5, 10)
        a["fees"] = {"prev_year": prev, "change": 0 if rng.random() < 0.6 else rng.randint(-prev, 3)}
        items = small(rng, 0.5, 40)
        a["procurement"] = {"items": items, "amount_10k_yuan": money(rng, 0) if items else 0}
    return a


def app_rows(fmt):
    return [r for r, _, f in TABLES["applications"]["rows"] if f in ("both", fmt)]


def gen_applications(rng, fmt):
    rows = app_rows(fmt)
    outcomes = rows[2:-2]
    act_p = {"natural_person": 0.9, "commercial": 0.45, "research": 0.1, "social_welfare": 0.1,
             "legal_services": 0.2, "other_org": 0.25}
    big = rng.random() < 0.2
    weights = {o: 0.12 for o in outcomes}
    weights.update(granted=0.75, partially_granted=0.35, unavailable_not_held=0.5, rejected_petition=0.2,
                   rejected_duplicate=0.2, other=0.2, other_misc=0.2, other_no_correction=0.1,
                   denied_state_secret=0.04, denied_three_safeties=0.04, denied_admin_query=0.08)
    t = {r: {} for r in rows}
    for col in PARTS:
        active = rng.random() < act_p[col]
        hi = (200 if big else 25) if col == "natural_person" else (40 if big else 6)
        for o in outcomes:
            t[o][col] = (max(1, int(rng.expovariate(1 / (hi / 3)))) if active and rng.random() < weights[o] else 0)
        handled = sum(t[o][col] for o in outcomes)
        cf = small(rng, 0.7, 8) if active else 0
        co = min(handled + cf, small(rng, 0.7, 8)) if active else 0
        t["handled_total"][col] = handled
        t["carried_forward"][col] = cf
        t["carried_over"][col] = co
        t["new_received"][col] = handled + cf - co
    for r in rows:
        t[r]["total"] = sum(t[r][c] for c in PARTS)
    return {r: {c: t[r][c] for c in APP_COLS} for r in rows}


def gen_reviews(rng):
    v = {}
    for pre, pz in [("review", 0.6), ("suit_direct", 0.75), ("suit_after_review", 0.85)]:
        parts = [small(rng, pz, 6 if pre == "review" else 3) for _ in range(4)]
        for k, x in zip(["upheld", "corrected", "other", "pending"], parts):
            v[f"{pre}_{k}"] = x
        v[f"{pre}_total"] = sum(parts)
    return {"cases": {c: v[c] for c in REV_COLS}}


def gen_report(rng, idx, seed):
    year = rng.choice([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2021, 2022, 2023, 2024])
    fmt = "2019" if year <= 2020 else "2021"
    r = {"id": f"s{seed}-{idx:03d}", "year": year, "fmt": fmt, "org": make_org(rng),
         "active": gen_active(rng, fmt), "applications": gen_applications(rng, fmt), "reviews": gen_reviews(rng)}
    # how zeros print: "zero" all 0; "blank" zeros of applications/reviews empty; "mixed" some zeros empty
    r["blank_mode"] = rng.choices(["zero", "blank", "mixed"], [0.55, 0.25, 0.2])[0]
    r["display"] = display_values(rng, r)
    if rng.random() < 0.08:  # a few reports print some figures in full-width digits
        fw = str.maketrans("0123456789.", "０１２３４５６７８９．")
        for t in r["display"].values():
            for row in t.values():
                for c in row:
                    if row[c] and rng.random() < 0.3: row[c] = row[c].translate(fw)
        r["fullwidth"] = True
    r["style"] = {
        "font": rng.choice(["WenQuanYi Zen Hei", "AR PL UMing CN", "宋体", "仿宋_GB2312", "微软雅黑", "AR PL UMing CN"]),
        "page": rng.choice(["A4", "A4", "B5", "Letter", "A4L"]),
        "table_style": rng.choices(["Table Grid", None], [0.85, 0.15])[0],
        "align": rng.choice(["center", "center", "right", "mixed", "left"]),
        "title_mode": rng.choice(["plain", "plain", "heading", "portal", "with_date"]),
        "signature": rng.random() < 0.5,
        "unit_note": rng.random() < 0.4,
        "html_wrap": rng.choice(["div", "layout_table", "plain", "trs"]),
        "html_cell": rng.choice(["plain", "p", "p_span", "span"]),
        "html_blank": rng.choice(["", "&nbsp;", " "]),
        "html_th": rng.random() < 0.3,
        "html_css": rng.choice(["attr", "css", "inline"]),
        "html_page": rng.choice(["", "A4", "A4 landscape", "Letter"]),
        "chrome_headers": rng.random() < 0.35,
        "tsize": rng.choice([9, 9.5, 10, 10.5]),
        "html_br": rng.random() < 0.4,
        "split_runs": rng.random() < 0.3,
    }
    return r


def fmt_num(rng, v, sep_ok=True):
    if isinstance(v, float):
        return f"{v:g}" if rng.random() < 0.8 else f"{v:.2f}"
    if sep_ok and v >= 1000 and rng.random() < 0.25:
        return f"{v:,}"
    return str(v)


def display_values(rng, r):
    """Printed text per cell and the truth value (number or "blank")."""
    disp, truth = {}, {}
    mode = r["blank_mode"]
    for table in ["active", "applications", "reviews"]:
        disp[table], truth[table] = {}, {}
        for row, cols in r[table].items():
            disp[table][row], truth[table][row] = {}, {}
            for col, v in cols.items():
                blank = False
                if v == 0:
                    if mode == "blank" and table != "active": blank = True
                    elif mode == "blank" and table == "active": blank = rng.random() < 0.3
                    elif mode == "mixed": blank = rng.random() < 0.3
                if blank:
                    s, tv = "", "blank"
                elif col == "change":
                    style = rng.choice(["zh", "sign", "plain"]) if v else "plain"
                    s = {"zh": ("增" if v > 0 else "减") + str(abs(v)), "sign": f"{v:+d}", "plain": str(v)}[style]
                    tv = v
                elif col == "amount_10k_yuan":
                    s = fmt_num(rng, v, False)
                    if r["fmt"] == "2019" and v and rng.random() < 0.3: s += "万元"
                    tv = v
                else:
                    s, tv = fmt_num(rng, v), v
                disp[table][row][col] = s
                truth[table][row][col] = tv
    r["truth_values"] = truth
    return disp


def verify(r):
    a = r["applications"]
    outs = [k for k in a if k not in ("new_received", "carried_over", "handled_total", "carried_forward")]
    for c in APP_COLS:
        assert a["new_received"][c] + a["carried_over"][c] == a["handled_total"][c] + a["carried_forward"][c]
        assert a["handled_total"][c] == sum(a[o][c] for o in outs)
    for row in a.values():
        assert row["total"] == sum(row[c] for c in PARTS)
    v = r["reviews"]["cases"]
    for p in ("review", "suit_direct", "suit_after_review"):
        assert v[p + "_total"] == sum(v[f"{p}_{k}"] for k in ("upheld", "corrected", "other", "pending"))
    for t in ("active", "applications", "reviews"):
        spec_rows = {"applications": [k for k, _, f in TABLES["applications"]["rows"] if f in ("both", r["fmt"])]}
        if t in spec_rows: assert list(a) == spec_rows[t]


def truth_entry(r):
    t = {"format": r["fmt"], "expect": "values", "meta": {"year": r["year"], "org": r["org"]}}
    t.update(copy.deepcopy(r["truth_values"]))
    return t


# --------------------------------------------------------------------------------------------- prose
def prose(rng, r):
    y, org = r["year"], r["org"]
    short = org[-6:] if len(org) > 8 else org
    n = lambda a, b: rng.randint(a, b)
    sec = {}
    sec[0] = [
        f"{y}年，{org}深入贯彻落实《中华人民共和国政府信息公开条例》（以下简称《条例》），坚持以公开为常态、不公开为例外，"
        f"围绕中心工作不断加大信息公开力度，全年通过门户网站发布信息{n(100, 9999)}条，政务新媒体发布信息{n(50, 3000)}条。",
        f"（一）主动公开。全年共召开政务公开专题会议{n(2, 12)}次，更新“法定主动公开内容”栏目{n(10, 400)}条，"
        f"网站访问量{n(1, 90)}.{n(1, 9)}万人次。",
        f"（二）依申请公开。严格按照法定时限答复，确保在{rng.choice([15, 20])}个工作日内办结，答复率100%。",
        f"（三）政府信息管理。落实“三审三校”制度，全年审核信息{n(20, 2000)}条，清理过期信息{n(1, 90)}条。",
        f"（四）平台建设。优化政府信息公开专栏，新增栏目{n(1, 12)}个，设置政府信息查阅点{n(1, 5)}处。",
        f"（五）监督保障。将政务公开纳入年度绩效考核，开展业务培训{n(1, 6)}次，参训人员{n(10, 300)}人次。",
    ]
    sec[1] = [f"{y}年，{short}共发布政策解读{n(1, 60)}篇，其中图解{n(0, 20)}篇；截至{y}年12月31日，"
              f"现行有效文件已全部在政府信息公开平台公开。"]
    sec[2] = [f"{y}年度收到的政府信息公开申请均在法定期限内予以答复，"
              f"其中通过网络平台提交的申请约占{n(30, 90)}%。"] if rng.random() < 0.5 else []
    sec[3] = [f"{y}年度本机关未发生因政府信息公开引发的重大行政争议。"] if rng.random() < 0.5 else []
    sec[4] = [
        f"{y}年，我单位政府信息公开工作取得了一定成效，但仍存在一些问题：一是公开内容的深度和广度还需拓展；"
        f"二是政策解读形式较为单一；三是工作人员业务能力有待提高。",
        f"下一步，我们将在{y + 1}年{n(1, 6)}月底前完成政府信息公开专栏的全面梳理，组织培训不少于{n(2, 6)}次。",
    ]
    sec[5] = [
        f"依据《政府信息公开信息处理费管理办法》，本年度{rng.choice(['未收取', '未产生'])}信息处理费。",
        f"{y}年度人大代表建议和政协提案办理结果公开情况：共办理建议{n(0, 60)}件、提案{n(0, 60)}件，办结率100%。",
        "本机关政府信息公开工作年度报告可在门户网站“政府信息公开年报”栏目查阅。",
    ]
    return sec


HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


# --------------------------------------------------------------------------------------------- tables
def C(text, rs=1, cs=1, kind="label"):
    return {"text": text, "rs": rs, "cs": cs, "kind": kind}


def active_grid(r):
    fmt, d = r["fmt"], r["display"]["active"]
    rows = []
    for g in TABLES["active"]["groups"]:
        if g["format"] != fmt: continue
        cols = g["columns"]
        rows.append([C(g["item"].replace("（", "（").replace("）", "）"), cs=4, kind="item")])
        labels = [l for _, l in cols]
        if fmt == "2019" and cols[-1][0] == "amount_10k_yuan": labels[-1] = "采购总金额"
        head = [C("信息内容", kind="head")] + [C(l, kind="head") for l in labels]
        if len(cols) < 3: head[-1]["cs"] = 4 - len(cols)
        rows.append(head)
        for key, label in g["rows"]:
            row = [C(label)] + [C(d[key][c], kind="num") for c, _ in cols]
            if len(cols) < 3: row[-1]["cs"] = 4 - len(cols)
            rows.append(row)
    return rows


def applications_grid(r):
    fmt, d = r["fmt"], r["display"]["applications"]
    rows = [[C("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rs=3, cs=3, kind="head"),
             C("申请人情况", cs=7, kind="head")],
            [C("自然人", rs=2, kind="head"), C("法人或其他组织", cs=5, kind="head"), C("总计", rs=2, kind="head")],
            [C(l, kind="head") for _, l in TABLES["applications"]["columns"][1:6]]]
    spec_rows = [(k, l) for k, l, f in TABLES["applications"]["rows"] if f in ("both", fmt)]
    outcome = [k for k, _ in spec_rows][2:-1]  # granted .. handled_total
    groups = {"denied": [k for k in outcome if k.startswith("denied_")],
              "unavailable": [k for k in outcome if k.startswith("unavailable_")],
              "rejected": [k for k in outcome if k.startswith("rejected_")],
              "other": [k for k in outcome if k.startswith("other_")]}
    for key, label in spec_rows:
        vals = [C(d[key][c], kind="num") for c in APP_COLS]
        parts = label.split(" ")
        if key in ("new_received", "carried_over", "carried_forward"):
            rows.append([C(label, cs=3)] + vals); continue
        row = []
        if key == outcome[0]:
            row.append(C("三、本年度办理结果", rs=len(outcome)))
            parts = parts[1:]
        grp = next((g for g, ks in groups.items() if key in ks), None)
        if grp is None:
            row.append(C(parts[-1], cs=2))
        else:
            if key == groups[grp][0]:
                row.append(C(parts[0], rs=len(groups[grp])))
            row.append(C(parts[-1]))
        rows.append(row + vals)
    return rows


def reviews_grid(r):
    d = r["display"]["reviews"]["cases"]
    oc = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return [[C("行政复议", cs=5, kind="head"), C("行政诉讼", cs=10, kind="head")],
            [C(o, rs=2, kind="head") for o in oc] + [C("未经复议直接起诉", cs=5, kind="head"),
                                                    C("复议后起诉", cs=5, kind="head")],
            [C(o, kind="head") for o in oc] * 2,
            [C(d[c], kind="num") for c in REV_COLS]]


def layout(rows):
    taken, placed = set(), []
    for ri, row in enumerate(rows):
        c = 0
        for cell in row:
            while (ri, c) in taken: c += 1
            placed.append((ri, c, cell))
            for dr in range(cell["rs"]):
                for dc in range(cell["cs"]):
                    taken.add((ri + dr, c + dc))
            c += cell["cs"]
    return placed, max(c for _, c in taken) + 1, len(rows)


def blocks(rng, r):
    """Document as a list of ("title"|"meta"|"h"|"p"|"note"|"table", payload)."""
    sec = prose(rng, r)
    st = r["style"]
    title = f"{r['org']}{r['year']}年政府信息公开工作年度报告"
    if rng.random() < 0.15: title = f"{r['org']}{r['year']}年度政府信息公开工作年度报告"
    b = []
    if st["title_mode"] == "portal":
        b.append(("meta", "首页 > 政务公开 > 政府信息公开年报"))
    b.append(("title", title))
    pub = f"{r['year'] + 1}-01-{rng.randint(10, 31):02d}"
    if st["title_mode"] in ("with_date", "portal"):
        b.append(("meta", f"发布时间：{pub} 来源：{r['org']}"))
    b.append(("p", f"本报告由{r['org']}根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室"
                   f"有关要求编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开"
                   f"行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自"
                   f"{r['year']}年1月1日起至{r['year']}年12月31日止。"))
    grids = {1: active_grid(r), 2: applications_grid(r), 3: reviews_grid(r)}
    for i, h in enumerate(HEADINGS):
        b.append(("h", h))
        for p in sec[i]:
            b.append(("p", p))
        if i in grids:
            if st["unit_note"] and i != 1: b.append(("note", "单位：件"))
            b.append(("table", grids[i]))
    if st["signature"]:
        b.append(("sig", r["org"]))
        b.append(("sig", f"{r['year'] + 1}年1月{rng.randint(10, 31)}日"))
    r["title"] = title
    return b


# --------------------------------------------------------------------------------------------- docx
PAGES = {"A4": (21.0, 29.7, False), "B5": (17.6, 25.0, False), "Letter": (21.59, 27.94, False), "A4L": (29.7, 21.0, True)}


def set_font(run, name, size=None, bold=None):
    from docx.oxml.ns import qn
    from docx.shared import Pt
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {}); rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)
    if size: run.font.size = Pt(size)
    if bold is not None: run.bold = bold


def write_docx(r, bl, path, rng):
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt
    st = r["style"]
    font = st["font"]
    doc = docx.Document()
    doc.core_properties.title = r["title"] if rng.random() < 0.5 else ""
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    normal.font.size = Pt(rng.choice([10.5, 12, 14]))
    sect = doc.sections[0]
    w, h, land = PAGES[st["page"]]
    if land: sect.orientation = WD_ORIENT.LANDSCAPE
    sect.page_width, sect.page_height = Cm(w), Cm(h)
    m = rng.choice([1.8, 2.2, 2.54, 3.0])
    sect.left_margin = sect.right_margin = Cm(m)
    sect.top_margin = sect.bottom_margin = Cm(2.5)
    usable = w - 2 * m
    align = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT}
    for kind, payload in bl:
        if kind == "title":
            if st["title_mode"] == "heading":
                p = doc.add_heading(level=1); run = p.add_run(payload); set_font(run, font)
            else:
                p = doc.add_paragraph(); run = p.add_run(payload); set_font(run, font, 18, True)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "h":
            p = doc.add_paragraph(); set_font(p.add_run(payload), font, None, True)
        elif kind in ("p", "meta", "note"):
            p = doc.add_paragraph()
            if kind == "p": p.paragraph_format.first_line_indent = Pt(24)
            if kind == "note": p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            set_font(p.add_run(payload), font)
        elif kind == "sig":
            p = doc.add_paragraph(); p.alignment = WD_ALIGN_PARAGRAPH.RIGHT; set_font(p.add_run(payload), font)
        elif kind == "table":
            placed, width, height = layout(payload)
            t = doc.add_table(rows=height, cols=width)
            if st["table_style"]: t.style = st["table_style"]
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            if width == 10:
                lw = [usable * 0.12, usable * 0.14, usable * 0.22] + [usable * 0.52 / 7] * 7
            elif width == 4:
                lw = [usable * 0.34] + [usable * 0.22] * 3
            else:
                lw = [usable / width] * width
            cells = t._cells  # one pass, before any merge (t.cell() is quadratic)
            for i, cell_ in enumerate(cells):
                cell_.width = Cm(lw[i % width])
            for ri, ci, cell in placed:
                target = cells[ri * width + ci]
                par = target.paragraphs[0]
                if cell["kind"] == "num":
                    a = st["align"]
                    if a == "mixed": a = rng.choice(["center", "right", "left"])
                    par.alignment = align[a]
                elif cell["kind"] in ("head", "item"):
                    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
                txt = cell["text"]
                if txt and st["split_runs"] and len(txt) >= 2 and rng.random() < 0.5:
                    mid = len(txt) // 2  # "809" as "8" + "09", as Word often stores it
                    set_font(par.add_run(txt[:mid]), font, st["tsize"]); set_font(par.add_run(txt[mid:]), font, st["tsize"])
                elif txt:
                    set_font(par.add_run(txt), font, st["tsize"])
            for ri, ci, cell in placed:
                if cell["rs"] > 1 or cell["cs"] > 1:
                    cells[ri * width + ci].merge(cells[(ri + cell["rs"] - 1) * width + ci + cell["cs"] - 1])
            doc.add_paragraph()
    doc.save(path)


# --------------------------------------------------------------------------------------------- html
BREAKS = {  # where national forms break labels over two lines
    "本年新制作数量": "本年新<br/>制作数量", "本年新公开数量": "本年新<br/>公开数量", "本年制发件数": "本年<br/>制发件数",
    "本年废止件数": "本年<br/>废止件数", "其他对外管理服务事项": "其他对外管理<br/>服务事项",
    "二、上年结转政府信息公开申请数量": "二、上年结转政府信息<br/>公开申请数量",
    "本年收费金额（单位：万元）": "本年收费金额<br/>（单位：万元）", "未经复议直接起诉": "未经复议<br>直接起诉",
    "社会公益组织": "社会公益<br>组织", "法律服务机构": "法律服务<br>机构",
}
def write_html(r, bl, path, rng):
    st = r["style"]
    font = {"WenQuanYi Zen Hei": "微软雅黑", "AR PL UMing CN": "宋体"}.get(st["font"], st["font"])
    out = []
    page_css = f"@page {{ size: {st['html_page']}; margin: 15mm; }}" if st["html_page"] else ""
    css = {"attr": "", "css": "table.gk{border-collapse:collapse;margin:0 auto}.gk td,.gk th{border:1px solid #000;"
                              "padding:2px 4px;font-size:12px;text-align:center}",
           "inline": ""}[st["html_css"]]
    out.append(f'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
               f'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n<title>{H.escape(r["title"])}</title>\n'
               f'<style>body{{font-family:"{font}",serif;}} {page_css} {css}</style>\n</head>\n<body>\n')
    body = []

    def cell_html(cell, tag):
        text = H.escape(cell["text"]) if cell["text"] else st["html_blank"]
        if st["html_br"] and cell["text"] in BREAKS: text = BREAKS[cell["text"]]
        mode = st["html_cell"]
        if mode == "p":
            inner = f'<p style="text-align:center;margin:0">{text}</p>'
        elif mode == "p_span":
            inner = (f'<p class="MsoNormal" align="center" style="text-align:center;line-height:20px">'
                     f'<span style="font-family:{font};font-size:14px">{text}</span></p>')
        elif mode == "span":
            inner = f'<span style="font-size:10.5pt">{text}</span>'
        else:
            inner = text
        attrs = (f' rowspan="{cell["rs"]}"' if cell["rs"] > 1 else "") + (f' colspan="{cell["cs"]}"' if cell["cs"] > 1 else "")
        if st["html_css"] == "inline":
            al = "right" if (cell["kind"] == "num" and st["align"] == "right") else "center"
            attrs += f' style="border:1px solid #000000;padding:3px;text-align:{al};vertical-align:middle"'
        elif st["html_css"] == "attr" and cell["kind"] == "num" and st["align"] in ("right", "mixed"):
            attrs += ' align="right"' if st["align"] == "right" or rng.random() < 0.5 else ' align="center"'
        return f"<{tag}{attrs}>{inner}</{tag}>"

    for kind, payload in bl:
        if kind == "title":
            body.append(f'<h1 style="text-align:center;font-size:22px">{H.escape(payload)}</h1>' if rng.random() < 0.6
                        else f'<p class="title" style="text-align:center"><strong>{H.escape(payload)}</strong></p>')
        elif kind == "meta":
            body.append(f'<div class="info">{H.escape(payload)}</div>')
        elif kind == "h":
            body.append(f'<p style="text-indent:2em"><strong>{H.escape(payload)}</strong></p>')
        elif kind == "p":
            body.append(f'<p style="text-indent:2em">{H.escape(payload)}</p>')
        elif kind == "note":
            body.append(f'<p style="text-align:right">{H.escape(payload)}</p>')
        elif kind == "sig":
            body.append(f'<p style="text-align:right">{H.escape(payload)}</p>')
        elif kind == "table":
            attrs = {"attr": ' border="1" cellspacing="0" cellpadding="2" align="center" width="100%"',
                     "css": ' class="gk"',
                     "inline": ' style="border-collapse:collapse;width:100%" cellspacing="0"'}[st["html_css"]]
            lines = [f"<table{attrs}>", "<tbody>"] if rng.random() < 0.7 else [f"<table{attrs}>"]
            for ri, row in enumerate(payload):
                tag = "th" if st["html_th"] and all(c["kind"] in ("head",) for c in row) else "td"
                lines.append("<tr>" + "".join(cell_html(c, tag) for c in row) + "</tr>")
            if "<tbody>" in lines: lines.append("</tbody>")
            lines.append("</table>")
            body.append("\n".join(lines))
    inner = "\n".join(body)
    wrap = st["html_wrap"]
    if wrap == "div":
        inner = f'<div class="main"><div class="article-content" id="zoom">\n{inner}\n</div></div>'
    elif wrap == "trs":
        inner = f'<div class="TRS_Editor"><div class="TRS_PreAppend" style="overflow-x:hidden">\n{inner}\n</div></div>'
    elif wrap == "layout_table":
        inner = (f'<table width="900" align="center" border="0" cellpadding="0" cellspacing="0"><tr><td>'
                 f'<table width="100%" border="0"><tr><td class="content">\n{inner}\n</td></tr></table></td></tr></table>')
    out.append(inner)
    if rng.random() < 0.4:
        out.append('\n<div class="footer">主办单位：' + H.escape(r["org"]) + '　网站标识码：' + str(rng.randint(10 ** 9, 10 ** 10))
                   + '</div>')
    out.append("\n</body>\n</html>\n")
    open(path, "w", encoding="utf-8").write("".join(out))


# --------------------------------------------------------------------------------------------- pdf & text
def soffice_batch(docs, outdir):
    with tempfile.TemporaryDirectory() as prof:
        for i in range(0, len(docs), 20):
            subprocess.run(["soffice", f"-env:UserInstallation=file://{prof}", "--headless", "--convert-to", "pdf",
                            "--outdir", outdir, *docs[i:i + 20]], check=True, capture_output=True, timeout=900)


def chrome_one(args):
    src, pdf, headers = args
    with tempfile.TemporaryDirectory() as prof:
        cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={prof}",
               f"--print-to-pdf={pdf}"]
        if not headers: cmd.append("--no-pdf-header-footer")
        subprocess.run(cmd + ["file://" + src], capture_output=True, timeout=180)
    return os.path.exists(pdf)


EXTRACTORS = [("txt-layout", ".txt"), ("txt-raw-order", ".txt"), ("txt-raw", ".txt"), ("txt-mupdf", ".txt"),
              ("txt-plumber", ".txt"), ("md-pymupdf4llm", ".md"), ("md-markitdown", ".md")]


def extract_one(args):
    pdf, out_root, stem = args
    res = {}
    def put(kind, ext, fn):
        try:
            text = fn()
        except Exception as e:  # noqa
            sys.stderr.write(f"{kind} failed on {pdf}: {e}\n"); return
        open(os.path.join(out_root, kind, stem + ext), "w", encoding="utf-8").write(text)
        res[kind] = stem + ext
    pt = lambda *a: subprocess.run(["pdftotext", *a, pdf, "-"], capture_output=True, text=True, check=True).stdout
    put("txt-layout", ".txt", lambda: pt("-layout"))
    put("txt-raw-order", ".txt", lambda: pt())
    put("txt-raw", ".txt", lambda: pt("-raw"))
    def mupdf():
        import pymupdf
        return "".join(p.get_text() for p in pymupdf.open(pdf))
    put("txt-mupdf", ".txt", mupdf)
    def plumber():
        import pdfplumber
        with pdfplumber.open(pdf) as p:
            return "\n".join(pg.extract_text() or "" for pg in p.pages)
    put("txt-plumber", ".txt", plumber)
    def p4llm():
        import pymupdf4llm
        return pymupdf4llm.to_markdown(pdf, show_progress=False) if "show_progress" in pymupdf4llm.to_markdown.__code__.co_varnames else pymupdf4llm.to_markdown(pdf)
    put("md-pymupdf4llm", ".md", p4llm)
    def mkd():
        from markitdown import MarkItDown
        return MarkItDown().convert(pdf).text_content
    put("md-markitdown", ".md", mkd)
    return res


def dump(obj, path):
    json.dump(obj, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--start", type=int, default=0, help="first report index (to extend a corpus)")
    ap.add_argument("--out", required=True, help="a folder outside the repository")
    ap.add_argument("--stages", default="model,docx,html,pdf-lo,pdf-chrome,text")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    stages = set(a.stages.split(","))
    out = a.out
    t0 = time.time()
    reports = []
    for i in range(a.start, a.start + a.n):
        rng = random.Random(f"{a.seed}-{i}")
        r = gen_report(rng, i, a.seed)
        verify(r)
        r["blocks"] = blocks(rng, r)
        reports.append((r, rng))
    def load_truth(d):
        p = os.path.join(out, d, "truth.json")
        return json.load(open(p)) if os.path.exists(p) else {}
    for d in ["docx", "html", "pdf-lo", "pdf-chrome"] + [k for k, _ in EXTRACTORS]:
        os.makedirs(os.path.join(out, d), exist_ok=True)
    if "model" in stages:
        os.makedirs(os.path.join(out, "model"), exist_ok=True)
        for r, _ in reports:
            dump({k: v for k, v in r.items() if k != "blocks"}, os.path.join(out, "model", r["id"] + ".json"))
    for kind, write in [("docx", write_docx), ("html", write_html)]:
        if kind not in stages: continue
        tr = load_truth(kind)
        for r, _ in reports:
            write(r, r["blocks"], os.path.join(out, kind, r["id"] + "." + kind), random.Random(r["id"] + kind))
            tr[r["id"] + "." + kind] = truth_entry(r)
        dump(tr, os.path.join(out, kind, "truth.json"))
        print(f"{kind} done {time.time() - t0:.0f}s", flush=True)
    if "pdf-lo" in stages:
        tr = load_truth("pdf-lo")
        soffice_batch([os.path.join(out, "docx", r["id"] + ".docx") for r, _ in reports], os.path.join(out, "pdf-lo"))
        for r, _ in reports:
            if os.path.exists(os.path.join(out, "pdf-lo", r["id"] + ".pdf")):
                tr[r["id"] + ".pdf"] = truth_entry(r)
        dump(tr, os.path.join(out, "pdf-lo", "truth.json"))
        print(f"pdf-lo done {time.time() - t0:.0f}s", flush=True)
    if "pdf-chrome" in stages:
        tr = load_truth("pdf-chrome")
        jobs = [(os.path.join(out, "html", r["id"] + ".html"), os.path.join(out, "pdf-chrome", r["id"] + ".pdf"),
                 r["style"]["chrome_headers"]) for r, _ in reports]
        with ProcessPoolExecutor(a.jobs) as ex:
            oks = list(ex.map(chrome_one, jobs))
        for (r, _), ok in zip(reports, oks):
            if ok: tr[r["id"] + ".pdf"] = truth_entry(r)
        dump(tr, os.path.join(out, "pdf-chrome", "truth.json"))
        print(f"pdf-chrome done {time.time() - t0:.0f}s", flush=True)
    if "text" in stages:
        trs = {k: load_truth(k) for k, _ in EXTRACTORS}
        jobs, owners = [], []
        for pre, d in [("lo-", "pdf-lo"), ("ch-", "pdf-chrome")]:
            for r, _ in reports:
                pdf = os.path.join(out, d, r["id"] + ".pdf")
                if os.path.exists(pdf):
                    jobs.append((pdf, out, pre + r["id"])); owners.append(r)
        with ProcessPoolExecutor(a.jobs) as ex:
            for r, res in zip(owners, ex.map(extract_one, jobs)):
                for kind, name in res.items():
                    trs[kind][name] = truth_entry(r)
        for k, t in trs.items():
            dump(t, os.path.join(out, k, "truth.json"))
        print(f"text done {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
