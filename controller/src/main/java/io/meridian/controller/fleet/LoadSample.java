package io.meridian.controller.fleet;

import java.util.Map;

/**
 * One load report of an agent (already validated).
 *
 * @param stress normalised stress, 0 idle, 1 at the agent's limit, may exceed 1
 * @param cpu process CPU share of the machine, 0..1
 * @param conferences conference id → participants on this agent
 * @param peerRttMs agent id → measured round-trip time, milliseconds
 */
public record LoadSample(long sequence, double stress, double cpu, double packetsInPerSecond,
        double packetsOutPerSecond, double bitrateInBps, double bitrateOutBps, int participants,
        Map<String, Integer> conferences, Map<String, Double> peerRttMs) {

    public LoadSample {
        conferences = Map.copyOf(conferences);
        peerRttMs = Map.copyOf(peerRttMs);
    }
}
