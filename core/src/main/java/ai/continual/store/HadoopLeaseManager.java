package ai.continual.store;

import ai.continual.fault.CrashPoints;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writer leases as one small JSON file per model, {@code <root>/<model>/_lease.json}, on the store's FileSystem.
 * The holder rewrites it every third of its time-to-live (a daemon heartbeat thread), so a lease outlives a crashed
 * holder by at most one time-to-live; a lease whose holder is a process on this host that no longer runs is taken
 * over at once. Taking a lease is a create-no-overwrite (atomic locally and on HDFS; check-then-put on S3A).
 */
public final class HadoopLeaseManager implements LeaseManager {

    public static final String LEASE_FILE = "_lease.json";
    /** Time-to-live of a lease past its holder's last heartbeat when none is configured. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(HadoopLeaseManager.class);

    private final StoreFiles files;
    private final Duration ttl;
    private final String host = hostName();
    private final long pid = ProcessHandle.current().pid();

    HadoopLeaseManager(StoreFiles files, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new StoreException("The lease time-to-live must be positive, got " + ttl + "; e.g. --lease-ttl PT2M.");
        }
        this.files = files;
        this.ttl = ttl;
    }

    private Path leasePath(String model) {
        return new Path(HadoopModelStore.modelDir(files.root, model), LEASE_FILE);
    }

    @Override
    public Optional<LeaseRecord> current(String model) {
        Path path = leasePath(model);
        try {
            return files.readJson(path, LeaseRecord.class);
        } catch (IOException e) {
            // A lease file that does not parse was written by something else; treat it as held until its
            // modification time plus the time-to-live, so that it can still be taken over.
            try {
                Instant modified = Instant.ofEpochMilli(files.fs.getFileStatus(path).getModificationTime());
                return Optional.of(new LeaseRecord("unknown (unreadable lease file)", null, 0, "unknown",
                        modified.toString(), modified.toString(), modified.plus(ttl).toString()));
            } catch (FileNotFoundException gone) {
                return Optional.empty();
            } catch (IOException again) {
                throw files.failure("Cannot read the lease", path, again);
            }
        }
    }

    /** Why {@code held} may be taken over now, or empty when it is live. */
    private Optional<String> stale(LeaseRecord held, Instant now) {
        if (held.expiredAt(now)) {
            return Optional.of("expired " + held.expiresAt());
        }
        if (host.equals(held.host()) && held.pid() > 0 && held.pid() != pid
                && ProcessHandle.of(held.pid()).map(p -> !p.isAlive()).orElse(true)) {
            return Optional.of("its process " + held.pid() + " on " + host + " is no longer running");
        }
        return Optional.empty();
    }

    @Override
    public WriterLease acquire(String model, String purpose) {
        Path path = leasePath(model);
        String owner = host + "/pid-" + pid + "/" + UUID.randomUUID().toString().substring(0, 8);
        for (int attempt = 0; attempt < 3; attempt++) {
            Instant now = Instant.now();
            LeaseRecord record = new LeaseRecord(owner, host, pid, purpose, now.toString(), now.toString(),
                    now.plus(ttl).toString());
            try {
                files.fs.mkdirs(path.getParent());
                files.publish(path, StoreFiles.JSON.writeValueAsBytes(record), false, "lease.before-publish");
                CrashPoints.reach("lease.acquired");
                LOG.info("Took the writer lease of '{}' until {} (renewed every {} s)", model, record.expiresAt(),
                        heartbeat().toSeconds());
                return new HeldLease(model, path, record);
            } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
                Optional<LeaseRecord> existing = current(model);
                if (existing.isEmpty()) {
                    continue;
                }
                LeaseRecord held = existing.get();
                Optional<String> stale = stale(held, now);
                if (stale.isEmpty()) {
                    throw new LeaseHeldException("Model '" + model + "' is being written by " + held.describe()
                            + "; lease " + files.where(path) + ". Wait for that run to finish (its lease expires "
                            + ttl.toSeconds() + " s after its last heartbeat if it died), or, once you are sure it is"
                            + " not running, 'models unlock --force'.");
                }
                takeOver(path, held, stale.get());
            } catch (IOException e) {
                throw files.failure("Cannot write the lease", path, e);
            }
        }
        throw new LeaseHeldException("Could not take the writer lease " + files.where(path)
                + " after 3 attempts: other writers are racing for it. Retry later.");
    }

    private Duration heartbeat() {
        return ttl.dividedBy(3).isZero() ? Duration.ofMillis(1) : ttl.dividedBy(3);
    }

    /** Moves a stale lease aside; of several takers only one rename succeeds (on HDFS and locally). */
    private void takeOver(Path path, LeaseRecord stale, String why) {
        Path aside = new Path(path.getParent(), "._lease.stale-" + UUID.randomUUID() + ".tmp");
        try {
            if (files.fs.rename(path, aside)) {
                files.fs.delete(aside, false);
                LOG.warn("Took over the writer lease of {}: {}", stale.owner(), why);
            }
        } catch (FileNotFoundException e) {
            // Someone else moved it first; the next attempt sees their lease.
        } catch (IOException e) {
            throw files.failure("Cannot take over the stale lease", path, e);
        }
    }

    @Override
    public Optional<LeaseRecord> unlock(String model, boolean force) {
        Path path = leasePath(model);
        Optional<LeaseRecord> held = current(model);
        if (held.isEmpty()) {
            return held;
        }
        Optional<String> stale = stale(held.get(), Instant.now());
        if (stale.isEmpty() && !force) {
            throw new LeaseHeldException("The lease " + files.where(path) + " is live: held by " + held.get().describe()
                    + ". Stop that run first; pass --force only if you are sure it is not running (e.g. its host is"
                    + " gone).");
        }
        try {
            files.fs.delete(path, false);
        } catch (IOException e) {
            throw files.failure("Cannot remove the lease", path, e);
        }
        LOG.warn("Removed the writer lease of '{}' held by {} ({})", model, held.get().describe(),
                stale.orElse("forced"));
        return held;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    /** The lease taken by this process, renewed by a daemon thread until closed. */
    private final class HeldLease implements WriterLease {
        private final String model;
        private final Path path;
        private final LeaseRecord record;
        private final ScheduledExecutorService heartbeat;
        private volatile Instant validUntil;
        private volatile String lost;
        private boolean released;

        HeldLease(String model, Path path, LeaseRecord record) {
            this.model = model;
            this.path = path;
            this.record = record;
            this.validUntil = Instant.parse(record.expiresAt());
            this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "lease-heartbeat-" + model);
                t.setDaemon(true);
                return t;
            });
            long period = heartbeat().toMillis();
            heartbeat.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
        }

        @Override
        public LeaseRecord record() {
            return record;
        }

        private void renew() {
            if (lost != null) {
                return;
            }
            Instant now = Instant.now();
            try {
                CrashPoints.reach("lease.renew.before-read");
                Optional<LeaseRecord> current = current(model);
                if (current.isEmpty() || !current.get().owner().equals(record.owner())) {
                    lost = "the lease was taken over by " + current.map(LeaseRecord::describe).orElse("nobody (removed)");
                    LOG.error("Lost the writer lease of '{}': {}", model, lost);
                    return;
                }
                Instant until = now.plus(ttl);
                files.publish(path, StoreFiles.JSON.writeValueAsBytes(current.get().renewed(now, until)), true,
                        "lease.renew.before-publish");
                CrashPoints.reach("lease.renew.after-publish");
                validUntil = until;
                LOG.debug("Renewed the writer lease of '{}' until {}", model, until);
            } catch (IOException | RuntimeException e) {
                if (now.isAfter(validUntil)) {
                    lost = "it could not be renewed before it expired at " + validUntil + ": " + e.getMessage();
                    LOG.error("Lost the writer lease of '{}': {}", model, lost);
                } else {
                    LOG.warn("Could not renew the writer lease of '{}' (valid until {}): {}", model, validUntil,
                            e.getMessage());
                }
            }
        }

        @Override
        public void ensureHeld() {
            if (lost == null && Instant.now().isAfter(validUntil)) {
                lost = "its last renewal was due before " + validUntil;
            }
            if (lost != null) {
                throw new LeaseHeldException("This run no longer holds the writer lease of '" + model + "': " + lost
                        + ". Nothing more is written; rerun once the other writer is done.");
            }
        }

        @Override
        public synchronized void close() {
            if (released) {
                return;
            }
            released = true;
            heartbeat.shutdownNow();
            try {
                heartbeat.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Optional<LeaseRecord> current = current(model);
            if (current.isPresent() && current.get().owner().equals(record.owner())) {
                try {
                    files.fs.delete(path, false);
                    LOG.info("Released the writer lease of '{}'", model);
                } catch (IOException e) {
                    throw files.failure("Cannot release the lease", path, e);
                }
            } else {
                LOG.warn("The writer lease of '{}' was taken over by {} while this run held it",
                        model, current.map(LeaseRecord::owner).orElse("nobody"));
            }
        }
    }
}
