"""Weekly retraining comparison: a full retrain up to the week's last date, then the comparison report
of the nightly strategies against retraining (`compare`), written to a folder per run.

It reads the same partitions as the nightly DAG but writes its own store and report folder, so it can
run beside the nightly updates; max_active_runs=1 keeps two comparisons from competing for the cluster.
Exit codes are handled as in the nightly DAG (continual_spark.py).
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable

from continual_spark import SPARK_CONF, ContinualSparkSubmitOperator

JOB_JAR = "/opt/continual/continual-spark-job-0.1.0-SNAPSHOT.jar"
CONF_FILE = "fashion-mnist.conf"

# Checked against the job's parser by spark-job's AirflowDagArgumentsTest: keep them plain literals.
RETRAIN_ARGS = [
    "retrain",
    "--config", "fashion-mnist.conf",
    "--date", "{{ ds }}",
    "--set", "model-name=fashion-mnist-retrain",
]
COMPARE_ARGS = [
    "compare",
    "--config", "fashion-mnist.conf",
    "--to", "{{ ds }}",
    "--out", "/shared/continual/comparisons/{{ ds_nodash }}-try{{ ti.try_number }}",
]

default_args = {
    "owner": "ml-platform",
    "retries": 2,
    "retry_delay": timedelta(minutes=15),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(hours=2),
    "execution_timeout": timedelta(hours=10),
    "email_on_failure": True,
}

with DAG(
    dag_id="continual_retrain_comparison",
    description="Weekly full retrain and comparison report of the continual-learning strategies",
    schedule="0 6 * * 0",
    start_date=datetime(2026, 11, 29),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    tags=["continual", "spark", "comparison"],
) as dag:
    common = dict(
        conn_id="spark_continual",
        application=JOB_JAR,
        java_class="ai.continual.job.cli.ContinualJob",
        files=Variable.get("continual_conf_dir", default_var="/opt/continual/conf") + "/" + CONF_FILE,
        num_executors=4,
        executor_cores=1,
        executor_memory="4g",
        driver_memory="4g",
        conf=SPARK_CONF,
    )
    retrain = ContinualSparkSubmitOperator(
        task_id="retrain", name="continual-retrain-{{ ds }}", application_args=RETRAIN_ARGS, **common
    )
    compare = ContinualSparkSubmitOperator(
        task_id="compare", name="continual-compare-{{ ds }}", application_args=COMPARE_ARGS, **common
    )
    retrain >> compare
