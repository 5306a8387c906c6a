#!/usr/bin/env bash
# Fuzzes Quill's readers with libFuzzer and AddressSanitizer (the targets: Fuzzing/README.md).
#
# Usage: Scripts/fuzz.sh [--seconds N | --runs N] [--jobs-nice N] [target...]
#   --seconds N   run each target for N seconds (default 60; `make fuzz FUZZ_SECONDS=N`)
#   --runs N      run each target for N executions instead
#   target        model-file conll conllu utf8-text raw-text personal-model (default: all)
# Env: FUZZ_WORK=folder for corpora, crashes and logs (default /tmp/quill-fuzz; never the repo)
#      FUZZ_NICE=niceness of the build and the runs (default 19: the machine is shared)
#
# Builds Fuzzing/ into Fuzzing/.build (out of the normal build), writes the seed corpora (small
# model files and a personal model written by the targets themselves, slices of the corpora in
# ../shared/corpora and Corpora/samples), then runs the targets one after the other. The corpus of
# each target is kept in $FUZZ_WORK/corpus/<target> and grows from run to run. Prints the
# executions and the rate of each target; exits 1 if any target found a crash (the input is saved
# in $FUZZ_WORK/crashes/, libFuzzer's report in $FUZZ_WORK/logs/).
set -euo pipefail
cd "$(dirname "$0")/.."

ALL_TARGETS=(model-file conll conllu utf8-text raw-text personal-model)
SECONDS_EACH=60
RUNS=""
TARGETS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) SECONDS_EACH="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
        *)
            [[ " ${ALL_TARGETS[*]} " == *" $1 "* ]] || { echo "fuzz.sh: no target '$1' (${ALL_TARGETS[*]})" >&2; exit 2; }
            TARGETS+=("$1"); shift ;;
    esac
done
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL_TARGETS[@]}")

WORK="${FUZZ_WORK:-/tmp/quill-fuzz}"
NICE=(nice -n "${FUZZ_NICE:-19}")
CORPORA=../shared/corpora

# -sanitize=fuzzer instruments the Swift code for coverage and links libFuzzer; the C targets get
# the same through -Xcc. lld, because gold fails on the sanitizer's symbols. Release (-O) keeps
# every precondition and overflow check (only debug-only asserts are lost) and is much faster.
BUILD=(swift build -c release --package-path Fuzzing --scratch-path Fuzzing/.build
       -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address -Xswiftc -use-ld=lld)
echo "== building the fuzz targets (Fuzzing/.build)"
"${NICE[@]}" "${BUILD[@]}"
BIN="$("${BUILD[@]}" --show-bin-path)"

mkdir -p "$WORK/corpus" "$WORK/crashes" "$WORK/logs"

# Seeds: the lines from..to of a file, one seed per slice.
slice() {  # slice FILE FIRST COUNT OUT
    [ -f "$1" ] && sed -n "$2,$(($2 + $3 - 1))p" "$1" > "$4" || true
}
seed() {
    local target="$1" dir="$WORK/corpus/$1"
    mkdir -p "$dir"
    case "$target" in
        model-file|personal-model) "${NICE[@]}" "$BIN/fuzz-$target" --write-seeds "$dir" ;;
        conll)
            slice "$CORPORA/wnut17/wnut17train.conll" 1 60 "$dir/seed-wnut17-train"
            slice "$CORPORA/wnut17/emerging.test.annotated" 1 60 "$dir/seed-wnut17-test"
            slice "$CORPORA/uner-english-ewt/en_ewt-ud-dev.iob2" 1 60 "$dir/seed-uner" ;;
        conllu)
            slice "$CORPORA/ud-english-ewt/en_ewt-ud-dev.conllu" 1 80 "$dir/seed-ewt-dev"
            # a stretch with multiword tokens (1-2) and empty nodes (8.1)
            local line
            line="$(grep -n -m1 -P '^[0-9]+-[0-9]+\t' "$CORPORA/ud-english-ewt/en_ewt-ud-dev.conllu" 2>/dev/null | cut -d: -f1)" || true
            [ -n "$line" ] && slice "$CORPORA/ud-english-ewt/en_ewt-ud-dev.conllu" $((line > 10 ? line - 10 : 1)) 40 "$dir/seed-ewt-multiword"
            line="$(grep -n -m1 -P '^[0-9]+\.[0-9]+\t' "$CORPORA/ud-english-ewt/en_ewt-ud-train.conllu" 2>/dev/null | cut -d: -f1)" || true
            [ -n "$line" ] && slice "$CORPORA/ud-english-ewt/en_ewt-ud-train.conllu" $((line > 10 ? line - 10 : 1)) 40 "$dir/seed-ewt-empty-node" ;;
        utf8-text|raw-text)
            for sample in Corpora/samples/*.txt; do head -c 4096 "$sample" > "$dir/seed-$(basename "$sample")"; done
            slice "$CORPORA/tinyshakespeare/input.txt" 1 40 "$dir/seed-shakespeare" ;;
    esac
    find "$dir" -type f -empty -delete
}

status=0
SUMMARY=()
for target in "${TARGETS[@]}"; do
    seed "$target"
    log="$WORK/logs/$target.log"
    limit=(-max_total_time="$SECONDS_EACH")
    [ -n "$RUNS" ] && limit=(-runs="$RUNS")
    echo "== fuzz-$target (${limit[*]}, corpus $WORK/corpus/$target)"
    # No leak checks: the Swift runtime and Foundation keep allocations alive on purpose (caches),
    # and Foundation's Data(contentsOf:) leaks on an empty file; memory errors and traps are what
    # we look for. No Swift backtracer: libFuzzer reports the crash and saves the input itself
    # (the backtracer would also keep the pipe open and hang under nice).
    set +e
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" "${NICE[@]}" "$BIN/fuzz-$target" "$WORK/corpus/$target" "${limit[@]}" -detect_leaks=0 \
        -rss_limit_mb=2048 -max_len=65536 -timeout=30 -print_final_stats=1 \
        -artifact_prefix="$WORK/crashes/$target-" > "$log" 2>&1
    code=$?
    set -e
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
    line="$(printf '%-15s %10s executions %7s/s' "$target" "${runs:-?}" "${rate:-?}")"
    if [ $code -ne 0 ]; then
        status=1
        artifact="$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)"
        line="$line  CRASH: ${artifact:-see $log}"
        grep -m3 -E 'ERROR: |Fatal error|SUMMARY' "$log" | sed 's/^/    /' >&2 || true
    fi
    echo "$line"
    SUMMARY+=("$line")
done

echo "== summary (logs: $WORK/logs)"
printf '%s\n' "${SUMMARY[@]}"
exit $status
