package ai.continual.store;

import ai.continual.provenance.VersionManifest;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

/**
 * One model version as stored: the network (with updater state), its feature normalizer, its manifest, and
 * named arrays that strategies keep with the version (e.g. the EWC Fisher, the raw weights behind an EMA).
 */
public record StoredModel(MultiLayerNetwork network, NormalizerStandardize normalizer, VersionManifest manifest,
                          Map<String, INDArray> arrays) {

    public StoredModel {
        arrays = java.util.Collections.unmodifiableMap(new TreeMap<>(arrays));
    }

    public StoredModel(MultiLayerNetwork network, NormalizerStandardize normalizer, VersionManifest manifest) {
        this(network, normalizer, manifest, Map.of());
    }
}
