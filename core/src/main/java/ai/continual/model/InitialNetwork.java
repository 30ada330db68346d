package ai.continual.model;

import ai.continual.config.JobConfig;
import ai.continual.config.Task;
import ai.continual.provenance.ModelSource;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Where version 1's network comes from, once the first partition tells the feature shape: built from
 * config ({@link #fromConfig}), or brought from a file ({@link ModelImporter}).
 */
public interface InitialNetwork {

    /** The untrained (or pre-trained) network for rows of {@code shape} and {@code numOutputs} outputs. */
    MultiLayerNetwork create(FeatureShape shape, int numOutputs);

    /** The file the network came from, for the manifest; empty when built from config. */
    Optional<ModelSource> source();

    /** Version 1 from {@code model.*} through {@link NetworkFactory}. */
    static InitialNetwork fromConfig(JobConfig config) {
        return new InitialNetwork() {
            @Override
            public MultiLayerNetwork create(FeatureShape shape, int numOutputs) {
                Task task = config.data().task();
                return NetworkFactory.build(config.model(), config.training(), task, shape, numOutputs, config.seed());
            }

            @Override
            public Optional<ModelSource> source() {
                return Optional.empty();
            }
        };
    }
}
