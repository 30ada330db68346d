package ai.continual.job.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Caps ND4J's native threads (BLAS and libnd4j loops) in the executor that runs a training worker,
 * before its first minibatch. Without a cap every Spark task slot starts as many native threads as
 * the machine has cores, and the slots of one executor oversubscribe its cores.
 */
final class WorkerThreadsHook implements TrainingHook {
    private static final long serialVersionUID = 1L;

    private final int threads;

    WorkerThreadsHook(int threads) {
        this.threads = threads;
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        apply(threads);
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        // Nothing to undo: the cap holds for the executor's lifetime.
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        apply(threads);
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
        // Nothing to undo: the cap holds for the executor's lifetime.
    }

    /** Sets ND4J's BLAS and loop threads of this JVM to {@code threads} when they differ. */
    static void apply(int threads) {
        if (Nd4j.factory().blas().getMaxThreads() != threads) {
            Nd4j.factory().blas().setMaxThreads(threads);
        }
        if (Nd4j.getEnvironment().maxMasterThreads() != threads) {
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
            Nd4j.getEnvironment().setMaxThreads(threads);
        }
    }
}
