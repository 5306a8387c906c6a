#!/usr/bin/env bash
# The BiLSTM tagger, Quill against PyTorch side by side: W4 (inference at batch 32 and 1, softmax
# argmax and CRF Viterbi, tokens/s) and W5 (training step at batch 32, cross-entropy and CRF NLL
# + Adam, tokens/s) of ../shared/peers/README.md, and with --model a shipped model's own
# configuration tagging EWT test. Quill: Benchmarks/Sources/tagger-bench (TaggerModel's public
# API: predict, accumulateGradients + Adam); PyTorch: ../shared/peers/bench_torch.py --workloads
# w4 / w5 (its Tagger, tagger_infer, tagger_train; w5 also gives the CRF Viterbi row of W4). Each
# step is its own process; Quill's and PyTorch's steps of one workload run back to back, and
# passes alternate their order (odd forward, even backward).
#
# Usage: Benchmarks/run-tagger.sh [--quick] [--threads N] [--model PATH] [--skip-peers]
#   --threads N    Quill: Parallelism.threads; PyTorch: torch.set_num_threads (default 2)
#   --model PATH   a `tagger train` model file: predict on EWT test (calls of 32 and of 640 sentences
#                  in file order, all at once, one sentence per call), Quill only (no PyTorch twin of
#                  the full model); left out without it
#   --quick        3 repeats of ~0.5 s: a smoke test
# Env:   PASSES=1 (default)   PEERS_PY=python with torch and pytorch-crf (default $HOME/peers-venv/bin/python)
#        RESULTS_DIR=... (default /tmp/quill-bench/tagger-<UTC stamp>)   STEP_TIMEOUT=600 (s per step)
# Output: <RESULTS_DIR>/<step>.p<pass>.jsonl (+ .err), table.md (printed at the end).
set -euo pipefail
SELF="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
CALLER="$(pwd)"
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
PEERS="$ROOT/../shared/peers"
CORPUS="$ROOT/../shared/corpora/ud-english-ewt/en_ewt-ud-test.conllu"
PY="${PEERS_PY:-$HOME/peers-venv/bin/python}"
PASSES="${PASSES:-1}"
CAP="${STEP_TIMEOUT:-600}"
OUT="${RESULTS_DIR:-/tmp/quill-bench/tagger-$(date -u +%Y%m%dT%H%M%SZ)}"

THREADS=2
MODEL=
PEER=1
QUICK=()
while (($#)); do
  case "$1" in
    --quick) QUICK=(--quick) ;;
    --threads) THREADS="$2"; shift ;;
    --model) MODEL="$2"; shift ;;
    --skip-peers) PEER= ;;
    -h|--help) sed -n '2,/^set /p' "$SELF" | grep '^#'; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ -n "$MODEL" ]; then
  [[ "$MODEL" == /* ]] || MODEL="$CALLER/$MODEL"
  [ -f "$MODEL" ] || { echo "no model file $MODEL" >&2; exit 1; }
  [ -f "$CORPUS" ] || { echo "--model needs $CORPUS (../shared/corpora beside the checkout)" >&2; exit 1; }
fi
if [ -n "$PEER" ]; then
  "$PY" -c 'import torch, torchcrf' 2>/dev/null \
    || { echo "$PY lacks torch or pytorch-crf: see ../shared/peers/README.md" >&2; exit 1; }
  [ -f "$PEERS/bench_torch.py" ] || { echo "needs ../shared/peers beside the checkout" >&2; exit 1; }
fi
mkdir -p "$OUT"

# The path dependency compiles the Quill sources as they are now; retry when a file is being edited.
for attempt in 1 2 3 4 5 6; do
  swift build -c release --package-path Benchmarks --product tagger-bench >&2 && break
  ((attempt < 6)) || { echo "build failed" >&2; exit 1; }
  echo "build failed, retrying in 60 s ($attempt)" >&2
  sleep 60
done
BENCH="$(swift build -c release --package-path Benchmarks --show-bin-path)/tagger-bench"

STEPS=()
for w in w4 w5; do
  STEPS+=("quill_$w|$BENCH|--workloads $w --threads $THREADS")
  if [ -n "$PEER" ]; then STEPS+=("torch_$w|$PY|$PEERS/bench_torch.py --workloads $w --threads $THREADS"); fi
done
if [ -n "$MODEL" ]; then
  STEPS+=("quill_model|$BENCH|--workloads model --model $MODEL --corpus $CORPUS --threads $THREADS")
fi

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
# median over passes of the per-process medians, with the spread over all repeats; ratio =
# Quill / PyTorch (> 1: Quill faster). A Quill and a PyTorch variant pair up when their names are
# the same without the trailing `[...]` tag and pytorch-crf's name.
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

def pairing(variant):
    return re.sub(r" \(pytorch-crf[^)]*\)|, pytorch-crf", "", TAG.sub("", variant))

def fmt(v):
    return "" if v is None else (f"{v:,.0f}" if v >= 100 else f"{v:.1f}" if v >= 10 else f"{v:.2f}")

def cell(rs):
    med = statistics.median(r["value"] for r in rs)
    lo, hi = min(r["min"] for r in rs), max(r["max"] for r in rs)
    return med, f"{fmt(med)} ({fmt(lo)}–{fmt(hi)})"

def label(workload, variant):
    batch = re.search(r" B(\d+)", variant)
    if workload == "W4":
        return f"W4 infer B{batch.group(1)} " + ("CRF (Viterbi)" if "CRF" in variant else "softmax (argmax)")
    if workload == "W5":
        return f"W5 train B{batch.group(1)} " + ("CRF NLL + Adam" if "CRF" in variant else "CE + Adam")
    return variant.split(" — ", 1)[-1] if workload == "W4-model" else variant

ORDER = {"W4": 0, "W5": 1, "W4-model": 2}
WAYS = ["in file order", "per 640", "all at once", "B1"]   # tagger-bench's model rows

def sort_key(k):
    if k[0] == "W4-model":
        return (ORDER[k[0]], [w in k[2] for w in WAYS].index(True) if any(w in k[2] for w in WAYS) else 9, k[2])
    return (ORDER.get(k[0], 9), "CRF" in k[2], -int((re.search(r" B(\d+)", k[2]) or [0, 0])[1]), k[2])

quill = sorted((k for k in rows if k[1] == "quill"), key=sort_key)
threads = sorted({r["threads"] for rs in rows.values() for r in rs})
passes = max((len(rs) for rs in rows.values()), default=0)
print("Model: BiLSTM tagger, vocabulary 20k, embedding 100, BiLSTM 128 per direction, 17 tags, 25 tokens per sentence "
      f"(../shared/peers W4/W5). Threads: {', '.join(map(str, threads))}. Processes per figure: {passes}.")
models = sorted({k[2].split(" — ", 1)[0] for k in quill if k[0] == "W4-model"})
for m in models:
    print(f"Shipped model: {m}.")
print()
print("| metric (tokens/s) | Quill | PyTorch | Quill / PyTorch |")
print("|---|---|---|---|")
for key in quill:
    workload, _, variant, metric = key
    qtag = TAG.search(variant)
    q, qtext = cell(rows[key])
    name = label(workload, variant) + (f" (Quill `{qtag.group(1)}`)" if qtag else "")
    peers = sorted(k for k in rows if k[1] == "pytorch" and k[0] == workload and k[3] == metric
                   and pairing(k[2]) == pairing(variant))
    if not peers:
        print(f"| {name} | {qtext} | | |")
    for pk in peers:
        ptag = TAG.search(pk[2])
        t, ttext = cell(rows[pk])
        print(f"| {name} | {qtext} | {ttext}{f' `[{ptag.group(1)}]`' if ptag else ''} | **{q / t:.2f}** |")
print()
print("Median of the per-process medians (min–max over all repeats). Ratio > 1: Quill faster.")
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
