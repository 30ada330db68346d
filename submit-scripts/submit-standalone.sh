#!/usr/bin/env bash
# spark-submit to a Spark standalone cluster (client deploy mode: the driver runs here, so the config
# is read from this machine and the exit code is the job's).
#   SPARK_MASTER=spark://master:7077 CONFIG=conf/fashion-mnist.conf \
#     submit-scripts/submit-standalone.sh update --date 2026-11-27
# Environment: see lib/submit-common.sh; SPARK_MASTER (required), EXECUTORS (default 2), EXECUTOR_CORES (1).
source "$(dirname "${BASH_SOURCE[0]}")/lib/submit-common.sh"
executors="${EXECUTORS:-2}"
cores="${EXECUTOR_CORES:-1}"

args=(
  --master "${SPARK_MASTER:?set SPARK_MASTER, e.g. spark://master:7077}"
  # Client mode: standalone cluster mode would not put --files into the driver's working directory.
  --deploy-mode client
  "${common_conf[@]}"
  --executor-cores "$cores"
  # Standalone has no executor count: cap the cores the application takes instead.
  --total-executor-cores "$((executors * cores))"
  # DL4J's Export approach refuses a local default file system on a cluster: point it at the
  # shared store (hdfs://namenode:8020, s3a://bucket), where the job also writes its exported batches.
  --conf "spark.hadoop.fs.defaultFS=${DEFAULT_FS:?set DEFAULT_FS to the shared file system, e.g. hdfs://namenode:8020}"
  --driver-java-options "-Dlog4j2.configurationFile=$repo/conf/log4j2.properties"
)
# One parameter-averaging worker per executor core.
exec "$SPARK_SUBMIT" "${args[@]}" "$JAR" "$1" --config "$CONFIG" --set "training.workers=$((executors * cores))" "${@:2}"
