#!/usr/bin/env bash
# Runs the tools that are not part of the job (module tools/): the sample-data writers and the benchmarks,
# on the same embedded local Spark as run-local.sh, with the job's shaded jar and the tools jar on the class path:
#   submit-scripts/run-tools.sh samples fashion-mnist|regression|sequences --out DIR [options]
#   submit-scripts/run-tools.sh throughput [options]        (what bench/throughput runs)
#   submit-scripts/run-tools.sh history-scaling [options]   (what bench/history-scaling runs)
#   submit-scripts/run-tools.sh --help                      every tool and its options
# Builds the project first when a jar is missing or older than the sources. Environment: as run-local.sh.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec env MAIN_CLASS=ai.continual.tools.ContinualTools \
  CONTINUAL_EXTRA_CLASSPATH="$repo/tools/target/continual-tools-0.1.0-SNAPSHOT.jar" \
  "$repo/submit-scripts/run-local.sh" "$@"
