package ai.continual.job.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import ai.continual.config.DataConfig;
import ai.continual.config.DataFormat;
import ai.continual.config.InvalidRowPolicy;
import ai.continual.config.Task;
import ai.continual.job.replay.PartitionPriorities;
import ai.continual.job.runtime.StorageMemory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one partition, checks it against the data contract before any training, and returns it in the
 * internal layout ({@link TrainingRows}) with a deterministic held-out flag. Schema problems, empty
 * partitions and invalid rows fail with a message naming the partition, the column and the fix;
 * with {@code data.invalid-rows = drop} invalid rows are dropped and counted instead.
 *
 * <p>A reader made by {@link #caching} reads each partition's files ONCE: the validation pass persists the
 * validated rows (serialised in memory and spilling to disk, or on disk only when large: {@link #cacheLevel}),
 * and everything an update derives from the partition (held-out split, normaliser statistics, training rows,
 * evaluation, reservoir and held-out sample) reads that copy; the held-out rows get a small cache of their own,
 * filled on their first use, so the passes over them do not decode the whole partition again. Both keep
 * {@code array<float>} features as floats (half the bytes) and hand every phase the same doubles a plain reader gives.
 * {@link #close} releases both. A plain reader keeps nothing, so every use of its rows reads the files again.
 */
public final class PartitionReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionReader.class);
    private static final long HOLDOUT_BUCKETS = 1_000_000L;
    /**
     * Above this share of the executors' free storage memory, a partition's files are cached on local disk only.
     * The cached rows take about as many bytes as incompressible Parquet files and several times more for
     * compressible ones, so a quarter keeps the cache of a partition that fits to about half the storage memory.
     */
    static final double MEMORY_CACHE_SHARE = 0.25;

    private final SparkSession spark;
    private final DataConfig config;
    private final PartitionLayout layout;
    /** Persisted reads to release on {@link #close}; null for a reader that does not cache. */
    private final List<Dataset<Row>> persisted;
    /** The executors' free storage memory in bytes, asked when a partition is cached ({@link #cacheLevel}). */
    private final LongSupplier freeStorage;
    /** The stored samples' priorities to aggregate in the validation pass, or null. */
    private final PartitionPriorities.Spec priorities;

    public PartitionReader(SparkSession spark, DataConfig config, PartitionLayout layout) {
        this(spark, config, layout, null, () -> 0L, null);
    }

    private PartitionReader(SparkSession spark, DataConfig config, PartitionLayout layout,
                            List<Dataset<Row>> persisted, LongSupplier freeStorage, PartitionPriorities.Spec priorities) {
        this.spark = spark;
        this.config = config;
        this.layout = layout;
        this.persisted = persisted;
        this.freeStorage = freeStorage;
        this.priorities = priorities;
    }

    /** A reader whose partitions are read from their files once and kept until {@link #close}. */
    public static PartitionReader caching(SparkSession spark, DataConfig config, PartitionLayout layout) {
        return caching(spark, config, layout,
                () -> StorageMemory.free(JavaSparkContext.fromSparkContext(spark.sparkContext())));
    }

    /** As {@link #caching(SparkSession, DataConfig, PartitionLayout)}, with the free storage memory given. */
    static PartitionReader caching(SparkSession spark, DataConfig config, PartitionLayout layout,
                                   LongSupplier freeStorage) {
        return new PartitionReader(spark, config, layout, Collections.synchronizedList(new ArrayList<>()), freeStorage,
                null);
    }

    /** A reader of another layout (e.g. {@code data.eval-root}) whose cached reads this reader's close releases. */
    public PartitionReader over(PartitionLayout other) {
        return new PartitionReader(spark, config, other, persisted, freeStorage, priorities);
    }

    /**
     * This reader, whose validation pass also aggregates each partition's lowest priorities for the stored samples
     * ({@link ValidatedPartition#samplePriorities}), so that drawing them reads the new rows once, not twice.
     */
    public PartitionReader withSamplePriorities(PartitionPriorities.Spec spec) {
        return new PartitionReader(spark, config, layout, persisted, freeStorage, spec);
    }

    /** Releases every partition this reader (and the readers made by {@link #over}) persisted. */
    @Override
    public void close() {
        if (persisted != null) {
            synchronized (persisted) {
                persisted.forEach(rows -> rows.unpersist(false));
                persisted.clear();
            }
        }
    }

    public PartitionLayout layout() {
        return layout;
    }

    /**
     * Reads and validates the partition of {@code date}.
     *
     * @param expectedFeatures the feature count the model takes, or 0 to accept what the data has
     */
    public ValidatedPartition read(LocalDate date, int expectedFeatures) {
        PartitionLayout.PartitionFiles files = layout.files(date);
        String where = "Partition date=" + date + " (" + files.path() + ")";
        if (files.fileCount() == 0) {
            throw new DataContractException(where + " has no data files; it is empty. Write the partition's "
                    + config.format().name().toLowerCase(Locale.ROOT) + " files or pick another --date.");
        }
        Dataset<Row> raw = load(files.path(), where);
        checkSchema(raw.schema(), where);
        SequenceColumn sequence = SequenceColumn.of(config, raw.schema());

        Column features = sequence.flatFeatures().orElseGet(this::featureArray);
        Column label = col(quoted(config.labelColumn())).cast(DataTypes.DoubleType);
        Column key = config.idColumn().map(id -> org.apache.spark.sql.functions.xxhash64(col(quoted(id))))
                .orElse(org.apache.spark.sql.functions.xxhash64(features, label));
        // A cache keeps array<float> features as they are in the files (half the bytes of doubles, no cast as it is
        // filled); every phase reads them widened to doubles (#widened). Float to double is exact, so those doubles
        // are the ones a reader without a cache gives, and so is every hash of them (the held-out key above, the
        // selection split, the stored samples' priorities).
        boolean floatCache = persisted != null && sequence.flatFeatures().isEmpty() && config.featureArrayColumn()
                .map(name -> typeOf(raw.schema(), name))
                .filter(type -> type instanceof ArrayType array && array.elementType().equals(DataTypes.FloatType))
                .isPresent();
        List<Column> columns = new ArrayList<>(List.of(
                lit(date.toString()).as(TrainingRows.DATE),
                (floatCache ? col(quoted(config.featureArrayColumn().get())) : features).as(TrainingRows.FEATURES),
                label.as(TrainingRows.LABEL),
                key.as("_key"),
                sequence.steps().as(SequenceColumn.STEPS),
                sequence.minWidth().as(SequenceColumn.MIN_WIDTH),
                sequence.maxWidth().as(SequenceColumn.MAX_WIDTH)));
        if (priorities != null) {
            // The stored samples' priority of each row, hashed from its doubles as it is read (and kept in the
            // cache): the validation pass checks the cached floats without widening them, and the samples' draw
            // filters the cached rows by it before widening only the rows it keeps.
            columns.add(priorities.priority(lit(date.toString()), features, label));
        }
        Dataset<Row> rows = raw.select(columns.toArray(new Column[0]))
                .withColumn(TrainingRows.HOLDOUT,
                        expr("pmod(_key, " + HOLDOUT_BUCKETS + ") < "
                                + Math.round(config.holdoutFraction() * HOLDOUT_BUCKETS)))
                .drop("_key");
        if (persisted == null) {
            return asPhasesReadIt(validate(date, files, where, sequence, rows, expectedFeatures), false);
        }
        Dataset<Row> stored = rows.persist(cacheLevel(files.bytes(), freeStorage.getAsLong(), where));
        try {
            ValidatedPartition partition = validate(date, files, where, sequence, stored, expectedFeatures);
            persisted.add(stored);
            // The held-out rows in a cache of their own, filled by their first use (fusion's alpha choice or the
            // evaluation): the later passes over them (evaluation, the stored held-out sample's draw and write) read
            // them instead of decoding the whole partition's cache again (5-6 s a pass at 600 000 rows on disk).
            Dataset<Row> heldOut = partition.heldOutRows().persist(StorageLevel.MEMORY_AND_DISK_SER());
            persisted.add(heldOut);
            return asPhasesReadIt(partition.withHeldOutRows(heldOut), floatCache);
        } catch (RuntimeException e) {
            stored.unpersist(false);
            throw e;
        }
    }

    /**
     * {@code partition} as every phase reads it: features as {@code array<double>} (widened from a float cache;
     * float to double is exact) and without the samples' priority, which only the stored samples' draw reads
     * ({@link PartitionPriorities#trainingCandidates}, {@link PartitionPriorities#heldOutCandidates}).
     */
    private static ValidatedPartition asPhasesReadIt(ValidatedPartition partition, boolean floatCache) {
        PartitionPriorities lowest = partition.samplePriorities();
        return partition.withRows(widened(withoutPriority(partition.rows()), floatCache),
                widened(withoutPriority(partition.heldOutRows()), floatCache),
                lowest == null ? null : lowest.withCandidates(widened(partition.rows(), floatCache),
                        widened(partition.heldOutRows(), floatCache)));
    }

    private static Dataset<Row> withoutPriority(Dataset<Row> rows) {
        return rows.drop(PartitionPriorities.COLUMN);
    }

    /** The cached rows as every phase reads them: features as {@code array<double>}. */
    private static Dataset<Row> widened(Dataset<Row> cached, boolean floatCache) {
        return floatCache ? cached.withColumn(TrainingRows.FEATURES, col(TrainingRows.FEATURES).cast("array<double>"))
                : cached;
    }

    /**
     * Where a caching reader keeps a partition of {@code fileBytes}: serialised on the heap, spilling to disk, while
     * it is small against {@code freeStorage} (no partition is ever recomputed from its files); on local disk only
     * when larger ({@link #MEMORY_CACHE_SHARE}). Serialised blocks kept on the heap up to the whole storage memory
     * left too little contiguous heap for the Parquet reader: a 600 000-row update on a 4 GB driver failed with
     * OutOfMemoryError while filling the cache (bench/update-cost, 2026-11-30).
     */
    static StorageLevel cacheLevel(long fileBytes, long freeStorage, String where) {
        if (fileBytes > freeStorage * MEMORY_CACHE_SHARE) {
            LOG.info("{}: its files ({} MB) exceed a quarter of the executors' free storage memory ({} MB); its rows are"
                    + " cached on local disk only", where, fileBytes >> 20, freeStorage >> 20);
            return StorageLevel.DISK_ONLY();
        }
        return StorageLevel.MEMORY_AND_DISK_SER();
    }

    /** The validation pass (which fills the cache of a caching reader) and the checks on its counts. */
    private ValidatedPartition validate(LocalDate date, PartitionLayout.PartitionFiles files, String where,
                                        SequenceColumn sequence, Dataset<Row> rows, int expectedFeatures) {
        String invalidRow = badFeaturesSql() + " OR " + badLabelSql();
        Column[] stepStatistics = sequence.stepStatistics();
        // Each row's checks once, as columns, for the sums below that use them.
        Dataset<Row> checked = rows.withColumn("_bad_features", expr(badFeaturesSql()))
                .withColumn("_bad_label", expr(badLabelSql()));
        List<Column> aggregates = new ArrayList<>(List.of(
                expr("count(*)"),
                expr("sum(CASE WHEN _bad_features THEN 1 ELSE 0 END)"),
                expr("sum(CASE WHEN _bad_label THEN 1 ELSE 0 END)"),
                expr("min(CASE WHEN features IS NOT NULL THEN size(features) END)"),
                expr("max(CASE WHEN features IS NOT NULL THEN size(features) END)"),
                expr("sum(CASE WHEN holdout AND NOT (_bad_features OR _bad_label) THEN 1 ELSE 0 END)"),
                expr("sum(CASE WHEN _bad_features OR _bad_label THEN 1 ELSE 0 END)"),
                stepStatistics[0], stepStatistics[1], stepStatistics[2], stepStatistics[3],
                expr("max(CASE WHEN _bad_label THEN label END)")));
        int priorityFields = aggregates.size();   // where the samples' two aggregates land in the stats row
        if (priorities != null) {
            aggregates.addAll(List.of(priorities.columns("NOT (_bad_features OR _bad_label)")));
        }
        Row stats = readFully(() -> inOnePass(() -> checked.agg(aggregates.get(0),
                aggregates.subList(1, aggregates.size()).toArray(new Column[0])).first()), where);
        rows = rows.drop(SequenceColumn.STEPS, SequenceColumn.MIN_WIDTH, SequenceColumn.MAX_WIDTH);
        long total = stats.getLong(0);
        if (total == 0) {
            throw new DataContractException(where + " has files but no rows; it is empty."
                    + " Write the partition's rows or pick another --date.");
        }
        long invalidFeatures = stats.isNullAt(1) ? 0 : stats.getLong(1);
        long invalidLabels = stats.isNullAt(2) ? 0 : stats.getLong(2);
        if (config.invalidRows() == InvalidRowPolicy.FAIL) {
            if (invalidFeatures > 0) {
                throw new DataContractException(where + ": " + invalidFeatures + " of " + total + " rows have null,"
                        + " NaN or infinite values in feature column(s) " + featureNames() + ". Clean the data,"
                        + " or set data.invalid-rows = drop to drop and count them.");
            }
            if (invalidLabels > 0) {
                throw new DataContractException(where + ": " + invalidLabels + " of " + total + " rows have a label in"
                        + " column '" + config.labelColumn() + "' that is " + labelRule()
                        + (stats.isNullAt(11) ? "" : " (the largest is " + largest(stats.getDouble(11)) + ")")
                        + ". Fix the labels"
                        + (config.task() == Task.CLASSIFICATION ? " or data.num-classes" : "")
                        + ", or set data.invalid-rows = drop to drop and count them.");
            }
        }
        int timeSteps = sequence.checkedTimeSteps(stats, 7, where);
        int minLength = stats.isNullAt(3) ? 0 : stats.getInt(3);
        int maxLength = stats.isNullAt(4) ? 0 : stats.getInt(4);
        if (minLength != maxLength) {
            throw new DataContractException(where + ": feature arrays in column " + featureNames()
                    + " have lengths from " + minLength + " to " + maxLength + "; every row needs the same length.");
        }
        if (expectedFeatures > 0 && maxLength != expectedFeatures) {
            throw new DataContractException(where + ": rows have " + maxLength + " features but the model takes "
                    + expectedFeatures + ". Check data.features against the model in the store.");
        }
        long dropped = stats.isNullAt(6) ? 0 : stats.getLong(6);
        if (dropped > 0) {
            rows = rows.where("NOT (" + invalidRow + ")");
        }
        long heldOut = stats.isNullAt(5) ? 0 : stats.getLong(5);
        return new ValidatedPartition(date, files.path(), files.bytes(), total, dropped, heldOut, maxLength, rows,
                rows.where(TrainingRows.HOLDOUT), timeSteps,
                priorities == null ? null : priorities.of(stats, priorityFields));
    }

    /**
     * Runs {@code action} planned without adaptive query execution. With it, Spark 3.5 first fills a cache that a
     * query reads in a job of its own (a table-cache query stage) and then reads the cache back for the query: on a
     * 600 000-row partition cached on disk, that second pass was 10.8 s of the validation's 27.6 s (event log,
     * docs/performance.md). Planned without it, the validation's aggregation fills the cache as it reads the files.
     * The setting is the session's; it is restored at once, and the driver runs one action at a time.
     */
    private <T> T inOnePass(java.util.function.Supplier<T> action) {
        String key = "spark.sql.adaptive.enabled";
        String before = spark.conf().get(key);
        spark.conf().set(key, "false");
        try {
            return action.get();
        } finally {
            spark.conf().set(key, before);
        }
    }

    /**
     * Runs the first action over a partition's rows: where a data file turns out unreadable (a corrupt page, a
     * truncated file) the error names the partition and the file instead of ending the job as an internal error.
     */
    private static Row readFully(java.util.function.Supplier<Row> action, String where) {
        try {
            return action.get();
        } catch (Exception e) {
            // Scala throws SparkException (a checked exception) undeclared; only failures to read a file are the data's.
            if (!unreadableFile(e)) {
                throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            }
            java.util.regex.Matcher file = java.util.regex.Pattern.compile("reading file (\\S+?)\\.?(\\s|$)")
                    .matcher(String.valueOf(e.getMessage()));
            throw new DataContractException(where + " has a data file that cannot be read"
                    + (file.find() ? ": " + file.group(1) : "") + " (" + rootMessage(e) + "). Rewrite or remove"
                    + " the corrupt file and rerun.", e);
        }
    }

    private static boolean unreadableFile(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.IOException || t.getClass().getName().contains("ParquetDecodingException")
                    || String.valueOf(t.getMessage()).contains("reading file")) {
                return true;
            }
        }
        return false;
    }

    private static String largest(double label) {
        return label == Math.floor(label) && !Double.isInfinite(label) ? String.valueOf((long) label)
                : String.valueOf(label);
    }

    private Dataset<Row> load(String path, String where) {
        try {
            if (config.format() == DataFormat.CSV) {
                return spark.read().option("header", "true").option("inferSchema", "true").csv(path);
            }
            return spark.read().parquet(path);
        } catch (Exception e) {
            throw new DataContractException(where + " cannot be read as "
                    + config.format().name().toLowerCase(Locale.ROOT) + ": " + rootMessage(e)
                    + ". Check data.format and that the files are not corrupt.", e);
        }
    }

    private void checkSchema(StructType schema, String where) {
        List<String> problems = new ArrayList<>();
        config.featureArrayColumn().ifPresent(name -> {
            DataType type = typeOf(schema, name);
            if (type == null) {
                problems.add(missing(name, "data.features", schema));
            } else if (!SequenceColumn.isFeatureArray(type) && !SequenceColumn.isSequence(type)) {
                problems.add("column '" + name + "' (data.features) has type " + type.simpleString()
                        + ", expected array<float> or array<double>, or a sequence array<array<float>>");
            }
        });
        for (String name : config.featureColumns()) {
            DataType type = typeOf(schema, name);
            if (type == null) {
                problems.add(missing(name, "data.features", schema));
            } else if (!isNumeric(type)) {
                problems.add("column '" + name + "' (data.features) has type " + type.simpleString()
                        + ", expected a numeric type");
            }
        }
        DataType labelType = typeOf(schema, config.labelColumn());
        if (labelType == null) {
            problems.add(missing(config.labelColumn(), "data.label-column", schema));
        } else if (config.task() == Task.CLASSIFICATION && !isInteger(labelType)) {
            problems.add("column '" + config.labelColumn() + "' (data.label-column) has type "
                    + labelType.simpleString() + ", expected an integer class index (int or bigint)");
        } else if (config.task() == Task.REGRESSION && !isNumeric(labelType)) {
            problems.add("column '" + config.labelColumn() + "' (data.label-column) has type "
                    + labelType.simpleString() + ", expected a numeric type");
        }
        config.idColumn().ifPresent(name -> {
            if (typeOf(schema, name) == null) {
                problems.add(missing(name, "data.id-column", schema));
            }
        });
        if (!problems.isEmpty()) {
            throw new DataContractException(where + " does not match the config: " + String.join("; ", problems)
                    + ". Fix the data or the config keys named.");
        }
    }

    private static String missing(String name, String key, StructType schema) {
        return "column '" + name + "' (" + key + ") is missing; the partition has " + schema.simpleString();
    }

    private static DataType typeOf(StructType schema, String name) {
        for (StructField field : schema.fields()) {
            if (field.name().equals(name)) {
                return field.dataType();
            }
        }
        return null;
    }

    private static boolean isInteger(DataType type) {
        return type.equals(DataTypes.IntegerType) || type.equals(DataTypes.LongType)
                || type.equals(DataTypes.ShortType) || type.equals(DataTypes.ByteType);
    }

    private static boolean isNumeric(DataType type) {
        return isInteger(type) || type.equals(DataTypes.FloatType) || type.equals(DataTypes.DoubleType)
                || type instanceof DecimalType;
    }

    private Column featureArray() {
        if (config.featureArrayColumn().isPresent()) {
            return col(quoted(config.featureArrayColumn().get())).cast("array<double>");
        }
        Column[] columns = config.featureColumns().stream()
                .map(name -> col(quoted(name)).cast(DataTypes.DoubleType)).toArray(Column[]::new);
        return org.apache.spark.sql.functions.array(columns);
    }

    private String badFeaturesSql() {
        // Built-in array functions (compiled by whole-stage codegen) rather than exists(features, x -> ...), whose
        // lambda is interpreted per element, boxing it: NaN sorts above every number in array_max, which skips nulls.
        // A null element: array_contains is null exactly when nothing matches and the row holds a null (a row
        // holding NaN, which matches, is bad anyway); a plain loop over the elements as they are typed (the float NaN
        // literal takes the elements' type; the floats of a float cache are never widened here). It replaced
        // arrays_overlap, which boxes every element into a hash set, and size(array_compact(..)), a lambda.
        return "(features IS NULL OR array_contains(features, float('NaN')) IS NULL OR coalesce(isnan("
                + "array_max(features)) OR abs(array_max(features)) = double('inf') OR abs(array_min(features))"
                + " = double('inf'), false))";
    }

    private String badLabelSql() {
        if (config.task() == Task.CLASSIFICATION) {
            return "(label IS NULL OR label < 0 OR label >= " + config.numClasses() + " OR label != floor(label))";
        }
        return "(label IS NULL OR isnan(label) OR abs(label) = double('inf'))";
    }

    private String labelRule() {
        return config.task() == Task.CLASSIFICATION
                ? "null or outside 0.." + (config.numClasses() - 1) + " (data.num-classes = " + config.numClasses() + ")"
                : "null, NaN or infinite";
    }

    private String featureNames() {
        return config.featureArrayColumn().map(n -> "'" + n + "'").orElse(config.featureColumns().toString());
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }
}
