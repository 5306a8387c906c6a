#!/usr/bin/env python3
"""PyTorch parity fixtures for Quill's recurrent core (RNN, LSTM, GRU, CRF).

What it writes
--------------
One safetensors file per case into ``Tests/RecurrentCoreTests/Fixtures/``:

    {rnn,lstm,gru}_{1layer,2layer,bidirectional,padded}.safetensors
    crf.safetensors

Each file holds the module's weights under PyTorch's own state-dict names
(``weight_ih_l0``, ``bias_hh_l1_reverse``, ...), the inputs (``input``,
``h0``, ``c0`` for LSTM, ``lengths``), the outputs (``output``, ``h_n``,
``c_n``), the upstream gradients defining the loss (``grad_output``,
``grad_h_n``, ``grad_c_n``) and the resulting gradients (``grad_input``,
``grad_h0``, ``grad_c0``, ``grad.<parameter name>``).  Everything is float32
except ``lengths`` (int64).  Layout is time-major (``batch_first=False``):
input [T, B, I], output [T, B, D*H], h_n / c_n [L*D, B, H].
The loss is  sum(output*grad_output) + sum(h_n*grad_h_n) [+ sum(c_n*grad_c_n)].

``crf.safetensors`` is a pytorch-crf 0.7.2 ``torchcrf.CRF`` (batch_first=False)
with its state dict (``start_transitions``, ``end_transitions``,
``transitions``), ``emissions`` [T, B, K], ``tags`` [T, B] and ``lengths`` [B]
(int64; the mask is ``t < lengths[b]``), the loss
``-crf(emissions, tags, mask, reduction="mean")``, its gradients
(``grad_emissions``, ``grad.<parameter name>``) and ``crf.decode`` as
``decode`` [T, B] (int64, -1 after each sequence's end).
See Scripts/parity/README.md for the conventions.

The safetensors format is written (and read back) by hand, without the
``safetensors`` package: an 8-byte little-endian unsigned header length N, an
N-byte UTF-8 JSON header (padded with spaces to a multiple of 8, as the
reference implementation does) mapping each tensor name to
{"dtype", "shape", "data_offsets": [begin, end]} plus a string->string
"__metadata__" map, then the raw little-endian C-contiguous tensor bytes,
stored contiguously in header order.

How to run (from the repository root)
-------------------------------------
    $HOME/peers-venv/bin/python Scripts/parity/make_fixtures.py            # write + verify
    $HOME/peers-venv/bin/python Scripts/parity/make_fixtures.py --verify   # only verify

``--verify`` re-reads every file with the small reader below, checks the
header (offsets contiguous, in bounds, sizes matching dtype*shape, metadata),
recomputes every case with torch and requires bit-identical tensors, and
checks the stored results against an independent step-by-step float32
re-implementation of the recurrences (forward values and autograd gradients,
within a small tolerance) so the documented semantics are confirmed.  The CRF
case is checked against a float64 enumeration of all K^L tag paths of each
sequence (loss, gradients by autograd, and the argmax path for ``decode``).

Generation is deterministic: each case has its own fixed seed passed to
torch.manual_seed, and torch runs single-threaded.  The committed files were
produced with torch 2.15.0 (2.15.0+cu132 build, run on CPU), numpy 2.4.6,
Python 3.11.7.  Nothing is computed in float64.
"""

import argparse
import json
import struct
import sys
from pathlib import Path

import numpy as np
import torch
import torchcrf
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURE_DIR = REPO_ROOT / "Tests" / "RecurrentCoreTests" / "Fixtures"
GENERATOR = "Scripts/parity/make_fixtures.py"

CELLS = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}

# kind -> (num_layers, bidirectional, batch, steps, lengths or None)
KINDS = {
    "1layer": (1, False, 2, 5, None),
    "2layer": (2, False, 3, 4, None),
    "bidirectional": (1, True, 3, 5, None),
    "padded": (1, True, 3, 6, [6, 4, 2]),
}
INPUT_SIZE = 3
HIDDEN_SIZE = 4

# Fixed seed per case (never derived from hash(), which is salted per process).
SEEDS = {}
for _ci, _cell in enumerate(CELLS):
    for _ki, _kind in enumerate(KINDS):
        SEEDS[f"{_cell}_{_kind}"] = 1000 + 100 * _ci + _ki

# The linear-chain CRF case (torchcrf.CRF): tags K, steps T, batch B, lengths.
CRF_NAME = "crf"
CRF_TAGS = 5
CRF_STEPS = 6
CRF_LENGTHS = [6, 4, 2]
SEEDS[CRF_NAME] = 2000


# --------------------------------------------------------------------------
# safetensors writer / reader (no dependency on the safetensors package)
# --------------------------------------------------------------------------

_DTYPES = {"F32": np.dtype("<f4"), "I64": np.dtype("<i8")}


def _to_numpy(t):
    """Tensor -> little-endian, C-contiguous numpy array (F32 or I64)."""
    t = t.detach().cpu()
    if t.dtype == torch.float32:
        code = "F32"
    elif t.dtype == torch.int64:
        code = "I64"
    else:
        raise TypeError(f"unsupported dtype {t.dtype}")
    arr = np.ascontiguousarray(t.numpy(), dtype=_DTYPES[code])
    return code, arr


def write_safetensors(path, tensors, metadata):
    """tensors: list of (name, torch.Tensor) in storage order; metadata: str->str."""
    header = {"__metadata__": {str(k): str(v) for k, v in metadata.items()}}
    blobs = []
    offset = 0
    for name, t in tensors:
        if name in header:
            raise ValueError(f"duplicate tensor name {name}")
        code, arr = _to_numpy(t)
        data = arr.tobytes(order="C")
        header[name] = {
            "dtype": code,
            "shape": list(arr.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        blobs.append(data)
        offset += len(data)
    hbytes = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    hbytes += b" " * ((8 - len(hbytes) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hbytes)))
        f.write(hbytes)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    """Returns (ordered dict name -> numpy array, metadata); validates the layout."""
    raw = Path(path).read_bytes()
    if len(raw) < 8:
        raise ValueError(f"{path}: too short")
    (n,) = struct.unpack("<Q", raw[:8])
    if n % 8 != 0 or 8 + n > len(raw):
        raise ValueError(f"{path}: bad header length {n}")
    htext = raw[8 : 8 + n].decode("utf-8")
    if not htext.startswith("{") or not htext.rstrip(" ").endswith("}"):
        raise ValueError(f"{path}: header is not a space-padded JSON object")
    header = json.loads(htext)
    buf = raw[8 + n :]
    metadata = header.pop("__metadata__", {})
    if not isinstance(metadata, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()
    ):
        raise ValueError(f"{path}: __metadata__ must be a string->string map")
    expected = 0
    tensors = {}
    # Python's json keeps the header's key order: check contiguity in that order.
    for name, info in header.items():
        if set(info) != {"dtype", "shape", "data_offsets"}:
            raise ValueError(f"{path}: {name}: unexpected keys {sorted(info)}")
        dt = _DTYPES[info["dtype"]]
        shape = info["shape"]
        begin, end = info["data_offsets"]
        if begin != expected:
            raise ValueError(f"{path}: {name}: offset {begin} != expected {expected}")
        if not (0 <= begin <= end <= len(buf)):
            raise ValueError(f"{path}: {name}: offsets out of bounds")
        count = int(np.prod(shape, dtype=np.int64))
        if end - begin != count * dt.itemsize:
            raise ValueError(f"{path}: {name}: size mismatch")
        tensors[name] = np.frombuffer(buf[begin:end], dtype=dt).reshape(shape)
        expected = end
    if expected != len(buf):
        raise ValueError(f"{path}: {len(buf) - expected} trailing bytes after last tensor")
    return tensors, metadata


# --------------------------------------------------------------------------
# Fixture computation
# --------------------------------------------------------------------------


def compute_case(cell, kind):
    """Returns (ordered list of (name, tensor), metadata) for one case."""
    num_layers, bidirectional, batch, steps, lengths = KINDS[kind]
    D = 2 if bidirectional else 1
    torch.manual_seed(SEEDS[f"{cell}_{kind}"])

    kwargs = dict(
        input_size=INPUT_SIZE,
        hidden_size=HIDDEN_SIZE,
        num_layers=num_layers,
        bidirectional=bidirectional,
        batch_first=False,
        dropout=0.0,
        bias=True,
    )
    if cell == "rnn":
        kwargs["nonlinearity"] = "tanh"
    module = CELLS[cell](**kwargs)  # float32 default, PyTorch's default init
    module.eval()  # no dropout anyway; train/eval makes no difference here

    state_shape = (num_layers * D, batch, HIDDEN_SIZE)
    x = torch.randn(steps, batch, INPUT_SIZE, dtype=torch.float32)
    h0 = 0.5 * torch.randn(*state_shape, dtype=torch.float32)
    c0 = 0.5 * torch.randn(*state_shape, dtype=torch.float32) if cell == "lstm" else None
    g_out = torch.randn(steps, batch, D * HIDDEN_SIZE, dtype=torch.float32)
    g_h = torch.randn(*state_shape, dtype=torch.float32)
    g_c = torch.randn(*state_shape, dtype=torch.float32) if cell == "lstm" else None
    lens = torch.tensor(lengths if lengths is not None else [steps] * batch, dtype=torch.int64)

    x.requires_grad_(True)
    h0.requires_grad_(True)
    hx = h0
    if c0 is not None:
        c0.requires_grad_(True)
        hx = (h0, c0)

    if lengths is not None:
        packed = pack_padded_sequence(x, lens, batch_first=False, enforce_sorted=False)
        out_packed, state = module(packed, hx)
        output, out_lens = pad_packed_sequence(out_packed, batch_first=False, total_length=steps)
        assert torch.equal(out_lens, lens)
    else:
        output, state = module(x, hx)
    if cell == "lstm":
        h_n, c_n = state
    else:
        h_n, c_n = state, None

    loss = (output * g_out).sum() + (h_n * g_h).sum()
    if c_n is not None:
        loss = loss + (c_n * g_c).sum()
    params = list(module.named_parameters())
    leaves = [x, h0] + ([c0] if c0 is not None else []) + [p for _, p in params]
    grads = torch.autograd.grad(loss, leaves)
    grad_x, grad_h0 = grads[0], grads[1]
    grad_c0 = grads[2] if c0 is not None else None
    grad_params = grads[3 if c0 is not None else 2 :]

    sd = module.state_dict()
    assert list(sd) == [n for n, _ in params]

    out = [("input", x), ("lengths", lens), ("h0", h0)]
    if c0 is not None:
        out.append(("c0", c0))
    out += [(name, t) for name, t in sd.items()]
    out += [("output", output), ("h_n", h_n)]
    if c_n is not None:
        out.append(("c_n", c_n))
    out += [("grad_output", g_out), ("grad_h_n", g_h)]
    if g_c is not None:
        out.append(("grad_c_n", g_c))
    out += [("grad_input", grad_x), ("grad_h0", grad_h0)]
    if grad_c0 is not None:
        out.append(("grad_c0", grad_c0))
    out += [(f"grad.{name}", g) for (name, _), g in zip(params, grad_params)]
    out = [(n, t.detach().clone().contiguous()) for n, t in out]
    for n, t in out:
        assert t.dtype in (torch.float32, torch.int64), (n, t.dtype)

    loss_desc = "sum(output*grad_output)+sum(h_n*grad_h_n)"
    if cell == "lstm":
        loss_desc += "+sum(c_n*grad_c_n)"
    metadata = {
        "cell": cell,
        "input_size": str(INPUT_SIZE),
        "hidden_size": str(HIDDEN_SIZE),
        "num_layers": str(num_layers),
        "bidirectional": "true" if bidirectional else "false",
        "batch": str(batch),
        "steps": str(steps),
        "torch_version": torch.__version__,
        "generator": GENERATOR,
        "loss": loss_desc,
    }
    return out, metadata


def compute_crf_case():
    """Returns (ordered list of (name, tensor), metadata) for the CRF case."""
    K, T, B = CRF_TAGS, CRF_STEPS, len(CRF_LENGTHS)
    torch.manual_seed(SEEDS[CRF_NAME])
    crf = torchcrf.CRF(K, batch_first=False)  # reset_parameters: uniform in +-0.1
    with torch.no_grad():
        # Wider than the initialisation, so the transitions shape the Viterbi path.
        for p in (crf.start_transitions, crf.end_transitions, crf.transitions):
            p.copy_(torch.randn(p.shape, dtype=torch.float32))
    emissions = 2 * torch.randn(T, B, K, dtype=torch.float32)
    # Padded steps get valid random tags too: torchcrf indexes them, masked by 0.
    tags = torch.randint(0, K, (T, B), dtype=torch.int64)
    lens = torch.tensor(CRF_LENGTHS, dtype=torch.int64)
    mask = torch.arange(T).unsqueeze(1) < lens.unsqueeze(0)  # [T, B] bool

    emissions.requires_grad_(True)
    loss = -crf(emissions, tags, mask, reduction="mean")
    params = list(crf.named_parameters())
    grads = torch.autograd.grad(loss, [emissions] + [p for _, p in params])
    decode = torch.full((T, B), -1, dtype=torch.int64)
    for b, path in enumerate(crf.decode(emissions.detach(), mask)):
        assert len(path) == CRF_LENGTHS[b]
        decode[: len(path), b] = torch.tensor(path, dtype=torch.int64)

    sd = crf.state_dict()
    assert list(sd) == [n for n, _ in params]
    out = [(name, t) for name, t in sd.items()]
    out += [("emissions", emissions), ("tags", tags), ("lengths", lens), ("loss", loss.reshape(1))]
    out += [("grad_emissions", grads[0])]
    out += [(f"grad.{name}", g) for (name, _), g in zip(params, grads[1:])]
    out += [("decode", decode)]
    out = [(n, t.detach().clone().contiguous()) for n, t in out]
    for n, t in out:
        assert t.dtype in (torch.float32, torch.int64), (n, t.dtype)
    metadata = {
        "kind": "crf",
        "num_tags": str(K),
        "batch": str(B),
        "steps": str(T),
        "torch_version": torch.__version__,
        "torchcrf_version": torchcrf.__version__,
        "generator": GENERATOR,
        "loss": '-crf(emissions, tags, mask, reduction="mean")',
    }
    return out, metadata


# --------------------------------------------------------------------------
# Independent reference (step-by-step float32 recurrences) used by --verify
# --------------------------------------------------------------------------


def _step(cell, x, h, c, w_ih, w_hh, b_ih, b_hh):
    H = h.shape[-1]
    gi = x @ w_ih.T + b_ih
    gh = h @ w_hh.T + b_hh
    if cell == "rnn":
        return torch.tanh(gi + gh), None
    if cell == "lstm":  # gate rows: i, f, g, o
        g = gi + gh
        i = torch.sigmoid(g[:, 0:H])
        f = torch.sigmoid(g[:, H : 2 * H])
        gg = torch.tanh(g[:, 2 * H : 3 * H])
        o = torch.sigmoid(g[:, 3 * H : 4 * H])
        c2 = f * c + i * gg
        return o * torch.tanh(c2), c2
    # GRU, gate rows: r, z, n; r multiplies (W_hn h + b_hn), bias included
    r = torch.sigmoid(gi[:, 0:H] + gh[:, 0:H])
    z = torch.sigmoid(gi[:, H : 2 * H] + gh[:, H : 2 * H])
    n = torch.tanh(gi[:, 2 * H :] + r * gh[:, 2 * H :])
    return (1 - z) * n + z * h, None


def reference_forward(cell, t, num_layers, D):
    """Manual recurrence with per-sequence lengths; returns loss and leaves."""
    x = t["input"].clone().requires_grad_(True)
    h0 = t["h0"].clone().requires_grad_(True)
    c0 = t["c0"].clone().requires_grad_(True) if cell == "lstm" else None
    params = {k: v.clone().requires_grad_(True) for k, v in t.items() if k.startswith(("weight_", "bias_"))}
    lengths = t["lengths"].tolist()
    T, B, _ = x.shape
    H = h0.shape[-1]
    layer_in = x
    h_n, c_n = [None] * (num_layers * D), [None] * (num_layers * D)
    for layer in range(num_layers):
        dir_outs = []
        for d in range(D):
            sfx = f"_l{layer}" + ("_reverse" if d == 1 else "")
            w = [params[f"{n}{sfx}"] for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
            idx = layer * D + d
            seq_out, hs, cs = [], [], []
            for b in range(B):
                L = lengths[b]
                h = h0[idx, b : b + 1]
                c = c0[idx, b : b + 1] if c0 is not None else None
                outs = [None] * T
                order = range(L) if d == 0 else range(L - 1, -1, -1)
                for step in order:
                    h, c = _step(cell, layer_in[step, b : b + 1], h, c, *w)
                    outs[step] = h
                for step in range(L, T):  # padded positions are zeros
                    outs[step] = torch.zeros(1, H)
                seq_out.append(torch.stack(outs, 0))  # [T,1,H]
                hs.append(h)
                cs.append(c)
            dir_outs.append(torch.cat(seq_out, 1))  # [T,B,H]
            h_n[idx] = torch.cat(hs, 0)
            c_n[idx] = torch.cat(cs, 0) if c0 is not None else None
        layer_in = torch.cat(dir_outs, 2)
    output = layer_in
    h_n = torch.stack(h_n, 0)
    loss = (output * t["grad_output"]).sum() + (h_n * t["grad_h_n"]).sum()
    res = {"output": output, "h_n": h_n}
    if c0 is not None:
        c_n = torch.stack(c_n, 0)
        loss = loss + (c_n * t["grad_c_n"]).sum()
        res["c_n"] = c_n
    names = ["input", "h0"] + (["c0"] if c0 is not None else []) + list(params)
    leaves = [x, h0] + ([c0] if c0 is not None else []) + list(params.values())
    grads = torch.autograd.grad(loss, leaves)
    for n, g in zip(names, grads):
        res["grad_input" if n == "input" else f"grad_{n}" if n in ("h0", "c0") else f"grad.{n}"] = g
    return res


def crf_reference(t):
    """Float64 enumeration of every tag path of each sequence: loss, gradients, argmax paths."""
    em = t["emissions"].double().requires_grad_(True)
    params = {n: t[n].double().requires_grad_(True) for n in ("transitions", "start_transitions", "end_transitions")}
    trans, start, end = params["transitions"], params["start_transitions"], params["end_transitions"]
    T, B, K = em.shape
    tags = t["tags"]
    decode = torch.full((T, B), -1, dtype=torch.int64)
    total = em.new_zeros(())
    for b, L in enumerate(t["lengths"].tolist()):
        steps = torch.arange(L)
        paths = torch.cartesian_prod(*[torch.arange(K)] * L).reshape(-1, L)  # [K^L, L]
        gold = tags[:L, b].unsqueeze(0)  # [1, L]

        def score(p):
            s = start[p[:, 0]] + end[p[:, -1]] + em[steps, b, p].sum(1)
            return s + trans[p[:, :-1], p[:, 1:]].sum(1) if L > 1 else s

        scores = score(paths)
        total = total + torch.logsumexp(scores, 0) - score(gold)[0]
        decode[:L, b] = paths[scores.argmax()]
    loss = total / B
    grads = torch.autograd.grad(loss, [em] + list(params.values()))
    res = {"loss": loss.reshape(1), "grad_emissions": grads[0], "decode": decode}
    for n, g in zip(params, grads[1:]):
        res[f"grad.{n}"] = g
    return res


def verify_crf():
    """Checks crf.safetensors; returns True when it is correct (and prints a line either way)."""
    path = FIXTURE_DIR / f"{CRF_NAME}.safetensors"
    try:
        stored, meta = read_safetensors(path)
        expected, exp_meta = compute_crf_case()
        if meta != exp_meta:
            raise AssertionError(f"metadata differs: {meta} != {exp_meta}")
        if list(stored) != [n for n, _ in expected]:
            raise AssertionError(f"tensor names/order differ: {list(stored)}")
        for name, t in expected:
            a, b = stored[name], t.numpy()
            if a.shape != b.shape or a.dtype.kind != b.dtype.kind:
                raise AssertionError(f"{name}: shape/dtype {a.shape}/{a.dtype} vs {b.shape}/{b.dtype}")
            if a.tobytes() != np.ascontiguousarray(b).astype(a.dtype).tobytes():
                raise AssertionError(f"{name}: not bit-identical to torch's result")
        tt = {k: torch.from_numpy(v.copy()) for k, v in stored.items()}
        ref = crf_reference(tt)
        if not torch.equal(ref.pop("decode"), tt["decode"]):
            raise AssertionError("decode differs from the best enumerated path")
        worst = 0.0
        for name, r in ref.items():
            s = tt[name].double()
            err = (r.detach() - s).abs().max().item()
            worst = max(worst, err)
            if err > 1e-5 * (1.0 + s.abs().max().item()):
                raise AssertionError(f"{name}: enumeration differs by {err:.3g}")
        for b, L in enumerate(CRF_LENGTHS):  # padded emission gradients are zeros
            assert not stored["grad_emissions"][L:, b].any(), "padded grad_emissions not zero"
        print(f"ok   {path.name}: {len(stored)} tensors, bit-identical, enumeration max |diff| {worst:.2e}")
        return True
    except Exception as e:
        print(f"FAIL {path.name}: {e}")
        return False


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------


def case_names():
    return [(cell, kind) for cell in CELLS for kind in KINDS]


def generate():
    FIXTURE_DIR.mkdir(parents=True, exist_ok=True)
    for cell, kind in case_names():
        tensors, metadata = compute_case(cell, kind)
        path = FIXTURE_DIR / f"{cell}_{kind}.safetensors"
        write_safetensors(path, tensors, metadata)
        print(f"wrote {path.relative_to(REPO_ROOT)} ({path.stat().st_size} bytes, {len(tensors)} tensors)")
    tensors, metadata = compute_crf_case()
    path = FIXTURE_DIR / f"{CRF_NAME}.safetensors"
    write_safetensors(path, tensors, metadata)
    print(f"wrote {path.relative_to(REPO_ROOT)} ({path.stat().st_size} bytes, {len(tensors)} tensors)")


def verify():
    failures = 0
    total = 0
    for cell, kind in case_names():
        path = FIXTURE_DIR / f"{cell}_{kind}.safetensors"
        try:
            stored, meta = read_safetensors(path)
            expected, exp_meta = compute_case(cell, kind)
            if meta != exp_meta:
                raise AssertionError(f"metadata differs: {meta} != {exp_meta}")
            if list(stored) != [n for n, _ in expected]:
                raise AssertionError(f"tensor names/order differ: {list(stored)}")
            for name, t in expected:
                a = stored[name]
                b = t.numpy()
                if a.shape != b.shape or a.dtype.kind != b.dtype.kind:
                    raise AssertionError(f"{name}: shape/dtype {a.shape}/{a.dtype} vs {b.shape}/{b.dtype}")
                if a.tobytes() != np.ascontiguousarray(b).astype(a.dtype).tobytes():
                    raise AssertionError(f"{name}: not bit-identical to torch's result")
            # Independent re-implementation of the documented semantics.
            num_layers, bidirectional, _, _, _ = KINDS[kind]
            tt = {k: torch.from_numpy(v.copy()) for k, v in stored.items()}
            ref = reference_forward(cell, tt, num_layers, 2 if bidirectional else 1)
            worst = 0.0
            for name, r in ref.items():
                s = tt[name]
                err = (r.detach() - s).abs().max().item()
                tol = 1e-5 * (1.0 + s.abs().max().item())
                worst = max(worst, err)
                if err > tol:
                    raise AssertionError(f"{name}: reference differs by {err:.3g}")
            T = int(meta["steps"])
            lens = stored["lengths"].tolist()
            for b, L in enumerate(lens):  # padded outputs and their input grads are zeros
                if L < T:
                    assert not stored["output"][L:, b].any(), "padded output not zero"
                    assert not stored["grad_input"][L:, b].any(), "padded grad_input not zero"
            total += 1
            print(f"ok   {path.name}: {len(stored)} tensors, bit-identical, reference max |diff| {worst:.2e}")
        except Exception as e:  # report every file, then fail
            failures += 1
            print(f"FAIL {path.name}: {e}")
    if verify_crf():
        total += 1
    else:
        failures += 1
    print(f"{total} ok, {failures} failed")
    return failures == 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--verify", action="store_true", help="only verify the existing fixtures")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    if not args.verify:
        generate()
    return 0 if verify() else 1


if __name__ == "__main__":
    sys.exit(main())
