#!/usr/bin/env bash
# Tokenizer throughput, side by side in one run: Quill, the raw ICU loop (the limit,
# ../shared/peers/icu_wordbreak.c), spaCy and NLTK (../shared/peers/bench_tokenize.py), on
# tinyshakespeare and the EWT train sentences. Passes alternate their order; the table gives the
# median of the per-process medians.
#
# Usage: Benchmarks/run-tokenize.sh [--quick]
# Env:   PASSES=3 (default 3)   PEERS_PY=python with spacy+nltk (default $HOME/peers-venv/bin/python)
#        RESULTS_DIR=... (default /tmp/peers-results/<UTC stamp>-quill-tokenize)
# Output: <RESULTS_DIR>/<step>.p<pass>.jsonl and table.md (printed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
PEERS=../shared/peers
CORPORA=../shared/corpora
PY="${PEERS_PY:-$HOME/peers-venv/bin/python}"
PASSES="${PASSES:-3}"
OUT="${RESULTS_DIR:-/tmp/peers-results/$(date -u +%Y%m%dT%H%M%SZ)-quill-tokenize}"
QUICK=()
[ "${1:-}" = "--quick" ] && QUICK=(--quick)
mkdir -p "$OUT"

[ -d "$PEERS" ] && [ -d "$CORPORA" ] || { echo "needs ../shared/peers and ../shared/corpora beside the checkout" >&2; exit 1; }
"$PY" -c 'import spacy, nltk' 2>/dev/null || { echo "$PY lacks spacy/nltk: see $PEERS/README.md" >&2; exit 1; }

swift build -c release --package-path Benchmarks --product tokenize-bench >&2
BENCH="$(swift build -c release --package-path Benchmarks --show-bin-path)/tokenize-bench"
cc -O2 -o "$OUT/icu_wordbreak" "$PEERS/icu_wordbreak.c" $(pkg-config --cflags --libs icu-uc icu-i18n)
"$PY" "$PEERS/bench_tokenize.py" --dump-ewt-text "$OUT/ewt-train-text.txt"

STEPS=(
  "quill_shakespeare|$BENCH|$CORPORA/tinyshakespeare/input.txt --corpus shakespeare"
  "quill_ewt|$BENCH|$OUT/ewt-train-text.txt --corpus ewt-train"
  "icu_shakespeare|$OUT/icu_wordbreak|$CORPORA/tinyshakespeare/input.txt --corpus shakespeare"
  "icu_ewt|$OUT/icu_wordbreak|$OUT/ewt-train-text.txt --corpus ewt-train"
  "spacy_nltk|$PY|$PEERS/bench_tokenize.py"
)

run_step() {  # run_step PASS "name|program|args"
  local pass="$1" rest="${2#*|}" name="${2%%|*}"
  local program="${rest%%|*}" args="${rest#*|}"
  read -r -a argv <<<"$args"
  echo "== pass $pass $name (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  BENCH_OUT="$OUT/$name.p$pass.jsonl" "$program" "${argv[@]}" "${QUICK[@]}" >/dev/null 2>"$OUT/$name.p$pass.err" \
    || echo "!! $name exited $?" >&2
}

for ((p = 1; p <= PASSES; p++)); do
  if ((p % 2)); then
    for s in "${STEPS[@]}"; do run_step "$p" "$s"; done
  else
    for ((i = ${#STEPS[@]} - 1; i >= 0; i--)); do run_step "$p" "${STEPS[i]}"; done
  fi
done
"$PY" "$PEERS/make_table.py" "$OUT"/*.jsonl > "$OUT/table.md"
cat "$OUT/table.md"
echo "results: $OUT" >&2
