package ai.continual.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The store contract through the fault-injecting wrapper (with no faults it must behave as the real store), and
 * what a caller sees when writes fail: nothing half-visible, production unchanged, and a retry that succeeds.
 */
class FaultInjectingModelStoreTest extends LocalModelStoreTest {

    @Override
    ModelStore open(String root) {
        return new FaultInjectingModelStore(new HadoopModelStore(root, conf()));
    }

    FaultInjectingModelStore faulty() {
        return (FaultInjectingModelStore) store;
    }

    @Test
    void failedWritesLeaveProductionAndTheCommittedVersionsUnchangedAndARetrySucceeds() {
        commit(1, "2026-11-23", 1, Optional.of(PRODUCTION));
        faulty().failNextWrites(1);
        assertThatThrownBy(() -> store.begin(MODEL)).hasMessageContaining("Injected failure of begin");
        PendingVersion pending = store.begin(MODEL);
        faulty().failNextWrites(1);
        assertThatThrownBy(() -> store.commit(pending, StoreFixtures.model(MODEL, pending.version(), "2026-11-24", 2),
                Optional.of(PRODUCTION))).hasMessageContaining("Injected failure of commit");
        assertThat(faulty().failedWrites()).isEqualTo(2);
        assertThat(store.versions(MODEL)).containsExactly(1);
        assertThat(PromotedVersion.latest(store, MODEL)).contains(1);

        store.rollForward(MODEL);
        assertThat(store.quarantined(MODEL)).extracting(QuarantinedVersion::version)
                .as("the reserved but never committed folder is moved aside").containsExactly(pending.version());
        PendingVersion retry = store.begin(MODEL);
        assertThat(retry.version()).isGreaterThan(pending.version());
        store.commit(retry, StoreFixtures.model(MODEL, retry.version(), "2026-11-24", 2), Optional.of(PRODUCTION));
        assertThat(PromotedVersion.latest(store, MODEL)).contains(retry.version());
        assertThat(store.load(MODEL, retry.version()).manifest().parentVersion()).isNotNull();
    }

    @Test
    void aFailedAliasMoveIsAnErrorAndLeavesTheAliasWhereItWas() {
        commit(1, "2026-11-23", 1, Optional.of(PRODUCTION));
        commit(2, "2026-11-24", 2);
        faulty().failNextWrites(1);
        assertThatThrownBy(() -> store.moveAlias(MODEL, PRODUCTION, 2, "promote", "operator"))
                .isInstanceOf(StoreException.class);
        assertThat(store.aliases(MODEL)).containsEntry(PRODUCTION, 1);
        store.moveAlias(MODEL, PRODUCTION, 2, "promote", "operator");
        assertThat(store.aliases(MODEL)).containsEntry(PRODUCTION, 2);
    }
}
