package ai.continual.config;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The continual-learning strategy of every update: a combination of {@link StrategyMethod}s and the
 * settings of each.
 *
 * @param growOutputs {@code model.grow-outputs}: classification starts with the outputs its labels need and the
 *                    output layer grows (old classes keep their weights) as new classes arrive
 * @param auto settings of the {@link StrategyMethod#AUTO} strategy
 */
public record StrategyConfig(Set<StrategyMethod> methods, EwcConfig ewc, LwfConfig lwf, FusionConfig fusion,
                             boolean growOutputs, AutoConfig auto) {

    public StrategyConfig {
        methods = Collections.unmodifiableSet(EnumSet.copyOf(methods));
    }

    public boolean uses(StrategyMethod method) {
        return methods.contains(method);
    }

    /** The methods joined by '+', lower case, in declaration order, e.g. {@code replay+ewc+fusion}. */
    public String label() {
        return methods.stream().map(m -> m.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("+"));
    }
}
