package ai.continual.job.runtime;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * The executors' free storage memory, as their block managers report it: what the job compares a cache's size with
 * before it chooses to keep serialised blocks on the JVM heap or on local disk only.
 */
public final class StorageMemory {

    private StorageMemory() {
    }

    /** Free storage memory over the executors in bytes (the driver counts only when it is the only one, as on local[N]). */
    public static long free(JavaSparkContext sc) {
        scala.collection.Map<String, scala.Tuple2<Object, Object>> status = sc.sc().getExecutorMemoryStatus();
        String driver = sc.sc().env().blockManager().blockManagerId().hostPort();
        long all = 0;
        long executors = 0;
        for (scala.Tuple2<String, scala.Tuple2<Object, Object>> entry
                : scala.collection.JavaConverters.seqAsJavaList(status.toSeq())) {
            long remaining = (Long) entry._2()._2();
            all += remaining;
            if (!entry._1().equals(driver)) {
                executors += remaining;
            }
        }
        return executors > 0 ? executors : all;
    }
}
