package ai.continual.job.replay;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Per group of a sample's candidates: how many rows it has and its {@code bound} lowest priorities, built on the
 * executors in one pass and merged on the driver. The quota-th lowest priority of a group is the cut below which
 * its sample lies, so drawing the sample needs no sort of all candidates. One priority beyond the bound is kept
 * per group, so a tie at a cut (two rows of the same priority on both sides of it) is seen. (A plain class: Kryo
 * cannot build records; public only for the encoder of {@link PartitionPriorities}.)
 */
public final class LowestPriorities implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Room for a group's first priorities. */
    private static final int INITIAL = 64;

    private final int bound;
    private final HashMap<String, long[]> lowest = new HashMap<>();
    private final HashMap<String, Integer> filled = new HashMap<>();
    private final HashMap<String, Long> counts = new HashMap<>();

    /** Keeps the {@code bound} lowest priorities of each group and the next one (to see a tie at the bound). */
    LowestPriorities(int bound) {
        this.bound = Math.max(1, bound) + 1;
    }

    /** Adds one row of {@code group} with {@code priority}. */
    void add(String group, long priority) {
        counts.merge(group, 1L, Long::sum);
        // Grown as rows come (a group of few rows holds few), up to twice the bound.
        long[] values = lowest.computeIfAbsent(group, g -> new long[Math.min(INITIAL, 2 * bound)]);
        int n = filled.getOrDefault(group, 0);
        if (n == values.length && values.length < 2 * bound) {
            values = Arrays.copyOf(values, (int) Math.min(2L * bound, 2L * values.length + INITIAL));
            lowest.put(group, values);
        } else if (n == values.length) {
            Arrays.sort(values);
            n = bound;   // keeps the bound lowest; amortised O(log bound) per row
        }
        values[n] = priority;
        filled.put(group, n + 1);
    }

    /** This, with each group's priorities sorted and cut to the bound (what travels to the driver). */
    LowestPriorities compact() {
        for (Map.Entry<String, long[]> entry : lowest.entrySet()) {
            long[] values = Arrays.copyOf(entry.getValue(), filled.get(entry.getKey()));
            Arrays.sort(values);
            long[] kept = Arrays.copyOf(values, Math.min(values.length, bound));
            entry.setValue(kept);
            filled.put(entry.getKey(), kept.length);
        }
        return this;
    }

    /** Adds {@code other} into this and returns this. */
    LowestPriorities merge(LowestPriorities other) {
        if (other.bound != bound) {
            throw new IllegalArgumentException("Cannot merge the lowest " + (other.bound - 1) + " priorities into the lowest "
                    + (bound - 1));
        }
        compact();
        other.compact();
        other.counts.forEach((group, n) -> counts.merge(group, n, Long::sum));
        other.lowest.forEach((group, values) -> {
            long[] mine = lowest.getOrDefault(group, new long[0]);
            long[] both = Arrays.copyOf(mine, mine.length + values.length);
            System.arraycopy(values, 0, both, mine.length, values.length);
            Arrays.sort(both);
            long[] kept = Arrays.copyOf(both, Math.min(both.length, bound));
            lowest.put(group, kept);
            filled.put(group, kept.length);
        });
        return this;
    }

    /**
     * This, compacted, as bytes that {@link #fromBytes} reads back: the aggregate's result. A plain layout rather
     * than Java serialisation, whose reader resolves classes through its own class loader and so cannot see the
     * job's classes under spark-submit (they live in a child loader).
     */
    byte[] toBytes() {
        compact();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(bound);
            out.writeInt(counts.size());
            for (Map.Entry<String, Long> group : new TreeMap<>(counts).entrySet()) {
                out.writeUTF(group.getKey());
                out.writeLong(group.getValue());
                long[] values = lowest.get(group.getKey());
                out.writeInt(values.length);
                for (long value : values) {
                    out.writeLong(value);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** What {@link #toBytes} wrote. */
    static LowestPriorities fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            LowestPriorities read = new LowestPriorities(in.readInt() - 1);
            int groups = in.readInt();
            for (int g = 0; g < groups; g++) {
                String group = in.readUTF();
                read.counts.put(group, in.readLong());
                long[] values = new long[in.readInt()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.readLong();
                }
                read.lowest.put(group, values);
                read.filled.put(group, values.length);
            }
            return read;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lowest priorities kept of {@code group}, sorted: its bound lowest and the next (all, when fewer). */
    long[] sortedLowest(String group) {
        long[] values = lowest.get(group);
        if (values == null) {
            return new long[0];
        }
        long[] sorted = Arrays.copyOf(values, filled.get(group));
        Arrays.sort(sorted);
        return Arrays.copyOf(sorted, Math.min(sorted.length, bound));
    }

    /** Rows per group. */
    Map<String, Long> counts() {
        return new TreeMap<>(counts);
    }

    /**
     * True when keeping the rows of {@code group} at or below its {@link #threshold} keeps exactly
     * {@code min(quota, rows)} rows: no row above the cut shares the cut's priority. False when it cannot be told.
     */
    boolean cutIsExact(String group, long quota) {
        long rows = counts.getOrDefault(group, 0L);
        if (quota <= 0 || quota >= rows) {
            return true;   // nothing or everything is kept
        }
        long[] values = lowest.get(group);
        return quota < values.length && values[(int) quota - 1] != values[(int) quota];
    }

    /**
     * The priority at or below which the {@code quota} lowest rows of {@code group} lie; empty when the group
     * keeps all its rows (or the quota is beyond the bound kept, when every row stays a candidate).
     */
    OptionalLong threshold(String group, long quota) {
        long[] values = lowest.get(group);
        if (values == null || quota <= 0 || quota >= counts.getOrDefault(group, 0L) || quota > values.length) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(values[(int) quota - 1]);
    }
}
