package ai.continual.job.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the ND4J backend of the driver and of the executors at the start of a run and, with
 * {@code --require-gpu}, fails fast ({@link GpuUnavailableException}) when any of them has no GPU.
 */
public final class BackendCheck {

    private static final Logger LOG = LoggerFactory.getLogger(BackendCheck.class);

    private static final String FIX = " Build the jar with `mvn -Pcuda package` (ND4J CUDA 11.6: NVIDIA driver >= 510,"
            + " CUDA 11.x libraries, a GPU of compute capability <= 8.6), give executors"
            + " spark.executor.resource.gpu.amount=1, or drop --require-gpu to train on CPU.";

    private BackendCheck() {}

    /** Checks the driver JVM; call before Spark starts so that a CPU-only driver fails in seconds. */
    public static Nd4jBackendReport driver(boolean requireGpu) {
        Nd4jBackendReport report = Nd4jBackendReport.local();
        LOG.info("ND4J backend on the driver: {}", report.describe());
        if (requireGpu && !report.isGpu()) {
            throw new GpuUnavailableException("--require-gpu: the driver runs ND4J on " + report.describe() + "."
                    + FIX);
        }
        return report;
    }

    /**
     * Runs one small task per default-parallelism slot and returns the distinct backends the executors
     * loaded, described (a probe, not a census: an idle executor may not get a task).
     */
    public static List<String> executors(JavaSparkContext sc, boolean requireGpu) {
        int slots = Math.max(1, sc.defaultParallelism());
        // Strings, not the record: Spark's Kryo cannot serialise records.
        List<String> reports = new ArrayList<>(sc.parallelize(IntStream.range(0, slots).boxed().toList(), slots)
                .map(new Probe()).distinct().collect());
        reports.sort(null);
        List<String> withoutGpu = new ArrayList<>();
        for (String report : reports) {
            String description = report.substring(2);
            LOG.info("ND4J backend on an executor: {}", description);
            if (report.startsWith("0")) {
                withoutGpu.add(description);
            }
        }
        if (requireGpu && !withoutGpu.isEmpty()) {
            throw new GpuUnavailableException("--require-gpu: " + withoutGpu.size() + " executor backend(s) have no"
                    + " GPU: " + withoutGpu + "." + FIX);
        }
        return reports.stream().map(r -> r.substring(2)).toList();
    }

    /** Reports the backend of the executor it runs on as "1 description" (GPU) or "0 description". */
    static final class Probe implements Function<Integer, String> {
        @Override
        public String call(Integer ignored) {
            Nd4jBackendReport report = Nd4jBackendReport.local();
            return (report.isGpu() ? "1 " : "0 ") + report.describe();
        }
    }
}
