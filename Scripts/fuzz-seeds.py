#!/usr/bin/env python3
"""Collects the seed inputs of one fuzzing target into a folder: the files under Samples/ and Tests/
whose extension the target's reader claims (at most 128 KiB each, so mutations stay fast), and for
`docx-xml` the XML parts of the Word files, joined as the harness expects (document, NUL, numbering,
NUL, styles), for `jsonl` the JSON reports of the IR each on one line.

usage: Scripts/fuzz-seeds.py TARGET EXT[,EXT...] OUTDIR
"""
import hashlib
import json
import os
import sys
import zipfile

LIMIT = 128 << 10


def files(root, extensions):
    for base in ("Samples", "Tests"):
        for folder, _, names in os.walk(os.path.join(root, base)):
            for name in sorted(names):
                if name.rsplit(".", 1)[-1].lower() in extensions:
                    yield os.path.join(folder, name)


def main():
    target, extensions, out = sys.argv[1], set(sys.argv[2].split(",")), sys.argv[3]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.makedirs(out, exist_ok=True)
    seeds = []
    if target == "docx-xml":
        for path in files(root, {"docx"}):
            try:
                with zipfile.ZipFile(path) as package:
                    names = set(package.namelist())
                    parts = [package.read(n) if n in names else b"" for n in
                             ("word/document.xml", "word/numbering.xml", "word/styles.xml")]
            except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError):
                continue
            if parts[0]:
                seeds.append(b"\0".join(parts).rstrip(b"\0"))
    elif target == "jsonl":
        # JSON Lines of the project's IR: each JSON report on one line, and all of them together.
        lines = []
        for path in files(root, {"json"}):
            try:
                with open(path, "rb") as handle:
                    report = json.load(handle)
            except (ValueError, OSError):
                continue
            if isinstance(report, dict) and "irVersion" in report:
                lines.append(json.dumps(report, ensure_ascii=False, sort_keys=True).encode() + b"\n")
        seeds += lines + [b"".join(lines)]
        for path in files(root, extensions):
            with open(path, "rb") as handle:
                seeds.append(handle.read())
    else:
        for path in files(root, extensions):
            with open(path, "rb") as handle:
                seeds.append(handle.read())
    kept = 0
    for seed in seeds:
        if 0 < len(seed) <= LIMIT:
            with open(os.path.join(out, hashlib.sha1(seed).hexdigest()), "wb") as handle:
                handle.write(seed)
            kept += 1
    print(f"{target}: {kept} seeds")


if __name__ == "__main__":
    main()
