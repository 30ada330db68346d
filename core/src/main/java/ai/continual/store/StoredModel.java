package ai.continual.store;

import ai.continual.provenance.VersionManifest;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

/** One model version as stored: the network (with updater state), its feature normalizer and its manifest. */
public record StoredModel(MultiLayerNetwork network, NormalizerStandardize normalizer, VersionManifest manifest) {}
