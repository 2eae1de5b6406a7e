package io.meridian.placement;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The fleet as the registry sees it at one moment.
 *
 * @param agents        every known agent (ids unique)
 * @param measuredRttMs agent id → peer agent id → RTT in ms the agents measured between themselves (may be
 *                      empty or partial; missing pairs fall back to the latency model)
 */
public record FleetSnapshot(List<AgentSnapshot> agents, Map<String, Map<String, Double>> measuredRttMs) {

    /** @throws IllegalArgumentException when two agents share an id */
    public FleetSnapshot {
        agents = List.copyOf(agents);
        Map<String, Map<String, Double>> copy = new HashMap<>();
        measuredRttMs.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        measuredRttMs = Map.copyOf(copy);
        Map<String, Boolean> seen = new HashMap<>();
        for (AgentSnapshot a : agents) {
            if (seen.put(a.agentId(), Boolean.TRUE) != null) {
                throw new IllegalArgumentException("duplicate agent id '" + a.agentId() + "' in fleet snapshot");
            }
        }
    }

    /**
     * A fleet without inter-agent measurements.
     *
     * @param agents every known agent (ids unique)
     */
    public FleetSnapshot(List<AgentSnapshot> agents) {
        this(agents, Map.of());
    }

    /**
     * Linear in the fleet size: the policy calls it only for the conference's few agents.
     *
     * @param agentId an agent id
     * @return the agent with this id, or {@code null}
     */
    public AgentSnapshot agent(String agentId) {
        Objects.requireNonNull(agentId, "agentId");
        for (AgentSnapshot a : agents) {
            if (a.agentId().equals(agentId)) {
                return a;
            }
        }
        return null;
    }
}
