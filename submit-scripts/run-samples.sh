#!/usr/bin/env bash
# The README's first command: runs the nightly update over every sample date of data-samples/ on an
# embedded local Spark, for the class-incremental Fashion-MNIST sample and the drifting regression
# sample, and prints each run's one-line JSON summary. The store is target/sample-store, started afresh.
#   submit-scripts/run-samples.sh [conf/fashion-mnist.conf conf/regression.conf ...]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
store="target/sample-store"
configs=("$@")
[[ ${#configs[@]} -gt 0 ]] || configs=(conf/fashion-mnist.conf conf/regression.conf)

rm -rf "$store"
for config in "${configs[@]}"; do
  root="$(sed -n 's/^ *root *= *"\(.*\)".*/\1/p;T;q' "$config")"
  dates=$(ls -d "$root"/date=* | sed 's|.*/date=||' | sort)
  for date in $dates; do
    echo "== $config $date" >&2
    start=$(date +%s)
    submit-scripts/run-local.sh update --config "$config" --date "$date" --set store="$store" | tail -n 1
    echo "   wall time $(( $(date +%s) - start )) s" >&2
  done
done
