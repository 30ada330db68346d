package ai.continual.job.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.continual.config.AveragingEngine;
import ai.continual.config.LayerSpec;
import ai.continual.config.MinibatchCache;
import ai.continual.config.ModelConfig;
import ai.continual.config.Task;
import ai.continual.config.TrainingConfig;
import ai.continual.job.LocalSpark;
import ai.continual.job.LogCapture;
import ai.continual.model.NetworkFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The in-memory engine against the same arithmetic done by hand in one JVM: one worker over several rounds and
 * epochs must reproduce plain sequential {@code fit} (nothing of Adam's state or step count is lost between
 * rounds), and two workers over several rounds must match averaging done by hand on two copies.
 */
class InMemoryParameterAveragingTest {

    @TempDir
    Path tmp;

    @Test
    void oneWorkerOverManyRoundsAndEpochsEqualsSequentialFitInOneJvm() {
        List<DataSet> examples = examples(120, 1);
        TrainingConfig training = training(2, 10, 3, 1);
        MultiLayerNetwork start = network(training);
        MultiLayerNetwork expected = start.clone();
        for (int epoch = 0; epoch < 2; epoch++) {
            for (DataSet batch : minibatches(examples, 10)) {
                expected.fit(batch);
            }
        }

        MultiLayerNetwork trained = fitOnSpark(start.clone(), examples, training, 1);

        assertClose(trained.params(), expected.params());
        assertClose(trained.getUpdater().getStateViewArray(), expected.getUpdater().getStateViewArray());
    }

    @Test
    void twoWorkersOverThreeRoundsEqualHandMadeAveragingOfParametersAndAdamState() {
        List<DataSet> examples = examples(80, 2);
        TrainingConfig training = training(1, 8, 2, 2);
        MultiLayerNetwork start = network(training);
        List<MultiLayerNetwork> copies = List.of(start.clone(), start.clone());
        List<List<DataSet>> halves = List.of(minibatches(examples.subList(0, 40), 8),
                minibatches(examples.subList(40, 80), 8));
        INDArray firstRoundOfFirstCopy = null;
        for (int round = 0; round < 3; round++) {
            for (int w = 0; w < 2; w++) {
                for (int b = round * 2; b < Math.min(5, round * 2 + 2); b++) {
                    copies.get(w).fit(halves.get(w).get(b));
                }
            }
            if (round == 0) {
                firstRoundOfFirstCopy = copies.get(0).params().dup();
            }
            INDArray params = mean(copies.get(0).params(), copies.get(1).params());
            INDArray state = mean(copies.get(0).getUpdater().getStateViewArray(),
                    copies.get(1).getUpdater().getStateViewArray());
            for (MultiLayerNetwork copy : copies) {
                copy.setParams(params);
                copy.getUpdater().getStateViewArray().assign(state);
            }
        }

        MultiLayerNetwork trained = fitOnSpark(start.clone(), examples, training, 2);

        assertClose(trained.params(), copies.get(0).params());
        assertClose(trained.getUpdater().getStateViewArray(), copies.get(0).getUpdater().getStateViewArray());
        assertThat(trained.params()).isNotEqualTo(firstRoundOfFirstCopy);
    }

    @Test
    void manyWorkersAreSummedInATreeAndStillGiveTheMeanOfTheirParameters() {
        List<DataSet> examples = examples(100, 5);
        TrainingConfig training = training(1, 10, 1, 10);
        MultiLayerNetwork start = network(training);
        assertThat(new InMemoryParameterAveraging(null, training, 10, 1).aggregationDepth()).isEqualTo(2);
        INDArray sum = null;
        INDArray stateSum = null;
        for (int w = 0; w < 10; w++) {
            MultiLayerNetwork copy = start.clone();
            copy.fit(DataSet.merge(examples.subList(10 * w, 10 * w + 10)));
            INDArray p = copy.params().castTo(DataType.DOUBLE);
            INDArray st = copy.getUpdater().getStateViewArray().castTo(DataType.DOUBLE);
            sum = sum == null ? p : sum.add(p);
            stateSum = stateSum == null ? st : stateSum.add(st);
        }

        MultiLayerNetwork trained = fitOnSpark(start.clone(), examples, training, 10);

        assertClose(trained.params(), sum.div(10));
        assertClose(trained.getUpdater().getStateViewArray(), stateSum.div(10));
    }

    @Test
    void theSpillingLayoutTrainsTheSameParametersAsTheInMemoryOne() {
        List<DataSet> examples = examples(90, 3);
        TrainingConfig inMemory = training(2, 8, 2, 2, MinibatchCache.MEMORY);
        TrainingConfig spilling = training(2, 8, 2, 2, MinibatchCache.DISK);
        MultiLayerNetwork start = network(inMemory);

        MultiLayerNetwork fromMemory = fitOnSpark(start.clone(), examples, inMemory, 2);
        MultiLayerNetwork fromDisk = fitOnSpark(start.clone(), examples, spilling, 2);

        assertThat(fromDisk.params().data().asFloat()).containsExactly(fromMemory.params().data().asFloat());
        assertThat(fromDisk.getUpdater().getStateViewArray().data().asFloat())
                .containsExactly(fromMemory.getUpdater().getStateViewArray().data().asFloat());
        assertThat(fromDisk.params()).isNotEqualTo(start.params());
    }

    @Test
    void progressIsLoggedOncePerAveragingRoundWithExamplesRateAndEta() throws Exception {
        List<DataSet> examples = examples(80, 4);
        TrainingConfig training = training(2, 8, 2, 2);   // 40 rows per worker = 5 batches = 3 rounds per epoch
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(LocalSpark.session().sparkContext());
        for (boolean spill : new boolean[] {false, true}) {
            TrainingProgress progress = new TrainingProgress(2, 0, 8, 2, 2, 0);
            String log;
            List<String> descriptions = java.util.Collections.synchronizedList(new ArrayList<>());
            org.apache.spark.scheduler.SparkListener jobs = new org.apache.spark.scheduler.SparkListener() {
                @Override
                public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
                    descriptions.add(String.valueOf(start.properties().getProperty("spark.job.description")));
                }
            };
            sc.sc().addSparkListener(jobs);
            try (LogCapture capture = new LogCapture()) {
                new InMemoryParameterAveraging(sc, training, 2, 1).fit(network(training), sc.parallelize(examples, 2)
                        .mapPartitions(it -> DistributedTrainer.minibatches(it, 8, DataSet::merge)), progress, spill, 0);
                log = capture.text();
            } finally {
                sc.sc().listenerBus().waitUntilEmpty();
                sc.sc().removeSparkListener(jobs);
            }
            // Each round is one Spark job named after it (Spark's UI, bench/update-cost); the other jobs are not.
            assertThat(descriptions.stream().filter(d -> d.startsWith(DistributedTrainer.ROUND_JOB)).toList())
                    .as("spill=%s", spill).hasSize(6)
                    .contains(DistributedTrainer.ROUND_JOB + ": epoch 2/2, averaging round 3/3");
            assertThat(sc.getLocalProperty("spark.job.description")).isNull();
            List<String> rounds = log.lines().filter(l -> l.contains("averaging round")).toList();
            assertThat(rounds).as("spill=%s", spill).hasSize(6);
            assertThat(rounds.get(0)).contains("Epoch 1/2, averaging round 1/3: 32/80 examples of this epoch")
                    .contains("examples/s").contains("ETA");
            assertThat(rounds.get(5)).contains("Epoch 2/2, averaging round 3/3: 80/80 examples of this epoch, 100%");
        }
    }

    private static INDArray mean(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).add(b.castTo(DataType.DOUBLE)).div(2).castTo(a.dataType());
    }

    private MultiLayerNetwork fitOnSpark(MultiLayerNetwork net, List<DataSet> examples, TrainingConfig training,
                                         int partitions) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(LocalSpark.session().sparkContext());
        return new DistributedTrainer(sc, training, 7).fit(net, sc.parallelize(examples, partitions),
                tmp.toUri().toString());
    }

    private static void assertClose(INDArray actual, INDArray expected) {
        double[] a = actual.castTo(DataType.DOUBLE).data().asDouble();
        double[] e = expected.castTo(DataType.DOUBLE).data().asDouble();
        assertThat(a).hasSameSizeAs(e);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("value %d", i).isCloseTo(e[i], within(1e-5 + 1e-4 * Math.abs(e[i])));
        }
    }

    private static TrainingConfig training(int epochs, int batch, int averaging, int workers) {
        return training(epochs, batch, averaging, workers, MinibatchCache.MEMORY);
    }

    private static TrainingConfig training(int epochs, int batch, int averaging, int workers, MinibatchCache cache) {
        return new TrainingConfig(epochs, batch, averaging, "adam", 0.01, workers, Optional.empty(), 1, 0,
                AveragingEngine.IN_MEMORY, cache, 0, 0, 0);
    }

    private static MultiLayerNetwork network(TrainingConfig training) {
        return NetworkFactory.build(new ModelConfig(List.of(new LayerSpec(12, "relu")), 0), training,
                Task.CLASSIFICATION, 6, 3, 11);
    }

    private static List<DataSet> examples(int n, long seed) {
        Random random = new Random(seed);
        List<DataSet> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            float[] x = new float[6];
            for (int f = 0; f < x.length; f++) {
                x[f] = (float) (random.nextGaussian() + (f == label ? 2 : 0));
            }
            float[] y = new float[3];
            y[label] = 1;
            out.add(new DataSet(Nd4j.createFromArray(new float[][] {x}), Nd4j.createFromArray(new float[][] {y})));
        }
        return out;
    }

    private static List<DataSet> minibatches(List<DataSet> examples, int size) {
        List<DataSet> out = new ArrayList<>();
        for (int i = 0; i < examples.size(); i += size) {
            out.add(DataSet.merge(examples.subList(i, Math.min(examples.size(), i + size))));
        }
        return out;
    }
}
