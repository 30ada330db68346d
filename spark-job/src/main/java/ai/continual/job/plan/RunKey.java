package ai.continual.job.plan;

import ai.continual.config.JobConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The identity of one run, from what it trains rather than how the config was written: the store, the model,
 * the kind, the date, every setting except the store's spelling, and the new partition's files (paths, sizes,
 * modification times). A rewritten partition is a new run; the same store spelled {@code /x}, {@code file:/x}
 * or {@code /x/} is the same run once the store hands over its canonical URI.
 */
public final class RunKey {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private RunKey() {}

    /**
     * The run key: 16 hex digits of a SHA-256.
     *
     * @param storeUri the store's canonical URI
     * @param partitionIdentity the new partition's file identity ({@code PartitionLayout.PartitionFiles#identity})
     */
    public static String of(String storeUri, String model, RunKind kind, LocalDate date, JobConfig config,
                            String partitionIdentity) {
        String text = String.join("\n", storeUri, model, kind.label(), date.toString(), trainingSettings(config),
                partitionIdentity);
        return DigestUtils.sha256Hex(text).substring(0, 16);
    }

    /** The effective settings without {@code store}, keys sorted: what decides what is trained. */
    static String trainingSettings(JobConfig config) {
        Map<String, Object> settings = new TreeMap<>(config.effective());
        settings.remove("store");
        try {
            return CANONICAL.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise the effective config", e);
        }
    }
}
