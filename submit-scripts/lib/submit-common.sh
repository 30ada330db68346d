# Sourced by submit-*.sh: the spark-submit settings every cluster manager needs, each with its reason.
# Override any variable in the environment; the per-cluster scripts add their own flags.
#   JAR               the shaded job jar (mvn package; mvn -Pcuda package for the GPU build)
#   CONFIG            the job's HOCON file (conf/*.conf)
#   EXECUTOR_MEMORY   JVM heap per executor: DL4J's Java objects, Spark's blocks
#   EXECUTOR_OVERHEAD off-heap per executor: ND4J's arrays live outside the heap (JavaCPP)
#   ND4J_MAXBYTES     ND4J's off-heap limit; keep it below EXECUTOR_OVERHEAD minus ~0.5g for Netty/JVM
#   ND4J_MAXPHYSICAL  limit for the whole process (heap + off-heap); keep it <= heap + overhead
#   DRIVER_MEMORY     the driver holds one copy of the model and averages the workers' parameters
set -euo pipefail

repo="${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
JAR="${JAR:-$repo/spark-job/target/continual-spark-job-0.1.0-SNAPSHOT.jar}"
CONFIG="${CONFIG:?set CONFIG to the job file, e.g. CONFIG=conf/fashion-mnist.conf}"
SPARK_SUBMIT="${SPARK_SUBMIT:-spark-submit}"
EXECUTOR_MEMORY="${EXECUTOR_MEMORY:-4g}"
EXECUTOR_OVERHEAD="${EXECUTOR_OVERHEAD:-3g}"
ND4J_MAXBYTES="${ND4J_MAXBYTES:-2g}"
ND4J_MAXPHYSICAL="${ND4J_MAXPHYSICAL:-7g}"
DRIVER_MEMORY="${DRIVER_MEMORY:-4g}"

[[ -f "$JAR" ]] || { echo "no job jar at $JAR: run mvn package (or set JAR)" >&2; exit 2; }
[[ -f "$CONFIG" ]] || { echo "no config file at $CONFIG" >&2; exit 2; }

nd4j_memory="-Dorg.bytedeco.javacpp.maxbytes=$ND4J_MAXBYTES -Dorg.bytedeco.javacpp.maxphysicalbytes=$ND4J_MAXPHYSICAL"

common_conf=(
  --class ai.continual.job.cli.ContinualJob
  --driver-memory "$DRIVER_MEMORY"
  --executor-memory "$EXECUTOR_MEMORY"
  # Off-heap room for ND4J on YARN/Kubernetes, which kill a container that outgrows heap + overhead.
  --conf "spark.executor.memoryOverhead=$EXECUTOR_OVERHEAD"
  --conf "spark.driver.memoryOverhead=$EXECUTOR_OVERHEAD"
  # ND4J's own limits, so that it collects garbage before the cluster manager kills the process.
  --conf "spark.executor.extraJavaOptions=$nd4j_memory"
  --conf "spark.driver.extraJavaOptions=$nd4j_memory"
  # Kryo with ND4J's registrator serialises INDArrays (it ships in dl4j-spark, inside the job jar).
  --conf spark.serializer=org.apache.spark.serializer.KryoSerializer
  --conf spark.kryo.registrator=org.nd4j.kryo.Nd4jRegistrator
  # Each averaging round is a short Spark job: waiting for data locality only delays it.
  --conf spark.locality.wait=0
  # ND4J's OpenMP threads per executor: one per executor core, or they fight Spark's task threads.
  --conf "spark.executorEnv.OMP_NUM_THREADS=${EXECUTOR_CORES:-1}"
)
