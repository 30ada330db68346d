#!/usr/bin/env bash
# spark-submit to Kubernetes in cluster deploy mode. The image needs Spark 3.5.x with Scala 2.12 and
# Java 17 (e.g. apache/spark:3.5.x-scala2.12-java17-ubuntu); the job jar and config are uploaded to
# UPLOAD_PATH (a Hadoop URI the pods can read) and downloaded into the driver's working directory.
#   K8S_API=https://k8s-api:6443 IMAGE=registry/spark:3.5 UPLOAD_PATH=s3a://bucket/spark-upload \
#   CONFIG=conf/fashion-mnist.conf submit-scripts/submit-k8s.sh update --date 2026-11-27
# Environment: see lib/submit-common.sh; K8S_API, IMAGE, UPLOAD_PATH (required), NAMESPACE (default),
# SERVICE_ACCOUNT (spark), EXECUTORS (4), EXECUTOR_CORES (1).
source "$(dirname "${BASH_SOURCE[0]}")/lib/submit-common.sh"
executors="${EXECUTORS:-4}"
cores="${EXECUTOR_CORES:-1}"

args=(
  --master "k8s://${K8S_API:?set K8S_API, e.g. https://k8s-api:6443}"
  --deploy-mode cluster
  --name "continual-$(basename "$CONFIG" .conf)"
  # The pod's memory limit is heap + spark.executor.memoryOverhead (lib/submit-common.sh): ND4J's
  # off-heap arrays must fit in the overhead, or the kubelet kills the executor (OOMKilled, exit 137).
  "${common_conf[@]}"
  --conf "spark.executor.instances=$executors"
  --conf "spark.executor.cores=$cores"
  --conf "spark.kubernetes.container.image=${IMAGE:?set IMAGE to a Spark 3.5 / Scala 2.12 / Java 17 image}"
  --conf "spark.kubernetes.namespace=${NAMESPACE:-default}"
  --conf "spark.kubernetes.authenticate.driver.serviceAccountName=${SERVICE_ACCOUNT:-spark}"
  # Where spark-submit uploads the local jar and --files for the pods to fetch.
  --conf "spark.kubernetes.file.upload.path=${UPLOAD_PATH:?set UPLOAD_PATH, e.g. s3a://bucket/spark-upload}"
  # The job file, downloaded into the driver pod's working directory under its base name.
  --files "$CONFIG"
  # spark-submit waits for the driver pod and fails when it fails.
  --conf spark.kubernetes.submission.waitAppCompletion=true
)
exec "$SPARK_SUBMIT" "${args[@]}" "$JAR" "$1" --config "$(basename "$CONFIG")" \
  --set "training.workers=$((executors * cores))" "${@:2}"
