#!/usr/bin/env bash
# Recurrent workloads side by side in one sitting: Quill's recurrent-bench, PyTorch
# (../shared/peers/bench_torch.py), Keras/TensorFlow (bench_keras.py) and the numpy/torch sgemm
# ceiling (bench_gemm.py), each step its own process, the steps of one workload next to each other.
# Passes alternate their order (odd forward, even backward), as ../shared/peers/run_all.sh.
#
# Usage: Benchmarks/run-recurrent.sh [--quick] [--threads N] [--workloads gemm,w1,w2,w3,w6,w7]
#                                    [--skip-peers] [--peers torch,keras,gemm]
#   --threads N     the core's threads for Quill (Parallelism.threads), intra-op threads for the
#                   peers (default 2); the GEMM ceiling always runs at 1 and 2
#   --workloads     default all of gemm,w1,w2,w3,w6,w7
#   --skip-peers    Quill only
#   --peers LIST    which peer steps to run (default torch,keras,gemm; gemm = bench_gemm.py)
# Env:   PASSES=1 (default)   PEERS_PY=python with torch+tensorflow (default $HOME/peers-venv/bin/python)
#        RESULTS_DIR=... (default /tmp/quill-bench/<UTC stamp>)   STEP_TIMEOUT=400 (seconds per step)
# Output: <RESULTS_DIR>/<step>.p<pass>.jsonl (+ .err, + .maxrss: the process's peak RSS in KiB),
#         table.md (make_table.py) and ratios.md (Quill / PyTorch, Quill / best peer, GFLOP/s
#         against the sgemm ceiling, peak RSS).
set -euo pipefail
SELF="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
PEERS="$ROOT/../shared/peers"
PY="${PEERS_PY:-$HOME/peers-venv/bin/python}"
PASSES="${PASSES:-1}"
CAP="${STEP_TIMEOUT:-400}"
OUT="${RESULTS_DIR:-/tmp/quill-bench/$(date -u +%Y%m%dT%H%M%SZ)}"

THREADS=2
WORKLOADS=gemm,w1,w2,w3,w6,w7
PEER_LIST=torch,keras,gemm
QUICK=()
while (($#)); do
  case "$1" in
    --quick) QUICK=(--quick) ;;
    --threads) THREADS="$2"; shift ;;
    --workloads) WORKLOADS="$2"; shift ;;
    --skip-peers) PEER_LIST= ;;
    --peers) PEER_LIST="$2"; shift ;;
    -h|--help) sed -n '2,/^set /p' "$SELF" | grep '^#'; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
has() { [[ ",$1," == *",$2,"* ]]; }   # has LIST ITEM
pick() {                               # pick WANTED... -> the ones in $WORKLOADS, comma-joined
  local result=() w
  for w in "$@"; do has "$WORKLOADS" "$w" && result+=("$w"); done
  local IFS=,
  echo "${result[*]}"
}

if [ -n "$PEER_LIST" ]; then
  [ -d "$PEERS" ] || { echo "needs ../shared/peers beside the checkout" >&2; exit 1; }
  "$PY" -c 'import torch, tensorflow, keras, numpy' 2>/dev/null \
    || { echo "$PY lacks torch/tensorflow/keras/numpy: see $PEERS/README.md" >&2; exit 1; }
fi
mkdir -p "$OUT"

# The path dependency compiles the Quill sources as they are now; retry when a file is being edited.
for attempt in 1 2 3 4 5 6; do
  (cd Benchmarks && swift build -c release --scratch-path "$ROOT/.build-bench" --product recurrent-bench >&2) && break
  ((attempt < 6)) || { echo "build failed" >&2; exit 1; }
  echo "build failed, retrying in 60 s ($attempt)" >&2
  sleep 60
done
BENCH="$(cd Benchmarks && swift build -c release --scratch-path "$ROOT/.build-bench" --show-bin-path)/recurrent-bench"

# Steps "name|program|args", grouped by workload so that Quill and its peers run back to back.
STEPS=()
add() { STEPS+=("$1"); }
if has "$WORKLOADS" gemm; then
  add "quill_gemm|$BENCH|--workloads gemm --threads $THREADS"
  has "$PEER_LIST" gemm && add "peers_gemm|$PY|$PEERS/bench_gemm.py --threads-list 1,2"
fi
# Quill runs each W2 / W7 variant in a process of its own, so that its peak RSS is its own.
quill() {  # quill WORKLOAD: one step, or one per variant
  case "$1" in
    w2) for v in char-lstm-1 char-gru-2 char-gru-1 char-rnn-2 char-rnn-1; do
          add "quill_w2_${v#char-}|$BENCH|--workloads w2 --only $v --threads $THREADS"; done ;;
    w7) for v in seed-rnn seed-lstm seed-gru; do
          add "quill_w7_${v#seed-}|$BENCH|--workloads w7 --only $v --threads $THREADS"; done ;;
    *) add "quill_$1|$BENCH|--workloads $1 --threads $THREADS" ;;
  esac
}
w=$(pick w1 w2)
if [ -n "$w" ]; then
  for one in ${w//,/ }; do quill "$one"; done
  has "$PEER_LIST" torch && add "torch_${w//,/}|$PY|$PEERS/bench_torch.py --workloads $w --threads $THREADS"
  has "$PEER_LIST" keras && add "keras_${w//,/}|$PY|$PEERS/bench_keras.py --workloads $w --jit --threads $THREADS"
fi
if has "$WORKLOADS" w3; then
  add "quill_w3|$BENCH|--workloads w3 --threads $THREADS"
  has "$PEER_LIST" torch && add "torch_w3|$PY|$PEERS/bench_torch.py --workloads w3 --threads $THREADS"
  has "$PEER_LIST" keras && add "keras_w3|$PY|$PEERS/bench_keras.py --workloads w3 --threads $THREADS"
fi
w=$(pick w6 w7)
if [ -n "$w" ]; then
  for one in ${w//,/ }; do quill "$one"; done
  has "$PEER_LIST" torch && add "torch_${w//,/}|$PY|$PEERS/bench_torch.py --workloads $w --threads $THREADS"
  has "$PEER_LIST" keras && add "keras_${w//,/}|$PY|$PEERS/bench_keras.py --workloads $w --jit --threads $THREADS"
fi

run_step() {  # run_step PASS "name|program|args"
  local pass="$1" name="${2%%|*}" rest="${2#*|}"
  local program="${rest%%|*}" args="${rest#*|}"
  read -r -a argv <<<"$args"
  echo "== pass $pass $name ($(date -u +%T), load $(cut -d' ' -f1 /proc/loadavg))" >&2
  local t0=$SECONDS
  local time=()   # the process's peak RSS (KiB) into <step>.p<pass>.maxrss
  [ -x /usr/bin/time ] && time=(/usr/bin/time -f %M -o "$OUT/$name.p$pass.maxrss")
  BENCH_OUT="$OUT/$name.p$pass.jsonl" "${time[@]}" timeout "$CAP" "$program" "${argv[@]}" "${QUICK[@]}" \
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

TABLE_PY="$PY"
[ -x "$TABLE_PY" ] || TABLE_PY=python3
"$TABLE_PY" "$PEERS/make_table.py" "$OUT"/*.jsonl > "$OUT/table.md"

# Ratios: for each Quill row, the same model's PyTorch rows (default configuration and best) and
# the best row of any peer; speed ratio > 1 = Quill faster (rates: Quill / peer; µs/step: peer /
# Quill). GFLOP/s use RESULTS.md's work per unit for every peer; the ceiling is Quill's own sgemm
# (BLAS.gemm) at the same thread count in this run.
"$TABLE_PY" - "$OUT" > "$OUT/ratios.md" <<'EOF'
import glob, json, re, statistics, sys

rows = {}
for path in sorted(glob.glob(sys.argv[1] + "/*.jsonl")):
    for line in open(path):
        if line.startswith("{"):
            r = json.loads(line)
            rows.setdefault((r["workload"], r["peer"], r["variant"], r["threads"], r["metric"]), []).append(r)

def figure(rs):
    return statistics.median(r["value"] for r in rs)

def macs(gates, inp, hid, layers):
    return sum(gates * hid * ((inp if l == 0 else hid) + hid) for l in range(layers))

G = {"lstm": 4, "gru": 3, "rnn": 1, "LSTM": 4, "GRU": 3, "SimpleRNN": 1}

def key(w, variant, metric):
    """The model a row measures, and its useful FLOPs per unit (RESULTS.md's work/unit)."""
    if w in ("W1", "W2"):
        m = re.search(r"char-(lstm|gru|rnn) (\d)x256", variant)
        cell, layers = m.group(1), int(m.group(2))
        return f"{cell} {layers}x256 train", 6 * (macs(G[cell], 64, 256, layers) + 256 * 65)
    if w == "W3":
        return ("sampling " + metric), 2 * (macs(4, 64, 256, 2) + 256 * 65)
    if w == "W6":   # Quill's int8-output row is a model of its own, against the same peers
        return ("next-word int8" if "int8" in variant else "next-word"), 2 * (macs(3, 128, 256, 1) + 256 * 10000)
    if w == "W7":
        m = re.search(r"(SimpleRNN|LSTM|GRU)\(64", variant)
        return f"seed {m.group(1)}", 6 * (10 * macs(G[m.group(1)], 1, 64, 1) + 64)
    return None, None

def gflops(value, metric, flops):
    return flops / (value * 1e-6) / 1e9 if metric == "us_per_step" else value * flops / 1e9

def speed(quill, peer, metric):
    return peer / quill if metric == "us_per_step" else quill / peer

def fmt(v):
    return "" if v is None else (f"{v:,.0f}" if v >= 100 else f"{v:.1f}" if v >= 10 else f"{v:.2f}")

groups = {}
for (w, peer, variant, thr, metric), rs in rows.items():
    k, flops = key(w, variant, metric)
    if k:
        groups.setdefault((w, k, thr, metric), []).append((peer, variant, figure(rs), flops, rs))
        if w == "W6" and peer != "quill":
            groups.setdefault((w, k + " int8", thr, metric), []).append((peer, variant, figure(rs), flops, rs))

ceiling = {}
for (w, peer, variant, thr, metric), rs in rows.items():
    if w == "GEMM" and peer == "quill" and variant.startswith("sgemm"):
        ceiling.setdefault(thr, {})[variant] = figure(rs)

order = {"W1": 1, "W2": 2, "W3": 3, "W6": 6, "W7": 7}
print("| workload | model | thr | Quill | GF/s (% of sgemm ceiling) | peak RSS MB | PyTorch default | Quill/PyTorch | best PyTorch | Quill/best PyTorch | best peer | Quill/best peer |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for (w, k, thr, metric) in sorted(groups, key=lambda g: (order.get(g[0], 9), g[1], g[2])):
    entries = groups[(w, k, thr, metric)]
    quill = [e for e in entries if e[0] == "quill"]
    if not quill:
        continue
    _, _, q, flops, qrs = quill[0]
    better = (lambda a, b: a < b) if metric == "us_per_step" else (lambda a, b: a > b)
    def best(es):
        out = None
        for e in es:
            if out is None or better(e[2], out[2]):
                out = e
        return out
    torch = [e for e in entries if e[0] == "pytorch"]
    default = [e for e in torch if "mkldnn off" not in e[1]]
    peers = [e for e in entries if e[0] != "quill"]
    unit = "µs" if metric == "us_per_step" else metric
    c = ceiling.get(thr, {})
    top = max([v for n, v in c.items() if n in ("sgemm 512x512 * 512x512", "sgemm 1024x1024 * 1024x1024")], default=None)
    gq = gflops(q, metric, flops)
    gtext = f"{gq:.1f}" + (f" ({100 * gq / top:.0f}% of {top:.0f})" if top else "")
    rss = max((r.get("peak_rss_mb") or 0) for r in qrs)
    cells = [w, k, str(thr), f"{fmt(q)} {unit}", gtext, fmt(rss)]
    for es in (default[:1], [best(torch)] if torch else [], [best(peers)] if peers else []):
        if es and es[0]:
            e = es[0]
            tag = re.search(r"\[[^\[\]]*\]\s*$", e[1])
            name = "" if es is default[:1] else f"{e[0]}{' ' + tag.group(0).strip() if tag else ''}: "
            cells += [f"{name}{fmt(e[2])} ({gflops(e[2], metric, e[3]):.1f} GF/s)", f"**{speed(q, e[2], metric):.2f}**"]
        else:
            cells += ["", ""]
    print("| " + " | ".join(cells) + " |")
print()
print("Speed ratio > 1: Quill faster. Ceiling: Quill's own sgemm (BLAS.gemm, square 512/1024) at that thread count in this run.")
print()
print("Process peak RSS (/usr/bin/time, MB; a peer process runs several workloads, Quill's one workload or variant):", end=" ")
peaks = []
for path in sorted(glob.glob(sys.argv[1] + "/*.maxrss")):
    name = path.rsplit("/", 1)[1].rsplit(".", 1)[0]
    try:
        peaks.append(f"{name} {int(open(path).read().split()[-1]) / 1024:.0f}")
    except (ValueError, IndexError):
        pass
print("; ".join(peaks) + ".")
print()
print("| GEMM | thr | Quill (BLAS.gemm, system OpenBLAS) | numpy (bundled OpenBLAS) | torch (MKL) | Quill/numpy |")
print("|---|---|---|---|---|---|")
gemm = {}
for (w, peer, variant, thr, metric), rs in rows.items():
    if w == "GEMM":
        gemm.setdefault((variant, thr), {})[peer] = figure(rs)
for (variant, thr), by in sorted(gemm.items(), key=lambda x: (x[0][1], x[0][0])):
    q, n, t = by.get("quill"), by.get("numpy"), by.get("torch")
    print(f"| {variant} | {thr} | {fmt(q)} | {fmt(n)} | {fmt(t)} | {f'{q / n:.2f}' if q and n else ''} |")
EOF
cat "$OUT/table.md"
echo
cat "$OUT/ratios.md"
echo "results: $OUT" >&2
