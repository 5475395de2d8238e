#!/usr/bin/env bash
# Fuzzes every reader (or the targets named) with libFuzzer, coverage-guided, for SECONDS each, one after
# the other; linked with lld, as gold fails on libFuzzer's objects. Seeds come from Samples/ and Tests/
# (Scripts/fuzz-seeds.py); the corpus each run grows is kept in .build/fuzz/corpus/TARGET for the next run. A crash, a hang (an input over 10 s), or a run
# past 2 GB of memory stops the script with status 1 and leaves the input in .build/fuzz/crashes/TARGET/;
# add it to Tests/Fixtures/hostile/ and fix the cause. Replay one with the plain build:
#   swift build --product giconvert-fuzz && .build/debug/giconvert-fuzz TARGET FILE
#
# usage: Scripts/fuzz.sh [SECONDS] [TARGET...]     (default: 15 s for each target; targets: `list` below)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
[ $# -gt 0 ] && shift
scratch=.build/fuzz
swift build -c release --product giconvert-fuzz --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer -Xswiftc -DGICONVERT_LIBFUZZER -Xswiftc -use-ld=lld 2>&1 | grep -E "error|warning: |Compiling|Build" | grep -v "^\[" || true
fuzzer="$scratch/release/giconvert-fuzz"
[ -x "$fuzzer" ] || { echo "fuzz.sh: the fuzzer did not build" >&2; exit 1; }
declare -A extensions
while read -r name exts; do extensions[$name]=$exts; done < <(GICONVERT_FUZZ_TARGET=list "$fuzzer")
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${!extensions[@]}")
status=0
for target in $(printf '%s\n' "${targets[@]}" | sort); do
    [ -n "${extensions[$target]:-}" ] || { echo "fuzz.sh: no target $target" >&2; exit 64; }
    seeds="$scratch/seeds/$target" corpus="$scratch/corpus/$target" crashes="$scratch/crashes/$target"
    rm -rf "$seeds"
    mkdir -p "$corpus" "$crashes"
    python3 Scripts/fuzz-seeds.py "$target" "${extensions[$target]}" "$seeds"
    log="$scratch/$target.log"
    if GICONVERT_FUZZ_TARGET=$target "$fuzzer" "$corpus" "$seeds" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -max_len=131072 -artifact_prefix="$crashes/" -print_final_stats=1 > "$log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
        echo "$target: $runs inputs in ${seconds} s, no crash, no hang"
    else
        status=1
        echo "$target: FAILED, see $log; the input is in $crashes/:" >&2
        grep -E "ERROR|Fatal error|SUMMARY|Test unit written" "$log" | head -5 >&2
    fi
done
exit $status
