#!/usr/bin/env bash
# Runs the job on an embedded local Spark (no cluster, no Spark distribution needed):
#   submit-scripts/run-local.sh <subcommand> [args...]     e.g. update --config conf/fashion-mnist.conf --date 2026-11-23
# It runs the same shaded jar that spark-submit ships, on the class path a Spark distribution provides
# (spark-dist/target/spark-classpath.txt, resolved from Maven), Spark's jars first as under spark-submit,
# plus the S3A connector and its AWS SDK (spark-dist/target/s3a-classpath.txt) for s3a:// stores and data.
# Builds the project first when its jars are missing or older than the sources.
# Environment: SPARK_MASTER (default local[2]), DRIVER_MEMORY (default 4g), JAVA (default java),
#   CONTINUAL_JAVA_OPTS (extra JVM options, e.g. -Dspark.hadoop.fs.s3a.endpoint=... or test switches).
#   MAIN_CLASS (default the job's CLI) and CONTINUAL_EXTRA_CLASSPATH (jars after the job's): run-tools.sh sets both.
#   CONTINUAL_JOB_CLASSPATH (default the shaded jar): the job's own classes; tests point it at their build.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$repo/spark-job/target/continual-spark-job-0.1.0-SNAPSHOT.jar"
classpath_file="$repo/spark-dist/target/spark-classpath.txt"
s3a_classpath_file="$repo/spark-dist/target/s3a-classpath.txt"

needs_build() {
  [[ -z "${CONTINUAL_JOB_CLASSPATH:-}" && ! -f "$jar" ]] && return 0
  [[ ! -f "$classpath_file" || ! -f "$s3a_classpath_file" ]] && return 0
  [[ -n "${CONTINUAL_EXTRA_CLASSPATH:-}" && ! -f "${CONTINUAL_EXTRA_CLASSPATH%%:*}" ]] && return 0
  [[ -n "${CONTINUAL_JOB_CLASSPATH:-}" ]] && return 1
  [[ -n "$(find "$repo/pom.xml" "$repo/core" "$repo/spark-job/pom.xml" "$repo/spark-job/src" "$repo/tools" \
      "$repo/spark-dist/pom.xml" -newer "$jar" -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/resources/*' \) -print -quit)" ]]
}

if needs_build; then
  echo "run-local: building (mvn package -DskipTests) ..." >&2
  # Our own modules come from this checkout's target/ folders, never from ~/.m2.
  (cd "$repo" && mvn -q -B package -DskipTests) >&2
fi

source "$repo/submit-scripts/lib/java17-flags.sh"

git_commit="$(git -C "$repo" rev-parse HEAD 2>/dev/null || true)"

export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

exec "${JAVA:-java}" "${java17_flags[@]}" -Xmx"${DRIVER_MEMORY:-4g}" \
  -Dspark.master="${SPARK_MASTER:-local[2]}" \
  -Dspark.ui.enabled=false \
  -Dspark.serializer=org.apache.spark.serializer.KryoSerializer \
  -Dspark.kryo.registrator=org.nd4j.kryo.Nd4jRegistrator \
  -Dspark.locality.wait=0 \
  -Dlog4j2.configurationFile="$repo/conf/log4j2.properties" \
  -Dcontinual.git.commit="$git_commit" \
  ${CONTINUAL_JAVA_OPTS:-} \
  -cp "$(cat "$classpath_file"):$(cat "$s3a_classpath_file"):${CONTINUAL_JOB_CLASSPATH:-$jar}${CONTINUAL_EXTRA_CLASSPATH:+:$CONTINUAL_EXTRA_CLASSPATH}" \
  "${MAIN_CLASS:-ai.continual.job.cli.ContinualJob}" "$@"
