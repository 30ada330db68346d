package ai.continual.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.continual.config.NormalizerKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerSerializer;
import org.nd4j.linalg.factory.Nd4j;

class FeatureStatisticsTest {

    static FeatureStatistics stats() {
        FeatureStatistics a = new FeatureStatistics().add(new double[] {1, 10, 5});
        FeatureStatistics b = new FeatureStatistics().add(new double[] {3, 30, 5});
        return a.merge(b);
    }

    @Test
    void perFeatureStandardisesEachColumnAndLeavesConstantColumnsUnscaled() {
        Standardizer scaler = Standardizer.of(stats().toNormalizer(NormalizerKind.PER_FEATURE));
        assertThat(scaler.mean()).containsExactly(2, 20, 5);
        assertThat(scaler.std()[0]).isCloseTo(1, within(1e-6));
        assertThat(scaler.std()[1]).isCloseTo(10, within(1e-5));
        assertThat(scaler.std()[2]).isEqualTo(1);
        assertThat(scaler.scale(new double[] {3, 10, 6})).containsExactly(1f, -1f, 1f);
    }

    @Test
    void globalUsesOneMeanAndStdForAllFeatures() {
        Standardizer scaler = Standardizer.of(stats().toNormalizer(NormalizerKind.GLOBAL));
        // values 1,10,5,3,30,5: mean 9, variance (64+1+16+36+441+16)/6 = 574/6
        assertThat(scaler.mean()).containsOnly(9.0);
        assertThat(scaler.std()[0]).isCloseTo(Math.sqrt(574.0 / 6), within(1e-4));
        assertThat(scaler.std()).containsOnly(scaler.std()[0]);
    }

    @Test
    void noneIsTheIdentity() {
        Standardizer scaler = Standardizer.of(stats().toNormalizer(NormalizerKind.NONE));
        assertThat(scaler.scale(new double[] {3, 10, 6})).containsExactly(3f, 10f, 6f);
    }

    @Test
    void targetStatisticsSurviveTheNormalizerFileAndMapOutputsBackToTheTargetsUnits() throws Exception {
        FeatureStatistics a = new FeatureStatistics().add(new double[] {1, 10}, 40_000);
        FeatureStatistics b = new FeatureStatistics().add(new double[] {3, 30}, 60_000);
        NormalizerStandardize fitted = a.merge(b).toNormalizer(NormalizerKind.PER_FEATURE, true);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        NormalizerSerializer.getDefault().write(fitted, file);
        NormalizerStandardize restored = NormalizerSerializer.getDefault()
                .restore(new ByteArrayInputStream(file.toByteArray()));

        Standardizer scaler = Standardizer.of(restored);
        assertThat(scaler.scalesTarget()).isTrue();
        assertThat(scaler.targetMean()).isEqualTo(50_000);
        assertThat(scaler.targetStd()).isEqualTo(10_000);
        assertThat(scaler.scaleTarget(65_000)).isEqualTo(1.5f);
        INDArray outputs = Nd4j.createFromArray(new float[][] {{1.5f}, {-2f}});
        assertThat(scaler.toTargetUnits(outputs).toDoubleVector()).containsExactly(65_000, 30_000);
        assertThat(outputs.toDoubleVector()).containsExactly(1.5, -2);   // the network's output is left as it was
        // What serving code does with the stored normalizer (docs/data-contract.md) gives the same numbers.
        INDArray served = outputs.dup();
        restored.revertLabels(served);
        assertThat(served.toDoubleVector()).containsExactly(65_000, 30_000);
    }

    @Test
    void withoutTargetStatisticsTheTargetIsUsedAsItIs() {
        Standardizer scaler = Standardizer.of(stats().toNormalizer(NormalizerKind.PER_FEATURE));
        INDArray outputs = Nd4j.createFromArray(new float[][] {{1.5f}});
        assertThat(scaler.scalesTarget()).isFalse();
        assertThat(scaler.scaleTarget(65_000)).isEqualTo(65_000f);
        assertThat(scaler.toTargetUnits(outputs)).isSameAs(outputs);
    }
}
