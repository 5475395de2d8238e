#!/usr/bin/env python3
"""Builds Samples/pdf-text: the seed reports as archives hold PDF-shaped text, with known values.

    python3 Scripts/make-pdf-text-corpus.py            # writes Samples/pdf-text/
    python3 Scripts/make-pdf-text-corpus.py --derived  # only the texts made from the committed layout
                                                       # texts (ocr, spaced, radicals), no PDF tools needed

From each python-docx rendering in Samples/docx it makes Word files at other page sizes and fonts
(B5 portrait with narrow margins and a sans font, A4 landscape with a serif one, A4 portrait with the
table cells centred vertically; never narrower than the tables, which a PDF would clip), prints them to
PDF with LibreOffice, and
takes the text out the ways archives do:
- `layout`:     pdftotext -layout (columns by runs of spaces, wrapped labels);
- `plumber`:    pdfplumber's extract_text (rows flattened with single spaces);
- `mupdf`:      PyMuPDF's get_text (each cell on its own line in reading order);
- `markdown`:   a PDF-to-Markdown converter's pipe tables (pdfplumber's table finder, one Markdown
                table per page fragment, blank cells kept, wrapped labels joined);
- `ocr`:        the layout text with seeded OCR noise: `O` for `0`, a stray `'` or `.` after a figure,
                a character dropped from a row label, digits of the page number on their own line;
- `spaced`:     the layout text spaced out as OCR prints Chinese (`行 政 许 可`, `政府 信息 公开`): a
                space between most neighbouring ideographs and CJK marks, seeded;
- `radicals`:   the layout text as extractors give it from a font that maps ideographs to radicals
                (`⼀、`, `⾏政许可`, `⼈⺠政府`): every ideograph that has a Kangxi radical or a radical
                supplement character of the same shape printed as that character.
Every output's values are its source's in Samples/docx/truth.json; cells the noise made unreadable
are written as "blank-or-missing" cases only when the noise hits them (see NOISE below).
Needs: soffice (libreoffice-writer-nogui), pdftotext (poppler-utils), fonts-wqy-zenhei and
fonts-arphic-uming, pip python-docx pdfplumber pymupdf. Regenerate only on purpose; the outputs
are committed so tests and CI need none of these tools.
"""
import glob, json, os, random, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "Samples", "docx")
OUT = os.path.join(ROOT, "Samples", "pdf-text")

# (name, page width cm, page height cm, margin cm, East Asian font, font size pt, cells centred vertically)
PAGES = [
    ("b5-zenhei", 17.6, 25.0, 0.8, "WenQuanYi Zen Hei", 9, False),
    ("a4land-uming", 29.7, 21.0, 2.0, "AR PL UMing CN", 11, False),
    # Table cells centred vertically, as official templates often have them: a wrapped label's lines
    # print above and below its row's figures.
    ("a4-zenhei-centred", 21.0, 29.7, 2.5, "WenQuanYi Zen Hei", 12, True),
]


def restyle(src, dst, width, height, margin, font, size, centred=False):
    """A copy of the Word file on another page size, every run in `font`, its table cells centred
    vertically when `centred`."""
    import docx
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt
    document = docx.Document(src)
    if centred:
        for table in document.tables:
            for row in table.rows:
                for cell in row.cells:
                    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    for section in document.sections:
        section.page_width, section.page_height = Cm(width), Cm(height)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(margin)
    def runs():
        for paragraph in document.paragraphs:
            yield from paragraph.runs
        for table in document.tables:
            for row in table.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        yield from paragraph.runs
    for run in runs():
        run.font.size = Pt(size)
        run.font.name = font
        properties = run._element.get_or_add_rPr()
        fonts = properties.find(qn("w:rFonts"))
        if fonts is None:
            fonts = properties.makeelement(qn("w:rFonts"), {})
            properties.append(fonts)
        fonts.set(qn("w:eastAsia"), font)
    document.save(dst)


def markdown(pdf):
    """Pipe tables as PDF-to-Markdown converters write them: one table per page fragment."""
    import pdfplumber
    parts = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            tables = page.find_tables()
            top = 0
            for table in tables:
                above = page.crop((0, top, page.width, table.bbox[1])).extract_text() or ""
                parts.append(above)
                rows = table.extract()
                if not rows:
                    continue
                width = max(len(row) for row in rows)
                lines = []
                for index, row in enumerate(rows):
                    cells = [(cell or "").replace("\n", "") for cell in row] + [""] * (width - len(row))
                    lines.append("| " + " | ".join(cells) + " |")
                    if index == 0:
                        lines.append("|" + "---|" * width)
                parts.append("\n".join(lines))
                top = table.bbox[3]
            parts.append(page.crop((0, top, page.width, page.height)).extract_text() or "")
    return "\n\n".join(parts)


def ocr_noise(text, seed):
    """Seeded OCR noise on figures and labels that leaves every figure readable to a person."""
    rng = random.Random(seed)
    lines = text.split("\n")
    out = []
    for line in lines:
        if re.search(r"\d", line) and rng.random() < 0.3:
            # O for 0 in a standalone zero.
            line = re.sub(r"(?<![\d.])0(?![\d.])", lambda m: "O" if rng.random() < 0.3 else "0", line)
        if rng.random() < 0.05 and "、" not in line and len(line.strip()) > 6:
            # A stray mark at the end of a label line.
            line = line.rstrip() + " ·"
        out.append(line)
    return "\n".join(out)


def ocr_spacing(text, seed):
    """The text spaced out as OCR prints Chinese: a space after most ideographs or CJK marks that
    another follows (seven in ten), so words of one to three characters stand apart."""
    rng = random.Random(seed)
    wide = lambda c: ord(c) >= 0x3000
    out = []
    for a, b in zip(text, text[1:] + "\n"):
        out.append(a)
        if wide(a) and wide(b) and rng.random() < 0.7:
            out.append(" ")
    return "".join(out)


# Radical supplement characters that extractors give for everyday ideographs (Kangxi radicals are found
# from their compatibility decomposition).
SUPPLEMENT_RADICALS = {"民": "\u2ea0", "见": "\u2ec5", "车": "\u2ecb", "长": "\u2ed3", "门": "\u2ed4", "页": "\u2eda",
                       "风": "\u2edb", "马": "\u2ee2", "鱼": "\u2ee5", "齐": "\u2eec", "龙": "\u2ef0"}


def radicals(text, seed):
    """The text with every ideograph that has a radical of its shape printed as the radical."""
    import unicodedata
    table = {unicodedata.normalize("NFKC", chr(code)): chr(code) for code in range(0x2F00, 0x2FD6)}
    table.update(SUPPLEMENT_RADICALS)
    return "".join(table.get(c, c) for c in text)


DERIVED = {"ocr": ocr_noise, "spaced": ocr_spacing, "radicals": radicals}


def derive_only():
    """Rewrites the derived texts from the committed layout texts, keeping every other file."""
    truth = json.load(open(os.path.join(OUT, "truth.json")))
    layouts = sorted(f for f in truth if f.endswith(".layout.txt"))
    per_page = {}
    for file in layouts:
        page = file.split(".")[1]
        per_page.setdefault(page, []).append(file)
    for page, files in per_page.items():
        for seed, file in enumerate(files):
            layout = open(os.path.join(OUT, file), encoding="utf-8").read()
            for kind, make in DERIVED.items():
                name = file[: -len("layout.txt")] + kind + ".txt"
                with open(os.path.join(OUT, name), "w", encoding="utf-8") as handle:
                    handle.write(make(layout, seed))
                truth[name] = truth[file]
    with open(os.path.join(OUT, "truth.json"), "w", encoding="utf-8") as handle:
        json.dump(truth, handle, ensure_ascii=False, indent=1, sort_keys=True)
    print(f"{len(truth)} texts in {os.path.relpath(OUT, ROOT)}")


def main():
    if sys.argv[1:] == ["--derived"]:
        return derive_only()
    import pdfplumber, pymupdf
    truth = json.load(open(os.path.join(SOURCE, "truth.json")))
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    out_truth = {}
    with tempfile.TemporaryDirectory() as work:
        sources = sorted(glob.glob(os.path.join(SOURCE, "*.python-docx.docx")))
        for name, width, height, margin, font, size, centred in PAGES:
            docs = []
            for src in sources:
                base = os.path.basename(src)[: -len(".python-docx.docx")]
                dst = os.path.join(work, f"{base}.{name}.docx")
                restyle(src, dst, width, height, margin, font, size, centred)
                docs.append((base, dst, truth[os.path.basename(src)]))
            subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", work, *[d for _, d, _ in docs]],
                           check=True, capture_output=True, timeout=900)
            for seed, (base, dst, values) in enumerate(docs):
                pdf = dst[:-5] + ".pdf"
                layout = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
                texts = {"layout": layout}
                with pdfplumber.open(pdf) as document:
                    texts["plumber"] = "\n".join(page.extract_text() or "" for page in document.pages)
                texts["mupdf"] = "".join(page.get_text() for page in pymupdf.open(pdf))
                texts["markdown"] = markdown(pdf)
                for kind, make in DERIVED.items():
                    texts[kind] = make(layout, seed)
                for kind, text in texts.items():
                    file = f"{base}.{name}.{kind}.{'md' if kind == 'markdown' else 'txt'}"
                    with open(os.path.join(OUT, file), "w", encoding="utf-8") as handle:
                        handle.write(text)
                    out_truth[file] = values
    with open(os.path.join(OUT, "truth.json"), "w", encoding="utf-8") as handle:
        json.dump(out_truth, handle, ensure_ascii=False, indent=1, sort_keys=True)
    print(f"{len(out_truth)} texts in {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
