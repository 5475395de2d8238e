#!/usr/bin/env python3
"""Rebuilds Samples/pdf: published-looking PDFs of the samples, with truth.json for ../shared/tools/score.py.

    python3 Scripts/make-pdf-fixtures.py

Each case is made the way reports are published:
- web pages printed by headless Chromium (its date/title head and URL/page-number foot on every page);
- Word files printed by LibreOffice after changing their fonts, sizes, page size and alignment: a serif
  CJK font on Letter paper, a short page (A4 wide, A5 high) where every table runs over several pages with its header row
  repeated and a `— N —` page number and a running head on each page, a landscape page whose cells
  are centred horizontally and vertically (as WPS lays out government tables), and a serif font with
  figures set right and at the bottom of their cells and labels and headers spread over their cells
  (WPS 分散对齐);
- an owner-password PDF (printing restricted; anyone can open it, so it is read), the same report
  with its pages turned by `/Rotate` (the text runs down the page's own coordinates), and stamped with a
  large slanted translucent watermark over its tables;
- refused inputs under refused/: a scan (pages that are only images) and a PDF that needs a password;
- under ocr/, a scan OCR'd by tesseract (its invisible text layer over the page images), as archives
  hold scanned reports after OCR: read, with its figures flagged suspicious. Not in truth.json: OCR
  misreads some figures and loses rows. `python3 Scripts/make-pdf-fixtures.py --ocr` remakes only it.

    python3 Scripts/make-pdf-fixtures.py --sweep OUT

writes instead, into OUT (not committed), every Word sample of Samples/docx printed nineteen ways, with a
truth.json for ../shared/tools/score.py: a wider check of the reader than the committed samples:
- `centred`: cells centred; `short`: short pages with page numbers and repeated header rows; `serif`: a serif
  font on Letter paper; `centred-small`: small centred text;
- `right`: figures set right and at the bottom of their cells; `distribute`: label and header text spread
  over the cell (WPS 分散对齐); `rightbottom`: both, in a serif font;
- `narrow`: every column 1.2-1.3 cm wide on a B5 page, so labels wrap over many lines;
- `tight`: line spacing equal to the font size; `vertical`: group labels and headers set top to bottom;
  `borderless`: tables without rules;
- combinations: `short-centred` and `short-distribute` (rows broken across short pages, the header
  repeated), `big-a4` (14 pt type: labels wrap in every cell), `land-tight` (landscape A4, tight lines),
  `borderless-right`, `vertical-centred`, `narrow-short` (a table wider than its page) and
  `b5-serif-right` (B5, figures at the bottom right, a page number and running foot).

Needs: soffice (libreoffice-writer-nogui), chromium, qpdf, pdftoppm (poppler-utils), tesseract-ocr with
tesseract-ocr-chi-sim, fonts-wqy-zenhei,
fonts-arphic-uming, and pip python-docx, Pillow and pymupdf. CI does not run this: the PDFs are committed.
"""
import copy, glob, json, os, shutil, subprocess, sys, tempfile

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Samples", "pdf")


def truth_of(name):
    """The values a sample must give, from the truth.json beside it."""
    for folder in ["Samples/docx", "Samples/real", "Samples/seeds"]:
        path = os.path.join(ROOT, folder, "truth.json")
        truth = json.load(open(path))
        if name in truth:
            return truth[name]
    raise KeyError(name)


def chromium_print(html, pdf):
    with tempfile.TemporaryDirectory() as tmp:
        page = os.path.join(tmp, os.path.splitext(os.path.basename(html))[0] + ".html")
        shutil.copy(html, page)
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}",
                        "file://" + page], check=True, capture_output=True, timeout=180)


def soffice_print(document, pdf):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, document],
                       check=True, capture_output=True, timeout=300)
        shutil.move(os.path.join(tmp, os.path.splitext(os.path.basename(document))[0] + ".pdf"), pdf)


def set_fonts(document, family, size):
    for paragraph in iter_paragraphs(document):
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.name = family
            fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
            fonts.set(qn("w:eastAsia"), family)


def iter_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def set_page(document, width, height, margin, landscape=False):
    for section in document.sections:
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = margin


def page_number_footer(document, running_head):
    """A centred `— N —` page number in the foot and a running head on every page."""
    for section in document.sections:
        head = section.header.paragraphs[0]
        head.text = running_head
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        foot = section.footer.paragraphs[0]
        foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
        foot.add_run("— ")
        run = foot.add_run()
        for kind, text in [("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)]:
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            elif text.strip() == "PAGE":
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            else:
                element = OxmlElement("w:t")
                element.text = text
            run._element.append(element)
        foot.add_run(" —")


def repeat_header_rows(document, rows=1):
    for table in document.tables:
        for row in table.rows[:rows]:
            properties = row._tr.get_or_add_trPr()
            header = OxmlElement("w:tblHeader")
            properties.append(header)


def centre_cells(document):
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                for paragraph in cell.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def unique_cells(table):
    """Each cell of a table once, however many grid positions a merge gives it."""
    seen = set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                yield cell


def is_figure_cell(cell):
    return cell.text.strip()[:1].isdigit()


def right_bottom_figures(document):
    """Figures set right and at the bottom of their cells (a wrapped label's last line)."""
    for table in document.tables:
        for cell in unique_cells(table):
            if is_figure_cell(cell):
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
                for paragraph in cell.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def distribute_labels(document):
    """Label and header text spread over the cell's width (`jc=distribute`, WPS 分散对齐)."""
    for table in document.tables:
        for cell in unique_cells(table):
            if not is_figure_cell(cell):
                for paragraph in cell.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.DISTRIBUTE


def narrow_columns(document):
    """Every column 1.2–1.3 cm wide on a B5 page: labels wrap over many lines."""
    set_page(document, Cm(17.6), Cm(25.0), Cm(1.8))
    for table in document.tables:
        table.autofit = False
        for row in table.rows:
            for i, cell in enumerate(row.cells):
                cell.width = Cm(1.2) if i == 0 else Cm(1.3)


def tight_lines(document, size):
    """Line spacing equal to the font size and no paragraph spacing: cell lines nearly touch."""
    for paragraph in iter_paragraphs(document):
        paragraph.paragraph_format.line_spacing = Pt(size)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.space_before = Pt(0)


def vertical_headers(document):
    """Group labels and the headers of the request and review tables set top to bottom (`tbRl`)."""
    starts = ("三、", "申请人情况", "行政复议", "行政诉讼", "法人或其他组织", "未经复议", "复议后", "（三）")
    for table in document.tables:
        for cell in unique_cells(table):
            if cell.text.strip().startswith(starts):
                direction = OxmlElement("w:textDirection")
                direction.set(qn("w:val"), "tbRl")
                cell._tc.get_or_add_tcPr().append(direction)


def borderless_tables(document):
    """Tables without any rule: cells are found from the text alone."""
    for table in document.tables:
        properties = table._tbl.tblPr
        for element in properties.findall(qn("w:tblBorders")) + properties.findall(qn("w:tblStyle")):
            properties.remove(element)
        borders = OxmlElement("w:tblBorders")
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"]:
            rule = OxmlElement(f"w:{side}")
            rule.set(qn("w:val"), "nil")
            borders.append(rule)
        properties.append(borders)
        for cell in unique_cells(table):
            cell_properties = cell._tc.get_or_add_tcPr()
            for element in cell_properties.findall(qn("w:tcBorders")):
                cell_properties.remove(element)


def docx_variant(source, pdf, change):
    document = docx.Document(os.path.join(ROOT, "Samples", "docx", source))
    change(document)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, os.path.splitext(os.path.basename(pdf))[0] + ".docx")
        document.save(path)
        soffice_print(path, pdf)


def scanned(source_pdf, pdf):
    """Pages rendered to images and put back into a PDF: what a scanner gives."""
    from PIL import Image
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", "-l", "2", source_pdf, os.path.join(tmp, "p")], check=True)
        pages = [Image.open(p).convert("L") for p in sorted(glob.glob(os.path.join(tmp, "p*.png")))]
        pages[0].save(pdf, save_all=True, append_images=pages[1:], resolution=40)


def ocr_scan(source_pdf, pdf):
    """The pages scanned (150 dpi, grey JPEG) and OCR'd by tesseract into a PDF with its text layer."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "150", "-gray", "-jpeg", "-jpegopt", "quality=60", source_pdf,
                        os.path.join(tmp, "p")], check=True)
        pages = []
        for image in sorted(glob.glob(os.path.join(tmp, "p*.jpg"))):
            subprocess.run(["tesseract", image, image[:-4], "-l", "chi_sim", "pdf"], check=True, capture_output=True)
            pages.append(image[:-4] + ".pdf")
        subprocess.run(["qpdf", "--empty", "--pages", *pages, "--", pdf], check=True)


def watermarked(source_pdf, pdf):
    """The PDF with a watermark on every page, as offices stamp published copies: the body's name and a
    date set large and slanted across the page twice, in translucent grey, over the tables' figures."""
    import pymupdf
    document = pymupdf.open(source_pdf)
    font = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
    for page in document:
        for x, y in [(page.rect.width * 0.15, page.rect.height * 0.35), (page.rect.width * 0.15, page.rect.height * 0.75)]:
            page.insert_text((x, y), "某某市人民政府 2024-01-05", fontsize=26, fontfile=font, fontname="wqy",
                             color=(0.2, 0.2, 0.2), fill_opacity=0.15,
                             morph=(pymupdf.Point(x, y), pymupdf.Matrix(1, 1).prerotate(-30)))
    document.subset_fonts()
    document.save(pdf, garbage=4, deflate=True)


def make_ocr_sample(source):
    os.makedirs(os.path.join(OUT, "ocr"), exist_ok=True)
    ocr_scan(source, os.path.join(OUT, "ocr", "004_a1987c7275b215ef.tesseract.pdf"))


def main():
    if sys.argv[1:] == ["--ocr"]:
        return make_ocr_sample(os.path.join(OUT, "004_a1987c7275b215ef.libreoffice.pdf"))
    os.makedirs(os.path.join(OUT, "refused"), exist_ok=True)
    truth = {}

    def case(name, source_truth, expect=None):
        value = copy.deepcopy(truth_of(source_truth))
        if expect:
            value = {"expect": expect}
        truth[name] = value

    chromium_print(os.path.join(ROOT, "Samples/real/shanghai-office-2019.html"),
                   os.path.join(OUT, "shanghai-office-2019.chromium.pdf"))
    case("shanghai-office-2019.chromium.pdf", "shanghai-office-2019.html")
    chromium_print(os.path.join(ROOT, "Tests/HTMLReaderTests/Fixtures/002_be443cd012c0fc6a-chrome.shtml"),
                   os.path.join(OUT, "002_be443cd012c0fc6a.chromium.pdf"))
    case("002_be443cd012c0fc6a.chromium.pdf", "002_be443cd012c0fc6a.txt")

    def serif_letter(d):
        set_fonts(d, "AR PL UMing CN", 12)
        set_page(d, Cm(21.59), Cm(27.94), Cm(2.0))
    docx_variant("001_b7938c474e787140.python-docx.docx", os.path.join(OUT, "001_b7938c474e787140.uming-letter.pdf"), serif_letter)
    case("001_b7938c474e787140.uming-letter.pdf", "001_b7938c474e787140.python-docx.docx")

    def small_a5(d):
        set_fonts(d, "WenQuanYi Zen Hei Sharp", 9)
        set_page(d, Cm(21.0), Cm(14.8), Cm(1.5))
        page_number_footer(d, "政府信息公开工作年度报告")
        repeat_header_rows(d)
    docx_variant("003_fbaa997d3cdea271.libreoffice.docx", os.path.join(OUT, "003_fbaa997d3cdea271.short-page-numbers.pdf"), small_a5)
    case("003_fbaa997d3cdea271.short-page-numbers.pdf", "003_fbaa997d3cdea271.libreoffice.docx")

    def centred_landscape(d):
        set_fonts(d, "WenQuanYi Zen Hei", 10.5)
        set_page(d, Cm(21.0), Cm(29.7), Cm(2.54), landscape=True)
        centre_cells(d)
    docx_variant("000_71c8ded71e417266.python-docx.docx", os.path.join(OUT, "000_71c8ded71e417266.centred-landscape.pdf"), centred_landscape)
    case("000_71c8ded71e417266.centred-landscape.pdf", "000_71c8ded71e417266.python-docx.docx")

    def right_distributed(d):
        set_fonts(d, "AR PL UMing CN", 10)
        right_bottom_figures(d)
        distribute_labels(d)
    docx_variant("000_71c8ded71e417266.libreoffice.docx", os.path.join(OUT, "000_71c8ded71e417266.right-distributed.pdf"), right_distributed)
    case("000_71c8ded71e417266.right-distributed.pdf", "000_71c8ded71e417266.libreoffice.docx")

    source = os.path.join(OUT, "004_a1987c7275b215ef.libreoffice.pdf")
    soffice_print(os.path.join(ROOT, "Samples/docx/004_a1987c7275b215ef.libreoffice.docx"), source)
    case("004_a1987c7275b215ef.libreoffice.pdf", "004_a1987c7275b215ef.libreoffice.docx")
    owner_only = os.path.join(OUT, "004_a1987c7275b215ef.owner-password.pdf")
    subprocess.run(["qpdf", "--encrypt", "", "owner-secret", "256", "--print=none", "--modify=none", "--",
                    source, owner_only], check=True)
    case("004_a1987c7275b215ef.owner-password.pdf", "004_a1987c7275b215ef.libreoffice.docx")
    watermarked(source, os.path.join(OUT, "004_a1987c7275b215ef.watermarked.pdf"))
    case("004_a1987c7275b215ef.watermarked.pdf", "004_a1987c7275b215ef.libreoffice.docx")
    rotated = os.path.join(OUT, "004_a1987c7275b215ef.rotated.pdf")
    subprocess.run(["qpdf", "--rotate=+90", "--", source, rotated], check=True)
    case("004_a1987c7275b215ef.rotated.pdf", "004_a1987c7275b215ef.libreoffice.docx")
    subprocess.run(["qpdf", "--encrypt", "user-secret", "owner-secret", "256", "--", source,
                    os.path.join(OUT, "refused", "needs-password.pdf")], check=True)
    case("refused/needs-password.pdf", "004_a1987c7275b215ef.libreoffice.docx", expect="error")
    scanned(source, os.path.join(OUT, "refused", "scanned.pdf"))
    case("refused/scanned.pdf", "004_a1987c7275b215ef.libreoffice.docx", expect="error")
    make_ocr_sample(source)

    json.dump(truth, open(os.path.join(OUT, "truth.json"), "w"), ensure_ascii=False, indent=1)
    print(f"{len(truth)} PDFs in {OUT}")


def sweep(out):
    """Every Word sample printed nineteen ways, with the values of its source."""
    os.makedirs(out, exist_ok=True)
    truth = json.load(open(os.path.join(ROOT, "Samples/docx/truth.json")))
    variants = {
        "centred": lambda d: (set_fonts(d, "WenQuanYi Zen Hei", 10.5), centre_cells(d)),
        "short": lambda d: (set_fonts(d, "WenQuanYi Zen Hei Sharp", 9), set_page(d, Cm(21.0), Cm(14.8), Cm(1.5)),
                            page_number_footer(d, "年度报告"), repeat_header_rows(d)),
        "serif": lambda d: (set_fonts(d, "AR PL UMing CN", 12), set_page(d, Cm(21.59), Cm(27.94), Cm(2.0))),
        "centred-small": lambda d: (set_fonts(d, "AR PL UMing CN", 9), centre_cells(d), page_number_footer(d, "某某局")),
        "right": lambda d: (set_fonts(d, "AR PL UMing CN", 10), right_bottom_figures(d)),
        "distribute": lambda d: (set_fonts(d, "WenQuanYi Zen Hei", 10), distribute_labels(d)),
        "rightbottom": lambda d: (set_fonts(d, "AR PL UMing CN", 10), right_bottom_figures(d), distribute_labels(d)),
        "narrow": lambda d: (set_fonts(d, "WenQuanYi Zen Hei", 10.5), narrow_columns(d)),
        "tight": lambda d: (set_fonts(d, "WenQuanYi Zen Hei", 10.5), tight_lines(d, 10.5)),
        "vertical": lambda d: (set_fonts(d, "WenQuanYi Zen Hei", 10.5), vertical_headers(d)),
        "borderless": lambda d: (set_fonts(d, "WenQuanYi Zen Hei", 10), borderless_tables(d)),
        "short-centred": lambda d: (set_fonts(d, "WenQuanYi Zen Hei", 10), set_page(d, Cm(21.0), Cm(14.8), Cm(1.5)),
                                    page_number_footer(d, "年度报告"), repeat_header_rows(d), centre_cells(d)),
        "big-a4": lambda d: (set_fonts(d, "AR PL UMing CN", 14), set_page(d, Cm(21.0), Cm(29.7), Cm(2.5)),
                             page_number_footer(d, "某某局")),
        "land-tight": lambda d: (set_fonts(d, "WenQuanYi Zen Hei", 9), set_page(d, Cm(29.7), Cm(21.0), Cm(1.8)),
                                 tight_lines(d, 9)),
        "borderless-right": lambda d: (set_fonts(d, "AR PL UMing CN", 10.5), borderless_tables(d),
                                       right_bottom_figures(d)),
        "short-distribute": lambda d: (set_fonts(d, "WenQuanYi Zen Hei", 9), set_page(d, Cm(21.0), Cm(14.8), Cm(1.5)),
                                       page_number_footer(d, "年度报告"), repeat_header_rows(d), distribute_labels(d)),
        "vertical-centred": lambda d: (set_fonts(d, "AR PL UMing CN", 10.5), vertical_headers(d), centre_cells(d)),
        "narrow-short": lambda d: (set_fonts(d, "WenQuanYi Zen Hei", 10), narrow_columns(d),
                                   set_page(d, Cm(18.2), Cm(14.8), Cm(1.5)), page_number_footer(d, "某某局")),
        "b5-serif-right": lambda d: (set_fonts(d, "AR PL UMing CN", 11), set_page(d, Cm(17.6), Cm(25.0), Cm(2.0)),
                                     right_bottom_figures(d), page_number_footer(d, "某某区人民政府")),
    }
    cases = {}
    for name in sorted(truth):
        for variant, change in variants.items():
            pdf = f"{name[:-5]}.{variant}.pdf"
            docx_variant(name, os.path.join(out, pdf), change)
            cases[pdf] = truth[name]
    json.dump(cases, open(os.path.join(out, "truth.json"), "w"), ensure_ascii=False, indent=1)
    print(f"{len(cases)} PDFs in {out}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--sweep":
        sys.exit(sweep(sys.argv[2]))
    sys.exit(main())
