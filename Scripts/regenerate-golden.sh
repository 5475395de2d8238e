#!/usr/bin/env bash
# Regenerates the golden outputs in Samples/golden/ from the samples, with the debug build.
# Run it on purpose, when a change to the output is intended, and review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build >/dev/null
bin="$PWD/.build/debug/giconvert"
mkdir -p Samples/golden
for dir in seeds real; do
  (cd "Samples/$dir" && for f in *.txt *.html *.docx; do
    [ -e "$f" ] || continue
    stem="${f%.*}"
    for ext in json csv md; do "$bin" "$f" -o "../golden/$stem.$ext" -q; done
  done)
done
ls Samples/golden
# The PDF samples' long CSVs, beside them.
mkdir -p Samples/pdf/golden
(cd Samples/pdf && for f in *.pdf; do "$bin" "$f" -o "golden/${f%.*}.csv" -q; done)
