#!/usr/bin/env python3
"""Builds Samples/extractors: the PDFs of Samples/pdf as other tools take their text out, with known values.

    python3 Scripts/make-extractor-corpus.py                   # writes Samples/extractors/
    python3 Scripts/make-extractor-corpus.py pdftohtml.html    # only the outputs with these suffixes

Each PDF of Samples/pdf (not refused/) goes through the extractors archives hold text from, beside
those of Scripts/make-pdf-text-corpus.py, as they are, with no noise added:
- `pymupdf4llm.md`: pymupdf4llm's Markdown (tables as pipe rows with `<br>` inside cells, columns
                    merged or split, a figure cut between a label's cell and the next);
- `pypdf.txt`:      pypdf's extract_text (rows in reading order, cells by single spaces);
- `pypdf-layout.txt`: pypdf's layout mode (columns by spaces; figures glued to a closing quote, two
                    cells' digits run together);
- `pdftotext.txt`:  poppler's pdftotext in its default reading order (no `-layout`): a page's table as
                    its rows' labels cut into pieces a line each, then its figures one a line, row after
                    row, or column by column where cells stand in columns;
- `pdfminer.txt`:   pdfminer.six's extract_text (text boxes one after another: a table column by
                    column, its labels apart from its figures);
- `pdftohtml.html`: poppler's pdftohtml as one page (`-s -i -noframes`): every line or run of the PDF
                    an absolutely positioned paragraph, a table's cells in no table, nearby cells of a
                    row joined into one run (`154 0`), a money unit a run of its own;
- `pdftohtml-c.html`: the same in its complex mode (`-c`): a run per font, so a title set in two fonts
                    comes in three pieces (`遂宁市安居区` / `2024` / `年政府信息公开工作年度报告`);
- `lo-import.docx`: the PDF opened by LibreOffice's PDF import and saved as Word: every line, or word, a
                    text box placed on its page, anchored in an order that need not be the reading order;
- `tesseract.txt`:  real OCR: each page rendered at 200 dpi, read by tesseract with chi_sim (table rules
                    read as `|` or `1`, digits misread, the script simplified).
Every output's values are its PDF's in Samples/pdf/truth.json. Where OCR misread a figure the text
itself holds another number; tests list those cells (Tests/EndToEndTests/PDFTextTests.swift).
Needs: pip pymupdf4llm pypdf pdfminer.six; poppler-utils (pdftotext, pdftoppm, pdftohtml), LibreOffice, tesseract-ocr,
tesseract-ocr-chi-sim. Regenerate only on purpose; the outputs are committed so tests need none of these.
"""
import glob, json, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "Samples", "pdf")
OUT = os.path.join(ROOT, "Samples", "extractors")


def pymupdf4llm_markdown(pdf):
    import pymupdf4llm
    return pymupdf4llm.to_markdown(pdf)


def pypdf_text(pdf, layout=False):
    from pypdf import PdfReader
    reader = PdfReader(pdf)
    if reader.is_encrypted:
        reader.decrypt("")
    mode = {"extraction_mode": "layout"} if layout else {}
    return "\n".join(page.extract_text(**mode) or "" for page in reader.pages)


def pdfminer_text(pdf):
    from pdfminer.high_level import extract_text
    return extract_text(pdf)


def pdftotext_text(pdf):
    return subprocess.run(["pdftotext", pdf, "-"], capture_output=True, check=True).stdout.decode("utf-8")


def pdftohtml_page(pdf, complex_mode=False):
    with tempfile.TemporaryDirectory() as tmp:
        args = ["pdftohtml", "-q", "-s", "-i", "-noframes"] + (["-c"] if complex_mode else [])
        subprocess.run(args + [pdf, os.path.join(tmp, "page")], check=True)
        (page,) = glob.glob(os.path.join(tmp, "*.html"))
        return open(page, encoding="utf-8").read()


def libreoffice_import(pdf):
    # A page turned by /Rotate comes in as turned text boxes, which giconvert does not lay out (the file
    # is refused: no report tables found); such a Word file is left out of the corpus.
    if pdf.endswith(".rotated.pdf"):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", "--infilter=writer_pdf_import", "--convert-to", "docx",
                        "--outdir", tmp, pdf], check=True, capture_output=True)
        found = glob.glob(os.path.join(tmp, "*.docx"))
        # LibreOffice cannot import a PDF with an owner password: no output for it.
        return open(found[0], "rb").read() if found else None


def tesseract_text(pdf):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", pdf, os.path.join(tmp, "page")], check=True)
        pages = []
        for png in sorted(glob.glob(os.path.join(tmp, "page-*.png"))):
            run = subprocess.run(["tesseract", png, "-", "-l", "chi_sim"], check=True, capture_output=True,
                                 env={**os.environ, "OMP_THREAD_LIMIT": "1"})
            pages.append(run.stdout.decode("utf-8"))
        return "\f".join(pages)


EXTRACTORS = [
    ("pymupdf4llm.md", pymupdf4llm_markdown),
    ("pypdf.txt", pypdf_text),
    ("pypdf-layout.txt", lambda pdf: pypdf_text(pdf, layout=True)),
    ("pdfminer.txt", pdfminer_text),
    ("pdftotext.txt", pdftotext_text),
    ("pdftohtml.html", pdftohtml_page),
    ("pdftohtml-c.html", lambda pdf: pdftohtml_page(pdf, complex_mode=True)),
    ("lo-import.docx", libreoffice_import),
    ("tesseract.txt", tesseract_text),
]


def main():
    only = sys.argv[1:]
    os.makedirs(OUT, exist_ok=True)
    truth = json.load(open(os.path.join(SOURCE, "truth.json"), encoding="utf-8"))
    truth_path = os.path.join(OUT, "truth.json")
    out_truth = json.load(open(truth_path, encoding="utf-8")) if only and os.path.exists(truth_path) else {}
    for pdf in sorted(glob.glob(os.path.join(SOURCE, "*.pdf"))):
        name = os.path.basename(pdf)
        if name not in truth:
            continue
        for suffix, extract in EXTRACTORS:
            if only and suffix not in only:
                continue
            target = name[:-4] + "." + suffix
            output = extract(pdf)
            if output is None:
                continue
            if isinstance(output, bytes):
                with open(os.path.join(OUT, target), "wb") as f:
                    f.write(output)
            else:
                with open(os.path.join(OUT, target), "w", encoding="utf-8") as f:
                    f.write(output)
            out_truth[target] = truth[name]
            print(target, file=sys.stderr)
    with open(truth_path, "w", encoding="utf-8") as f:
        json.dump(out_truth, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
