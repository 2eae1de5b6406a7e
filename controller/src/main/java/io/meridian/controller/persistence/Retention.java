package io.meridian.controller.persistence;

import io.meridian.controller.config.MeridianConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Deletes conferences that ended more than {@code meridian.retention} ago, with their decision logs, in batches.
 * Every replica runs it; the store's delete is safe to run concurrently (replicas take different rows).
 */
@ApplicationScoped
public class Retention {
    private static final Logger LOG = Logger.getLogger(Retention.class);
    /** Conferences deleted per statement: short transactions, no long lock on the table. */
    static final int BATCH = 500;

    private final ConferenceStore store;
    private final Clock clock;
    private final Duration retention;

    @Inject
    public Retention(ConferenceStore store, Clock clock, MeridianConfig config) {
        this(store, clock, config.retention());
    }

    /** Retention over given parts, for tests. */
    public Retention(ConferenceStore store, Clock clock, Duration retention) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("MERIDIAN_RETENTION must be positive, got " + retention);
        }
        this.store = store;
        this.clock = clock;
        this.retention = retention;
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledSweep() {
        sweep();
    }

    /** One sweep: deletes every conference ended before now − retention; returns how many. */
    public int sweep() {
        var cutoff = clock.instant().minus(retention);
        int total = 0;
        try {
            int deleted;
            do {
                deleted = store.forgetEnded(cutoff, BATCH);
                total += deleted;
            } while (deleted == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("retention sweep stopped after %d conferences: %s", total, e.getMessage());
        }
        if (total > 0) {
            LOG.infof("retention: deleted %d conferences ended before %s, with their decisions", total, cutoff);
        }
        return total;
    }
}
