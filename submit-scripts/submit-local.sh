#!/usr/bin/env bash
# spark-submit on one machine (local[N]) with an installed Spark 3.5 (Scala 2.12). Without a Spark
# install, run-local.sh does the same from the Maven jars.
#   CONFIG=conf/fashion-mnist.conf submit-scripts/submit-local.sh update --date 2026-11-27 [--dry-run] [--set k=v]
# Environment: see lib/submit-common.sh; LOCAL_CORES (default 2).
source "$(dirname "${BASH_SOURCE[0]}")/lib/submit-common.sh"

args=(
  # All executors run inside the driver JVM: the driver needs the executors' heap as well.
  --master "local[${LOCAL_CORES:-2}]"
  "${common_conf[@]}"
  # No web UI for a batch run on a workstation.
  --conf spark.ui.enabled=false
  # Job and library logs: the job's progress at INFO on stderr, the summary alone on stdout.
  --driver-java-options "-Dlog4j2.configurationFile=$repo/conf/log4j2.properties"
)
exec "$SPARK_SUBMIT" "${args[@]}" "$JAR" "$1" --config "$CONFIG" "${@:2}"
