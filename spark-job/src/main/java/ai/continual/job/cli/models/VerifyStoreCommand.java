package ai.continual.job.cli.models;

import ai.continual.job.cli.ExitCodes;
import ai.continual.provenance.VersionManifest;
import ai.continual.store.ModelStore;
import ai.continual.store.PromotedVersion;
import ai.continual.store.QuarantinedVersion;
import ai.continual.store.StoreException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code models verify}: loads every committed version and every alias target as a server would, checking the
 * SHA-256 of every file against its manifest. Exits 0 only if all load: damaged or unreadable manifests, files that
 * do not match, aliases pointing at missing versions and a pending promotion are failures; quarantined folders are
 * listed as warnings. Changes nothing (use {@code models repair} to move things aside).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every committed version (SHA-256 of each file) and alias target, list quarantined"
                + " folders; exit " + ExitCodes.STORE_ERROR + " on any problem. Read-only.")
public final class VerifyStoreCommand implements Callable<Integer> {

    @Mixin
    StoreAccess access;

    @Override
    public Integer call() {
        ModelStore store = access.store();
        String model = access.model();
        int failures = 0;
        int loaded = 0;
        for (int version : store.versions(model)) {
            try {
                VersionManifest manifest = store.load(model, version).manifest();
                loaded++;
                if (manifest.formatVersion() < 2) {
                    System.out.println("version " + version + ": ok (store format " + manifest.formatVersion()
                            + ", written without checksums)");
                }
            } catch (StoreException e) {
                failures++;
                System.out.println("version " + version + ": FAILED " + e.getMessage());
            }
        }
        Map<String, Integer> aliases = store.aliases(model);
        for (Map.Entry<String, Integer> alias : aliases.entrySet()) {
            if (!store.versions(model).contains(alias.getValue())) {
                failures++;
                System.out.println("alias " + alias.getKey() + " -> " + alias.getValue() + ": FAILED version "
                        + alias.getValue() + " is not committed (missing or quarantined); promote another version.");
            }
        }
        try {
            PromotedVersion.latest(store, model);
        } catch (StoreException e) {
            failures++;
            System.out.println("production: FAILED " + e.getMessage());
        }
        List<QuarantinedVersion> quarantined = store.quarantined(model);
        for (QuarantinedVersion q : quarantined) {
            // Not a failure: nothing serves from it. A lost version that an alias needs fails above.
            System.out.println("WARNING quarantined version folder " + q.version() + " at " + q.folder() + ": "
                    + q.reason() + " Restore its manifest and move it back under versions/, or delete it.");
        }
        System.out.println("verified " + model + " in " + store.location() + ": " + loaded + " versions loaded,"
                + " aliases " + aliases + ", " + quarantined.size() + " quarantined, " + failures + " failures");
        return failures == 0 ? ExitCodes.OK : ExitCodes.STORE_ERROR;
    }
}
