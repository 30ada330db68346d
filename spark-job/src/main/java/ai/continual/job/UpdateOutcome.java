package ai.continual.job;

import ai.continual.provenance.RunSummary;
import ai.continual.provenance.VersionManifest;

/** What one update or retrain wrote: its run summary and its manifest (status, gate reasons, metrics). */
public record UpdateOutcome(RunSummary summary, VersionManifest manifest) {

    /** True when the promotion gate rejected the version (it was written but production did not move). */
    public boolean rejected() {
        return manifest.wasRejected();
    }
}
