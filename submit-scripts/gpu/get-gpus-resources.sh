#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript / spark.worker.resource.gpu.
# discoveryScript): prints the GPUs this node's executor may use as Spark's ResourceInformation JSON,
#   {"name": "gpu", "addresses": ["0", "1"]}
# The addresses are nvidia-smi indices, honouring CUDA_VISIBLE_DEVICES when a container runtime or YARN
# has already narrowed it. No GPU (or no nvidia-smi) prints an empty list, and Spark then refuses to
# start an executor that asked for spark.executor.resource.gpu.amount >= 1: a clear, early failure.
set -euo pipefail

addresses=()
if [[ -n "${CUDA_VISIBLE_DEVICES:-}" && "${CUDA_VISIBLE_DEVICES}" != "NoDevFiles" ]]; then
  IFS=',' read -r -a addresses <<<"$CUDA_VISIBLE_DEVICES"
elif command -v nvidia-smi >/dev/null 2>&1; then
  mapfile -t addresses < <(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null | tr -d ' ')
fi

json=""
for a in "${addresses[@]}"; do
  [[ -n "$a" ]] || continue
  json+="${json:+, }\"$a\""
done
echo "{\"name\": \"gpu\", \"addresses\": [$json]}"
