package ai.continual.job.fault;

import java.util.Iterator;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;

/**
 * Test switch for executor faults: with {@code spark.continual.faults.fail-first-attempt=true}, the
 * first attempt of every even-numbered partition of the training data throws, so the job only
 * completes through Spark's task retries ({@code spark.task.maxFailures}, or {@code local[N,F]}).
 * Off by default; it changes nothing else.
 */
public final class TaskFaultInjection {

    /** Spark setting that turns the faults on. */
    public static final String SETTING = "spark.continual.faults.fail-first-attempt";

    private TaskFaultInjection() {}

    /** {@code rdd} unchanged, or wrapped so that first attempts of even partitions fail when the switch is on. */
    public static <T> JavaRDD<T> apply(SparkConf conf, JavaRDD<T> rdd) {
        if (!conf.getBoolean(SETTING, false)) {
            return rdd;
        }
        return rdd.mapPartitionsWithIndex(new FailFirstAttempt<>(), true);
    }

    /** Thrown by an injected fault; Spark logs it as the reason of the lost task. */
    public static final class InjectedTaskFailure extends RuntimeException {
        InjectedTaskFailure(String message) {
            super(message);
        }
    }

    private static final class FailFirstAttempt<T> implements Function2<Integer, Iterator<T>, Iterator<T>> {
        @Override
        public Iterator<T> call(Integer partition, Iterator<T> rows) {
            TaskContext task = TaskContext.get();
            if (partition % 2 == 0 && task != null && task.attemptNumber() == 0) {
                throw new InjectedTaskFailure("injected failure of partition " + partition + ", attempt 0 (stage "
                        + task.stageId() + "); " + SETTING + " is on");
            }
            return rows;
        }
    }
}
