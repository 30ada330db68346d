package ai.continual.tools.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A generated multivariate series for the sequence sample: a machine with three sensor channels runs in one
 * of four states (0 idle, 1 normal, 2 overload, 3 fault), each state a sine per channel with its own
 * frequency, amplitude and offset, plus Gaussian noise (sd 0.3) and a random phase. A row is one window of
 * {@link #STEPS} consecutive readings, labelled with the state it was recorded in. The sensors age from one
 * date to the next: every frequency rises by 3 % and every offset by 0.05 per day, so later dates drift away
 * from the first one, which is what the nightly updates have to follow.
 */
final class SensorWindows {

    static final int STEPS = 24;
    static final int CHANNELS = 3;
    static final int STATES = 4;

    /** Cycles per step, per state and channel. */
    private static final double[][] FREQUENCY = {
        {0.02, 0.02, 0.02}, {0.08, 0.05, 0.03}, {0.15, 0.05, 0.08}, {0.08, 0.20, 0.03}};
    private static final double[][] AMPLITUDE = {
        {0.2, 0.2, 0.2}, {1.0, 0.8, 0.5}, {1.5, 0.8, 1.2}, {1.0, 0.6, 0.5}};
    private static final double[][] OFFSET = {
        {0.0, 0.0, 0.0}, {0.5, 0.3, 0.2}, {1.0, 0.3, 0.8}, {0.5, -0.5, 0.2}};
    private static final double NOISE = 0.3;

    static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("id", DataTypes.StringType, false),
        DataTypes.createStructField("window", DataTypes.createArrayType(
                DataTypes.createArrayType(DataTypes.FloatType, false), false), false),
        DataTypes.createStructField("state", DataTypes.IntegerType, false)});

    private SensorWindows() {}

    /** {@code rows} windows of day {@code day} (0 = first date), states drawn uniformly. */
    static List<Row> day(int day, int rows, Random random) {
        List<Row> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            int state = random.nextInt(STATES);
            double phase = random.nextDouble() * 2 * Math.PI;
            List<List<Float>> window = new ArrayList<>(STEPS);
            for (int t = 0; t < STEPS; t++) {
                List<Float> reading = new ArrayList<>(CHANNELS);
                for (int c = 0; c < CHANNELS; c++) {
                    double frequency = FREQUENCY[state][c] * (1 + 0.03 * day);
                    double value = AMPLITUDE[state][c] * Math.sin(2 * Math.PI * frequency * t + phase)
                            + OFFSET[state][c] + 0.05 * day + NOISE * random.nextGaussian();
                    reading.add((float) value);
                }
                window.add(reading);
            }
            out.add(RowFactory.create("d" + day + "-" + r, window, state));
        }
        return out;
    }
}
