#!/usr/bin/env bash
# End-to-end test on a real Spark standalone cluster, built from the Maven jars alone (no Spark download):
#   1. a master and two workers (1 core, 2g each) on 127.0.0.1, SPARK_HOME/jars = spark-dist's class path;
#   2. spark-submit (org.apache.spark.deploy.SparkSubmit --master spark://127.0.0.1:PORT) of the shaded jar:
#      the nightly update over every date in data-samples/fashion-mnist, each must exit 0 and commit
#      version N with parent N-1 and the --set override recorded in its manifest;
#   3. failing runs and their exit codes: a bad --set (2, before Spark starts), a missing partition (3,
#      on the cluster), --dry-runs (0, write nothing: a committed date
#      says so, a forced one prints its plan); none may add a version;
#   4. the cluster is stopped.
# Every step is bounded by `timeout`; an EXIT trap stops every process this script started (the
# daemons run in their own process groups, which also hold the executors they launch), even on failure.
#
# Usage: submit-scripts/test-standalone-cluster.sh      (builds with `mvn package -DskipTests` if needed)
# Environment: DATES (space-separated, default every partition), SUBMIT_TIMEOUT (s per spark-submit, default 900), EPOCHS (default 2), KEEP_WORK=1 keeps the
# temp folder with all logs, JAVA (default java).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$repo/spark-job/target/continual-spark-job-0.1.0-SNAPSHOT.jar"
classpath_file="$repo/spark-dist/target/spark-classpath.txt"
java_bin="${JAVA:-java}"
submit_timeout="${SUBMIT_TIMEOUT:-900}"
epochs="${EPOCHS:-2}"
data_root="$repo/data-samples/fashion-mnist"
model=fashion-mnist

work="$(mktemp -d /tmp/continual-standalone.XXXXXX)"
started_groups=()
started_at=$SECONDS

log() { echo "[standalone-test $(date +%H:%M:%S)] $*" >&2; }

fail() {
  log "FAILED: $*"
  exit 1
}

# Stops every process group this script started: TERM first (a worker then kills its executors), KILL
# after 15 s. Then checks that none is left.
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local group
  for group in "${started_groups[@]}"; do
    kill -TERM -- "-$group" 2>/dev/null || true
  done
  local deadline=$((SECONDS + 15))
  for group in "${started_groups[@]}"; do
    while pgrep -g "$group" >/dev/null 2>&1 && ((SECONDS < deadline)); do sleep 0.5; done
    if pgrep -g "$group" >/dev/null 2>&1; then
      log "process group $group ignored TERM; killing it"
      kill -KILL -- "-$group" 2>/dev/null || true
    fi
  done
  sleep 0.5
  for group in "${started_groups[@]}"; do
    if pgrep -g "$group" >/dev/null 2>&1; then
      log "process group $group is still alive after KILL: $(pgrep -g "$group" | tr '\n' ' ')"
      rc=1
    fi
  done
  if ((rc != 0)); then
    for f in "$work"/logs/*.log; do
      [[ -f "$f" ]] || continue
      log "---- last lines of $f"
      tail -n 25 "$f" >&2 || true
    done
  fi
  if [[ "${KEEP_WORK:-0}" == 1 || $rc -ne 0 ]]; then
    log "work folder kept: $work"
  else
    rm -rf "$work"
  fi
  log "finished with exit code $rc after $((SECONDS - started_at)) s"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- build and SPARK_HOME
if [[ ! -f "$jar" || ! -f "$classpath_file" ]]; then
  log "building (mvn package -DskipTests)"
  (cd "$repo" && timeout 900 mvn -q -B package -DskipTests) >&2
fi

mkdir -p "$work/spark-home/jars" "$work/logs" "$work/store"
spark_jars=()
IFS=':' read -r -a spark_jars < "$classpath_file" || true  # the file has no final newline
((${#spark_jars[@]} > 10)) || fail "$classpath_file lists no Spark jars; run mvn package"
for j in "${spark_jars[@]}"; do
  ln -s "$j" "$work/spark-home/jars/"
done
export SPARK_HOME="$work/spark-home"
export SPARK_SCALA_VERSION=2.12
export SPARK_LOCAL_IP=127.0.0.1
export SPARK_LOCAL_DIRS="$work/local"
# ND4J's OpenMP threads would fight the Spark task threads for the same cores.
export OMP_NUM_THREADS=1

source "$repo/submit-scripts/lib/java17-flags.sh"
spark_cp="$SPARK_HOME/jars/*"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Starts a Spark daemon in its own session (process group = its pid) and remembers the group.
start_daemon() {
  local name=$1
  shift
  setsid "$java_bin" "${java17_flags[@]}" -Xmx256m -cp "$spark_cp" "$@" >"$work/logs/$name.log" 2>&1 </dev/null &
  local pid=$!
  started_groups+=("$pid")
  sleep 0.3
  local group
  group="$(ps -o pgid= -p "$pid" | tr -d ' ' || true)"
  [[ "$group" == "$pid" ]] || fail "$name (pid $pid) did not get its own process group (got '$group')"
}

# Waits until $2 appears $3 times in log $1, failing after $4 seconds.
wait_for_log() {
  local file=$1 pattern=$2 count=$3 limit=$4
  local deadline=$((SECONDS + limit))
  until [[ "$(grep -c -- "$pattern" "$file" 2>/dev/null || true)" -ge "$count" ]]; do
    ((SECONDS < deadline)) || fail "'$pattern' did not appear ${count}x in $file within ${limit}s"
    sleep 0.5
  done
}

# ---------------------------------------------------------------- cluster
master_port="$(free_port)"
master="spark://127.0.0.1:$master_port"
log "starting master on $master"
start_daemon master org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$master_port" --webui-port "$(free_port)"
wait_for_log "$work/logs/master.log" "I have been elected leader" 1 60

for n in 1 2; do
  log "starting worker $n"
  start_daemon "worker-$n" org.apache.spark.deploy.worker.Worker "$master" \
    --host 127.0.0.1 --cores 1 --memory 2g --webui-port "$(free_port)" --work-dir "$work/worker-$n"
done
wait_for_log "$work/logs/master.log" "Registering worker" 2 60
log "cluster up: 1 master, 2 workers"

# ---------------------------------------------------------------- submitting
# Prints the job's stdout; its exit code is the driver's. Spark and job logs go to logs/<name>.log.
submit() {
  local name=$1
  shift
  timeout --kill-after=15 "$submit_timeout" \
    "$java_bin" "${java17_flags[@]}" -Xmx2g -cp "$spark_cp" \
    -Dlog4j2.configurationFile="$repo/conf/log4j2.properties" \
    org.apache.spark.deploy.SparkSubmit \
    --master "$master" \
    --deploy-mode client \
    --name "continual-standalone-test-$name" \
    --class ai.continual.job.cli.ContinualJob \
    --executor-memory 1g \
    --total-executor-cores 2 \
    --conf spark.driver.host=127.0.0.1 \
    --conf spark.ui.enabled=false \
    --conf spark.serializer=org.apache.spark.serializer.KryoSerializer \
    --conf spark.kryo.registrator=org.nd4j.kryo.Nd4jRegistrator \
    --conf spark.locality.wait=0 \
    --conf spark.executorEnv.OMP_NUM_THREADS=1 \
    --conf spark.hadoop.fs.defaultFS=viewfs://shared/ \
    --conf spark.hadoop.fs.viewfs.mounttable.shared.linkFallback=file:/// \
    --conf "spark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp.maxbytes=512m -Dorg.bytedeco.javacpp.maxphysicalbytes=1536m" \
    "$jar" "$@" 2>"$work/logs/submit-$name.log"
}

job_args=(--config "$repo/conf/fashion-mnist.conf"
  --set "store=\"file:$work/store\"" --set "data.root=\"file:$data_root\"" --set "training.epochs=$epochs")

versions_written() {
  ls "$work/store/$model/versions" 2>/dev/null | grep -c . || true
}

if [[ -n "${DATES:-}" ]]; then
  read -r -a dates <<<"$DATES"
else
  mapfile -t dates < <(ls "$data_root" | sed -n 's/^date=//p' | sort)
fi
((${#dates[@]} > 0)) || fail "no partitions under $data_root"
log "dates: ${dates[*]}"

expected=0
for date in "${dates[@]}"; do
  expected=$((expected + 1))
  t0=$SECONDS
  rc=0
  submit "update-$date" update "${job_args[@]}" --date "$date" >"$work/update-$date.out" || rc=$?
  ((rc == 0)) || fail "update --date $date exited $rc (expected 0); see $work/logs/submit-update-$date.log"
  summary="$(tail -n 1 "$work/update-$date.out")"
  python3 - "$summary" "$expected" <<'PY' || fail "update --date $date: bad run summary: $summary"
import json, sys
s = json.loads(sys.argv[1]); want = int(sys.argv[2])
assert s["version"] == want, f"version {s['version']} != {want}"
assert s["parent"] == (None if want == 1 else want - 1), f"parent {s['parent']}"
assert s["rows"]["newRows"] > 0
PY
  log "update --date $date -> version $expected in $((SECONDS - t0)) s"
done

# Every version on disk, with its manifest: the parent chain, the dates read, and the --set override.
python3 - "$work/store/$model/versions" "${#dates[@]}" "$epochs" <<'PY' || fail "manifests do not match the runs"
import json, os, sys
root, count, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
names = sorted(os.listdir(root))
assert names == [f"{v:06d}" for v in range(1, count + 1)], names
for v in range(1, count + 1):
    m = json.load(open(os.path.join(root, f"{v:06d}", "manifest.json")))
    assert m["version"] == v and m["parentVersion"] == (None if v == 1 else v - 1), m["parentVersion"]
    assert m["config"]["training"]["epochs"] == epochs, m["config"]["training"]
    # Version v learnt date v and drew on dates 1..v-1, read directly or through the stored reservoir/sample.
    assert len({i["date"] for i in m["inputs"]}) == v, m["inputs"]
    assert [i["role"] for i in m["inputs"]].count("new") == 1, m["inputs"]
    for f in ("model.zip", "normalizer.bin"):
        assert os.path.getsize(os.path.join(root, f"{v:06d}", f)) > 0, f
print("ok")
PY
log "store holds versions 1..${#dates[@]} with manifests, parent chain and the override recorded"

# ---------------------------------------------------------------- failing runs and their exit codes
expect_exit() {
  local want=$1 name=$2
  shift 2
  local rc=0
  submit "$name" "$@" >"$work/$name.out" || rc=$?
  ((rc == want)) || fail "$name exited $rc, expected $want; see $work/logs/submit-$name.log"
  local now
  now="$(versions_written)"
  ((now == ${#dates[@]})) || fail "$name changed the store: $now versions, expected ${#dates[@]}"
  log "$name -> exit $rc as expected, store unchanged"
}

expect_exit 2 bad-override update "${job_args[@]}" --date "${dates[0]}" --set training.epochs=-1
grep -q "training.epochs" "$work/logs/submit-bad-override.log" || fail "config error does not name training.epochs"
expect_exit 3 missing-partition update "${job_args[@]}" --date 2026-12-31
grep -q "date=2026-12-31 does not exist" "$work/logs/submit-missing-partition.log" \
  || fail "missing-partition error does not name the partition"
expect_exit 0 dry-run-committed update "${job_args[@]}" --date "${dates[-1]}" --dry-run
grep -q "already committed as version ${#dates[@]}" "$work/dry-run-committed.out" \
  || fail "--dry-run of a committed date did not say it is already committed"
expect_exit 0 dry-run update "${job_args[@]}" --date "${dates[-1]}" --dry-run --force
grep -q "examples to train" "$work/dry-run.out" || fail "--dry-run printed no plan"

log "PASSED: ${#dates[@]} updates and the failing runs on spark://127.0.0.1:$master_port in $((SECONDS - started_at)) s"
