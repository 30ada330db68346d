package ai.continual.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.continual.selection.Objective;
import ai.continual.selection.PastWeight;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class LabelPriorCorrectionTest {

    @Test
    void theTargetWeightsEachDatesLabelSharesByTheObjective() {
        Map<String, long[]> counts = Map.of(
                "2026-11-01", new long[] {50, 50, 0, 0},
                "2026-11-02", new long[] {0, 0, 30, 10});
        assertThat(LabelPriorCorrection.targetShares(counts, Objective.EQUAL))
                .containsExactly(new double[] {0.25, 0.25, 0.375, 0.125}, within(1e-12));
        assertThat(LabelPriorCorrection.targetShares(counts, Objective.NEWEST_ONLY))
                .containsExactly(new double[] {0, 0, 0.75, 0.25}, within(1e-12));
        // half-life 1: the older date counts half as much as the newest
        assertThat(LabelPriorCorrection.targetShares(counts, new Objective(PastWeight.HALF_LIFE, 1)))
                .containsExactly(new double[] {0.5 / 3, 0.5 / 3, 0.5, 0.5 / 3}, within(1e-12));
    }

    @Test
    void shiftsMoveEachClassByTauTimesItsLogRatioAndLeaveAbsentClassesAlone() {
        double[] shifts = LabelPriorCorrection.shifts(new long[] {300, 100, 0, 50}, new double[] {0.5, 0.5, 0.2, 0},
                0.5);
        assertThat(shifts[0]).isCloseTo(0.5 * Math.log(0.5 / (300 / 450.0)), within(1e-12));
        assertThat(shifts[1]).isCloseTo(0.5 * Math.log(0.5 / (100 / 450.0)), within(1e-12));
        assertThat(shifts[2]).isZero();
        assertThat(shifts[3]).isZero();
    }

    @Test
    void correctingAnImbalancedFitForABalancedTargetRaisesBalancedAccuracyAndTouchesOnlyTheOutputBias() {
        // Two overlapping classes (means 0 and 1 on every feature, sd 1.5), trained at 9:1.
        MultiLayerNetwork net = TinyNets.mlp(2, "adam", 0.01);
        TinyNets.fit(net, overlapping(new int[] {900, 100}, 1), 3);
        List<DataSet> balanced = overlapping(new int[] {500, 500}, 2);
        double[] shifts = LabelPriorCorrection.shifts(new long[] {900, 100}, new double[] {0.5, 0.5}, 1.0);
        MultiLayerNetwork corrected = LabelPriorCorrection.apply(net, shifts);

        assertThat(TinyNets.accuracy(corrected, balanced)).isGreaterThan(TinyNets.accuracy(net, balanced) + 0.05);
        String bias = (net.getnLayers() - 1) + "_b";
        assertThat(corrected.getParam(bias).getDouble(1) - net.getParam(bias).getDouble(1)
                - (corrected.getParam(bias).getDouble(0) - net.getParam(bias).getDouble(0)))
                .isCloseTo(Math.log(9), within(1e-5));
        for (String key : net.paramTable().keySet()) {
            if (!key.equals(bias)) {
                assertThat(corrected.getParam(key)).as(key).isEqualTo(net.getParam(key));
            }
        }
    }

    private static List<DataSet> overlapping(int[] perClass, long seed) {
        Random random = new Random(seed);
        List<DataSet> out = new ArrayList<>();
        for (int c = 0; c < perClass.length; c++) {
            for (int i = 0; i < perClass[c]; i++) {
                float[] x = new float[TinyNets.FEATURES];
                for (int f = 0; f < x.length; f++) {
                    x[f] = (float) (random.nextGaussian() * 1.5 + c);
                }
                float[] y = new float[perClass.length];
                y[c] = 1;
                out.add(new DataSet(Nd4j.createFromArray(new float[][] {x}), Nd4j.createFromArray(new float[][] {y})));
            }
        }
        java.util.Collections.shuffle(out, random);
        return out;
    }
}
