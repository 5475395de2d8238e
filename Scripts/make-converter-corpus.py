#!/usr/bin/env python3
"""Builds Samples/converters: the Word files of Samples/docx and the real web page of Samples/real as
document converters and text browsers turn them into text, with known values.

    python3 Scripts/make-converter-corpus.py           # writes Samples/converters/

- `pandoc-plain.txt`: pandoc -t plain (tables as columns of spaces between dashed rules, blank
                      cells as nothing);
- `pandoc-rst.txt`:   pandoc -t rst (grid tables: `+---+` borders, a cell's text wrapped over the
                      lines of its row, numbers digit by digit in narrow columns);
- `pandoc.md`:        pandoc -t markdown (pandoc's own multiline and grid tables);
- `pandoc-gfm.md`:    pandoc -t gfm (pipe tables, every row as wide as the widest: a label that takes
                      fewer columns than another leaves empty cells between it and its figures);
- `pandoc-cm.md`:     pandoc -t commonmark (tables with merged cells written as HTML `<table>` blocks
                      inside the Markdown);
- `lynx.txt`, `w3m.txt`: the web page as lynx -dump and w3m -dump print it (cells by spaces, blanks
                      dropped);
- `markitdown.md`:    markitdown's Markdown of the Word files and the web page (pipe tables that leave out
                      the cells a row span covers, so each row has its own width);
- `grid-repeated.md`: the Word files as converters that write every grid position of a table (docling's
                      pipe tables, python-docx's `row.cells`) give them: a merged cell's text repeated in
                      each position it covers, figures too (`行政许可 | 809 | 809 | 809`).
Values are those of the source in Samples/docx/truth.json or Samples/real/truth.json. Needs: pandoc,
lynx, w3m (Debian packages), markitdown (pip install 'markitdown[docx]'), python-docx. Regenerate only on purpose; the outputs are committed so tests need none
of these.
"""
import glob, json, os, subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Samples", "converters")


def run(args, out):
    text = subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)


def grid_repeated_markdown(path, out):
    import docx
    document = docx.Document(path)
    lines = []
    for child in document.element.body.iterchildren():
        tag = child.tag.split("}")[1]
        if tag == "p":
            text = "".join(node.text or "" for node in child.iter() if node.tag.endswith("}t"))
            if text.strip():
                lines += [text, ""]
        elif tag == "tbl":
            table = docx.table.Table(child, document)
            for index, row in enumerate(table.rows):
                cells = [cell.text.replace("\n", " ") for cell in row.cells]
                lines.append("| " + " | ".join(cells) + " |")
                if index == 0:
                    lines.append("|" + "---|" * len(cells))
            lines.append("")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main():
    os.makedirs(OUT, exist_ok=True)
    truth = {}
    docx_truth = json.load(open(os.path.join(ROOT, "Samples", "docx", "truth.json")))
    for path in sorted(glob.glob(os.path.join(ROOT, "Samples", "docx", "*.docx"))):
        name = os.path.basename(path)
        stem = name[: -len(".docx")]
        outputs = {"pandoc-plain.txt": "plain", "pandoc-rst.txt": "rst"}
        if "python-docx" in stem:
            outputs["pandoc.md"] = "markdown"
        else:
            outputs["pandoc-gfm.md"] = "gfm"
            outputs["pandoc-cm.md"] = "commonmark"
        for suffix, to in outputs.items():
            out = f"{stem}.{suffix}"
            run(["pandoc", "-t", to, "--wrap=none", path], os.path.join(OUT, out))
            truth[out] = docx_truth[name]
        run(["markitdown", path], os.path.join(OUT, f"{stem}.markitdown.md"))
        truth[f"{stem}.markitdown.md"] = docx_truth[name]
        grid_repeated_markdown(path, os.path.join(OUT, f"{stem}.grid-repeated.md"))
        truth[f"{stem}.grid-repeated.md"] = docx_truth[name]
    real = os.path.join(ROOT, "Samples", "real")
    real_truth = json.load(open(os.path.join(real, "truth.json")))
    for page in sorted(real_truth):
        stem = page.rsplit(".", 1)[0]
        source = os.path.join(real, page)
        run(["lynx", "-dump", "-nolist", "-width=250", "-assume_charset=utf-8", "-display_charset=utf-8", source],
            os.path.join(OUT, f"{stem}.lynx.txt"))
        run(["w3m", "-dump", "-T", "text/html", "-cols", "250", "-I", "UTF-8", "-O", "UTF-8", source],
            os.path.join(OUT, f"{stem}.w3m.txt"))
        run(["pandoc", "-f", "html", "-t", "plain", "--wrap=none", source],
            os.path.join(OUT, f"{stem}.pandoc-plain.txt"))
        run(["markitdown", source], os.path.join(OUT, f"{stem}.markitdown.md"))
        for suffix in ["lynx.txt", "w3m.txt", "pandoc-plain.txt", "markitdown.md"]:
            truth[f"{stem}.{suffix}"] = real_truth[page]
    with open(os.path.join(OUT, "truth.json"), "w", encoding="utf-8") as f:
        # One text a line: the values are the sources', compared by the tests and score.py.
        f.write("{\n" + ",\n".join(json.dumps(k, ensure_ascii=False) + ": " + json.dumps(truth[k], ensure_ascii=False)
                                    for k in sorted(truth)) + "\n}\n")
    print(f"{len(truth)} texts in {OUT}")


main()
