package ai.continual.job;

import static org.apache.spark.sql.functions.rand;

import ai.continual.config.JobConfig;
import ai.continual.config.Task;
import ai.continual.job.data.DataContractException;
import ai.continual.job.data.PartitionLayout;
import ai.continual.job.data.PartitionReader;
import ai.continual.job.data.ReplayComposition;
import ai.continual.job.data.ReplaySampler;
import ai.continual.job.data.TrainingRows;
import ai.continual.job.data.ValidatedPartition;
import ai.continual.job.eval.DistributedEvaluator;
import ai.continual.job.replay.ReplayMemory;
import ai.continual.job.train.DistributedTrainer;
import ai.continual.job.train.RowToDataSet;
import ai.continual.metrics.EvaluationResult;
import ai.continual.model.LayerFreezer;
import ai.continual.model.InitialNetwork;
import ai.continual.model.NetworkInputs;
import ai.continual.normalize.FeatureScaler;
import ai.continual.normalize.FeatureStatistics;
import ai.continual.provenance.InputPartition;
import ai.continual.provenance.RowCounts;
import ai.continual.provenance.RunSummary;
import ai.continual.provenance.SoftwareVersions;
import ai.continual.provenance.StoredArtifact;
import ai.continual.provenance.VersionManifest;
import ai.continual.store.ModelStore;
import ai.continual.store.PendingVersion;
import ai.continual.store.StoredModel;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One nightly update of one model: load the latest version (or build version 1), read and validate the
 * new partition, draw the replay sample from the parent's reservoir (or from history, see
 * {@link ReplayMemory}), train with parameter averaging, evaluate the new partition's held-out rows and the
 * stored sample of past ones, store the updated reservoir and sample, and commit the new version with its
 * provenance.
 */
public final class NightlyUpdate {

    private static final Logger LOG = LoggerFactory.getLogger(NightlyUpdate.class);

    private final SparkSession spark;
    private final JobConfig config;
    private final ModelStore store;
    private final InitialNetwork initial;

    public NightlyUpdate(SparkSession spark, JobConfig config, ModelStore store) {
        this(spark, config, store, InitialNetwork.fromConfig(config));
    }

    /** An update whose version 1, if the store has none yet, comes from {@code initial}. */
    public NightlyUpdate(SparkSession spark, JobConfig config, ModelStore store, InitialNetwork initial) {
        this.spark = spark;
        this.config = config;
        this.store = store;
        this.initial = initial;
    }

    /** Runs the update for partition {@code date} and returns its summary once the version is committed. */
    public RunSummary run(LocalDate date) {
        PhaseTimer timer = new PhaseTimer();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String model = config.modelName();
        Task task = config.data().task();
        int numOutputs = task == Task.CLASSIFICATION ? config.data().numClasses() : 1;

        Optional<StoredModel> parent = timer.time("load-model",
                () -> store.latestVersion(model).map(v -> store.load(model, v)));
        int expectedFeatures = parent.map(p -> NetworkInputs.flatInputSize(p.network())).orElse(0);

        PartitionReader reader = new PartitionReader(spark, config.data(),
                new PartitionLayout(config.data().root(), sc.hadoopConfiguration()));
        ValidatedPartition current = timer.time("read-new", () -> reader.read(date, expectedFeatures));
        int numFeatures = current.numFeatures();
        ReplayMemory memory = new ReplayMemory(spark, config, store, parent.map(StoredModel::manifest), date,
                () -> timer.time("read-history", () -> reader.layout().dates().stream()
                        .filter(d -> d.isBefore(date))
                        .map(d -> reader.read(d, numFeatures))
                        .toList()));
        if (current.trainingRowCount() == 0) {
            throw new DataContractException("Partition date=" + date + " (" + current.path() + ") has no rows left"
                    + " to train on after the held-out split and invalid-row drops; lower data.holdout-fraction.");
        }

        // Reserve the version only once the data is known to be good: fails fast on an unwritable store.
        PendingVersion pending = store.begin(model);

        MultiLayerNetwork network;
        NormalizerStandardize normalizer;
        if (parent.isPresent()) {
            network = LayerFreezer.freeze(parent.get().network(), config.model(), config.training(), config.seed());
            network.setLearningRate(config.training().learningRate());
            normalizer = parent.get().normalizer();
        } else {
            network = initial.create(current.featureShape(), numOutputs);
            normalizer = timer.time("fit-normalizer", () -> fitNormalizer(current.trainingRows()));
        }
        FeatureScaler scaler = FeatureScaler.of(normalizer);

        long replayTarget = config.replay().targetRows(current.trainingRowCount());
        Dataset<Row> replay = timer.time("replay-sample", () -> (replayTarget == 0
                ? Optional.<Dataset<Row>>empty() : memory.replayCandidates())
                .map(candidates -> new ReplaySampler(config.replay(), task, config.seed()).sample(candidates, replayTarget))
                .orElse(current.trainingRows().limit(0)));
        ReplayComposition composition = timer.time("replay-sample", () -> ReplayComposition.of(replay, task));
        long replayRows = composition.total();

        Dataset<Row> training = current.trainingRows().union(replay).orderBy(rand(config.seed() + pending.version()));
        String exportRoot = config.training().exportDir().orElse(store.location() + "/" + model + "/_tmp");
        MultiLayerNetwork trained = timer.time("train", () -> new DistributedTrainer(sc, config.training(),
                config.seed()).fit(network, training.toJavaRDD().map(new RowToDataSet(scaler, task, numOutputs)),
                current.trainingRowCount() + replayRows, exportRoot));

        Map<String, EvaluationResult> metrics = timer.time("evaluate", () -> evaluate(sc, trained, scaler, date,
                memory.pastHeldOut().map(past -> past.union(current.heldOutRows())).orElse(current.heldOutRows()),
                numFeatures));
        List<StoredArtifact> artifacts = timer.time("store-samples", () -> memory.store(pending, current));
        List<ValidatedPartition> evaluated = new ArrayList<>(memory.historyRead());
        evaluated.add(current);

        List<String> partitionsRead = evaluated.stream().map(p -> p.date().toString()).toList();
        long dropped = evaluated.stream().mapToLong(ValidatedPartition::droppedRows).sum();
        RowCounts rows = new RowCounts(current.trainingRowCount(), replayRows, composition.perClass(), dropped,
                current.heldOutCount());
        Integer parentVersion = parent.map(p -> p.manifest().version()).orElse(null);
        String kind = parent.isPresent() ? "update" : "initial";
        String strategy = replayRows > 0 ? "replay" : "finetune";
        Map<String, Long> durations = new LinkedHashMap<>(timer.durationsMs());

        List<InputPartition> inputs = new ArrayList<>();
        for (ValidatedPartition p : evaluated) {
            inputs.add(new InputPartition(p == current ? "new" : "history", p.date().toString(), p.path(),
                    p.rowsRead(), p.bytes(), composition.perDate().getOrDefault(p.date().toString(), 0L)));
        }
        inputs.addAll(memory.storedInputs(composition.perDate()));
        long commitStart = System.nanoTime();
        RunSummary draft = new RunSummary(model, pending.version(), parentVersion, date.toString(), kind,
                partitionsRead, rows, metrics, durations);
        VersionManifest manifest = manifest(pending, parentVersion, kind, strategy, inputs, draft, artifacts);
        store.commit(pending, new StoredModel(trained, normalizer, manifest));
        durations.put("commit", (System.nanoTime() - commitStart) / 1_000_000);
        LOG.info("{} version {} committed to {}", model, pending.version(), store.location());
        return new RunSummary(model, pending.version(), parentVersion, date.toString(), kind, partitionsRead, rows,
                metrics, durations);
    }

    private Map<String, EvaluationResult> evaluate(JavaSparkContext sc, MultiLayerNetwork network, FeatureScaler scaler,
                                                   LocalDate date, Dataset<Row> heldOut, int numFeatures) {
        Dataset<Row> rows;
        if (config.data().evalRoot().isPresent()) {
            PartitionReader evalReader = new PartitionReader(spark, config.data(),
                    new PartitionLayout(config.data().evalRoot().get(), sc.hadoopConfiguration()));
            rows = evalReader.layout().dates().stream()
                    .filter(d -> !d.isAfter(date))
                    .map(d -> evalReader.read(d, numFeatures).rows())
                    .reduce(Dataset::union)
                    .orElseThrow(() -> new DataContractException("data.eval-root " + config.data().evalRoot().get()
                            + " has no partition at or before " + date));
        } else {
            rows = heldOut;
        }
        int numClasses = config.data().task() == Task.CLASSIFICATION ? config.data().numClasses() : 1;
        return new DistributedEvaluator(sc, config.data().task(), numClasses).evaluateByDate(network, scaler, rows);
    }

    private NormalizerStandardize fitNormalizer(Dataset<Row> rows) {
        FeatureStatistics stats = rows.select(TrainingRows.FEATURES).toJavaRDD()
                .map(row -> {
                    List<Double> values = row.getList(0);
                    double[] features = new double[values.size()];
                    for (int i = 0; i < features.length; i++) {
                        features[i] = values.get(i);
                    }
                    return features;
                })
                .treeAggregate(new FeatureStatistics(), FeatureStatistics::add, FeatureStatistics::merge);
        return stats.toNormalizer(config.data().normalizer());
    }

    private VersionManifest manifest(PendingVersion pending, Integer parent, String kind, String strategy,
                                     List<InputPartition> inputs, RunSummary summary, List<StoredArtifact> artifacts) {
        Map<String, String> software = new LinkedHashMap<>(SoftwareVersions.current());
        software.put("spark", spark.version());
        return new VersionManifest(VersionManifest.CURRENT_FORMAT, pending.model(), pending.version(), parent, kind,
                Instant.now().toString(), config.seed(), strategy, config.hash(), config.effective(), inputs, summary,
                software, SoftwareVersions.gitCommit(), parent == null ? initial.source().orElse(null) : null,
                artifacts);
    }
}
