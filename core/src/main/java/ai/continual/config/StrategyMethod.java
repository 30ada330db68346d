package ai.continual.config;

/** One continual-learning method of the {@code strategy} list; several combine (e.g. replay + ewc + fusion). */
public enum StrategyMethod {
    /** Warm start on the new partition only, nothing else: the naive baseline. Cannot be combined. */
    FINETUNE,
    /** Mix rows sampled from earlier partitions into the training data (see the {@code replay} block). */
    REPLAY,
    /** Online elastic weight consolidation: a Fisher-weighted pull towards the parent's weights. */
    EWC,
    /** Learning without forgetting: the parent's soft predictions mixed into the training targets. */
    LWF,
    /** Interpolate parent and trained weights after training (WiSE-FT), or keep an EMA of weights. */
    FUSION,
    /** Train a few candidates per update and commit the best under the objective (see {@code auto}). Alone only. */
    AUTO
}
