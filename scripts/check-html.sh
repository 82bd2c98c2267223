#!/usr/bin/env bash
# Checks report.html in a real browser (headless Chromium) and the CSVs with Python:
# builds gleaner, runs it on a temporary copy of corpus/ plus a planted hostile
# document, renders the page, and asserts that the texts, highlights, tables and
# graph are in the DOM and that nothing planted ran. Also checks that merging the
# summaries of two halves of the corpus gives the summary of the whole.
# Run by .ci/run; not part of `cargo test` (it needs a browser).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    echo "== installing chromium (Debian package)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y chromium >/dev/null || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }
fi
command -v chromium >/dev/null 2>&1 || { echo "check-html: chromium is not available" >&2; exit 1; }

echo "== building gleaner"
cargo build --release --quiet
bin="$PWD/target/release/gleaner"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp -r corpus "$tmp/corpus"
cat > "$tmp/corpus/zz_planted.txt" <<'EOF'
Planted Headline <script>document.title='PWNED';document.documentElement.setAttribute('data-pwned','1')</script> in Baku
President Vladimir Putin met "Ilham Aliyev" in Baku on Monday </style><img src=x onerror="document.title='PWNED2'"> and said the 'quoted' & <b>bold</b> words stay text.
The <script>document.body.setAttribute('data-pwned','2')</script> tag is only words here, as is </script><script>document.title='PWNED3'</script>.
EOF

echo "== gleaner run (writes the report) + gleaner report (rebuilds it from the records)"
"$bin" run "$tmp/corpus" -o "$tmp/out" --quiet
"$bin" report "$tmp/out/documents.jsonl" -o "$tmp/report" --quiet
test -s "$tmp/out/report.html"
test -s "$tmp/report/report.html"
python3 - "$tmp" <<'EOF'
import json, sys
tmp = sys.argv[1]
def load(p):
    s = json.load(open(p, encoding="utf-8"))
    s.pop("timings")
    # Records carry no tokens by default, so only the run itself counts them.
    s["totals"].pop("tokens"); s["totals"].pop("tokenized_documents")
    return s
run, rebuilt = load(f"{tmp}/out/summary.json"), load(f"{tmp}/report/summary.json")
assert run == rebuilt, "gleaner report does not rebuild gleaner run's summary"
print("ok   gleaner report rebuilds the summary gleaner run wrote")
EOF
if command -v dot >/dev/null 2>&1; then  # GraphViz is optional here
    dot -Tsvg "$tmp/report/graph.dot" -o /dev/null && echo "ok   graph.dot renders with GraphViz"
fi

echo "== rendering report.html in headless chromium"
chrome=(chromium --headless --no-sandbox --disable-gpu --disable-background-networking
        --user-data-dir="$tmp/profile" --virtual-time-budget=5000)
timeout 120 "${chrome[@]}" --dump-dom "file://$tmp/out/report.html" > "$tmp/dom.html" 2>/dev/null
shot="${CHECK_HTML_SCREENSHOT:-/tmp/gleaner-check-html.png}"
timeout 120 "${chrome[@]}" --screenshot="$shot" --window-size=1400,2000 \
    "file://$tmp/out/report.html" >/dev/null 2>&1
test -s "$shot"

echo "== checking the DOM, the CSVs and merge"
python3 - "$tmp" <<'EOF'
import csv, json, re, sys
tmp = sys.argv[1]
dom = open(f"{tmp}/dom.html", encoding="utf-8").read()
fail = []
def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        fail.append(what)

title = re.search(r"<title>(.*?)</title>", dom, re.S)
check(title is not None and title.group(1) == "gleaner corpus report", "page title unchanged (planted scripts did not set it)")
check("PWNED" not in (title.group(1) if title else ""), "no PWNED title")
check(re.search(r"<(html|body)[^>]*data-pwned", dom) is None, "no data-pwned marker on <html>/<body>")
check(re.search(r"<img\b", dom) is None, "the planted <img onerror> is not an element")
check("&lt;script&gt;document.title='PWNED';" in dom, "the planted <script> shows as text")
check("&lt;/style&gt;" in dom and "&lt;b&gt;bold&lt;/b&gt;" in dom, "planted </style> and <b> show as text")
check(dom.count("<script") == 4, "only the page's own four <script> elements (code, three JSON blocks)")

records = [json.loads(l) for l in open(f"{tmp}/out/documents.jsonl", encoding="utf-8")]
check(len(records) == 14, f"14 records (13 corpus + planted), got {len(records)}")
check("landmark visit to" in dom and "Emirates Stadium" in dom, "document texts are in the DOM")
marks = re.findall(r'<mark class="ent l-([A-Z_]+)"', dom)
check(len(marks) >= 500 and {"PERSON", "GPE", "ORG"} <= set(marks), f"entity highlights by label ({len(marks)} marks)")
check(dom.count('<article class="doc"') == 14, "every document shown in full")

summary = json.load(open(f"{tmp}/out/summary.json", encoding="utf-8"))
ent_rows = dom.split('id="entity-table"', 1)[-1].split("</table>", 1)[0].count("<tr data-label=")
rel_rows = dom.split('id="relation-table"', 1)[-1].split("</table>", 1)[0].count("<tr data-label=")
# The script draws up to 500 rows a page; this corpus fits in one.
check(ent_rows == len(summary["resolved"]["entities"]) > 100, f"entity table complete ({ent_rows} rows)")
check(rel_rows == len(summary["resolved"]["relations"]) > 20, f"relation table complete ({rel_rows} rows)")
data = re.search(r'<script type="application/json" id="relation-table-data">(.*?)</script>', dom, re.S)
check(data is not None and len(json.loads(data.group(1))) == len(summary["resolved"]["relations"]), "relation table data complete")
check(re.search(r'<span class="count">\d+ shown of \d+ rows</span>', dom) is not None, "the page's own script ran (tables drawn, counts filled in)")
svg = re.search(r'<svg class="graph".*?</svg>', dom, re.S)
check(svg is not None and svg.group(0).count("<circle") >= 20 and "<line" in svg.group(0), "SVG graph with nodes and edges")

with open(f"{tmp}/out/entities.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
check(len(rows) == len(summary["resolved"]["entities"]), f"entities.csv: {len(rows)} rows = summary.json")
VALUES = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
named = sum(n for label, n in summary["entity_labels"].items() if label not in VALUES)
check(sum(int(r["mentions"]) for r in rows) == named, "entities.csv mentions add up to the named-entity total")
check(all(r["name"] == e["name"] and r["label"] == e["label"] for r, e in zip(rows, summary["resolved"]["entities"])), "entities.csv rows match summary.json")
with open(f"{tmp}/out/relations.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
check(len(rows) == len(summary["resolved"]["relations"]), f"relations.csv: {len(rows)} rows = summary.json")
check(all(int(r["count"]) == e["count"] for r, e in zip(rows, summary["resolved"]["relations"])), "relations.csv counts match summary.json")
check(any("Vladimir Putin" == r["head"] and "Russia" == r["tail"] for r in rows), "Russian President Vladimir Putin works for Russia")

if fail:
    sys.exit(f"check-html: {len(fail)} check(s) failed")
EOF

# Two halves, summarised apart and merged, equal the whole (timings aside).
mkdir -p "$tmp/a" "$tmp/b"
i=0
for f in "$tmp"/corpus/*.txt; do
    if (( i++ % 2 )); then cp "$f" "$tmp/a/"; else cp "$f" "$tmp/b/"; fi
done
for h in a b; do
    "$bin" run "$tmp/$h" -o "$tmp/out-$h" --quiet
    "$bin" report "$tmp/out-$h/documents.jsonl" -o "$tmp/report-$h" --quiet
done
"$bin" merge "$tmp/report-a/summary.json" "$tmp/report-b/summary.json" -o "$tmp/merged" --quiet
test -s "$tmp/merged/report.html"
python3 - "$tmp" <<'EOF'
import json, sys
tmp = sys.argv[1]
def load(p):
    s = json.load(open(p, encoding="utf-8"))
    s.pop("timings")
    return s
whole, merged = load(f"{tmp}/report/summary.json"), load(f"{tmp}/merged/summary.json")
if whole != merged:
    diff = [k for k in whole if whole[k] != merged.get(k)]
    sys.exit(f"check-html: merged halves differ from the whole in {diff}")
print("ok   merge of two halves' summaries == summary of the whole")
EOF
echo "check-html: all checks passed; screenshot at $shot"
