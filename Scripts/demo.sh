#!/usr/bin/env bash
# make demo: show what Quill does on the shipped models and samples (built in release first).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build -c release --show-bin-path)
sample=Corpora/samples/multilingual.txt

echo "== tokenize: words of $sample (first 12 lines of output)"
"$bin/tokenize" "$sample" | head -n 12
echo "..."
echo
echo "== tokenize: sentences, as JSON lines with offsets into the file"
"$bin/tokenize" --unit sentence --format jsonl "$sample" | head -n 4
echo
echo "== tokenize: counts by kind for the whole sample"
"$bin/tokenize" "$sample" --keep-whitespace --stats > /dev/null
echo
echo "== textgen: 400 characters from the shipped Shakespeare model (Models/textgen-shakespeare.quill),"
echo "   primed with ROMEO:, temperature 0.8, nucleus 0.95, seed 7 (streamed as generated)"
"$bin/textgen" --prime "ROMEO:" --length 400 --temperature 0.8 --top-p 0.95 --seed 7
echo
echo "== textgen: the same prime, greedy (always the most probable character)"
"$bin/textgen" --prime "ROMEO:" --length 120 --greedy
echo
held_out=../shared/corpora/tinyshakespeare/input.txt
if [[ -f $held_out ]]; then
  echo "== textgen: bits per character on the held-out last 10% of tinyshakespeare"
  tail -c 111539 "$held_out" > "${TMPDIR:-/tmp}/quill-demo-heldout.txt"
  "$bin/textgen" evaluate --text "${TMPDIR:-/tmp}/quill-demo-heldout.txt" 2>/dev/null
  rm -f "${TMPDIR:-/tmp}/quill-demo-heldout.txt"
fi
echo
echo "Not built yet: tagger (BiLSTM-CRF tagging) and autocomplete (GRU predictive typing)."
echo "They arrive with their models in Models/."
