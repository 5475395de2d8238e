#!/usr/bin/env python3
"""Measures a bulk run over a whole archive: peak memory and how --jobs scales.

    Scripts/archive-benchmark.py [--reports 20000] [--repeat 3] [--work /tmp/giconvert-archive] [--skip-build]

Generates REPORTS reports (made by Scripts/benchmark.py's generators from the five seed reports) as a
migrated archive holds them: 40% Word files (three in four styled as offices make them, from
python-docx's template; the rest unstyled), 30% HTML pages, 30% text, three quarters in nested folders
and a quarter in one .zip. Files are hard links to one generated file per seed and kind, so the archive
costs little disk. Then runs `giconvert FOLDER ARCHIVE.zip -o OUT` for CSV and JSONL output with
--jobs 1 and --jobs 2, REPEAT times each, and prints per run the wall seconds, CPU seconds, peak RSS
(the run's maximum resident set, as `/usr/bin/time -v` reports it) and the load average before the
run. Scaling is the best --jobs 1 wall time over the best --jobs 2 wall time: on a machine shared with
other work, run it when the machine is quiet (the load average shows whether it was).

Targets (issue 14): peak RSS under 150 MB for CSV and JSONL; --jobs 2 at least 1.8x --jobs 1 on two
cores. Exits 1 when a target is missed. The generated files stay in WORK (reused by the next run with
the same --reports) until removed.
"""
import argparse, importlib.util, os, pathlib, shutil, subprocess, sys, time, zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent

def load_generators():
    spec = importlib.util.spec_from_file_location("benchmark", ROOT / "Scripts/benchmark.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

def generate(work, reports):
    """The archive: WORK/archive (folders) and WORK/migrated.zip. Returns the inputs to pass."""
    folder, archive = work / "archive", work / "migrated.zip"
    marker = work / f"generated-{reports}"
    if marker.exists(): return [str(folder), str(archive)]
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    bench = load_generators()
    cases = [dict(bench.TRUTH[k], _narrative=bench.narrative(k)) for k in sorted(bench.TRUTH)]
    templates = work / "templates"; templates.mkdir()
    kinds = {"docx-styled": ".docx", "docx": ".docx", "html": ".html", "text": ".txt"}
    for i, case in enumerate(cases):
        bench.write_docx(case, templates / f"{i}-docx-styled.docx", styled=True)
        bench.write_docx(case, templates / f"{i}-docx.docx")
        bench.write_html(case, templates / f"{i}-html.html")
        bench.write_text(case, templates / f"{i}-text.txt")
    # Of every 20 reports: 6 styled Word, 2 unstyled Word, 6 HTML, 6 text.
    pattern = ["docx-styled"] * 6 + ["docx"] * 2 + ["html"] * 6 + ["text"] * 6
    in_zip = reports // 4
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for n in range(reports):
            kind = pattern[n % len(pattern)]
            source = templates / f"{n % len(cases)}-{kind}{kinds[kind]}"
            office = f"office{n % 37:02d}/{2019 + n % 5}"
            name = f"{office}/report{n:05d}{kinds[kind]}"
            if n < in_zip:
                z.write(source, name)
            else:
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(source, target)
    marker.touch()
    return [str(folder), str(archive)]

def run(cmd):
    """Wall seconds, CPU seconds and peak RSS (KiB) of one run."""
    load = os.getloadavg()[0]
    start = time.monotonic()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0: raise subprocess.CalledProcessError(status, cmd)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, load

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", default="/tmp/giconvert-archive")
    ap.add_argument("--skip-build", action="store_true")
    args = ap.parse_args()
    if not args.skip_build:
        subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    giconvert = str(ROOT / ".build/release/giconvert")
    work = pathlib.Path(args.work)
    inputs = generate(work, args.reports)
    out = work / "out"; out.mkdir(exist_ok=True)
    print(f"{args.reports} reports ({args.reports - args.reports // 4} in folders, {args.reports // 4} in a .zip;"
          f" 40% DOCX, 30% HTML, 30% text); {os.cpu_count()} cores")
    print(f"{'output':6} {'jobs':>4} {'wall s':>8} {'CPU s':>8} {'reports/s':>10} {'peak RSS MiB':>13} {'load':>5}")
    results = {}
    for fmt in ("csv", "jsonl"):
        for jobs in (1, 2):
            for _ in range(args.repeat):
                wall, cpu, rss, load = run([giconvert, *inputs, "-o", str(out / f"all.{fmt}"), "--jobs", str(jobs), "-q"])
                results.setdefault((fmt, jobs), []).append((wall, cpu, rss))
                print(f"{fmt:6} {jobs:4} {wall:8.2f} {cpu:8.2f} {args.reports / wall:10.0f} {rss / 1024:13.1f} {load:5.2f}", flush=True)
    ok = True
    for fmt in ("csv", "jsonl"):
        peak = max(r[2] for jobs in (1, 2) for r in results[(fmt, jobs)]) / 1024
        scaling = min(r[0] for r in results[(fmt, 1)]) / min(r[0] for r in results[(fmt, 2)])
        print(f"{fmt}: peak RSS {peak:.1f} MiB (target < 150 MB = {150e6 / 2**20:.0f} MiB);"
              f" --jobs 2 / --jobs 1 = {scaling:.2f}x on best wall times (target >= 1.8)")
        ok = ok and peak * 2**20 < 150e6 and scaling >= 1.8
    print("targets met" if ok else "TARGETS MISSED")
    sys.exit(0 if ok else 1)

if __name__ == "__main__":
    main()
