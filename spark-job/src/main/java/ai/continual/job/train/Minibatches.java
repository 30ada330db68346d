package ai.continual.job.train;

import java.io.Serializable;
import java.util.List;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Builds one minibatch (a DataSet of {@code rows.size()} examples) from training rows, on executors. The trainer
 * groups each worker's rows in order into minibatches of the batch size it resolved and calls this once per
 * minibatch, so an implementation can fill one features array and one labels array per minibatch instead of two
 * native arrays per row merged afterwards (which cost most of the data preparation of a large update; see
 * docs/performance.md).
 *
 * @param <T> the row type
 */
@FunctionalInterface
public interface Minibatches<T> extends Serializable {

    /** One minibatch of {@code rows}, in their order. */
    DataSet batch(List<T> rows);
}
