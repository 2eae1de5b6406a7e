package io.meridian.controller.agentlink;

import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.fleet.AgentStateChanged;
import io.meridian.controller.fleet.AgentView;
import io.meridian.placement.AgentState;
import io.meridian.proto.agent.v1.ControllerMessage;
import io.meridian.proto.agent.v1.FleetPeer;
import io.meridian.proto.agent.v1.FleetPeers;
import io.meridian.proto.agent.v1.UdpAddress;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells every connected agent which agents to measure RTT to, so that agents report the inter-region RTT the policy
 * prefers to its model. Each agent gets at most {@link #PEERS_PER_REGION} live agents of every region (the same
 * representatives for everyone: the lowest ids), so a fleet of N agents costs N messages of at most
 * regions × {@value #PEERS_PER_REGION} entries, not N² (which at 10,000 agents was gigabytes per change). Changes
 * are coalesced into one publication per {@link #COALESCE_MS} ms, and an agent is sent its list only when it changed.
 */
@ApplicationScoped
public class FleetPeersPublisher {
    /** Agents measured per region: one can be down or draining without leaving the region unmeasured. */
    static final int PEERS_PER_REGION = 2;
    /** A burst of connects or disconnects becomes one publication this long after the first of them. */
    static final long COALESCE_MS = 500;

    @Inject
    AgentSessions sessions;
    @Inject
    AgentRegistry registry;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("meridian-fleet-peers").daemon().factory());
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Map<String, FleetPeers> lastSent = new ConcurrentHashMap<>();

    void onChange(@Observes AgentStateChanged changed) {
        if (scheduled.compareAndSet(false, true)) {
            timer.schedule(() -> {
                scheduled.set(false);
                publish();
            }, COALESCE_MS, TimeUnit.MILLISECONDS);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    /** Sends each session its peers when they differ from what it was sent last. */
    public void publish() {
        Representatives representatives = Representatives.of(
                registry.agents().stream().filter(a -> a.state() != AgentState.DOWN).toList());
        Map<String, AgentSession> open = sessions.all();
        lastSent.keySet().retainAll(open.keySet());
        for (Map.Entry<String, AgentSession> session : open.entrySet()) {
            FleetPeers peers = representatives.peersOf(session.getKey());
            if (!peers.equals(lastSent.put(session.getKey(), peers))) {
                session.getValue().send(ControllerMessage.newBuilder().setFleetPeers(peers).build());
            }
        }
    }

    /**
     * The {@value #PEERS_PER_REGION} lowest-id live agents of each region, plus one spare per region for the agents
     * that are themselves representatives. Built once per publication: every agent that is not a representative
     * shares one message.
     */
    record Representatives(Map<String, List<AgentView>> byRegion, FleetPeers common) {
        static Representatives of(List<AgentView> live) {
            Map<String, List<AgentView>> byRegion = new TreeMap<>();
            live.stream().sorted(Comparator.comparing(AgentView::agentId)).forEach(a -> {
                List<AgentView> region = byRegion.computeIfAbsent(a.region(), r -> new ArrayList<>());
                if (region.size() <= PEERS_PER_REGION) {
                    region.add(a);
                }
            });
            return new Representatives(byRegion, message(byRegion, null));
        }

        /** What {@code agentId} measures: the representatives of every region, never itself. */
        FleetPeers peersOf(String agentId) {
            boolean representative = byRegion.values().stream()
                    .anyMatch(region -> region.stream().anyMatch(a -> a.agentId().equals(agentId)));
            return representative ? message(byRegion, agentId) : common;
        }

        private static FleetPeers message(Map<String, List<AgentView>> byRegion, String except) {
            FleetPeers.Builder peers = FleetPeers.newBuilder();
            for (List<AgentView> region : byRegion.values()) {
                region.stream().filter(a -> !a.agentId().equals(except)).limit(PEERS_PER_REGION)
                        .forEach(agent -> peers.addPeers(FleetPeer.newBuilder()
                                .setAgentId(agent.agentId()).setRegion(agent.region())
                                .setRelayAddress(UdpAddress.newBuilder().setHost(agent.hello().relayAddress().host())
                                        .setPort(agent.hello().relayAddress().port()))));
            }
            return peers.build();
        }
    }
}
