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
echo "Not built yet: textgen (issue: character-level generation), tagger (BiLSTM-CRF tagging),"
echo "autocomplete (GRU predictive typing). They arrive with their models in Models/."
