"""Nightly continual-learning update: one `update --date {{ ds }}` per day, in date order.

Updates are sequential (version N+1 starts from N), so runs never overlap (max_active_runs=1), each
night waits for the previous one (depends_on_past) and missed nights are caught up in order (catchup).
Exit codes become task states in continual_spark.ContinualSparkSubmitOperator: retries with exponential
backoff for errors that can pass (1, 3, 4), no retry for bad arguments (2) or a missing GPU (6), and a
gate rejection (5) is a skipped night plus an e-mail, never a retry; a held writer lease (7) is waited for
and tried again inside the task (another run is writing, or a crashed run's lease has not expired yet).

Set up: an Airflow connection `spark_continual` (type Spark) with host = the master (yarn,
spark://host:7077, k8s://...) and extra {"deploy-mode": "client"}; the Variable `continual_conf_dir`
with the folder holding the job's conf files; the job jar at JOB_JAR on the Airflow worker.
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.utils.email import send_email

from continual_spark import SPARK_CONF, ContinualSparkSubmitOperator

JOB_JAR = "/opt/continual/continual-spark-job-0.1.0-SNAPSHOT.jar"
CONF_FILE = "fashion-mnist.conf"
ALERT_EMAILS = ["ml-oncall@example.com"]
EXECUTORS = 4

# The job's command line; {{ ds }} is the partition date. Checked against the job's own parser by
# spark-job's AirflowDagArgumentsTest, which reads this list from this file: keep it a plain literal.
UPDATE_ARGS = [
    "update",
    "--config", "fashion-mnist.conf",
    "--date", "{{ ds }}",
    "--set", "training.workers=4",
]


def alert_rejected(context):
    send_email(
        to=ALERT_EMAILS,
        subject=f"continual: update of {context['ds']} REJECTED by the promotion gate",
        html_content="The new version was stored but not promoted; production is unchanged. "
        f"Driver log: {context['task_instance'].log_url}",
    )


default_args = {
    "owner": "ml-platform",
    "depends_on_past": True,
    "retries": 3,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(hours=2),
    "execution_timeout": timedelta(hours=3),
    "email": ALERT_EMAILS,
    "email_on_failure": True,
    "email_on_retry": False,
}

with DAG(
    dag_id="continual_nightly_update",
    description="Nightly continual-learning update of the model from the day's partition",
    schedule="30 2 * * *",
    start_date=datetime(2026, 11, 23),
    catchup=True,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=12),
    default_args=default_args,
    tags=["continual", "spark"],
) as dag:
    ContinualSparkSubmitOperator(
        task_id="update",
        conn_id="spark_continual",
        application=JOB_JAR,
        java_class="ai.continual.job.cli.ContinualJob",
        name="continual-update-{{ ds }}",
        application_args=UPDATE_ARGS,
        files=Variable.get("continual_conf_dir", default_var="/opt/continual/conf") + "/" + CONF_FILE,
        num_executors=EXECUTORS,
        executor_cores=1,
        executor_memory="4g",
        driver_memory="4g",
        conf=SPARK_CONF,
        on_rejected=alert_rejected,
    )
