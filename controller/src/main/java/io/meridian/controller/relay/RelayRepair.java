package io.meridian.controller.relay;

import io.meridian.controller.config.MeridianConfig;
import io.meridian.controller.persistence.ConferenceStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps the relay links the store lists open: every {@code MERIDIAN_AGENT_RELAY_REPAIR_INTERVAL} it claims the
 * links due for another attempt — FAILED ones, ones stuck OPENING past an attempt's longest time, and those of an
 * agent that reconnected (it may have restarted without them) — and opens them again with fresh keys. The store
 * spaces a link's attempts exponentially ({@code MERIDIAN_AGENT_RELAY_MAX_BACKOFF} at most) and hands each due link
 * to one replica only, so two replicas never re-key a link at once.
 */
@ApplicationScoped
public class RelayRepair {
    private static final Logger LOG = Logger.getLogger(RelayRepair.class);
    /** Links re-opened per pass: a reconnecting agent's thousand links are spread over several passes. */
    static final int BATCH = 100;

    private final ConferenceStore store;
    private final RelayCoordinator relays;
    private final Clock clock;
    /** An attempt's longest time: every command attempt timed out, plus a second. */
    private final Duration stuckAfter;
    private final Duration maxBackoff;
    private final Counter attempts;

    @Inject
    public RelayRepair(ConferenceStore store, RelayCoordinator relays, Clock clock, MeridianConfig config,
            MeterRegistry meters) {
        this.store = store;
        this.relays = relays;
        this.clock = clock;
        MeridianConfig.Agent agent = config.agent();
        this.stuckAfter = agent.commandTimeout().multipliedBy(agent.commandAttempts()).plusSeconds(1);
        this.maxBackoff = agent.relayMaxBackoff();
        this.attempts = Counter.builder("meridian.relay.repairs")
                .description("Attempts to open again a relay link that failed, was stuck opening or lost its agent")
                .register(meters);
    }

    @Scheduled(every = "${meridian.agent.relay-repair-interval:2s}", delayed = "5s", identity = "relay-repair",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void repair() {
        List<ConferenceStore.RelayRetry> due;
        try {
            due = store.claimRelayRetries(clock.instant(), stuckAfter, maxBackoff, BATCH);
        } catch (RuntimeException e) {
            LOG.debugf("relay repair skipped: %s", e.getMessage()); // the store is down; the next pass retries
            return;
        }
        for (ConferenceStore.RelayRetry retry : due) {
            attempts.increment();
            LOG.infof("relay %s⇄%s of %s: opening it again (attempt %d)", retry.link().fromAgentId(),
                    retry.link().toAgentId(), retry.conferenceId(), retry.attempt());
            relays.reopen(retry.conferenceId(), retry.link());
        }
    }
}
