package ai.continual.config;

import java.util.Locale;
import java.util.function.DoubleFunction;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The optimisers {@code training.updater} may name, each with the DL4J updater it builds: the one list the
 * config loader validates against and the network factory builds from.
 */
public enum UpdaterKind {
    ADAM(Adam::new),
    SGD(Sgd::new),
    /** Momentum 0.9. */
    NESTEROVS(lr -> new Nesterovs(lr, 0.9)),
    RMSPROP(RmsProp::new);

    private final DoubleFunction<IUpdater> factory;

    UpdaterKind(DoubleFunction<IUpdater> factory) {
        this.factory = factory;
    }

    /** A fresh DL4J updater of this kind with the given learning rate. */
    public IUpdater create(double learningRate) {
        return factory.apply(learningRate);
    }

    /** The kind a config value names ({@code adam}, {@code sgd}, ...; case-insensitive). */
    public static UpdaterKind fromConfigName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Unknown updater '" + name + "'; valid: adam, sgd, nesterovs, rmsprop");
        }
    }
}
