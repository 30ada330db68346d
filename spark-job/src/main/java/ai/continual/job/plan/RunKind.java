package ai.continual.job.plan;

import java.util.Locale;

/** What a run of the pipeline makes: the next update of production, a from-scratch retrain, or version 1 from a file. */
public enum RunKind {
    /** Warm-start from the production version (or build version 1 from config when there is none). */
    UPDATE,
    /** Train from scratch on every partition up to the date: the upper-bound baseline. */
    RETRAIN,
    /** Version 1 from an existing model file ({@code init --from}); refused when the model has a version. */
    INIT;

    /** The kind's name as commands and run keys spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
