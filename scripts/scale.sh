#!/usr/bin/env bash
# Scale measurement for the pipeline: generate a corpus with `gleaner synth`, process it
# with 1 and 2 threads under /usr/bin/time -v, and print wall time, MB/s, peak RSS and
# the two-thread speed-up. Usage: scripts/scale.sh [SIZE] [WORKDIR] [RUNS]
# (default 1GB, /tmp, 2). Each thread count runs RUNS times: the fastest and the median wall
# time and the largest peak RSS are reported, since a shared VM's timings are noisy. Outputs are
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
declare -A secs meds hash
for t in 1 2; do
  best=""; peak=0; all=""
  for r in $(seq "$runs"); do
    /usr/bin/time -v "$bin" run "$work/corpus" -o "$work/out" --threads "$t" -q 2> "$work/time.txt"
    wall=$(grep "Elapsed (wall clock)" "$work/time.txt" | awk '{print $NF}')
    rss=$(grep "Maximum resident set size" "$work/time.txt" | awk '{print $NF}')
    s=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    echo "  threads $t, run $r: $s s, peak RSS $((rss / 1024)) MB"
    all="$all $s"
    if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$s; fi
    [ "$rss" -gt "$peak" ] && peak=$rss
    hash[$t]=$(sha256sum "$work/out/documents.jsonl" | cut -d' ' -f1)
    rm -rf "$work/out"; sync
  done
  secs[$t]=$best
  meds[$t]=$(echo $all | tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  awk -v t="$t" -v s="$best" -v m="${meds[$t]}" -v b="$bytes" -v r="$peak" \
    'BEGIN { printf "threads %s: best %.1f s (%.1f MB/s), median %.1f s, peak RSS %.0f MB\n", t, s, b / s / 1e6, m, r / 1024 }'
done
[ "${hash[1]}" = "${hash[2]}" ] && echo "documents.jsonl identical for 1 and 2 threads"
awk -v a="${secs[1]}" -v b="${secs[2]}" -v c="${meds[1]}" -v d="${meds[2]}" -v n="$bytes" \
  'BEGIN { printf "speed-up with 2 threads: %.2fx best, %.2fx median (%d bytes)\n", a / b, c / d, n }'
rm -rf "$work"
