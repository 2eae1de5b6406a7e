package io.meridian.agent.report;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Smoothed round-trip times to peer agents, filled by the relay side's probes and copied into every
 * load report. Thread-safe.
 */
@Singleton
public final class PeerRtts {

    /** One peer's smoothed RTT in milliseconds. */
    public record PeerRtt(String agentId, double rttMs) {
    }

    private final Map<String, Double> rtts = new ConcurrentHashMap<>();

    /** Sets the current smoothed RTT to {@code agentId}; non-finite or negative values are ignored. */
    public void update(String agentId, double rttMs) {
        if (Double.isFinite(rttMs) && rttMs >= 0) {
            rtts.put(agentId, rttMs);
        }
    }

    /** Forgets a peer that left the fleet. */
    public void remove(String agentId) {
        rtts.remove(agentId);
    }

    /** The current RTTs, sorted by agent id. */
    public List<PeerRtt> snapshot() {
        return rtts.entrySet().stream()
                .map(e -> new PeerRtt(e.getKey(), e.getValue()))
                .sorted(java.util.Comparator.comparing(PeerRtt::agentId))
                .toList();
    }
}
