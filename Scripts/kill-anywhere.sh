#!/usr/bin/env bash
# Kills Quill's writers with SIGKILL at random moments and checks that nothing is lost or corrupt.
#
# Usage: Scripts/kill-anywhere.sh [--tool T]... [--kills N] [--seed S] [--max-delay SECONDS]
#                                 [--checkpoint-every N] [--skip-build]
#   --tool T        textgen, tagger, autocomplete (a training run), personal (the personal model
#                   written by `autocomplete learn`), or all (the four); repeatable; default textgen
#   --kills N       kills per tool (default 50)
#   --seed S        seed of the kill delays (default 1): the same seed gives the same delays
#   --max-delay S   the longest wait before a kill (default: an uninterrupted run's start-up time
#                   and 3/N of the rest)
#   --checkpoint-every N   the training runs' --checkpoint-every (default 1: many kills hit a write)
#   --skip-build    use the products already built in .build/release
# Env: KILL_WORK=folder for the runs (default /tmp/quill-kill-anywhere; each tool's folder is wiped)
#      KILL_NICE=niceness of the build and the runs (default 10: the machine is shared)
#      KILL_MODEL=autocomplete model for the personal model's load check (default: the shipped one)
#
# Training tools: trains a small model once without interruption, with --threads 1 (the
# reference), then trains it again with the same command in another folder, each attempt killed
# with `kill -9` after a random delay and the next attempt resumed from the checkpoint (or started
# afresh while there is none). After each kill: a temporary file left beside an output
# (.NAME.tmp-XXXXXX) tells that the kill hit that file's write; the checkpoint and the model must
# be whole Quill files (Scripts/kill-anywhere-check.py, independent of Quill's readers) and the
# checkpoint's step may never go back. A resumed attempt must load the checkpoint or run to the
# end. When a run ends, its model must equal the reference (byte for byte, or tensor for tensor
# when only the metadata differs, which is named), its log must equal the reference's but for the
# seconds column, with no torn or repeated row, and no temporary file may remain; the next kills
# then start a new run. After the last kill the run is resumed to its end and checked.
#
# personal: cuts a text into many files and learns them with `autocomplete learn` (which saves the
# personal model after each file), first one file per process to record every version of the file,
# then in one process killed at random moments and restarted on the files not learned yet. After
# each kill the file must be one of the versions, never older than before, and must load
# (`autocomplete --personal FILE` answers a piped line); the finished file must be the last version.
#
# Prints each tool's summary (kills, kills during a write, resumes, final equality); exits 1 if
# any check failed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

ALL_TOOLS=(textgen tagger autocomplete personal)
TOOLS=()
KILLS=50
SEED=1
MAX_DELAY=""
EVERY=1
BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --tool)
            case "$2" in
                all) TOOLS+=("${ALL_TOOLS[@]}") ;;
                textgen|tagger|autocomplete|personal) TOOLS+=("$2") ;;
                *) echo "kill-anywhere.sh: no tool '$2' (${ALL_TOOLS[*]} all)" >&2; exit 2 ;;
            esac
            shift 2 ;;
        --kills) KILLS="$2"; shift 2 ;;
        --seed) SEED="$2"; shift 2 ;;
        --max-delay) MAX_DELAY="$2"; shift 2 ;;
        --checkpoint-every) EVERY="$2"; shift 2 ;;
        --skip-build) BUILD=0; shift ;;
        -h|--help) sed -n '2,37p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "kill-anywhere.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
[ ${#TOOLS[@]} -gt 0 ] || TOOLS=(textgen)

WORK="${KILL_WORK:-/tmp/quill-kill-anywhere}"
NICE=(nice -n "${KILL_NICE:-10}")
CHECK=(python3 "$ROOT/Scripts/kill-anywhere-check.py")
CORPORA="$ROOT/../shared/corpora"
[ -d "$CORPORA" ] || CORPORA=/work/shared/corpora

if [ "$BUILD" = 1 ]; then
    echo "== building the release products"
    for product in textgen tagger autocomplete; do "${NICE[@]}" swift build -c release --product "$product"; done
fi
BIN="$(swift build -c release --show-bin-path)"

FAILURES=0
SUMMARIES=()

fail() {
    echo "  FAIL: $*"
    FAILURES=$((FAILURES + 1))
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# Sets DELAY: a random delay in [0, $1] seconds, from bash's RANDOM (seeded with --seed; read
# here, not in a subshell, where its draws would not advance), or none once $2 kills are done.
next_delay() {
    local r=$RANDOM
    if [ "$2" -ge "$KILLS" ]; then DELAY=""; return; fi
    DELAY="$(awk -v m="$1" -v r="$r" 'BEGIN { printf "%.3f", m * r / 32767 }')"
}

# The temporary files beside the outputs in folder $1 (one name a line, sorted).
temporaries() { find "$1" -maxdepth 1 -name '.*.tmp-??????' -printf '%f\n' | sort; }

# Runs "${@:3}" in folder $1 to its end and sets SECONDS_TAKEN, and STARTUP: the seconds until
# the file $2 first appeared (the first checkpoint: reading the data and building the model come
# before it). The default longest delay before a kill is STARTUP plus 3/N of the rest, so that
# most attempts get past the start and the N kills cover a run or two.
time_reference() {
    local start pid status=0
    start="$(now)"
    (cd "$1" && exec "${NICE[@]}" "${@:3}") > "$1/reference.stderr" 2>&1 &
    pid=$!
    STARTUP=""
    while kill -0 "$pid" 2> /dev/null; do
        if [ -z "$STARTUP" ] && [ -e "$2" ]; then STARTUP="$(elapsed "$start")"; fi
        sleep 0.01
    done
    wait "$pid" || status=$?
    SECONDS_TAKEN="$(elapsed "$start")"
    STARTUP="${STARTUP:-0}"
    MAX="${MAX_DELAY:-$(awk -v t="$SECONDS_TAKEN" -v s="$STARTUP" -v k="$KILLS" 'BEGIN { printf "%.3f", s + 3 * (t - s) / k }')}"
    return "$status"
}

# Runs "${@:2}" in folder $1 in the background with its output in $ATTEMPT_LOG, kills it with
# SIGKILL after $DELAY seconds unless it ended before (no DELAY: lets it end), and sets STATUS
# (137: killed).
run_and_kill() {
    (cd "$1" && exec "${NICE[@]}" "${@:2}") > "$ATTEMPT_LOG" 2>&1 &
    local pid=$!   # (exec: the subshell becomes the tool, so this is the tool's process)
    if [ -n "$DELAY" ]; then
        sleep "$DELAY"
        kill -KILL "$pid" 2> /dev/null || true
    fi
    STATUS=0
    wait "$pid" 2> /dev/null || STATUS=$?   # (2>: bash's "Killed" notice)
}

# --- training runs -----------------------------------------------------------------------------

# Sets ARGS (the train command of tool $2, run from a folder beside $1/data) and KIND (its model
# kind), and writes its small corpus into $1/data.
prepare_training() {
    local data="$1/data"
    mkdir -p "$data"
    local common=(--seed 1 --threads 1 --patience 0 --checkpoint-every "$EVERY" --out run.quill)
    case "$2" in
        textgen)
            head -c 40000 "$CORPORA/tinyshakespeare/input.txt" > "$data/corpus.txt"
            ARGS=(textgen train --corpus ../data/corpus.txt --cell lstm --layers 1 --hidden 96 --embedding 16
                  --seq-length 32 --batch 8 --epochs 3 --lr 0.005 "${common[@]}")
            KIND=textgen ;;
        tagger)
            # The first sentences of UD English-EWT (a blank line ends each).
            awk -v n=1000 '{ print } /^$/ { if (++s == n) exit }' "$CORPORA/ud-english-ewt/en_ewt-ud-train.conllu" > "$data/train.conllu"
            awk -v n=100 '{ print } /^$/ { if (++s == n) exit }' "$CORPORA/ud-english-ewt/en_ewt-ud-dev.conllu" > "$data/dev.conllu"
            ARGS=(tagger train --train ../data/train.conllu --dev ../data/dev.conllu --word-embedding 32
                  --char-embedding 8 --char-hidden 16 --hidden 32 --batch 16 --epochs 3 "${common[@]}")
            KIND=tagger ;;
        autocomplete)
            sed -n '1,2500p' "$CORPORA/gutenberg/11-alice-in-wonderland.txt" > "$data/train.txt"
            sed -n '2501,2900p' "$CORPORA/gutenberg/11-alice-in-wonderland.txt" > "$data/valid.txt"
            ARGS=(autocomplete train --corpus ../data/train.txt --validation ../data/valid.txt --vocab-size 1500
                  --hidden 64 --embedding 32 --seq-length 20 --batch 8 --epochs 3 --lr 0.005 "${common[@]}")
            KIND=autocomplete ;;
    esac
    ARGS[0]="$BIN/${ARGS[0]}"
}

# The checks when a run in folder $1 ended: model and log against the reference, no temporaries.
check_finished_run() {
    local run="$1" reference="$2" verdict
    verdict="$("${CHECK[@]}" same-model "$reference/run.quill" "$run/run.quill")" || { fail "final model: $verdict"; return 1; }
    echo "  run finished: model $verdict"
    MODEL_VERDICT="$verdict"
    verdict="$("${CHECK[@]}" same-log "$reference/run.log.csv" "$run/run.log.csv")" || { fail "log: $verdict"; return 1; }
    echo "  log: $verdict"
    local left
    left="$(temporaries "$run")"
    [ -z "$left" ] || { fail "temporary files remain after the run: $left"; return 1; }
    return 0
}

train_and_kill() {
    local tool="$1" folder="$WORK/$1"
    rm -rf "$folder"
    mkdir -p "$folder/reference" "$folder/run"
    prepare_training "$folder" "$tool"
    echo "== $tool: reference run: ${ARGS[*]#"$BIN/"}"
    time_reference "$folder/reference" "$folder/reference/run.checkpoint.quill" "${ARGS[@]}" \
        || { fail "the reference run failed: $(tail -3 "$folder/reference/reference.stderr")"; return; }
    local max="$MAX"
    echo "   $SECONDS_TAKEN s uninterrupted (the first checkpoint after $STARTUP s); $KILLS kills after 0 to $max s each"

    local run="$folder/run" checkpoint="$folder/run/run.checkpoint.quill"
    local kills=0 writes=0 checkpointWrites=0 tornLogs=0 resumes=0 resumesLoaded=0 resumesFailed=0 runs=0 equalRuns=0
    local lastStep=-1 attempt=0 killed
    local -A hits=()
    while :; do
        attempt=$((attempt + 1))
        local resume=()
        if [ -f "$checkpoint" ]; then resume=(--resume run.checkpoint.quill); resumes=$((resumes + 1)); fi
        ATTEMPT_LOG="$folder/attempt.stderr"
        next_delay "$max" "$kills"
        run_and_kill "$run" "${ARGS[@]}" "${resume[@]}"
        killed=0
        if [ "$STATUS" = 137 ]; then killed=1; kills=$((kills + 1)); fi
        if [ ${#resume[@]} -gt 0 ]; then
            if grep -q '^resuming' "$ATTEMPT_LOG"; then
                resumesLoaded=$((resumesLoaded + 1))
            elif [ "$killed" = 0 ]; then
                resumesFailed=$((resumesFailed + 1))
                fail "resume (attempt $attempt) failed with status $STATUS: $(tail -2 "$ATTEMPT_LOG")"
            fi
        elif [ "$killed" = 0 ] && [ "$STATUS" != 0 ]; then
            fail "a fresh run (attempt $attempt) failed with status $STATUS: $(tail -2 "$ATTEMPT_LOG")"
        fi
        if [ "$killed" = 1 ]; then
            local left
            left="$(temporaries "$run")"
            if [ -n "$left" ]; then
                writes=$((writes + 1))
                local name
                for name in $left; do
                    name="${name#.}"; name="${name%.tmp-??????}"
                    hits[$name]=$(( ${hits[$name]:-0} + 1 ))
                    if [ "$name" = run.checkpoint.quill ]; then checkpointWrites=$((checkpointWrites + 1)); fi
                done
            fi
            # (torn: a row cut by the kill, dropped by the next resume, as the final log check shows)
            if [ -s "$run/run.log.csv" ] && [ -n "$(tail -c 1 "$run/run.log.csv")" ]; then tornLogs=$((tornLogs + 1)); fi
            local report step
            if [ -f "$checkpoint" ]; then
                if report="$("${CHECK[@]}" model "$checkpoint" "$KIND-checkpoint")"; then
                    step="$(echo "$report" | awk '/^step/ { print $2 }')"
                    [ "$step" -ge "$lastStep" ] || fail "after kill $kills the checkpoint went back from step $lastStep to $step"
                    lastStep="$step"
                else
                    fail "after kill $kills the checkpoint is unreadable: $report"
                fi
            fi
            if [ -f "$run/run.quill" ]; then
                report="$("${CHECK[@]}" model "$run/run.quill" "$KIND")" || fail "after kill $kills the model is unreadable: $report"
            fi
            continue
        fi
        if [ "$STATUS" = 0 ]; then
            runs=$((runs + 1))
            MODEL_VERDICT=""
            check_finished_run "$run" "$folder/reference" && equalRuns=$((equalRuns + 1))
            [ "$kills" -lt "$KILLS" ] || break
            rm -rf "$run"; mkdir -p "$run"; lastStep=-1
            continue
        fi
        break   # a failure, reported above
    done
    local where=""
    local name
    for name in "${!hits[@]}"; do where+="${where:+, }$name ${hits[$name]}"; done
    SUMMARIES+=("$tool: $kills kills, $writes during a write ($checkpointWrites of the checkpoint${where:+; by file: $where}), \
$tornLogs leaving a torn log row; $resumes resumes: $resumesLoaded loaded the checkpoint (the others were killed \
before), $resumesFailed failed; $runs runs finished, final model equal to the reference in $equalRuns \
(${MODEL_VERDICT:-none})")
}

# --- the personal model --------------------------------------------------------------------------

personal_and_kill() {
    local folder="$WORK/personal"
    rm -rf "$folder"
    mkdir -p "$folder/parts"
    local model="${KILL_MODEL:-$ROOT/Models/autocomplete-en.quill}"
    # Texts: 80 files of 40 lines (paragraphs may straddle two files).
    sed -n '1,3200p' "$CORPORA/gutenberg/11-alice-in-wonderland.txt" | split -l 40 -d -a 3 --additional-suffix=.txt - "$folder/parts/part"
    local parts=("$folder"/parts/part*.txt)
    local count=${#parts[@]}
    echo "== personal: recording the $count versions (one autocomplete learn per file)"
    local -A version=()
    local k=0
    for part in "${parts[@]}"; do
        k=$((k + 1))
        "${NICE[@]}" "$BIN/autocomplete" learn "$part" --personal "$folder/reference.json" 2> "$folder/reference.stderr" \
            || { fail "autocomplete learn failed: $(tail -3 "$folder/reference.stderr")"; return; }
        version[$(sha256sum < "$folder/reference.json" | cut -c1-64)]=$k
    done
    time_reference "$folder" "$folder/whole.json" "$BIN/autocomplete" learn "${parts[@]}" --personal "$folder/whole.json" \
        || { fail "autocomplete learn failed: $(tail -3 "$folder/reference.stderr")"; return; }
    cmp -s "$folder/whole.json" "$folder/reference.json" || fail "learning the files in one process differs from one file per process"
    local max="$MAX"
    echo "   $SECONDS_TAKEN s in one process (the first save after $STARTUP s; $(wc -c < "$folder/whole.json") bytes at the end); \
$KILLS kills after 0 to $max s each"

    local file="$folder/personal.json"
    local kills=0 writes=0 restarts=0 loads=0 runs=0 equalRuns=0 done=0
    ATTEMPT_LOG="$folder/attempt.stderr"
    while :; do
        next_delay "$max" "$kills"
        if [ "$done" -lt "$count" ]; then
            [ "$done" = 0 ] || restarts=$((restarts + 1))
            run_and_kill "$folder" "$BIN/autocomplete" learn "${parts[@]:$done}" --personal "$file"
        else
            STATUS=0   # (killed after its last save: nothing is left to learn)
        fi
        if [ "$STATUS" = 137 ]; then
            kills=$((kills + 1))
            [ -z "$(temporaries "$folder")" ] || writes=$((writes + 1))
            local current=0
            if [ -f "$file" ]; then
                current="${version[$(sha256sum < "$file" | cut -c1-64)]:-}"
                [ -n "$current" ] || { fail "after kill $kills the personal model is none of the versions"; return; }
            fi
            [ "$current" -ge "$done" ] || fail "after kill $kills the personal model went back from version $done to $current"
            done="$current"
            if echo hi | "$BIN/autocomplete" --model "$model" --personal "$file" > /dev/null 2> "$folder/load.stderr"; then
                loads=$((loads + 1))
            else
                fail "after kill $kills the personal model does not load: $(cat "$folder/load.stderr")"
            fi
            continue
        fi
        [ "$STATUS" = 0 ] || { fail "autocomplete learn failed with status $STATUS: $(tail -2 "$ATTEMPT_LOG")"; return; }
        runs=$((runs + 1))
        if cmp -s "$file" "$folder/reference.json" && [ -z "$(temporaries "$folder")" ]; then
            equalRuns=$((equalRuns + 1))
            echo "  run finished: the last version, byte-identical, no temporary file"
        else
            fail "the finished personal model differs from the last version, or a temporary file remains: $(temporaries "$folder")"
        fi
        [ "$kills" -lt "$KILLS" ] || break
        rm -f "$file"; done=0
    done
    SUMMARIES+=("personal: $kills kills, $writes during a write; after each kill the file was one of the $count versions \
and loaded $loads/$kills times; $restarts restarts on the files left; $runs runs finished, equal to the last version in $equalRuns")
}

for tool in "${TOOLS[@]}"; do
    RANDOM="$SEED"   # (each tool its own reproducible delays)
    if [ "$tool" = personal ]; then personal_and_kill; else train_and_kill "$tool"; fi
done
echo
echo "== summary (seed $SEED)"
for line in "${SUMMARIES[@]}"; do echo "$line"; done
if [ "$FAILURES" -gt 0 ]; then echo "$FAILURES checks FAILED"; exit 1; fi
echo "all checks passed"
