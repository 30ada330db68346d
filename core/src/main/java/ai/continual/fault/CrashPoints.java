package ai.continual.fault;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named points of an update where the crash-safety test kills the driver. When the system property
 * {@code continual.crash-at} names a point, the JVM halts there at once (no shutdown hooks, no
 * finally blocks, like SIGKILL); otherwise {@link #reach} does nothing. Used only by
 * {@code submit-scripts/crash-test.sh}.
 */
public final class CrashPoints {

    /** System property naming the point to die at. */
    public static final String PROPERTY = "continual.crash-at";
    /** Exit status of a halted driver, the same as a process killed by SIGKILL. */
    public static final int HALT_STATUS = 137;

    private static final Logger LOG = LoggerFactory.getLogger(CrashPoints.class);

    private CrashPoints() {}

    /** Halts the JVM if {@code point} is the configured crash point. */
    public static void reach(String point) {
        String target = System.getProperty(PROPERTY);
        if (target != null && target.equals(point)) {
            LOG.warn("Crash point '{}' reached: halting the JVM", point);
            System.err.println("CRASH-POINT " + point);
            System.err.flush();
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }
}
