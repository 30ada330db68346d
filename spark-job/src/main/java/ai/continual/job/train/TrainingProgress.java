package ai.continual.job.train;

import java.util.HashSet;
import java.util.Set;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;

/**
 * Progress of one distributed fit, logged on the driver per averaging round (at most one line per
 * {@link #DEFAULT_INTERVAL_MS}, and always the last round of an epoch) and per epoch, with the examples done,
 * the rate and an ETA. The in-memory engine reports each round itself ({@link #roundDone}). Under
 * {@code dl4j-export}, DL4J's listeners run on the executors and bring nothing back, so rounds are counted
 * here as the Spark jobs that aggregate the workers' parameters ({@code treeAggregate}), one per round;
 * rounds per epoch are estimated from the Export layout (batches of {@code batchSize} per file,
 * {@code workers x averagingFrequency} files per round) until the first epoch has counted them.
 */
public final class TrainingProgress extends SparkListener {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingProgress.class);

    /** Shortest time between two round lines (a round can take milliseconds on small data). */
    public static final long DEFAULT_INTERVAL_MS = 2_000;

    private final int epochs;
    private long examplesPerEpoch;
    private final long intervalMs;
    private long lastLineMs = Long.MIN_VALUE / 2;
    private final long rowsPerRound;
    private final long startNanos = System.nanoTime();
    private final Set<Integer> averagingJobs = new HashSet<>();
    private int roundsPerEpoch;
    private boolean roundsMeasured;
    private int completedEpochs;
    private int roundsThisEpoch;

    /**
     * @param examplesPerEpoch examples in one epoch, 0 if unknown (rows are then not reported)
     */
    public TrainingProgress(int epochs, long examplesPerEpoch, int batchSize, int workers, int averagingFrequency) {
        this(epochs, examplesPerEpoch, batchSize, workers, averagingFrequency, DEFAULT_INTERVAL_MS);
    }

    /** As above, with at least {@code intervalMs} between two round lines (0 = a line per round). */
    TrainingProgress(int epochs, long examplesPerEpoch, int batchSize, int workers, int averagingFrequency,
                     long intervalMs) {
        this.intervalMs = intervalMs;
        this.epochs = epochs;
        this.examplesPerEpoch = examplesPerEpoch;
        this.rowsPerRound = (long) batchSize * workers * averagingFrequency;
        this.roundsPerEpoch = estimatedRounds(examplesPerEpoch, batchSize, workers, averagingFrequency);
    }

    /** Averaging rounds of one epoch under the Export approach; at least 1. */
    static int estimatedRounds(long examples, int batchSize, int workers, int averagingFrequency) {
        long batches = (examples + batchSize - 1) / batchSize;
        long perRound = (long) workers * averagingFrequency;
        return (int) Math.max(1, (batches + perRound - 1) / perRound);
    }

    /** Remaining time when {@code fractionDone} of the work took {@code elapsedMs}; -1 before any progress. */
    static long etaMillis(long elapsedMs, double fractionDone) {
        if (fractionDone <= 0) {
            return -1;
        }
        return Math.round(elapsedMs * (1 - Math.min(1, fractionDone)) / Math.min(1, fractionDone));
    }

    /** "1h02m", "3m05s", "42s", or "?" for an unknown duration. */
    static String duration(long millis) {
        if (millis < 0) {
            return "?";
        }
        long s = Math.round(millis / 1000.0);
        if (s >= 3600) {
            return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart jobStart) {
        for (StageInfo stage : JavaConverters.seqAsJavaList(jobStart.stageInfos())) {
            if (stage.name().startsWith("treeAggregate")) {
                averagingJobs.add(jobStart.jobId());
                return;
            }
        }
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd jobEnd) {
        if (!averagingJobs.remove(jobEnd.jobId())) {
            return;
        }
        roundsThisEpoch++;
        if (!roundsMeasured && roundsThisEpoch > roundsPerEpoch) {
            roundsPerEpoch = roundsThisEpoch;
        }
        long examplesThisEpoch = examplesPerEpoch > 0 ? Math.min(examplesPerEpoch, roundsThisEpoch * rowsPerRound) : 0;
        logRound(roundsThisEpoch, (roundsMeasured ? "" : "~") + roundsPerEpoch,
                Math.min(1.0, (double) roundsThisEpoch / roundsPerEpoch), examplesThisEpoch, "~");
    }

    /**
     * Called by the in-memory engine after each averaging round: {@code round} of {@code rounds} in this epoch,
     * {@code examplesThisEpoch} of the epoch's {@code examplesPerEpoch} fitted so far (exact counts).
     */
    public synchronized void roundDone(int round, int rounds, long examplesThisEpoch, long examplesPerEpoch) {
        this.examplesPerEpoch = examplesPerEpoch;
        roundsPerEpoch = rounds;
        roundsMeasured = true;
        double epochFraction = examplesPerEpoch > 0 ? (double) examplesThisEpoch / examplesPerEpoch
                : (double) round / rounds;
        logRound(round, String.valueOf(rounds), epochFraction, examplesThisEpoch, "");
    }

    /** One round line, unless one was logged less than the interval ago (the epoch's last round always logs). */
    private void logRound(int round, String rounds, double epochFraction, long examplesThisEpoch, String approx) {
        long elapsed = elapsedMillis();
        if (epochFraction < 1 && elapsed - lastLineMs < intervalMs) {
            return;
        }
        lastLineMs = elapsed;
        double fraction = (completedEpochs + Math.min(1.0, epochFraction)) / epochs;
        long examplesDone = completedEpochs * Math.max(0, examplesPerEpoch) + examplesThisEpoch;
        LOG.info("Epoch {}/{}, averaging round {}/{}: {}{}% of training, {} examples/s, elapsed {}, ETA {}",
                completedEpochs + 1, epochs, round, rounds,
                examplesPerEpoch > 0 ? approx + examplesThisEpoch + "/" + examplesPerEpoch + " examples of this epoch, "
                        : "",
                Math.round(fraction * 100), examplesPerEpoch > 0 ? Math.round(examplesDone * 1000.0 / Math.max(1, elapsed))
                        : "?", duration(elapsed), duration(etaMillis(elapsed, fraction)));
    }

    /** Called by the trainer when an epoch's fit returned. */
    public synchronized void epochDone(double score) {
        completedEpochs++;
        if (!roundsMeasured && roundsThisEpoch > 0) {
            roundsPerEpoch = roundsThisEpoch;
            roundsMeasured = true;
        }
        roundsThisEpoch = 0;
        long elapsed = elapsedMillis();
        LOG.info("Epoch {}/{} done, score {}{}, elapsed {}, ETA {}", completedEpochs, epochs,
                String.format("%.5f", score),
                examplesPerEpoch > 0 ? ", " + completedEpochs * examplesPerEpoch + "/" + epochs * examplesPerEpoch
                        + " examples" : "",
                duration(elapsed), duration(etaMillis(elapsed, (double) completedEpochs / epochs)));
    }

    private long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
