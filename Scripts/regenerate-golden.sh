#!/usr/bin/env bash
# Regenerates the golden outputs from the samples, with the debug build. Run it on purpose, when a change
# to the output is intended (like pandoc's --accept), and review the diff before committing. Beside every
# folder of samples, in its golden/ folder:
#   NAME.json          the IR JSON of the reader input NAME.EXT (each reader's tests compare it, with
#                      TestSupport's Golden.mismatch)
#   NAME.csv, NAME.md  also the long CSV and the Markdown for seeds/ and real/, the long CSV for pdf/
# and Samples/golden/narrative/, the statements NarrativeCheck links (checked by hand: review every change).
# The inputs are the files TestSupport's Golden.inputs lists: everything under Samples/*/ except golden/,
# expected/, refused/, truth.json and READMEs.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build >/dev/null
bin="$PWD/.build/debug/giconvert"
find Samples -mindepth 2 -type f ! -path '*/golden/*' ! -path '*/expected/*' ! -path '*/refused/*' \
    ! -name truth.json ! -name README.md ! -name '.*' | LC_ALL=C sort | while read -r path; do
  dir=$(dirname "$path") f=$(basename "$path")
  case "$dir" in
    Samples/seeds|Samples/real) exts="json csv md" ;;
    Samples/pdf) exts="json csv" ;;
    *) exts=json ;;
  esac
  mkdir -p "$dir/golden"
  # Run beside the sample, so the report's source is its file name, as the tests name it.
  for ext in $exts; do (cd "$dir" && "$bin" "$f" -o "golden/${f%.*}.$ext" -q); done
done
GICONVERT_UPDATE_GOLDEN=1 swift test --filter NarrativeCheckTests >/dev/null
git status --short Samples
