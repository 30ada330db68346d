package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.job.cli.ContinualJob;
import ai.continual.job.cli.ExitCodes;
import ai.continual.model.OutputLayerGrowth;
import ai.continual.provenance.VersionManifest;
import ai.continual.provenance.VersionStatus;
import ai.continual.store.HadoopModelStore;
import ai.continual.store.PromotedVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain finetune on new classes forgets the old ones: the gate must reject it with exit code 5, write it
 * marked rejected, and leave production (the parent of the next update) where it was. Uses output growth.
 */
class PromotionGateUpdateTest {

    static final LocalDate DAY1 = LocalDate.of(2026, 11, 25);
    static final LocalDate DAY2 = LocalDate.of(2026, 11, 26);
    static final LocalDate DAY3 = LocalDate.of(2026, 11, 27);

    @TempDir
    Path tmp;

    @Test
    void gateRejectsAVersionMadeToForgetAndProductionStays() throws Exception {
        Path data = tmp.resolve("data");
        TestData.writePartition(data, DAY1, TestData.blobs("a", new int[] {0, 1}, 60, 1), TestData.SCHEMA);
        TestData.writePartition(data, DAY2, TestData.blobs("b", new int[] {2, 3}, 60, 2), TestData.SCHEMA);
        TestData.writePartition(data, DAY3, TestData.blobs("c", new int[] {4, 5}, 60, 3), TestData.SCHEMA);
        Path store = tmp.resolve("store");
        Path conf = tmp.resolve("job.conf");
        Files.writeString(conf, "model-name = gated\n"
                + "store = \"" + store.toUri() + "\"\n"
                + "data { root = \"" + data.toUri() + "\", id-column = id, num-classes = 6 }\n"
                + "model { hidden-layers = [{size = 16, activation = relu}], grow-outputs = true }\n"
                + "training { epochs = 3, batch-size = 16, averaging-frequency = 2, learning-rate = 0.01 }\n"
                + "strategy = [finetune]\n"
                + "gate { max-forgetting = 0.3 }\n");

        assertThat(ContinualJob.run("update", "--config", conf.toString(), "--date", DAY1.toString()))
                .isEqualTo(ExitCodes.OK);
        assertThat(ContinualJob.run("update", "--config", conf.toString(), "--date", DAY2.toString()))
                .isEqualTo(ExitCodes.REJECTED);

        HadoopModelStore models = new HadoopModelStore(store.toUri().toString(),
                LocalSpark.session().sparkContext().hadoopConfiguration());
        assertThat(models.versions("gated")).containsExactly(1, 2);
        VersionManifest rejected = models.manifest("gated", 2);
        assertThat(rejected.status()).isEqualTo(VersionStatus.REJECTED);
        assertThat(rejected.rejectionReasons()).anySatisfy(r -> assertThat(r)
                .contains("partition " + DAY1).contains("gate.max-forgetting"));
        assertThat(rejected.continual().forgetting().get(DAY1.toString())).isGreaterThan(0.3);
        assertThat(rejected.continual().negativeFlips().flips()).isPositive();
        assertThat(models.manifest("gated", 1).status()).isEqualTo(VersionStatus.COMMITTED);
        assertThat(PromotedVersion.latest(models, "gated")).contains(1);
        // grow-outputs: version 1 saw classes 0-1, version 2 grew to 4 outputs
        assertThat(OutputLayerGrowth.outputs(models.load("gated", 1).network())).isEqualTo(2);
        assertThat(OutputLayerGrowth.outputs(models.load("gated", 2).network())).isEqualTo(4);

        // The next update builds on production (version 1), not on the rejected version 2.
        ContinualJob.run("update", "--config", conf.toString(), "--date", DAY3.toString(), "--set", "gate.max-forgetting=1");
        VersionManifest third = models.manifest("gated", 3);
        assertThat(third.parentVersion()).isEqualTo(1);
        assertThat(third.status()).isEqualTo(VersionStatus.COMMITTED);
        assertThat(OutputLayerGrowth.outputs(models.load("gated", 3).network())).isEqualTo(6);
        assertThat(PromotedVersion.latest(models, "gated")).contains(3);
    }
}
