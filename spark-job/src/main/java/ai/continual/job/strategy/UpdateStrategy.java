package ai.continual.job.strategy;

import ai.continual.config.FusionConfig;
import ai.continual.config.JobConfig;
import ai.continual.config.StrategyMethod;
import ai.continual.config.Task;
import ai.continual.fusion.FusionWeightChoice;
import ai.continual.fusion.WeightInterpolation;
import ai.continual.job.data.ExampleRow;
import ai.continual.job.eval.DistributedEvaluator;
import ai.continual.job.train.Minibatches;
import ai.continual.job.train.RowToDataSet;
import ai.continual.metrics.EvaluationResult;
import ai.continual.model.NetworkBytes;
import ai.continual.model.OutputLayerGrowth;
import ai.continual.normalize.Standardizer;
import ai.continual.store.StoredModel;
import ai.continual.strategy.DiagonalFisher;
import ai.continual.strategy.ElasticWeightConsolidation;
import ai.continual.strategy.FlatParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The strategy hooks of one update, in the order the nightly update calls them: {@link #prepare} (grow the
 * output layer, start from the raw weights behind an EMA, anchor EWC), {@link #examples} (distillation
 * targets for LwF), {@link #finish} (remove the EWC penalty, fuse, estimate the Fisher to keep with the
 * version). Replay is drawn by the nightly update itself. One instance per run: it keeps the parent's weights
 * as they were before training, because training updates the warm-started network in place.
 */
public final class UpdateStrategy {

    /** Array name of the running EWC Fisher kept with a version. */
    public static final String FISHER = "ewc-fisher";
    /** Array name of the raw (un-averaged) trained weights kept with a version under an EMA. */
    public static final String RAW_PARAMS = "raw-params";

    private static final Logger LOG = LoggerFactory.getLogger(UpdateStrategy.class);

    private final JavaSparkContext sc;
    private final JobConfig config;
    private final Optional<StoredModel> parent;
    private final MultiLayerNetwork parentWeights;
    private MultiLayerNetwork rawStart;
    private String fusionDetail = "";

    public UpdateStrategy(JavaSparkContext sc, JobConfig config, Optional<StoredModel> parent) {
        this.sc = sc;
        this.config = config;
        this.parent = parent;
        this.parentWeights = parent.map(p -> p.network().clone()).orElse(null);
    }

    /** The parent's weights as loaded (before any training), for fusion and negative flips. */
    public Optional<MultiLayerNetwork> parentWeights() {
        return Optional.ofNullable(parentWeights);
    }

    /** Prepares the warm-started {@code network} for training on labels up to {@code outputsNeeded - 1}. */
    public MultiLayerNetwork prepare(MultiLayerNetwork network, int outputsNeeded) {
        MultiLayerNetwork net = network;
        FusionConfig fusion = config.strategy().fusion();
        INDArray raw = parent.map(p -> p.arrays().get(RAW_PARAMS)).orElse(null);
        if (config.strategy().uses(StrategyMethod.FUSION) && fusion.ema() && raw != null) {
            // Under an EMA the served weights are an average; training continues from the raw weights.
            net.setParams(raw.reshape(1, raw.length()));
            rawStart = net.clone();
        }
        if (config.data().task() == Task.CLASSIFICATION && config.strategy().growOutputs()) {
            int before = OutputLayerGrowth.outputs(net);
            net = OutputLayerGrowth.growTo(net, outputsNeeded);
            if (net != network) {
                LOG.info("Output layer grown from {} to {} classes", before, outputsNeeded);
                net.setLearningRate(config.training().learningRate());
            }
        }
        if (parent.isPresent() && config.strategy().uses(StrategyMethod.EWC)) {
            INDArray fisher = parent.get().arrays().get(FISHER);
            if (fisher == null) {
                LOG.warn("Version {} has no {} array (trained without ewc); this update trains without the EWC"
                        + " penalty and stores a Fisher for the next one", parent.get().manifest().version(), FISHER);
            } else {
                ElasticWeightConsolidation.attach(net,
                        FlatParams.remap(fisher, rawStart != null ? rawStart : parentWeights, net),
                        config.strategy().ewc().lambda());
            }
        }
        return net;
    }

    /** How the training rows become minibatches: plain, or with the parent's soft predictions mixed in (lwf). */
    public Minibatches<ExampleRow> minibatches(RowToDataSet toDataSet) {
        if (!config.strategy().uses(StrategyMethod.LWF) || parentWeights == null) {
            return toDataSet;
        }
        Broadcast<byte[]> teacher = sc.broadcast(NetworkBytes.of(parentWeights));
        return new DistillationTargets(teacher, toDataSet, config.data().task(), config.strategy().lwf());
    }

    /**
     * After training: removes the EWC penalty, applies fusion and returns the model to store with the arrays
     * to keep. {@code heldOut} are held-out rows of every partition seen (used to choose alpha from the grid);
     * {@code fisherRows} the training rows to estimate the Fisher on.
     */
    public Finished finish(MultiLayerNetwork trained, Standardizer scaler, Dataset<Row> heldOut,
                           Dataset<Row> fisherRows, long fisherRowCount, RowToDataSet toDataSet) {
        ElasticWeightConsolidation.detach(trained);
        MultiLayerNetwork served = trained;
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        FusionConfig fusion = config.strategy().fusion();
        if (config.strategy().uses(StrategyMethod.FUSION) && parentWeights != null) {
            if (fusion.ema()) {
                served = WeightInterpolation.interpolate(parentWeights, trained, 1 - fusion.emaDecay());
                arrays.put(RAW_PARAMS, trained.params().dup().reshape(trained.numParams()));
                fusionDetail = String.format(Locale.ROOT, "[ema=%s]", fusion.emaDecay());
            } else if (!fusion.alphaGrid().isEmpty()) {
                List<FusionWeightChoice.Candidate> candidates = new ArrayList<>();
                for (double alpha : fusion.alphaGrid()) {
                    FusionWeightChoice.Candidate candidate = new FusionWeightChoice.Candidate(alpha,
                            heldOutResults(WeightInterpolation.interpolate(parentWeights, trained, alpha), scaler, heldOut));
                    LOG.info("Fusion alpha {}: held-out score {} under objective {} (standard error {})", alpha,
                            candidate.score(config.objective()), config.objective().describe(),
                            config.objective().standardError(candidate.byDate()));
                    candidates.add(candidate);
                }
                double chosen = FusionWeightChoice.choose(candidates, config.objective()).alpha();
                served = WeightInterpolation.interpolate(parentWeights, trained, chosen);
                fusionDetail = String.format(Locale.ROOT, "[alpha=%s chosen from %s]", chosen, fusion.alphaGrid());
            } else {
                served = WeightInterpolation.interpolate(parentWeights, trained, fusion.alpha());
                fusionDetail = String.format(Locale.ROOT, "[alpha=%s]", fusion.alpha());
            }
        } else if (config.strategy().uses(StrategyMethod.FUSION) && fusion.ema()) {
            arrays.put(RAW_PARAMS, trained.params().dup().reshape(trained.numParams()));
        }
        if (config.strategy().uses(StrategyMethod.EWC)) {
            MultiLayerNetwork anchorOfNext = arrays.containsKey(RAW_PARAMS) ? trained : served;
            DiagonalFisher.Sum sum = SparkFisher.estimate(sc, anchorOfNext, fisherRows, fisherRowCount, toDataSet,
                    config.strategy().ewc().fisherSamples(), config.seed());
            if (sum.count() > 0) {
                INDArray previous = parent.map(p -> p.arrays().get(FISHER)).orElse(null);
                MultiLayerNetwork previousNet = rawStart != null ? rawStart : parentWeights;
                arrays.put(FISHER, ElasticWeightConsolidation.runningFisher(previous, previousNet, anchorOfNext,
                        sum.normalizedMean(), config.strategy().ewc().gamma()));
                LOG.info("EWC Fisher estimated on {} rows", sum.count());
            }
        }
        return new Finished(served, arrays);
    }

    /** The strategy as recorded in the manifest, e.g. {@code replay+fusion[alpha=0.5]}. */
    public String label() {
        return config.strategy().label() + fusionDetail;
    }

    private Map<String, EvaluationResult> heldOutResults(MultiLayerNetwork network, Standardizer scaler,
                                                        Dataset<Row> rows) {
        Task task = config.data().task();
        int classes = task == Task.CLASSIFICATION ? config.data().numClasses() : 1;
        return new DistributedEvaluator(sc, task, classes).evaluateByDate(network, scaler, rows);
    }

    /** Accuracy for classification, R² for regression. */
    public static Double score(Task task, EvaluationResult result) {
        return task == Task.CLASSIFICATION ? result.accuracy() : result.r2();
    }

    /** The model to store and the arrays to keep with it. */
    public record Finished(MultiLayerNetwork network, Map<String, INDArray> arrays) {}
}
