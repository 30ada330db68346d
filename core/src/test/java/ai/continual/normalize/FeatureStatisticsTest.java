package ai.continual.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.continual.config.NormalizerKind;
import org.junit.jupiter.api.Test;

class FeatureStatisticsTest {

    static FeatureStatistics stats() {
        FeatureStatistics a = new FeatureStatistics().add(new double[] {1, 10, 5});
        FeatureStatistics b = new FeatureStatistics().add(new double[] {3, 30, 5});
        return a.merge(b);
    }

    @Test
    void perFeatureStandardisesEachColumnAndLeavesConstantColumnsUnscaled() {
        FeatureScaler scaler = FeatureScaler.of(stats().toNormalizer(NormalizerKind.PER_FEATURE));
        assertThat(scaler.mean()).containsExactly(2, 20, 5);
        assertThat(scaler.std()[0]).isCloseTo(1, within(1e-6));
        assertThat(scaler.std()[1]).isCloseTo(10, within(1e-5));
        assertThat(scaler.std()[2]).isEqualTo(1);
        assertThat(scaler.scale(new double[] {3, 10, 6})).containsExactly(1f, -1f, 1f);
    }

    @Test
    void globalUsesOneMeanAndStdForAllFeatures() {
        FeatureScaler scaler = FeatureScaler.of(stats().toNormalizer(NormalizerKind.GLOBAL));
        // values 1,10,5,3,30,5: mean 9, variance (64+1+16+36+441+16)/6 = 574/6
        assertThat(scaler.mean()).containsOnly(9.0);
        assertThat(scaler.std()[0]).isCloseTo(Math.sqrt(574.0 / 6), within(1e-4));
        assertThat(scaler.std()).containsOnly(scaler.std()[0]);
    }

    @Test
    void noneIsTheIdentity() {
        FeatureScaler scaler = FeatureScaler.of(stats().toNormalizer(NormalizerKind.NONE));
        assertThat(scaler.scale(new double[] {3, 10, 6})).containsExactly(3f, 10f, 6f);
    }
}
