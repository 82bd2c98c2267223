#!/usr/bin/env bash
# Scale measurement for the pipeline: generate a corpus with `gleaner synth`, process it
# with 1 and 2 threads under /usr/bin/time -v, and print wall time, MB/s, peak RSS and
# the two-thread speed-up. Usage: scripts/scale.sh [SIZE] [WORKDIR]   (default 1GB, /tmp)
# Needs GNU time (Debian package `time`). Run on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-1GB}"
work="${2:-${TMPDIR:-/tmp}}/gleaner-scale"
command -v /usr/bin/time >/dev/null || { echo "scale.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet
bin=target/release/gleaner
rm -rf "$work"; mkdir -p "$work"
"$bin" synth --size "$size" --seed 7 -o "$work/corpus" -q
bytes=$(du -sb --apparent-size "$work/corpus" | cut -f1)
declare -A secs
for t in 1 2; do
  /usr/bin/time -v "$bin" run "$work/corpus" -o "$work/out$t" --threads "$t" -q 2> "$work/time$t.txt"
  wall=$(grep "Elapsed (wall clock)" "$work/time$t.txt" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$work/time$t.txt" | awk '{print $NF}')
  s=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  secs[$t]=$s
  awk -v t="$t" -v s="$s" -v b="$bytes" -v r="$rss" \
    'BEGIN { printf "threads %s: %.1f s, %.1f MB/s, peak RSS %.0f MB\n", t, s, b / s / 1e6, r / 1024 }'
done
cmp -s "$work/out1/documents.jsonl" "$work/out2/documents.jsonl" && echo "documents.jsonl identical for 1 and 2 threads"
awk -v a="${secs[1]}" -v b="${secs[2]}" -v n="$bytes" \
  'BEGIN { printf "speed-up with 2 threads: %.2fx (%d bytes)\n", a / b, n }'
rm -rf "$work"
