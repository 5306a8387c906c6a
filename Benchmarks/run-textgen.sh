#!/usr/bin/env bash
# The shipped textgen configuration (char GRU 2x512, embedding 64, vocabulary 66, dropout 0.25),
# Quill against PyTorch side by side: training chars/s (batch 32 x 100 steps, truncated BPTT,
# cross-entropy + Adam + clipping to norm 5) and sampling at batch 1 (chars/s and µs/step, W3
# style). Quill: Benchmarks/Sources/textgen-bench (the code paths `textgen train` / `textgen
# sample` run); PyTorch: Benchmarks/peers/textgen_torch.py (common.py's method and format). Each
# step is its own process; Quill's and PyTorch's steps of one workload run back to back, and
# passes alternate their order (odd forward, even backward).
#
# Usage: Benchmarks/run-textgen.sh [--quick] [--threads N] [--cell gru|lstm] [--skip-peers]
#   --threads N   Quill: Parallelism.threads; PyTorch: torch.set_num_threads (default 2)
#   --cell        gru (the shipped configuration, default) or lstm
#   --quick       3 repeats of ~0.5 s: a smoke test
# Env:   PASSES=1 (default)   PEERS_PY=python with torch (default $HOME/peers-venv/bin/python)
#        RESULTS_DIR=... (default /tmp/quill-bench/textgen-<UTC stamp>)   STEP_TIMEOUT=600 (s per step)
# Output: <RESULTS_DIR>/<step>.p<pass>.jsonl (+ .err), table.md (printed at the end).
set -euo pipefail
SELF="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
PY="${PEERS_PY:-$HOME/peers-venv/bin/python}"
PASSES="${PASSES:-1}"
CAP="${STEP_TIMEOUT:-600}"
OUT="${RESULTS_DIR:-/tmp/quill-bench/textgen-$(date -u +%Y%m%dT%H%M%SZ)}"

THREADS=2
CELL=gru
PEERS=1
QUICK=()
while (($#)); do
  case "$1" in
    --quick) QUICK=(--quick) ;;
    --threads) THREADS="$2"; shift ;;
    --cell) CELL="$2"; shift ;;
    --skip-peers) PEERS= ;;
    -h|--help) sed -n '2,/^set /p' "$SELF" | grep '^#'; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ -n "$PEERS" ]; then
  "$PY" -c 'import torch' 2>/dev/null || { echo "$PY lacks torch: see ../shared/peers/README.md" >&2; exit 1; }
  [ -f "$ROOT/../shared/peers/common.py" ] || { echo "needs ../shared/peers beside the checkout" >&2; exit 1; }
fi
mkdir -p "$OUT"

# The path dependency compiles the Quill sources as they are now; retry when a file is being edited.
for attempt in 1 2 3 4 5 6; do
  swift build -c release --package-path Benchmarks --product textgen-bench >&2 && break
  ((attempt < 6)) || { echo "build failed" >&2; exit 1; }
  echo "build failed, retrying in 60 s ($attempt)" >&2
  sleep 60
done
BENCH="$(swift build -c release --package-path Benchmarks --show-bin-path)/textgen-bench"
TORCH="$ROOT/Benchmarks/peers/textgen_torch.py"

STEPS=()
for w in w1 w3; do
  STEPS+=("quill_$w|$BENCH|--workloads $w --cell $CELL --threads $THREADS")
  if [ -n "$PEERS" ]; then STEPS+=("torch_$w|$PY|$TORCH --workloads $w --cell $CELL --threads $THREADS"); fi
done

run_step() {  # run_step PASS "name|program|args"
  local pass="$1" name="${2%%|*}" rest="${2#*|}"
  local program="${rest%%|*}" args="${rest#*|}"
  read -r -a argv <<<"$args"
  echo "== pass $pass $name ($(date -u +%T), load $(cut -d' ' -f1 /proc/loadavg))" >&2
  local t0=$SECONDS
  BENCH_OUT="$OUT/$name.p$pass.jsonl" timeout "$CAP" "$program" "${argv[@]}" "${QUICK[@]}" \
    >/dev/null 2>"$OUT/$name.p$pass.err" || echo "!! $name exited $?" >&2
  echo "   $name took $((SECONDS - t0)) s" >&2
}

for ((p = 1; p <= PASSES; p++)); do
  if ((p % 2)); then
    for s in "${STEPS[@]}"; do run_step "$p" "$s"; done
  else
    for ((i = ${#STEPS[@]} - 1; i >= 0; i--)); do run_step "$p" "${STEPS[i]}"; done
  fi
done

# One row per Quill figure and PyTorch variant of the same model (default, `[mkldnn off]`):
# median over passes of the per-process medians, with the spread over all repeats. Ratio > 1 means
# Quill is better: rates Quill / PyTorch, µs/step PyTorch / Quill.
TABLE_PY="$PY"
[ -x "$TABLE_PY" ] || TABLE_PY=python3
"$TABLE_PY" - "$OUT" > "$OUT/table.md" <<'EOF'
import glob, json, re, statistics, sys

rows = {}
for path in sorted(glob.glob(sys.argv[1] + "/*.jsonl")):
    for line in open(path):
        if line.startswith("{"):
            r = json.loads(line)
            rows.setdefault((r["workload"], r["peer"], r["variant"], r["metric"]), []).append(r)

TAG = re.compile(r"\s*\[([^\[\]]*)\]\s*$")

def fmt(v):
    return "" if v is None else (f"{v:,.0f}" if v >= 100 else f"{v:.1f}" if v >= 10 else f"{v:.2f}")

def cell(rs, metric):
    med = statistics.median(r["value"] for r in rs)
    if metric == "us_per_step":
        lo = min(r["repeat_median_min_us"] for r in rs)
        hi = max(r["repeat_median_max_us"] for r in rs)
        p99 = statistics.median(r["p99_us"] for r in rs)
        return med, f"{fmt(med)} ({fmt(lo)}–{fmt(hi)}; p99 {fmt(p99)})"
    lo, hi = min(r["min"] for r in rs), max(r["max"] for r in rs)
    return med, f"{fmt(med)} ({fmt(lo)}–{fmt(hi)})"

def label(workload, metric):
    if workload == "W1":
        return "training chars/s"
    return "sampling µs/step" if metric == "us_per_step" else "sampling chars/s"

quill = sorted((k for k in rows if k[1] == "quill"), key=lambda k: (k[0], k[3] == "us_per_step", k[2]))
models = sorted({re.match(r".*? V\d+", k[2]).group(0) for k in quill})
threads = sorted({r["threads"] for rs in rows.values() for r in rs})
passes = max((len(rs) for rs in rows.values()), default=0)
print(f"Model: {'; '.join(models)}. Threads: {', '.join(map(str, threads))}. Processes per figure: {passes}.")
print()
print("| metric | Quill | PyTorch | Quill vs PyTorch |")
print("|---|---|---|---|")
for key in quill:
    workload, _, variant, metric = key
    base = TAG.sub("", variant)
    qtag = TAG.search(variant)
    q, qtext = cell(rows[key], metric)
    name = label(workload, metric) + (f" (Quill {qtag.group(1)})" if qtag else "")
    peers = sorted(k for k in rows if k[1] == "pytorch" and k[0] == workload and k[3] == metric
                   and TAG.sub("", k[2]) == base)
    if not peers:
        print(f"| {name} | {qtext} | | |")
    for pk in peers:
        ptag = TAG.search(pk[2])
        t, ttext = cell(rows[pk], metric)
        ratio = t / q if metric == "us_per_step" else q / t
        print(f"| {name} | {qtext} | {ttext}{f' `[{ptag.group(1)}]`' if ptag else ''} | **{ratio:.2f}** |")
print()
print("Median of the per-process medians (min–max over all repeats; latency: range of the repeat medians).")
print("Ratio > 1: Quill better (rates: Quill / PyTorch; µs/step: PyTorch / Quill).")
print()
print("Variants:")
seen = {}
for (workload, peer, variant, _), rs in sorted(rows.items()):
    seen.setdefault((workload, peer, variant), rs[0]["versions"])
for (workload, peer, variant), versions in seen.items():
    print(f"- {workload} {peer} ({versions}): {variant}")
EOF
cat "$OUT/table.md"
echo "results: $OUT" >&2
