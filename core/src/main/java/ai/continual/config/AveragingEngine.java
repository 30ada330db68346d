package ai.continual.config;

/** How the Spark driver runs parameter averaging over the executors. */
public enum AveragingEngine {
    /**
     * Minibatches built once inside each partition and kept in executor memory; each averaging round is one
     * Spark job that broadcasts the parameters and updater state and sums the workers' results back; every
     * executor keeps its initialised networks for the run. 1.2-1.3x one JVM at averaging 50 on 2 idle cores (docs/benchmarks.md).
     */
    IN_MEMORY,
    /**
     * DL4J's {@code ParameterAveragingTrainingMaster} over minibatches exported once as files ({@code fitPaths}
     * per epoch): several Spark jobs, file reads and network rebuilds per round; kept for comparison.
     */
    DL4J_EXPORT
}
