package io.meridian.controller.join;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meridian.controller.config.MeridianConfig;
import io.meridian.controller.fleet.AgentPresence;
import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.fleet.AgentStateChanged;
import io.meridian.controller.persistence.ConferenceChange;
import io.meridian.controller.persistence.ConferenceStore;
import io.meridian.controller.persistence.ConferenceView;
import io.meridian.controller.persistence.DecisionRecord;
import io.meridian.controller.relay.RelayCoordinator;
import io.meridian.placement.AgentState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * When an agent goes DOWN (its stream ended, or its reports stopped), removes it from every conference it hosts
 * part of: its participants leave (each logged as an {@code evicted} decision with rule {@code agentDown}, so
 * that rejoining they are placed again on a live agent), the agent drops out, and the conference's other agents
 * are told to close their relay links to it. Each conference is re-checked under its lock: an agent that
 * reconnected meanwhile (and re-announced what it hosts) is left alone. Idempotent, so every replica that sees
 * the agent die may run it; the first one does the work.
 *
 * <p>With several replicas, a replica that lost its own stream evicts only when no other replica saw the agent
 * within the down-timeout ({@link AgentPresence}); otherwise the agent is deferred and re-checked every
 * {@link #RECHECK}, until it reconnects here or every replica has lost it.
 */
@ApplicationScoped
public class AgentFailover {
    private static final Logger LOG = Logger.getLogger(AgentFailover.class);
    /** The decision-log rule of an eviction. */
    public static final String RULE = "agentDown";
    /** How often deferred agents (DOWN here, seen elsewhere) are looked at again. */
    static final String RECHECK = "2s";

    private final ConferenceStore store;
    private final AgentRegistry registry;
    private final RelayCoordinator relays;
    private final Clock clock;
    private final Counter evicted;
    private final AgentPresence presence;
    private final Duration downTimeout;
    /** Agents DOWN here but seen by another replica: agent id → why they went DOWN here. */
    private final ConcurrentHashMap<String, String> deferred = new ConcurrentHashMap<>();
    /** One thread: failovers are rare, and in order per agent. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "meridian-failover");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public AgentFailover(ConferenceStore store, AgentRegistry registry, RelayCoordinator relays, Clock clock,
            MeterRegistry meters, AgentPresence presence, MeridianConfig config) {
        this.presence = presence;
        this.downTimeout = config.agent().downTimeout();
        this.store = store;
        this.registry = registry;
        this.relays = relays;
        this.clock = clock;
        this.evicted = Counter.builder("meridian.participants.evicted")
                .description("Participants removed from conferences because their agent went down")
                .register(meters);
    }

    void onAgentState(@Observes AgentStateChanged changed) {
        if (changed.state() != AgentState.DOWN) {
            return;
        }
        try {
            worker.execute(() -> failover(changed.agentId(), changed.reason()));
        } catch (RejectedExecutionException e) {
            LOG.debugf("agent %s DOWN during shutdown: no failover", changed.agentId());
        }
    }

    /** Looks again at deferred agents: back here → forgotten; lost by every replica → failed over. */
    @Scheduled(every = RECHECK, identity = "agent-failover-recheck")
    void recheckDeferred() {
        for (var entry : List.copyOf(deferred.entrySet())) {
            String agentId = entry.getKey();
            if (!stillDown(agentId)) {
                deferred.remove(agentId);
            } else if (!presence.seenElsewhere(agentId, downTimeout)) {
                deferred.remove(agentId);
                try {
                    worker.execute(() -> failover(agentId, entry.getValue()));
                } catch (RejectedExecutionException e) {
                    return;
                }
            }
        }
    }

    /** Agents DOWN here that another replica still sees, so not evicted. */
    public java.util.Set<String> deferred() {
        return java.util.Set.copyOf(deferred.keySet());
    }

    /**
     * Removes the agent from each of its conferences, if it is still DOWN when that conference is locked — unless
     * another replica still sees it, then it is deferred.
     */
    void failover(String agentId, String reason) {
        if (presence.seenElsewhere(agentId, downTimeout)) {
            if (deferred.put(agentId, reason) == null) {
                LOG.infof("agent %s DOWN here (%s) but another controller replica still hears it: not evicting",
                        agentId, reason);
            }
            return;
        }
        List<String> conferences;
        try {
            conferences = store.conferencesOf(agentId);
        } catch (RuntimeException e) {
            LOG.errorf(e, "agent %s DOWN: listing its conferences failed; its participants stay until they leave",
                    agentId);
            return;
        }
        for (String conferenceId : conferences) {
            try {
                ConferenceChange change = store.evict(conferenceId, agentId,
                        (after, removal) -> stillDown(agentId)
                                ? Optional.of(log(conferenceId, agentId, reason, after, removal))
                                : Optional.empty());
                if (change.isEmpty()) {
                    continue;
                }
                evicted.increment(change.removedParticipants().size());
                LOG.infof("agent %s DOWN (%s): removed from conference %s with its participants %s; closing relays"
                        + " %s", agentId, reason, conferenceId, change.removedParticipants(), change.removedLinks()
                        .stream().map(l -> l.fromAgentId() + "⇄" + l.toAgentId()).toList());
                if (!change.removedLinks().isEmpty()) {
                    relays.close(conferenceId, change.removedLinks());
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "agent %s DOWN: removing it from conference %s failed", agentId, conferenceId);
            }
        }
    }

    private boolean stillDown(String agentId) {
        return registry.agent(agentId).map(a -> a.state() == AgentState.DOWN).orElse(true);
    }

    private List<DecisionRecord> log(String conferenceId, String agentId, String reason, ConferenceView after,
            ConferenceChange change) {
        Instant now = clock.instant();
        String region = registry.agent(agentId).map(a -> a.region()).orElse(null);
        List<DecisionRecord> records = new ArrayList<>();
        for (String participantId : change.removedParticipants()) {
            ObjectNode explanation = JsonNodeFactory.instance.objectNode();
            explanation.put("outcome", DecisionRecord.EVICTED);
            explanation.put("agentId", agentId);
            explanation.put("region", region);
            explanation.put("rule", RULE);
            explanation.put("reason", reason);
            explanation.put("summary", "agent " + agentId + " went DOWN (" + reason + "): " + participantId
                    + " was removed from the conference and is placed again when it rejoins");
            explanation.putArray("closedLinks").addAll(change.removedLinks().stream()
                    .map(l -> JsonNodeFactory.instance.objectNode().put("from", l.fromAgentId())
                            .put("to", l.toAgentId()))
                    .toList());
            records.add(new DecisionRecord(0, conferenceId, participantId, now, DecisionRecord.EVICTED, agentId,
                    region, after.mode(), false, RULE, DecisionJson.text(explanation)));
        }
        return records;
    }

    @PreDestroy
    void stop() {
        worker.shutdown();
    }
}
