#!/usr/bin/env python3
"""Measures giconvert's speed on a generated corpus and checks the project's targets.

    Scripts/benchmark.py [--reports 400] [--skip-build]

Builds the release binaries, writes REPORTS Word files (python-docx, real tables with merged cells)
made from the five seed reports (their values and their own narrative paragraphs), the same reports
again as offices make them (styled: a `Heading 1` title, section headings numbered through numbering.xml,
list styles), the same reports as HTML pages and as text, then times, in one run:
  floor       opening each .docx with libzip and streaming word/document.xml through libxml2's xmlReader
              (for each of the two Word corpora)
  giconvert   `giconvert DIR -o out.csv --jobs 1` for each format and each Word corpus
  xlsx        `giconvert DIR -o out.xlsx --jobs 1` for the text reports (the workbook of a bulk run)
  xlsx memory peak RSS of that run for --memory-reports (default 2000) text reports against a tenth of them
  python-docx a script that opens each .docx and dumps every table cell
Times are the CPU seconds (user + system) each single-threaded run used, best of 5 (python-docx: of 3).
Targets: giconvert on the unstyled DOCX takes at most 1.25x the floor, and at least 30x less than the
python-docx script; on the styled DOCX at most 1.5x the floor and at least 40x less than python-docx;
XLSX at least 400 reports/s, its peak RSS for the large run at most 1.25x the small run's (memory must
not grow with the number of reports). Exits 1 when a target is missed.
Needs python-docx (pip install python-docx).

PDF (the PDF-reader issue): PDFS copies of the PDFs in Samples/pdf (printed by LibreOffice and Chromium),
timed in the same run:
  pdftotext   `pdftotext -layout FILE /dev/null` run on each file (poppler-utils)
  giconvert   `giconvert DIR -o out.csv --jobs 1`
  pdfplumber  a script that opens each file and extracts every page's tables (best of 1)
Targets: giconvert takes at most 1.5x the CPU of pdftotext -layout, and pdfplumber at least 25x as long as
giconvert. Needs pdftotext and pdfplumber (pip install pdfplumber); --pdfs 0 skips the PDF section.
"""
import argparse, json, os, pathlib, shutil, subprocess, sys, tempfile, time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SPEC = json.load(open(ROOT / "Samples/report-tables.json"))
TRUTH = json.load(open(ROOT / "Samples/seeds/truth.json"))

def cell(v):
    if v == "blank": return ""
    return ("%g" % v) if isinstance(v, float) else str(v)

def narrative(seed_name):
    """The seed report's own prose: its lines that are not table cells."""
    text = (ROOT / "Samples/seeds" / seed_name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if len(line.strip()) >= 40 and "|" not in line]

def blocks(case):
    """The report as paragraphs and tables (rows of (text, colspan, rowspan)), with the seed's prose."""
    fmt, year, org = case["format"], case["meta"]["year"], case["meta"]["org"]
    prose = case["_narrative"]
    yield "p", f"{org}{year}年政府信息公开工作年度报告"
    yield "p", "一、总体情况"
    for line in prose[:-2]:
        yield "p", line
    yield "p", "二、主动公开政府信息情况"
    rows = []
    for g in SPEC["tables"][0]["groups"]:
        if g["format"] != fmt: continue
        width = 4
        rows.append([(g["item"], width, 1)])
        rows.append([("信息内容", 1, 1)] + [(c[1], 1, 1) for c in g["columns"]] + [("", 1, 1)] * (3 - len(g["columns"])))
        for key, label in g["rows"]:
            vals = [cell(case["active"][key][c[0]]) for c in g["columns"]]
            rows.append([(label, 1, 1)] + [(v, 1, 1) for v in vals] + [("", 1, 1)] * (3 - len(vals)))
    yield "table", rows
    yield "p", "三、收到和处理政府信息公开申请情况"
    app = SPEC["tables"][1]
    rows = [[("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), ("申请人情况", 7, 1)],
            [("自然人", 1, 2), ("法人或其他组织", 5, 1), ("总计", 1, 2)],
            [(n, 1, 1) for n in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]]]
    for key, label, which in app["rows"]:
        if which not in ("both", fmt): continue
        vals = [(cell(case["applications"][key][c[0]]), 1, 1) for c in app["columns"]]
        rows.append([(label, 3, 1)] + vals)
    yield "table", rows
    yield "p", "四、政府信息公开行政复议、行政诉讼情况"
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rev = case["reviews"]["cases"]
    rows = [[("行政复议", 5, 1), ("行政诉讼", 10, 1)],
            [(o, 1, 2) for o in outcomes] + [("未经复议直接起诉", 5, 1), ("复议后起诉", 5, 1)],
            [(o, 1, 1) for o in outcomes * 2],
            [(cell(rev[c[0]]), 1, 1) for c in SPEC["tables"][2]["columns"]]]
    yield "table", rows
    yield "p", "五、存在的主要问题及改进情况"
    for line in prose[-2:]:
        yield "p", line
    yield "p", "六、其他需要报告的事项"
    yield "p", "本年度未收取信息处理费。"

def grid(rows):
    """Places spanning cells on a grid: {(r, c): (text, colspan, rowspan)} and the width."""
    taken, placed = set(), {}
    for r, row in enumerate(rows):
        c = 0
        for text, cs, rs in row:
            while (r, c) in taken: c += 1
            placed[(r, c)] = (text, cs, rs)
            for dr in range(rs):
                for dc in range(cs): taken.add((r + dr, c + dc))
            c += cs
    return placed, max(c for _, c in taken) + 1

SECTION_NUMBERS = "一二三四五六"
NUMBERED_HEADING = 90  # the abstractNum and num id the styled corpus adds to numbering.xml

def add_heading_numbering(d):
    """Adds to the template's numbering.xml a list of Chinese section numbers ("一、"), as offices number
    their headings: the same bytes in every file, like a template's."""
    from docx.oxml import parse_xml
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering = d.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="{NUMBERED_HEADING}"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>')
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    if first_num is None: numbering.append(abstract)
    else: first_num.addprevious(abstract)
    numbering.append(parse_xml(
        f'<w:num {w} w:numId="{NUMBERED_HEADING}"><w:abstractNumId w:val="{NUMBERED_HEADING}"/></w:num>'))

def number_paragraph(paragraph, num_id):
    from docx.oxml import parse_xml
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))

def write_docx(case, path, styled=False):
    """A Word file from python-docx's default template. Styled, as offices make them: the title in
    `Heading 1`, the section headings in `Heading 2` numbered ("一、") through numbering.xml, the prose of
    the last section in `List Bullet` and its other prose in `List Paragraph`; the text is the same."""
    import docx
    d = docx.Document()
    if styled: add_heading_numbering(d)
    section = None
    for kind, content in blocks(case):
        if kind == "p":
            if not styled:
                d.add_paragraph(content); continue
            if section is None:
                d.add_paragraph(content, style="Heading 1"); section = ""
            elif len(content) > 2 and content[0] in SECTION_NUMBERS and content[1] == "、":
                number_paragraph(d.add_paragraph(content[2:], style="Heading 2"), NUMBERED_HEADING)
                section = content[0]
            else:
                d.add_paragraph(content, style="List Bullet" if section == "五" else "List Paragraph")
            continue
        placed, width = grid(content)
        t = d.add_table(rows=len(content), cols=width)
        for (r, c), (text, cs, rs) in placed.items():
            target = t.cell(r, c)
            if cs > 1 or rs > 1: target = target.merge(t.cell(r + rs - 1, c + cs - 1))
            target.text = text
    d.save(path)

def write_html(case, path):
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>report</title></head><body>"]
    for kind, content in blocks(case):
        if kind == "p": out.append(f"<p>{content}</p>"); continue
        out.append("<table border='1'>")
        for row in content:
            out.append("<tr>" + "".join(f"<td colspan='{cs}' rowspan='{rs}'>{t}</td>" for t, cs, rs in row) + "</tr>")
        out.append("</table>")
    out.append("</body></html>")
    path.write_text("\n".join(out), encoding="utf-8")

def write_text(case, path):
    lines = []
    for kind, content in blocks(case):
        if kind == "p": lines.append(content); continue
        for row in content: lines.append(" | ".join(t for t, _, _ in row) + " |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

DUMP = """
import sys, docx
for path in sys.argv[1:]:
    d = docx.Document(path)
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                sys.stdout.write(c.text + "\\t")
"""

PLUMB = """
import sys, pdfplumber
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                for row in table:
                    sys.stdout.write("\\t".join(c or "" for c in row))
"""

def timed_each(cmds):
    """CPU seconds of running each command in turn (one process per file, as a shell loop would)."""
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for cmd in cmds:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

def measure_pdf(bin_dir, work, count):
    """The PDF section: giconvert against pdftotext -layout and pdfplumber on the same files."""
    samples = sorted(p for p in (ROOT / "Samples/pdf").glob("*.pdf"))
    folder = work / "pdf"; folder.mkdir()
    for n in range(count):
        shutil.copy(samples[n % len(samples)], folder / f"report{n:05d}.pdf")
    files = sorted(str(p) for p in folder.iterdir())
    pdftotext = best(3, lambda: timed_each([["pdftotext", "-layout", f, "/dev/null"] for f in files]))
    ours = best(3, lambda: timed([str(bin_dir / "giconvert"), str(folder), "-o", str(work / "pdf.csv"), "--jobs", "1", "-q"]))
    plumber = timed([sys.executable, "-c", PLUMB, *files], stderr=subprocess.DEVNULL)
    print(f"{count} PDFs ({len(samples)} samples of Samples/pdf repeated); CPU seconds, best of 3 (pdfplumber: 1 run)")
    print(f"{'what':44} {'seconds':>8} {'files/s':>10}")
    for what, s in [("pdftotext -layout, one process per file", pdftotext), ("giconvert pdf -> csv", ours),
                    ("pdfplumber extracting every table", plumber)]:
        print(f"{what:44} {s:8.3f} {count / s:10.0f}")
    ratio_floor, ratio_plumber = ours / pdftotext, plumber / ours
    print(f"giconvert pdf / pdftotext -layout = {ratio_floor:.2f} (target <= 1.5)")
    print(f"pdfplumber / giconvert pdf = {ratio_plumber:.1f} (target >= 25)")
    return ratio_floor <= 1.5 and ratio_plumber >= 25

def best(times, fn):
    results = [fn() for _ in range(times)]
    return min(results)

def timed(cmd, **kw):
    """CPU seconds (user + system) the command used: for single-threaded work this is how long it
    takes, without the noise of whatever else the machine is doing."""
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

def peak_rss(cmd):
    """The peak resident set (KiB) of one run of the command."""
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0: raise subprocess.CalledProcessError(process.returncode, cmd)
    return usage.ru_maxrss

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=400)
    ap.add_argument("--memory-reports", type=int, default=2000)
    ap.add_argument("--skip-build", action="store_true")
    ap.add_argument("--pdfs", type=int, default=70)
    args = ap.parse_args()
    if not args.skip_build:
        subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    bin_dir = ROOT / ".build/release"
    work = pathlib.Path(tempfile.mkdtemp(prefix="giconvert-bench-"))
    try:
        cases = [dict(TRUTH[k], _narrative=narrative(k)) for k in sorted(TRUTH)]
        dirs = {f: work / f for f in ("docx", "docx-styled", "html", "text")}
        for d in dirs.values(): d.mkdir()
        templates = work / "templates"; templates.mkdir()
        for i, case in enumerate(cases):
            write_docx(case, templates / f"{i}.docx")
            write_docx(case, templates / f"{i}-styled.docx", styled=True)
            write_html(case, templates / f"{i}.html")
            write_text(case, templates / f"{i}.txt")
        for n in range(args.reports):
            i = n % len(cases)
            shutil.copy(templates / f"{i}.docx", dirs["docx"] / f"report{n:05d}.docx")
            shutil.copy(templates / f"{i}-styled.docx", dirs["docx-styled"] / f"report{n:05d}.docx")
            shutil.copy(templates / f"{i}.html", dirs["html"] / f"report{n:05d}.html")
            shutil.copy(templates / f"{i}.txt", dirs["text"] / f"report{n:05d}.txt")
        docx_files = {f: sorted(str(p) for p in dirs[f].iterdir()) for f in ("docx", "docx-styled")}

        floor = {f: best(5, lambda f=f: timed([str(bin_dir / "giconvert-benchmark"), "floor", *docx_files[f]]))
                 for f in docx_files}
        ours = {f: best(5, lambda f=f: timed([str(bin_dir / "giconvert"), str(dirs[f]), "-o", str(work / f"{f}.csv"), "--jobs", "1", "-q"]))
                for f in dirs}
        xlsx = best(5, lambda: timed([str(bin_dir / "giconvert"), str(dirs["text"]), "-o", str(work / "text.xlsx"), "--jobs", "1", "-q"]))
        rss = {}
        for count in (args.memory_reports // 10, args.memory_reports):
            many = work / f"text{count}"; many.mkdir()
            for n in range(count):
                shutil.copy(templates / f"{n % len(cases)}.txt", many / f"report{n:05d}.txt")
            rss[count] = peak_rss([str(bin_dir / "giconvert"), str(many), "-o", str(work / f"text{count}.xlsx"), "--jobs", "1", "-q"])
            shutil.rmtree(many)
        python = {f: best(3, lambda f=f: timed([sys.executable, "-c", DUMP, *docx_files[f]])) for f in docx_files}

        n = args.reports
        print(f"{n} reports per format, one process, --jobs 1; CPU seconds, best of 5 (python-docx best of 3)")
        print(f"{'what':44} {'seconds':>8} {'reports/s':>10}")
        rows = [("floor: libzip + xmlReader over document.xml", floor["docx"]),
                ("floor, styled corpus", floor["docx-styled"])]
        rows += [(f"giconvert {f} -> csv", ours[f]) for f in ("docx", "docx-styled", "html", "text")]
        rows += [("giconvert text -> xlsx", xlsx)]
        rows += [("python-docx dumping every table cell", python["docx"]),
                 ("python-docx, styled corpus", python["docx-styled"])]
        for what, s in rows: print(f"{what:44} {s:8.3f} {n / s:10.0f}")
        ok = True
        # Unstyled: the benchmark's own files; styled: a Heading 1 title, headings numbered through
        # numbering.xml, list styles, as Word, WPS and python-docx files usually have.
        for f, floor_target, python_target in (("docx", 1.25, 30), ("docx-styled", 1.5, 40)):
            ratio_floor = ours[f] / floor[f]
            ratio_python = python[f] / ours[f]
            print(f"giconvert {f} / floor = {ratio_floor:.2f} (target <= {floor_target})")
            print(f"python-docx / giconvert {f} = {ratio_python:.1f} (target >= {python_target})")
            ok = ok and ratio_floor <= floor_target and ratio_python >= python_target
        small, large = sorted(rss)
        print(f"xlsx peak RSS: {small} reports {rss[small] / 1024:.0f} MiB, {large} reports {rss[large] / 1024:.0f} MiB"
              f" (target: at most 1.25x)")
        print(f"xlsx reports/s = {n / xlsx:.0f} (target >= 400)")
        ok = ok and n / xlsx >= 400 and rss[large] <= 1.25 * rss[small]
        if args.pdfs > 0:
            print()
            ok = measure_pdf(bin_dir, work, args.pdfs) and ok
        print("targets met" if ok else "TARGETS MISSED")
        sys.exit(0 if ok else 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
