#!/usr/bin/env bash
# Scale measurement for the pipeline: generate a corpus with `gleaner synth`, process it
# with 1 and 2 threads under /usr/bin/time -v, and print wall time, MB/s, peak RSS and
# the two-thread speed-up. Usage: scripts/scale.sh [SIZE] [WORKDIR] [RUNS]
# (default 1GB, /tmp, 2). RUNS rounds each run 1 then 2 threads; the speed-up is the
# median of the rounds' ratios (a shared VM's speed drifts, and alternating puts the
# drift on both), with each thread count's best and median wall time and largest peak
# RSS. Outputs are
# hashed and deleted after each run, and dirty pages synced, so one run's 4 GB of
# writeback does not slow the next. Needs GNU time (Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-1GB}"
work="${2:-${TMPDIR:-/tmp}}/gleaner-scale"
runs="${3:-2}"
command -v /usr/bin/time >/dev/null || { echo "scale.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet
bin=target/release/gleaner
rm -rf "$work"; mkdir -p "$work"
"$bin" synth --size "$size" --seed 7 -o "$work/corpus" -q
sync
bytes=$(du -sb --apparent-size "$work/corpus" | cut -f1)
declare -A peak
declare -A secs meds hash times
# Thread counts alternate within each round, so a slow spell on a shared VM falls on
# both and the per-round ratios stay fair.
for r in $(seq "$runs"); do
  for t in 1 2; do
    /usr/bin/time -v "$bin" run "$work/corpus" -o "$work/out" --threads "$t" -q 2> "$work/time.txt"
    wall=$(grep "Elapsed (wall clock)" "$work/time.txt" | awk '{print $NF}')
    rss=$(grep "Maximum resident set size" "$work/time.txt" | awk '{print $NF}')
    s=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    echo "  round $r, threads $t: $s s, peak RSS $((rss / 1024)) MB"
    times[$t,$r]=$s
    [ "$rss" -gt "${peak[$t]:-0}" ] && peak[$t]=$rss
    hash[$t]=$(sha256sum "$work/out/documents.jsonl" | cut -d' ' -f1)
    rm -rf "$work/out"; sync
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for t in 1 2; do
  all=""; for r in $(seq "$runs"); do all="$all ${times[$t,$r]}"; done
  secs[$t]=$(echo $all | tr ' ' '\n' | sort -n | head -1)
  meds[$t]=$(echo "$all" | median)
  awk -v t="$t" -v s="${secs[$t]}" -v m="${meds[$t]}" -v b="$bytes" -v r="${peak[$t]}" \
    'BEGIN { printf "threads %s: best %.1f s (%.1f MB/s), median %.1f s, peak RSS %.0f MB\n", t, s, b / s / 1e6, m, r / 1024 }'
done
ratios=""; for r in $(seq "$runs"); do
  ratios="$ratios $(awk -v a="${times[1,$r]}" -v b="${times[2,$r]}" 'BEGIN { printf "%.3f", a / b }')"
done
[ "${hash[1]}" = "${hash[2]}" ] && echo "documents.jsonl identical for 1 and 2 threads"
awk -v a="${secs[1]}" -v b="${secs[2]}" -v m="$(echo "$ratios" | median)" -v rs="$ratios" -v n="$bytes" \
  'BEGIN { printf "speed-up with 2 threads: %.2fx median of the rounds (rounds:%s), %.2fx best to best (%d bytes)\n", m, rs, a / b, n }'
rm -rf "$work"
