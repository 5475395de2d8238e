#!/usr/bin/env python3
"""Regenerates the DOCX fixtures of Tests/DOCXReaderTests/Fixtures.

The five seed reports (Samples/seeds/*.txt) are rendered as Word documents twice:

* with python-docx (`<seed>.python-docx.docx`): real tables whose header and label column are merged
  with cell.merge() (w:gridSpan / w:vMerge), every cell's text split across runs ("809" is "8" + "09");
* with LibreOffice (`<seed>.libreoffice.docx`): an HTML rendering with rowspan/colspan tables,
  converted by `soffice --headless --convert-to docx`;
* two of them again with Word's own markup (`<seed>.word-style.docx`): section headings as a numbered
  list whose "一、" comes from numbering.xml, a tracked deletion and a field instruction (both digits)
  in every cell, inserted runs, bookmarks and proofing marks between runs, smart tags, rsids, and the
  last table inside a content control. Word itself cannot run here; this is what its files contain.

The narrative is the seed's own text, line by line; each statistical table is rebuilt in the national
layout (report-tables.json labels) holding the cell text exactly as the text conversion read it (the
`raw` column of giconvert's CSV), so the DOCX and the text must give the same values.

It also writes the bad-input fixtures (not a zip, no word/document.xml, malformed XML, an encrypted
OLE package, a legacy .doc, a zip bomb).

Usage: python3 Scripts/make-docx-fixtures.py [path/to/giconvert]   (default .build/debug/giconvert)
Needs python-docx and LibreOffice; CI only reads the committed output.
"""
import csv
import datetime
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile

import docx
from docx.shared import Pt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "Samples", "seeds")
OUT = os.path.join(ROOT, "Tests", "DOCXReaderTests", "Fixtures")
SPEC = json.load(open(os.path.join(ROOT, "Samples", "report-tables.json"), encoding="utf-8"))
TABLES = {t["key"]: t for t in SPEC["tables"]}

SECTION_KEYS = [r"總體|总体", r"主動公開|主动公开", r"收到和處理|收到和处理", r"行政復議、|行政复议、|行政複議、",
                r"存在的主要問題|存在的主要问题", r"其他需要報告|其他需要报告"]
TABLE_START = {
    1: re.compile(r"第二十[条條]"),
    2: re.compile(r"本列[数數][据據]|申[请請]人情[况況]"),
    3: re.compile(r"^\s*\|?\s*行政[复復複][议議]"),
}
TABLE_FOR_SECTION = {1: "active", 2: "applications", 3: "reviews"}


def section_index(line):
    m = re.match(r"^\s*([一二三四五六])、", line)
    if not m:
        return None
    i = "一二三四五六".index(m.group(1))
    return i if re.search(SECTION_KEYS[i], line) else None


def records(giconvert, seed):
    out = subprocess.run([giconvert, seed, "-o", "-", "--to", "csv"], check=True, capture_output=True).stdout
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8"))))
    values = {}
    fmt = rows[0]["format"] if rows else "2021"
    for r in rows:
        values[(r["table"], r["row"], r["column"])] = r["raw"]
    return fmt, values


def cell(text, rs=1, cs=1):
    return (text, rs, cs)


def active_table(fmt, values):
    rows = []
    for group in TABLES["active"]["groups"]:
        if group["format"] != fmt:
            continue
        rows.append([cell(group["item"], cs=4)])
        cols = group["columns"]
        header = [cell("信息内容")] + [cell(label) for _, label in cols]
        header[-1] = cell(header[-1][0], cs=4 - len(cols))
        rows.append(header)
        for key, label in group["rows"]:
            row = [cell(label)] + [cell(values.get(("active", key, c), "")) for c, _ in cols]
            row[-1] = cell(row[-1][0], cs=4 - len(cols))
            rows.append(row)
    return rows


def applications_table(fmt, values):
    spec = TABLES["applications"]
    cols = [c for c, _ in spec["columns"]]
    rows = [
        [cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rs=3, cs=3), cell("申请人情况", cs=7)],
        [cell("自然人", rs=2), cell("法人或其他组织", cs=5), cell("总计", rs=2)],
        [cell(label) for key, label in spec["columns"][1:6]],
    ]
    spec_rows = [r for r in spec["rows"] if r[2] in ("both", fmt)]
    outcome = [r for r in spec_rows if r[0] not in ("new_received", "carried_over", "carried_forward")]
    groups, current = {}, None
    for key, label, _ in outcome:
        parts = [p for p in label.split(" ") if not p.startswith("三、")]
        if len(parts) == 2:
            current = parts[0]
        elif not re.match(r"^\d", parts[0]):
            current = None
        groups[key] = current
    for key, label, _ in spec_rows:
        vals = [cell(values.get(("applications", key, c), "")) for c in cols]
        parts = label.split(" ")
        if key in ("new_received", "carried_over", "carried_forward"):
            rows.append([cell(label, cs=3)] + vals)
            continue
        row = []
        if key == outcome[0][0]:
            row.append(cell(parts[0], rs=len(outcome)))
        parts = [p for p in parts if not p.startswith("三、")]
        group = groups[key]
        if group is None:
            row.append(cell(parts[-1], cs=2))
        else:
            if len(parts) == 2:
                size = sum(1 for k, _, _ in outcome if groups[k] == group)
                row.append(cell(parts[0], rs=size))
            row.append(cell(parts[-1]))
        rows.append(row + vals)
    return rows


def reviews_table(fmt, values):
    cols = [c for c, _ in TABLES["reviews"]["columns"]]
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return [
        [cell("行政复议", cs=5), cell("行政诉讼", cs=10)],
        [cell(o, rs=2) for o in outcomes] + [cell("未经复议直接起诉", cs=5), cell("复议后起诉", cs=5)],
        [cell(o) for o in outcomes] * 2,
        [cell(values.get(("reviews", "cases", c), "")) for c in cols],
    ]


# Seeds also rewritten with Word's own markup (one per national format, one in traditional script).
WORD_STYLE_SEEDS = {"000_71c8ded71e417266", "003_fbaa997d3cdea271"}

BUILDERS = {"active": active_table, "applications": applications_table, "reviews": reviews_table}


def seed_blocks(path, fmt, values):
    """The seed's lines as paragraphs, each table region replaced by the rebuilt table."""
    lines = [l.rstrip("\n") for l in open(path, encoding="utf-8")]
    lines = [l for l in lines if l.strip()]
    heads = {}
    for i, line in enumerate(lines):
        s = section_index(line)
        if s is not None and s not in heads:
            heads[s] = i
    blocks = []
    skip_until = -1
    found = {t for (t, _, _) in values}
    for i, line in enumerate(lines):
        if i < skip_until:
            continue
        s = section_index(line)
        blocks.append(("p", line.strip()))
        if s in TABLE_FOR_SECTION and TABLE_FOR_SECTION[s] in found:
            end = min([h for h in heads.values() if h > i] + [len(lines)])
            start = next((j for j in range(i + 1, end) if TABLE_START[s].search(lines[j])), None)
            if start is None:
                continue
            for j in range(i + 1, start):
                blocks.append(("p", lines[j].strip()))
            key = TABLE_FOR_SECTION[s]
            blocks.append(("t", BUILDERS[key](fmt, values)))
            skip_until = end
    return blocks


def layout(rows):
    """Places cells with spans on a grid: [(r, c, text, rs, cs)], width, height."""
    taken = set()
    placed = []
    for r, row in enumerate(rows):
        c = 0
        for text, rs, cs in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, text, rs, cs))
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            c += cs
    width = max(c for _, c in taken) + 1
    return placed, width, len(rows)


def split_runs(paragraph, text):
    """Adds `text` as two runs split in the middle ("809" → "8" + "09"), the second bold-free."""
    if len(text) >= 2:
        mid = len(text) // 2
        paragraph.add_run(text[:mid])
        paragraph.add_run(text[mid:])
    elif text:
        paragraph.add_run(text)


def write_python_docx(blocks, title, created, path):
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.created = created
    document.core_properties.author = "python-docx fixture"
    for kind, content in blocks:
        if kind == "p":
            split_runs(document.add_paragraph(), content)
            continue
        placed, width, height = layout(content)
        table = document.add_table(rows=height, cols=width)
        table.style = "Table Grid"
        for r, c, text, rs, cs in placed:
            target = table.cell(r, c)
            if rs > 1 or cs > 1:
                target = target.merge(table.cell(r + rs - 1, c + cs - 1))
            split_runs(target.paragraphs[0], text)
    document.save(path)


WN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(tag):
    return "{%s}%s" % (WN, tag)


def w_element(tag, parent=None, index=None, **attrs):
    from lxml import etree
    element = etree.Element(q(tag)) if parent is None else etree.SubElement(parent, q(tag))
    if parent is not None and index is not None:
        parent.remove(element)
        parent.insert(index, element)
    for key, value in attrs.items():
        element.set(q(key), value)
    return element


def w_run(text, parent=None, index=None):
    run = w_element("r", parent, index)
    t = w_element("t", run, text=None) if False else w_element("t", run)
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def write_word_style(src, dst):
    """Rewrites a python-docx rendering with what Word itself writes: section headings as a numbered
    list (numbering.xml generates "一、"…, the text has no numeral), spell-check marks and bookmarks
    between the runs of a number, a tracked deletion and a hidden field instruction in every cell
    (both digits, which would corrupt the value if shown), inserted runs, smart tags, rsid attributes,
    and the last table inside a content control."""
    from lxml import etree
    with zipfile.ZipFile(src) as z:
        parts = [(info, z.read(info.filename)) for info in z.infolist()]
    data = dict((info.filename, content) for info, content in parts)
    root = etree.fromstring(data["word/document.xml"])
    body = root.find(q("body"))
    ids = iter(range(100, 100000))
    expected = 0
    for p in body.findall(q("p")):
        p.set(q("rsidR"), "00A1B2C3")
        text = "".join(t.text or "" for t in p.iter(q("t")))
        section = section_index(text)
        runs = p.findall(q("r"))
        if section is not None and section == expected:
            expected += 1
            rest = re.sub(r"^\s*[一二三四五六]、", "", text)
            for r in runs:
                p.remove(r)
            ppr = p.find(q("pPr"))
            if ppr is None:
                ppr = w_element("pPr", p, 0)
            num = w_element("numPr", ppr)
            w_element("ilvl", num, val="0")
            w_element("numId", num, val="90")
            w_run(rest[:2], p)
            w_element("proofErr", p, type="spellStart")
            w_run(rest[2:], p)
            w_element("proofErr", p, type="spellEnd")
        elif runs:
            tag = w_element("smartTag", p, list(p).index(runs[0]), uri="urn:schemas-microsoft-com:office:smarttags",
                            element="PersonName")
            p.remove(runs[0])
            tag.append(runs[0])
    for tc_p in root.iter(q("tc")):
        for p in tc_p.findall(q("p")):
            runs = p.findall(q("r"))
            start = 1 if p.find(q("pPr")) is not None else 0
            deletion = w_element("del", p, start, id=str(next(ids)), author="审核人", date="2022-01-20T09:00:00Z")
            w_element("delText", w_element("r", deletion)).text = "9"
            begin = w_element("r", p, start + 1)
            w_element("fldChar", begin, fldCharType="begin")
            instr = w_element("r", p, start + 2)
            w_element("instrText", instr).text = " = 9 "
            w_element("fldChar", w_element("r", p, start + 3), fldCharType="separate")
            w_element("fldChar", w_element("r", p, start + 4), fldCharType="end")
            if len(runs) == 2:
                index = list(p).index(runs[1])
                mark = next(ids)
                w_element("bookmarkStart", p, index, id=str(mark), name="_Hlk%d" % mark)
                w_element("proofErr", p, index + 1, type="gramStart")
                w_element("bookmarkEnd", p, index + 2, id=str(mark))
                insertion = w_element("ins", p, list(p).index(runs[1]), id=str(next(ids)), author="审核人")
                p.remove(runs[1])
                insertion.append(runs[1])
    tables = body.findall(q("tbl"))
    if tables:
        last = tables[-1]
        index = list(body).index(last)
        sdt = w_element("sdt", body, index)
        props = w_element("sdtPr", sdt)
        w_element("alias", props, val="行政复议行政诉讼表")
        w_element("tag", props, val="reviews")
        content = w_element("sdtContent", sdt)
        body.remove(last)
        content.append(last)
    data["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    numbering = data["word/numbering.xml"].decode("utf-8")
    abstract = ('<w:abstractNum w:abstractNumId="90"><w:multiLevelType w:val="hybridMultilevel"/>'
                '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'
                '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr></w:lvl></w:abstractNum>')
    first_num = numbering.find("<w:num ")
    numbering = numbering[:first_num] + abstract + numbering[first_num:]
    numbering = numbering.replace("</w:numbering>", '<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num></w:numbering>')
    data["word/numbering.xml"] = numbering.encode("utf-8")
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for info, _ in parts:
            z.writestr(info.filename, data[info.filename])


def html_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_libreoffice(blocks, title, path, workdir):
    parts = ["<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%s</title></head><body>" % html_escape(title)]
    for kind, content in blocks:
        if kind == "p":
            parts.append("<p>%s</p>" % html_escape(content))
            continue
        parts.append("<table border=\"1\">")
        for row in content:
            parts.append("<tr>" + "".join(
                "<td%s%s>%s</td>" % (" rowspan=\"%d\"" % rs if rs > 1 else "", " colspan=\"%d\"" % cs if cs > 1 else "",
                                     html_escape(text)) for text, rs, cs in row) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    base = os.path.splitext(os.path.basename(path))[0]
    html = os.path.join(workdir, base + ".html")
    open(html, "w", encoding="utf-8").write("".join(parts))
    soffice(["--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML", "--outdir", workdir, html], workdir)
    shutil.move(os.path.join(workdir, base + ".docx"), path)


def soffice(args, workdir):
    profile = "file://" + os.path.join(workdir, "lo-profile")
    subprocess.run(["soffice", "-env:UserInstallation=" + profile, "--headless"] + args, check=True,
                   capture_output=True, timeout=180)


def write_zip(path, members, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in members:
            z.writestr(name, data)


CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                 '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>')
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def ole_file(streams):
    """A minimal OLE compound file (version 3, 512-byte sectors) whose directory names `streams`,
    each empty: enough to be recognised as what Office writes around an encrypted package."""
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)          # one FAT sector
    struct.pack_into("<I", header, 48, 1)          # directory starts at sector 1
    struct.pack_into("<I", header, 56, 4096)       # mini stream cutoff
    struct.pack_into("<I", header, 60, 0xFFFFFFFE)  # no mini FAT
    struct.pack_into("<I", header, 68, 0xFFFFFFFE)  # no DIFAT sectors
    struct.pack_into("<I", header, 76, 0)          # FAT in sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, 0xFFFFFFFF)
    fat = bytearray(b"\xff" * 512)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)  # sector 0 FAT, sector 1 end of directory
    directory = bytearray()
    names = ["Root Entry"] + streams
    for i, name in enumerate(names):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0"
        entry[0:len(encoded)] = encoded
        struct.pack_into("<H", entry, 64, len(encoded))
        entry[66] = 5 if i == 0 else 2
        entry[67] = 1
        struct.pack_into("<III", entry, 68, 0xFFFFFFFF, i + 1 if 0 < i < len(names) - 1 else 0xFFFFFFFF,
                         1 if i == 0 else 0xFFFFFFFF)
        struct.pack_into("<I", entry, 116, 0xFFFFFFFE)
        directory += entry
    directory += b"\0" * (512 - len(directory) % 512 if len(directory) % 512 else 0)
    return bytes(header + fat + directory)


def bad_inputs(workdir):
    open(os.path.join(OUT, "bad-not-a-zip.docx"), "wb").write("这不是一个Word文件，只是文本。\n".encode("utf-8"))
    write_zip(os.path.join(OUT, "bad-no-document.docx"), [
        ("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS),
        ("word/styles.xml", '<?xml version="1.0"?><w:styles %s/>' % W)])
    write_zip(os.path.join(OUT, "bad-malformed.docx"), [
        ("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS),
        ("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<w:document %s><w:body>\n'
                              '<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>\n<w:p><w:r><w:t>未闭合</w:r></w:p>\n'
                              '</w:body></w:document>\n' % W)])
    open(os.path.join(OUT, "bad-encrypted.docx"), "wb").write(
        ole_file(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]))
    # A zip bomb: 64 MiB of spaces inside a valid document deflate to ~64 KiB (ratio ~1000).
    filler = b" " * (64 << 20)
    body = (b'<?xml version="1.0" encoding="UTF-8"?><w:document ' + W.encode() + b'><w:body><w:p><w:r><w:t>'
            + b'\xe7\x82\xb8\xe5\xbc\xb9' + b'</w:t></w:r></w:p>' + filler + b'</w:body></w:document>')
    with zipfile.ZipFile(os.path.join(OUT, "bad-bomb.docx"), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", body)
    # A legacy .doc, written by LibreOffice from a small document.
    small = os.path.join(workdir, "legacy.docx")
    d = docx.Document()
    d.add_paragraph("一、总体情况")
    d.add_paragraph("这是一个旧版Word文件。")
    d.save(small)
    soffice(["--convert-to", "doc", "--outdir", workdir, small], workdir)
    shutil.move(os.path.join(workdir, "legacy.doc"), os.path.join(OUT, "bad-legacy.doc"))


def main():
    giconvert = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "giconvert")
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        for name in sorted(os.listdir(SEEDS)):
            if not name.endswith(".txt"):
                continue
            seed = os.path.join(SEEDS, name)
            fmt, values = records(giconvert, seed)
            blocks = seed_blocks(seed, fmt, values)
            base = os.path.splitext(name)[0]
            title = blocks[0][1] if blocks and blocks[0][0] == "p" else base
            created = datetime.datetime(2022, 1, 20, 9, 0, 0)
            write_python_docx(blocks, title, created, os.path.join(OUT, base + ".python-docx.docx"))
            write_libreoffice(blocks, title, os.path.join(OUT, base + ".libreoffice.docx"), workdir)
            if base in WORD_STYLE_SEEDS:
                write_word_style(os.path.join(OUT, base + ".python-docx.docx"), os.path.join(OUT, base + ".word-style.docx"))
            print("wrote", base, fmt, sum(1 for b in blocks if b[0] == "t"), "tables")
        bad_inputs(workdir)


if __name__ == "__main__":
    main()
