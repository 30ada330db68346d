#!/usr/bin/env bash
# spark-submit to YARN in cluster deploy mode: the driver runs in the application master's container.
# The config travels with --files and is read from the container's working directory. The exit code is
# spark-submit's: with spark.yarn.submit.waitAppCompletion=true (the default) it fails when the
# driver fails, but YARN reports every failure as 1 (see the README's exit-code table; use client mode
# or the driver's log for the job's own code).
#   CONFIG=conf/fashion-mnist.conf submit-scripts/submit-yarn.sh update --date 2026-11-27
# Environment: see lib/submit-common.sh; EXECUTORS (default 4), EXECUTOR_CORES (1), QUEUE (default).
source "$(dirname "${BASH_SOURCE[0]}")/lib/submit-common.sh"
executors="${EXECUTORS:-4}"
cores="${EXECUTOR_CORES:-1}"

args=(
  --master yarn
  --deploy-mode cluster
  --queue "${QUEUE:-default}"
  "${common_conf[@]}"
  --num-executors "$executors"
  --executor-cores "$cores"
  # A fixed set of executors: parameter averaging splits the data over a known number of workers.
  --conf spark.dynamicAllocation.enabled=false
  # The job file, localised into the driver's working directory under its base name.
  --files "$CONFIG"
  # A failed update should not be retried by YARN: Airflow decides about retries.
  --conf spark.yarn.maxAppAttempts=1
)
exec "$SPARK_SUBMIT" "${args[@]}" "$JAR" "$1" --config "$(basename "$CONFIG")" \
  --set "training.workers=$((executors * cores))" "${@:2}"
