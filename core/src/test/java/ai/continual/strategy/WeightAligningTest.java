package ai.continual.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class WeightAligningTest {

    /** Classes 0 and 1 learned first; then mostly 2 and 3 with a few replayed rows of 0 and 1. */
    private static MultiLayerNetwork trainedOnNewClasses() {
        MultiLayerNetwork net = TinyNets.mlp(4, 0.05);
        TinyNets.fit(net, TinyNets.blobs(new int[] {0, 1}, 40, 4, 1), 3);
        var rows = new java.util.ArrayList<>(TinyNets.blobs(new int[] {2, 3}, 60, 4, 2));
        rows.addAll(TinyNets.blobs(new int[] {0, 1}, 5, 4, 3));
        TinyNets.fit(net, rows, 5);
        return net;
    }

    private static double meanNorm(INDArray w, int... columns) {
        double sum = 0;
        for (int c : columns) {
            sum += w.getColumn(c).norm2Number().doubleValue();
        }
        return sum / columns.length;
    }

    @Test
    void newClassesGetTheOldClassesMeanNormAndNothingElseChanges() {
        MultiLayerNetwork trained = trainedOnNewClasses();
        INDArray before = trained.params().dup();
        INDArray w = trained.getParam("1_W");
        assertThat(meanNorm(w, 2, 3)).as("the bias this corrects").isNotCloseTo(meanNorm(w, 0, 1), within(1e-3));

        MultiLayerNetwork aligned = WeightAligning.align(trained, Set.of(0, 1), Set.of(2, 3)).orElseThrow();

        INDArray a = aligned.getParam("1_W");
        assertThat(meanNorm(a, 2, 3)).isCloseTo(meanNorm(a, 0, 1), within(1e-4));
        double gamma = meanNorm(w, 0, 1) / meanNorm(w, 2, 3);
        for (int c = 0; c < 4; c++) {
            double scale = c >= 2 ? gamma : 1;
            assertThat(a.getColumn(c).sub(w.getColumn(c).mul(scale)).amaxNumber().doubleValue()).isLessThan(1e-5);
            assertThat(aligned.getParam("1_b").getDouble(c))
                    .isCloseTo(trained.getParam("1_b").getDouble(c) * scale, within(1e-5));
        }
        assertThat(aligned.getParam("0_W")).isEqualTo(trained.getParam("0_W"));
        assertThat(trained.params()).as("the input is untouched").isEqualTo(before);
    }

    @Test
    void doesNotApplyWithoutBothGroupsOrWithAClassOutsideTheOutputLayer() {
        MultiLayerNetwork trained = trainedOnNewClasses();
        assertThat(WeightAligning.align(trained, Set.of(), Set.of(2, 3))).isEmpty();
        assertThat(WeightAligning.align(trained, Set.of(0, 1), Set.of())).isEmpty();
        assertThat(WeightAligning.align(trained, Set.of(0, 1), Set.of(2, 7))).isEmpty();
    }
}
