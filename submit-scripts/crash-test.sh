#!/usr/bin/env bash
# Crash safety, proven on a real driver. Kills the job at many points of an update (lease, training, commit,
# checksums, the alias move that completes the commit, lease renewal) and of the models promote, gc and repair
# commands, each time on a fresh copy of the same starting store, then reruns the same command with NO manual step
# and checks that the store ends exactly as after an uninterrupted run:
#   1. the rerun exits 0 (a dead writer's lease on this host is taken over at once: exit 7 is a failure),
#   2. the same committed versions (by date, kind, status and parent's date), the same production alias, the same
#      parents (no version built on a stale parent), no promotion left pending,
#   3. every file of every committed version matches the SHA-256 its manifest recorded.
# Version numbers may differ: a crashed attempt's folder is moved aside (quarantine) and its number never reused.
# Kills are of two kinds: the JVM halts itself at a named point (-Dcontinual.crash-at=POINT, like SIGKILL: no
# shutdown hooks, no finally blocks), and a real SIGKILL sent when the driver's log shows a given line.
# Prints one line per point and a closing "N passed, N failed".
#   submit-scripts/crash-test.sh                                   (44 points)
#   CRASH_TEST_ONLY='commit|alias' submit-scripts/crash-test.sh   (only the points whose name matches)
#   CRASH_TEST_STRATEGY=auto submit-scripts/crash-test.sh          (the default strategy; replay otherwise)
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run="$repo/submit-scripts/run-local.sh"
work="$(mktemp -d -t continual-crash-XXXXXX)"
trap 'rm -rf "$work"' EXIT
store="$work/store"
conf="$work/crash.conf"
day1=2026-11-23
day2=2026-11-24
day3=2026-11-25
# Short, so that the heartbeat (every third of it) renews during every run and its kill points are reached.
lease_ttl=PT3S

cat > "$conf" <<CONF
model-name = crash-model
store = "$store"
data {
  root = "$repo/data-samples/drift-regression"
  features = [x1, x2, x3, x4, x5, x6, x7, x8, x9, x10]
  label-column = "y"
  id-column = "id"
  task = regression
}
model.hidden-layers = [{ size = 8, activation = tanh }]
# One trained network per update: the kill points are in the pipeline every strategy shares, and the default
# (auto, two candidates) made each of the 44 points a third slower. CRASH_TEST_STRATEGY=auto runs the default.
strategy = [${CRASH_TEST_STRATEGY:-replay}]
training { epochs = 2, batch-size = 32, averaging-frequency = 5 }
replay { sampling = uniform, ratio = 0.5, max-rows = 200 }
CONF

export DRIVER_MEMORY="${DRIVER_MEMORY:-2g}"
passed=0
failed=0
skipped=0
failures=()
started=$SECONDS

log() { echo "crash-test: $*" >&2; }

# Builds once up front so no kill lands inside Maven.
"$run" --version >/dev/null || { log "build failed"; exit 1; }

# What must be equal between a crashed-and-rerun store and the uninterrupted one, one line; plus any checksum or
# consistency failure (lines starting with FAIL).
describe() {
  python3 - "$1/crash-model" <<'PY'
import hashlib, json, os, sys
model = sys.argv[1]
vdir = os.path.join(model, "versions")
manifests = {}
for name in sorted(os.listdir(vdir)) if os.path.isdir(vdir) else []:
    path = os.path.join(vdir, name, "manifest.json")
    if os.path.isfile(path):
        manifests[int(name)] = json.load(open(path))
def date(v):
    m = manifests.get(v)
    return m["summary"]["date"] if m else ("-" if v is None else "deleted-%s" % v)
alias_path = os.path.join(model, "aliases", "production.json")
alias = json.load(open(alias_path)) if os.path.isfile(alias_path) else None
problems = []
for v, m in sorted(manifests.items()):
    for rel, sha in m.get("checksums", {}).items():
        f = os.path.join(vdir, "%06d" % v, rel)
        if not os.path.isfile(f):
            problems.append("FAIL version %d: %s missing" % (v, rel))
        elif hashlib.sha256(open(f, "rb").read()).hexdigest() != sha:
            problems.append("FAIL version %d: %s does not match its SHA-256" % (v, rel))
    if m.get("promoteTo") == "production" and m.get("status") != "rejected":
        seen = [c["version"] for c in (alias or {}).get("history", [])]
        if not any(s >= v for s in seen):
            problems.append("FAIL version %d was committed for production but the alias was never moved" % v)
if alias and alias["version"] not in manifests:
    problems.append("FAIL production points at version %d, which is not committed" % alias["version"])
lineage = " ".join("[%s %s %s parent=%s]" % (date(v), m["kind"], m.get("status"), date(m.get("parentVersion")))
                   for v, m in sorted(manifests.items()))
print(lineage + " production=" + (date(alias["version"]) if alias else "none"))
for p in problems:
    print(p)
PY
}

fresh() {  # fresh copy of the named starting store
  rm -rf "$store"
  cp -r "$work/base-$1" "$store"
}

command_for() {  # the command line of a scenario
  case "$1" in
    update) echo "update --config $conf --date $day2 --lease-ttl $lease_ttl" ;;
    update-after-crash) echo "update --config $conf --date $day3 --lease-ttl $lease_ttl" ;;
    promote) echo "models promote 1 --config $conf --lease-ttl $lease_ttl" ;;
    gc) echo "models gc --keep 1 --config $conf --lease-ttl $lease_ttl" ;;
    repair) echo "models repair --config $conf --lease-ttl $lease_ttl" ;;
  esac
}

# The starting store of each scenario, and the store an uninterrupted run of its command leaves.
base_of() {
  case "$1" in
    update) echo one ;;
    update-after-crash|repair) echo pending ;;
    promote) echo two ;;
    gc) echo three ;;
  esac
}

# Runs "$@" and kills it: HALT:<point> via the crash hook, or LOG:<regex> with SIGKILL when the log matches.
crash_run() {
  local how="$1"; shift
  local out="$work/crash.out" err="$work/crash.err"
  : >"$out"; : >"$err"
  if [[ "$how" == HALT:* ]]; then
    CONTINUAL_JAVA_OPTS="-Dcontinual.crash-at=${how#HALT:}" "$run" "$@" >"$out" 2>"$err"
    echo $?
    return
  fi
  local pattern="${how#LOG:}"
  "$run" "$@" >"$out" 2>"$err" &
  local pid=$!
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if grep -Eq "$pattern" "$err"; then
      kill -9 "$pid" 2>/dev/null
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
    if (( waited > 6000 )); then kill -9 "$pid" 2>/dev/null; break; fi
  done
  wait "$pid" 2>/dev/null
  echo $?
}

check_point() {  # name, scenario, crash spec
  local name="$1" scenario="$2" how="$3" code problems="" cmd
  if [[ -n "${CRASH_TEST_ONLY:-}" ]] && ! [[ "$name" =~ $CRASH_TEST_ONLY ]]; then return; fi
  local t0=$SECONDS
  fresh "$(base_of "$scenario")"
  if [[ "$name" == *quarantine* ]]; then  # a crashed attempt for the run to move aside
    mkdir -p "$store/crash-model/versions/000009" && echo junk > "$store/crash-model/versions/000009/model.zip"
  fi
  cmd=$(command_for "$scenario")
  # shellcheck disable=SC2086
  code=$(crash_run "$how" $cmd)
  if [[ "$code" == 0 && "$how" == HALT:* ]]; then
    problems+=" crash point never reached (exit 0);"
  elif [[ "$code" == 0 ]]; then
    skipped=$((skipped + 1))
    log "SKIP $name ($how): the driver finished before the kill"
    return
  fi
  # shellcheck disable=SC2086
  "$run" $cmd >"$work/rerun.out" 2>"$work/rerun.err"
  code=$?
  [[ $code == 0 ]] || problems+=" rerun exited $code: $(grep -m 2 -E 'ERROR|Exception' "$work/rerun.err" | tr '\n' ' ' || true);"
  local got want
  got=$(describe "$store")
  want=$(cat "$work/expected-$scenario")
  [[ "$got" == "$want" ]] || problems+=" store differs from an uninterrupted run: got '$got' want '$want';"
  if [[ -z "$problems" ]]; then
    passed=$((passed + 1))
    log "PASS $name ($how, $((SECONDS - t0)) s)"
  else
    failed=$((failed + 1))
    failures+=("$name:$problems")
    log "FAIL $name ($how):$problems"
  fi
}

setup_run() {  # runs a setup command, stops the test if it fails
  "$run" "$@" >"$work/setup.out" 2>"$work/setup.err" || { log "setup '$*' failed"; cat "$work/setup.err" >&2; exit 1; }
}

expect() {  # scenario: runs its command uninterrupted on a copy of its starting store and records the result
  fresh "$(base_of "$1")"
  # shellcheck disable=SC2086
  setup_run $(command_for "$1")
  describe "$store" >"$work/expected-$1"
  if grep -q FAIL "$work/expected-$1"; then log "uninterrupted $1 is inconsistent: $(cat "$work/expected-$1")"; exit 1; fi
  log "uninterrupted $1: $(head -n 1 "$work/expected-$1")"
}

log "starting stores: one (version 1 of $day1, production), two (+ $day2), three (+ $day3), pending (two with"
log "  the production alias still on 1, as a crash between the commit of 2 and its alias move leaves it)"
setup_run update --config "$conf" --date "$day1"
cp -r "$store" "$work/base-one"
setup_run update --config "$conf" --date "$day2"
cp -r "$store" "$work/base-two"
cp "$work/base-one/crash-model/aliases/production.json" "$work/production-at-one.json"
setup_run update --config "$conf" --date "$day3"
cp -r "$store" "$work/base-three"
cp -r "$work/base-two" "$work/base-pending"
cp "$work/production-at-one.json" "$work/base-pending/crash-model/aliases/production.json"
rm -f "$work/base-pending/crash-model/aliases/.production.json.crc"
for scenario in update update-after-crash promote gc repair; do
  expect "$scenario"
done

# An update: the lease, reading, training, the commit's files, checksums and manifest, the alias move that
# completes it, the release, and the lease's heartbeat.
for point in lease.before-publish lease.acquired update.lease-held update.after-read update.after-train \
    update.after-evaluate begin.before-high-water commit.begin commit.after-model commit.after-normalizer \
    commit.after-checksums commit.before-manifest commit.after-manifest alias.before-write alias.before-publish \
    alias.after-publish commit.after-promote update.before-release lease.renew.before-read \
    lease.renew.before-publish lease.renew.after-publish; do
  check_point "update@$point" update "HALT:$point"
done
check_point "update@quarantine.before-reason" update "HALT:quarantine.before-reason"
check_point "update@quarantine.before-move" update "HALT:quarantine.before-move"
for pattern in "Took the writer lease" "Epoch 1/" "Epoch 2/" "Committed crash-model" "now points at version" \
    "Released the writer lease"; do
  check_point "update@log:$pattern" update "LOG:$pattern"
done
# The next night after a crash between commit and alias move: the roll-forward must come first.
for point in lease.acquired alias.before-publish alias.after-publish commit.after-manifest; do
  check_point "update-after-crash@$point" update-after-crash "HALT:$point"
done
for point in lease.acquired alias.before-write alias.before-publish alias.after-publish; do
  check_point "promote@$point" promote "HALT:$point"
done
check_point "promote@log:Took the writer lease" promote "LOG:Took the writer lease"
for point in lease.acquired gc.after-uncommit; do
  check_point "gc@$point" gc "HALT:$point"
done
for point in lease.acquired alias.before-publish alias.after-publish; do
  check_point "repair@$point" repair "HALT:$point"
done
check_point "repair@quarantine.before-move" repair "HALT:quarantine.before-move"

log "$((passed + failed)) kill points tried, $failed failures ($skipped skipped: finished before the kill)," \
  "$((SECONDS - started)) s in all"
for f in "${failures[@]}"; do log "  $f"; done
echo "crash-test: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
