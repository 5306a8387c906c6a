#!/usr/bin/env python3
"""The checks of Scripts/kill-anywhere.sh on Quill's files, independent of Quill's own readers.

Usage:
  kill-anywhere-check.py model FILE [KIND]   is FILE a whole Quill model file (of KIND)?
                                             prints "ok KIND" and, for a checkpoint, "step N"
  kill-anywhere-check.py same-model A B      are the models equal? prints "byte-identical",
                                             "tensor-identical (metadata differs in: KEYS)" or
                                             "different: WHY" (exit 1)
  kill-anywhere-check.py same-log A B        are two training logs (NAME.log.csv) equal but for
                                             their seconds column? B must have no torn or
                                             repeated row; prints "equal (N rows)" or why not

A Quill model file is safetensors (8-byte little-endian header length, a JSON header, the data)
whose __metadata__ holds format "quill", a kind, and data_crc32: zlib.crc32 of every byte after
the header, in hex (Sources/RecurrentCore/Serialization/ModelFile.swift). Exit status: 0 yes,
1 no, 2 usage.
"""
import json
import struct
import sys
import zlib


def read_model(path):
    """(header without __metadata__, metadata, data bytes), or raises ValueError saying why not."""
    with open(path, "rb") as file:
        raw = file.read()
    if len(raw) < 8:
        raise ValueError(f"{len(raw)} bytes: shorter than the header length")
    (length,) = struct.unpack("<Q", raw[:8])
    if 8 + length > len(raw):
        raise ValueError(f"the header claims {length} bytes, the file has {len(raw) - 8} after the length")
    try:
        header = json.loads(raw[8:8 + length])
    except ValueError as error:
        raise ValueError(f"the header is not JSON ({error})")
    metadata = header.pop("__metadata__", None) or {}
    data = raw[8 + length:]
    end = 0
    for name, entry in header.items():
        begin, finish = entry["data_offsets"]
        if not 0 <= begin <= finish <= len(data):
            raise ValueError(f"tensor {name}: data_offsets {begin}..{finish} outside the {len(data)} data bytes")
        end = max(end, finish)
    if end != len(data):
        raise ValueError(f"the tensors cover {end} of {len(data)} data bytes")
    if metadata.get("format") != "quill":
        raise ValueError("not a Quill model (metadata format is not 'quill')")
    stored = metadata.get("data_crc32", "")
    computed = f"{zlib.crc32(data):08x}"
    if stored.lower() != computed:
        raise ValueError(f"checksum mismatch: stored {stored}, computed {computed}")
    return header, metadata, data


def check_model(path, kind=None):
    header, metadata, _ = read_model(path)
    if kind is not None and metadata.get("kind") != kind:
        raise ValueError(f"kind {metadata.get('kind')!r}, expected {kind!r}")
    print("ok", metadata.get("kind"))
    if "training" in metadata:
        print("step", json.loads(metadata["training"])["step"])


def same_model(a, b):
    with open(a, "rb") as first, open(b, "rb") as second:
        if first.read() == second.read():
            print("byte-identical")
            return True
    header_a, metadata_a, data_a = read_model(a)
    header_b, metadata_b, data_b = read_model(b)
    if header_a != header_b:
        print("different: the tensors' names, shapes or places differ")
        return False
    if data_a != data_b:
        differing = [name for name, entry in header_a.items()
                     if data_a[slice(*entry["data_offsets"])] != data_b[slice(*entry["data_offsets"])]]
        print(f"different: the values of {len(differing)} tensors differ ({', '.join(differing[:5])})")
        return False
    keys = sorted(key for key in set(metadata_a) | set(metadata_b) if metadata_a.get(key) != metadata_b.get(key))
    print(f"tensor-identical (metadata differs in: {', '.join(keys)})")
    return True


def log_rows(path):
    """The rows of a log without the seconds column, or raises ValueError for a torn or repeated row."""
    with open(path, encoding="utf-8") as file:
        text = file.read()
    if not text.endswith("\n"):
        raise ValueError(f"{path}: the last row is torn (no newline)")
    lines = text.split("\n")[:-1]
    rows, seen = [], set()
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split(",")
        if len(fields) != 8:
            raise ValueError(f"{path}:{number}: {len(fields)} fields, not 8: {line!r}")
        key = (fields[0], fields[2] == "")   # a step row and its epoch's row share the step
        if key in seen:
            raise ValueError(f"{path}:{number}: step {fields[0]} appears twice")
        seen.add(key)
        rows.append(fields[:7])
    return [lines[0]] + rows


def same_log(a, b):
    rows_a, rows_b = log_rows(a), log_rows(b)
    if rows_a != rows_b:
        for number, (x, y) in enumerate(zip(rows_a, rows_b), start=1):
            if x != y:
                print(f"different: row {number}: {x} vs {y}")
                return False
        print(f"different: {len(rows_a)} rows vs {len(rows_b)}")
        return False
    print(f"equal ({len(rows_a) - 1} rows)")
    return True


def main(arguments):
    try:
        if len(arguments) in (2, 3) and arguments[0] == "model":
            check_model(*arguments[1:])
            return 0
        if len(arguments) == 3 and arguments[0] == "same-model":
            return 0 if same_model(*arguments[1:]) else 1
        if len(arguments) == 3 and arguments[0] == "same-log":
            return 0 if same_log(*arguments[1:]) else 1
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"bad: {error}")
        return 1
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
