package io.meridian.controller.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meridian.controller.join.DecisionJson;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The console's live feed: the current snapshot, versioned, re-published when it changes. While someone watches,
 * it is rebuilt every {@link #POLL_MS} ms (agents' reports arrive every second) and soon after a join or leave on
 * this replica, but never more often than every {@link #MIN_INTERVAL_MS} ms.
 */
@Singleton
public class FleetFeed {
    private static final Logger LOG = Logger.getLogger(FleetFeed.class);
    static final long POLL_MS = 1000;
    static final long MIN_INTERVAL_MS = 250;

    private final FleetSnapshots snapshots;
    private final Clock clock;
    private final BroadcastProcessor<String> broadcast = BroadcastProcessor.create();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "meridian-console-feed");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger watchers = new AtomicInteger();
    private final AtomicBoolean pending = new AtomicBoolean();
    private ObjectNode lastContent;
    private String lastText;
    private long version;
    private long lastPublishedAt;

    @Inject
    public FleetFeed(FleetSnapshots snapshots, Clock clock) {
        this.snapshots = snapshots;
        this.clock = clock;
        executor.scheduleWithFixedDelay(this::pollIfWatched, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }

    /** The current snapshot as JSON text (rebuilt now). */
    public synchronized String current() {
        refresh();
        return lastText;
    }

    /** The current snapshot, then every new one, as long as the subscriber stays. */
    public Multi<String> events() {
        return Multi.createBy().concatenating()
                // The first snapshot may read the store: not on the event loop.
                .streams(Multi.createFrom().item(this::current)
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()), broadcast)
                .onSubscription().invoke(() -> watchers.incrementAndGet())
                .onTermination().invoke(() -> watchers.decrementAndGet());
    }

    void onTouched(@Observes ConferenceTouched event) {
        if (watchers.get() > 0 && pending.compareAndSet(false, true)) {
            long wait = Math.max(0, lastPublishedAt + MIN_INTERVAL_MS - clock.millis());
            executor.schedule(this::publishPending, wait, TimeUnit.MILLISECONDS);
        }
    }

    private void publishPending() {
        pending.set(false);
        pollIfWatched();
    }

    private void pollIfWatched() {
        if (watchers.get() <= 0) {
            return;
        }
        try {
            String before;
            String after;
            synchronized (this) {
                before = lastText;
                refresh();
                after = lastText;
            }
            if (after != null && !after.equals(before)) {
                broadcast.onNext(after);
            }
        } catch (RuntimeException e) {
            LOG.warnf("console snapshot failed: %s", e.getMessage());
        }
    }

    /** Rebuilds; a new version only when the content changed. */
    private void refresh() {
        ObjectNode content = snapshots.build();
        if (lastText == null || !content.equals(lastContent)) {
            lastContent = content.deepCopy();
            version++;
            content.put("version", version);
            content.put("generatedAt", clock.instant().toString());
            lastText = DecisionJson.text(content);
            lastPublishedAt = clock.millis();
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
        broadcast.onComplete();
    }
}
