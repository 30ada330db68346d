#!/usr/bin/env bash
# spark-submit of the CUDA build to GPU executors (YARN, Kubernetes or standalone: SPARK_MASTER).
# Build the jar first: mvn -Pcuda package -DskipTests  (spark-job/target/continual-spark-job-*-cuda.jar).
#   SPARK_MASTER=yarn CONFIG=conf/fashion-mnist.conf submit-scripts/submit-gpu.sh update --date 2026-11-27
# Every node that runs ND4J (the executors AND the driver) needs: an NVIDIA driver >= 510, the CUDA 11.x
# runtime libraries (cudart, cublas, cusolver, cusparse; or org.bytedeco:cuda-platform-redist on the
# class path) and, for the cuDNN helpers, cuDNN 8.x; and a GPU of compute capability <= 8.6 (Ampere or
# older: ND4J's CUDA 11.6 build carries no PTX, so Hopper/H100 cannot run it).
# Environment: see lib/submit-common.sh; SPARK_MASTER (required), DEPLOY_MODE (cluster), EXECUTORS
# (number of GPUs to use, default 2), GPU_DISCOVERY_SCRIPT (where gpu/get-gpus-resources.sh is
# installed on every GPU node or baked into the image, default /opt/continual/get-gpus-resources.sh).
source "$(dirname "${BASH_SOURCE[0]}")/lib/submit-common.sh"
JAR="${JAR_CUDA:-$repo/spark-job/target/continual-spark-job-0.1.0-SNAPSHOT-cuda.jar}"
[[ -f "$JAR" ]] || { echo "no CUDA jar at $JAR: run mvn -Pcuda package -DskipTests" >&2; exit 2; }
executors="${EXECUTORS:-2}"

args=(
  --master "${SPARK_MASTER:?set SPARK_MASTER (yarn, k8s://..., spark://...)}"
  --deploy-mode "${DEPLOY_MODE:-cluster}"
  "${common_conf[@]}"
  # One executor per GPU, one task per executor: a parameter-averaging worker owns the whole device.
  --conf "spark.executor.instances=$executors"
  --conf spark.executor.cores=1
  --conf spark.executor.resource.gpu.amount=1
  --conf spark.task.resource.gpu.amount=1
  # How each executor finds its GPU(s): an executable script on every GPU node (not --files, which
  # does not keep the executable bit everywhere).
  --conf "spark.executor.resource.gpu.discoveryScript=${GPU_DISCOVERY_SCRIPT:-/opt/continual/get-gpus-resources.sh}"
  # The job file, localised into the driver's working directory under its base name.
  --files "$CONFIG"
  # ND4J uses every device the process sees: the cluster manager isolates the assigned one
  # (YARN/Kubernetes set CUDA_VISIBLE_DEVICES / device plugins; on standalone, one GPU per worker).
  --conf spark.dynamicAllocation.enabled=false
)
# ND4J_MAXBYTES bounds ND4J's host-side off-heap buffers; device memory is bounded by the GPU itself:
# size batch-size x largest layer so that one worker's activations and gradients fit the card.
# --require-gpu: the job fails (exit 6) before training if the driver or an executor has no GPU backend.
exec "$SPARK_SUBMIT" "${args[@]}" "$JAR" "$1" --config "$(basename "$CONFIG")" --require-gpu \
  --set "training.workers=$executors" "${@:2}"
