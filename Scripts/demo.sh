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
echo "== tagger: parts of speech and entities of Corpora/samples/news.txt (Models/pos-en.quill, Models/ner-en.quill)"
"$bin/tagger" annotate Corpora/samples/news.txt --model pos-en --model ner-en
echo
echo "== tagger: the first sentence as JSON, with its entity spans (offsets count Unicode scalars from the start of the file)"
"$bin/tagger" annotate Corpora/samples/news.txt --model ner-en --format jsonl | head -n 1
echo
echo "== tagger: the three most probable tags of each token (CRF marginals)"
echo "Time flies like an arrow." | "$bin/tagger" --model pos-en --hypotheses 3
echo
echo "== tagger: CoNLL-U, with the Penn Treebank tags (XPOS) that pos-en learned beside the universal ones"
echo "Time flies like an arrow." | "$bin/tagger" --model pos-en --format conllu
ewt_test=../shared/corpora/ud-english-ewt/en_ewt-ud-test.conllu
if [[ -f $ewt_test ]]; then
  echo
  echo "== tagger: part-of-speech accuracy on the UD English-EWT test set (gold tokens)"
  "$bin/tagger" evaluate --model pos-en --gold "$ewt_test" 2>/dev/null
fi
echo
echo "== autocomplete: suggestions for a few typed lines (Models/autocomplete-en.quill), one JSON object per line:"
echo "   completions of the last, partial word, and the words predicted after the line"
printf '%s\n' "I would like to" "The weather is" "See you tom" "Thank you for your h" "She looked at me and" \
  | "$bin/autocomplete" --private
if [[ -f $ewt_test ]]; then
  echo
  echo "== autocomplete: typing the UD English-EWT test sentences with three suggestions (keystroke savings)"
  "$bin/autocomplete" evaluate --text "$ewt_test" 2>/dev/null
fi
echo
echo "Try the interactive suggestion strip yourself: $bin/autocomplete   (Tab accepts, Alt-1/2/3 pick, :help)"
