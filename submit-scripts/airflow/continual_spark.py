"""SparkSubmitOperator that turns the continual job's exit codes into Airflow task states.

The job's exit codes (docs/model-store.md and ExitCodes.java): 0 done, 1 internal error, 2 bad config or
arguments, 3 data contract broken (missing/empty partition, schema, invalid rows), 4 model store unreadable or
unwritable, 5 REJECTED (the promotion gate rejected the new version: it is stored, marked rejected, and production
did not move), 6 no GPU although --require-gpu, 7 another run holds the model's writer lease.

- 0: success.
- 1, 3, 4: fail and let Airflow retry with exponential backoff (a late partition, a flaky store). A rerun after a
  crash needs no manual step: the job completes an interrupted promotion and quarantines a crashed attempt first.
- 2, 6: fail at once, no retry: the same arguments or the same cluster will fail the same way.
- 5: no retry; alert: the night is visible as skipped, the next night still runs (a skipped task satisfies
  depends_on_past) and `on_rejected` (e.g. an e-mail) is called so that someone looks.
- 7: wait and retry inside the task, LEASE_WAIT apart and at most LEASE_ATTEMPTS times, without using up the
  task's retries: another run is writing the model, or a crashed run's lease has not expired yet (the job's lease
  outlives its holder by 2 minutes, less than LEASE_WAIT). Still held after that: an ordinary failure, retried by
  Airflow; `models unlock` shows who holds it.

spark-submit returns the driver's exit code only when the driver runs in the spark-submit process:
use client deploy mode (the connection's extra {"deploy-mode": "client"}). In YARN/Kubernetes
cluster mode every failure comes back as 1 and the table above collapses to "retry".
"""

import logging
import re
import time
from datetime import timedelta

from airflow.exceptions import AirflowException, AirflowFailException, AirflowSkipException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

EXIT_OK = 0
EXIT_INTERNAL_ERROR = 1
EXIT_CONFIG_ERROR = 2
EXIT_DATA_ERROR = 3
EXIT_STORE_ERROR = 4
EXIT_REJECTED = 5
EXIT_GPU_UNAVAILABLE = 6
EXIT_LEASE_HELD = 7

# How long to wait before trying again when the model's writer lease is held (exit 7): longer than the job's
# default lease time-to-live (--lease-ttl PT2M), so that a crashed writer's lease has expired by then.
LEASE_WAIT = timedelta(minutes=3)
# Tries after the first while the lease stays held: about 18 minutes of waiting inside the night's schedule.
LEASE_ATTEMPTS = 6

log = logging.getLogger(__name__)

# spark-submit settings both DAGs use (see submit-scripts/lib/submit-common.sh for the reasons).
SPARK_CONF = {
    # Off-heap room for ND4J's arrays, and ND4J's own limits inside it.
    "spark.executor.memoryOverhead": "3g",
    "spark.executor.extraJavaOptions": "-Dorg.bytedeco.javacpp.maxbytes=2g -Dorg.bytedeco.javacpp.maxphysicalbytes=7g",
    # Kryo with ND4J's registrator for INDArrays.
    "spark.serializer": "org.apache.spark.serializer.KryoSerializer",
    "spark.kryo.registrator": "org.nd4j.kryo.Nd4jRegistrator",
    # Averaging rounds are short jobs: do not wait for locality.
    "spark.locality.wait": "0",
    # One ND4J thread per executor core.
    "spark.executorEnv.OMP_NUM_THREADS": "1",
    # A fixed set of executors: parameter averaging splits the data over a known number of workers.
    "spark.dynamicAllocation.enabled": "false",
}

NO_RETRY = {EXIT_CONFIG_ERROR: "bad config or arguments", EXIT_GPU_UNAVAILABLE: "no GPU backend (--require-gpu)"}

# SparkSubmitHook raises AirflowException("Cannot execute: <cmd>. Error code is: <n>.").
_EXIT_CODE = re.compile(r"Error code is: (\d+)")


def exit_code_of(error):
    """The spark-submit exit code in a SparkSubmitHook error, or None when the message has none."""
    match = _EXIT_CODE.search(str(error))
    return int(match.group(1)) if match else None


class ContinualSparkSubmitOperator(SparkSubmitOperator):
    """spark-submit of the continual job, mapping its exit codes to retry, fail or skip (see above)."""

    def __init__(self, *, on_rejected=None, **kwargs):
        super().__init__(**kwargs)
        self.on_rejected = on_rejected

    def execute(self, context):
        for attempt in range(LEASE_ATTEMPTS + 1):
            try:
                return super().execute(context)
            except AirflowException as error:
                code = exit_code_of(error)
                if code == EXIT_LEASE_HELD and attempt < LEASE_ATTEMPTS:
                    log.warning("exit 7: the model's writer lease is held by another run; trying again in %s"
                                " (%d of %d)", LEASE_WAIT, attempt + 1, LEASE_ATTEMPTS)
                    time.sleep(LEASE_WAIT.total_seconds())
                    continue
                if code == EXIT_REJECTED:
                    if self.on_rejected is not None:
                        self.on_rejected(context)
                    raise AirflowSkipException(
                        "REJECTED (exit 5): the promotion gate rejected the new version; production is unchanged."
                        " The reasons are in the driver log and in the version's manifest. Not retried."
                    ) from error
                if code in NO_RETRY:
                    raise AirflowFailException(f"exit {code}: {NO_RETRY[code]}; not retried") from error
                raise
