#!/usr/bin/env bash
# Runs the nightly updates of the data-samples Fashion-MNIST dates with the MLP (conf/fashion-mnist.conf) and
# the CNN (conf/fashion-mnist-cnn.conf) into one fresh store, and prints the held-out accuracy of the last
# version of each on every date's held-out rows, side by side.
#   submit-scripts/compare-architectures.sh [first-date] [last-date]     (default 2026-11-23 .. 2026-11-27)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
first="${1:-2026-11-23}"
last="${2:-2026-11-27}"
store="target/compare-store-$(date +%Y%m%d%H%M%S)"
out="$store/summaries"
mkdir -p "$out"
for arch in mlp cnn; do
  conf=conf/fashion-mnist.conf
  [[ $arch == cnn ]] && conf=conf/fashion-mnist-cnn.conf
  d="$first"
  while [[ "$d" < "$last" || "$d" == "$last" ]]; do
    start=$(date +%s)
    submit-scripts/run-local.sh update --config "$conf" --date "$d" --set "store=$store" 2>"$out/$arch-$d.log" \
      | tail -1 > "$out/$arch-$d.json"
    echo "$arch $d done in $(( $(date +%s) - start )) s" >&2
    d=$(date -d "$d + 1 day" +%Y-%m-%d)
  done
done
python3 - "$out" "$last" <<'PY'
import json, sys
out, last = sys.argv[1], sys.argv[2]
runs = {a: json.load(open(f"{out}/{a}-{last}.json")) for a in ("mlp", "cnn")}
dates = sorted(runs["mlp"]["metrics"])
print(f"{'held-out rows of':<18}{'rows':>6}{'MLP acc':>10}{'CNN acc':>10}")
totals = {a: [0, 0.0] for a in runs}
for d in dates:
    row = runs["mlp"]["metrics"][d]["rows"]
    accs = {a: runs[a]["metrics"][d]["accuracy"] for a in runs}
    for a in runs:
        totals[a][0] += row
        totals[a][1] += row * accs[a]
    print(f"{d:<18}{row:>6}{accs['mlp']:>10.4f}{accs['cnn']:>10.4f}")
print(f"{'all dates':<18}{totals['mlp'][0]:>6}{totals['mlp'][1]/totals['mlp'][0]:>10.4f}{totals['cnn'][1]/totals['cnn'][0]:>10.4f}")
for a in runs:
    print(f"{a}: version {runs[a]['version']}, train ms {runs[a]['durationsMs'].get('train')}")
PY
