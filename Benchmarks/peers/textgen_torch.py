#!/usr/bin/env python3
"""PyTorch (CPU, eager, float32) side of Quill's textgen benchmark (Benchmarks/run-textgen.sh).

The shipped textgen configuration, as PyTorch would write it:
  nn.Embedding(66, 64) -> nn.GRU(64, 512, 2, dropout=0.25) -> nn.Dropout(0.25) -> nn.Linear(512, 66)
  W1: training, batch 32 streams x 100 steps (time-major), truncated BPTT (state carried, detached),
      cross-entropy + Adam(lr 2e-3), clip_grad_norm_(5); 16 fixed random batches cycled.
  W3: sampling at batch 1, one step at a time: step -> softmax(logits / 0.8) -> multinomial, the
      draw fed back; throughput (chars/s), then every step timed (us/step).

Usage: python textgen_torch.py [--threads 2] [--workloads w1,w3] [--cell gru|lstm] [--quick]
Prints one JSON line per measurement in ../shared/peers/common.py's format and method.
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# The repository is .../main; the peers live in .../shared/peers beside it.
sys.path.insert(0, os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "peers")))
import common as C  # noqa: E402

ap = C.add_common_args(argparse.ArgumentParser(description=__doc__,
                                               formatter_class=argparse.RawDescriptionHelpFormatter))
ap.add_argument("--cell", choices=("gru", "lstm"), default="gru",
                help="recurrent cell (the shipped configuration is gru)")
ap.add_argument("--no-mkldnn-variants", action="store_true",
                help="skip the extra runs with torch.backends.mkldnn disabled")
A = C.finish_args(ap.parse_args())

import warnings  # noqa: E402

warnings.filterwarnings("ignore", message="TF32 acceleration on top of oneDNN")
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(A.threads)   # intra-op threads; inter-op left at default
torch.manual_seed(0)
torch.set_default_dtype(torch.float32)

VERS = f"torch {torch.__version__}"
PEER = "pytorch"

# The shipped configuration (keep in step with Benchmarks/Sources/textgen-bench/main.swift).
VOCAB, EMB, HIDDEN, LAYERS, DROPOUT = 66, 64, 512, 2, 0.25
BATCH, STEPS, LR, CLIP, TEMPERATURE = 32, 100, 2e-3, 5.0, 0.8
CELLS = {"lstm": nn.LSTM, "gru": nn.GRU}


def model_name(cell):
    return f"textgen shipped: char-{cell} {LAYERS}x{HIDDEN} emb{EMB} V{VOCAB}"


def base(workload, variant):
    return C.base_record(PEER, workload, variant, A.threads, VERS)


class CharModel(nn.Module):
    """Time-major, as Quill's model: x is (T, B)."""

    def __init__(self, cell):
        super().__init__()
        self.emb = nn.Embedding(VOCAB, EMB)
        self.rnn = CELLS[cell](EMB, HIDDEN, LAYERS, dropout=DROPOUT)
        self.drop = nn.Dropout(DROPOUT)
        self.out = nn.Linear(HIDDEN, VOCAB)

    def forward(self, x, h=None):
        y, h = self.rnn(self.emb(x), h)
        return self.out(self.drop(y)), h


def detach(h):
    if h is None:
        return None
    if isinstance(h, tuple):
        return tuple(t.detach() for t in h)
    return h.detach()


def train(cell, mkldnn=True):
    model = CharModel(cell).train()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    # ids 1..65: id 0 is <unk>, never in the text
    data = torch.randint(1, VOCAB, (16, STEPS + 1, BATCH))
    st = {"i": 0, "h": None}

    def step():
        d = data[st["i"] % data.shape[0]]
        st["i"] += 1
        x, y = d[:-1], d[1:]
        logits, h = model(x, detach(st["h"]))      # truncated BPTT: carry state
        st["h"] = h
        loss = F.cross_entropy(logits.reshape(-1, VOCAB), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
        opt.step()

    with torch.backends.mkldnn.flags(enabled=mkldnn):
        times, steps = C.time_per_call(step, A)
    var = (f"{model_name(cell)} drop{DROPOUT} B{BATCH} T{STEPS} train(CE+Adam+clip, TBPTT)"
           + ("" if mkldnn else " [mkldnn off]"))
    C.emit(C.throughput_record(base("W1", var), times, BATCH * STEPS, "chars/s", steps))


def sample(cell, mkldnn=True):
    model = CharModel(cell).eval()
    st = {"x": torch.ones(1, 1, dtype=torch.long), "h": None}

    def step():
        with torch.inference_mode():
            logits, h = model(st["x"], st["h"])            # (1, 1, V)
            p = F.softmax(logits[-1] / TEMPERATURE, dim=-1)  # (1, V)
            st["x"] = torch.multinomial(p, 1)              # (1, 1): T=1, B=1
            st["h"] = h

    tag = "" if mkldnn else " [mkldnn off]"
    with torch.backends.mkldnn.flags(enabled=mkldnn):
        times, steps = C.time_per_call(step, A)
        C.emit(C.throughput_record(
            base("W3", f"{model_name(cell)} sample B1 T{TEMPERATURE} (step+softmax+multinomial){tag}"),
            times, 1, "chars/s", steps))
        reps, steps = C.time_each_step(step, A, steps=min(steps, 3000))
        C.emit(C.latency_record(
            base("W3", f"{model_name(cell)} sample B1 T{TEMPERATURE} latency{tag}"), reps))


def main():
    variants = [True] if A.no_mkldnn_variants else [True, False]
    if C.wanted(A, "w1"):
        for mk in variants:
            train(A.cell, mkldnn=mk)
    if C.wanted(A, "w3"):
        for mk in variants:
            sample(A.cell, mkldnn=mk)


if __name__ == "__main__":
    main()
