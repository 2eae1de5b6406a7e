package io.meridian.controller.join;

import io.meridian.placement.AgentSnapshot;
import io.meridian.placement.AgentState;
import io.meridian.placement.Candidate;
import io.meridian.placement.PlacementRequest;
import io.meridian.placement.latency.RttEstimate;
import io.meridian.placement.latency.RttEstimates;
import io.meridian.placement.latency.RttSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Says where each candidate's relay RTT came from — agents' measurements ({@code MEASURED}) or the latency model
 * ({@code MODEL}) — by taking the same best pair the policy took: the nearest live conference agent, measured
 * (mean of both directions when both reported) before modelled. The policy reports the number; this names its
 * source for the explanation.
 */
final class RelayRttSources {
    /** Tolerance when matching the policy's number, ms (it is rounded nowhere, so this only absorbs float noise). */
    private static final double MATCH_MS = 1e-6;

    private RelayRttSources() {
    }

    /**
     * @return candidate agent id → source of its relay RTT, for candidates outside the conference whose relay RTT
     *         is known (others have none: 0 for a conference agent, none for a new conference)
     */
    static Map<String, RttSource> of(PlacementRequest request, List<Candidate> candidates, RttEstimates estimates) {
        Map<String, RttSource> sources = new HashMap<>();
        var fleet = request.fleet();
        for (Candidate candidate : candidates) {
            if (candidate.inConference() || !Double.isFinite(candidate.relayRttMs())
                    || !estimates.catalog().contains(candidate.region())) {
                continue;
            }
            RttEstimate best = null;
            for (String conferenceAgent : request.conference().participantsByAgent().keySet()) {
                AgentSnapshot peer = fleet.agent(conferenceAgent);
                if (peer == null || peer.state() == AgentState.DOWN || !estimates.catalog().contains(peer.region())) {
                    continue;
                }
                RttEstimate rtt = estimates.agentToAgent(candidate.agentId(), candidate.region(), peer.agentId(),
                        peer.region(), fleet.measuredRttMs());
                if (best == null || rtt.ms() < best.ms()
                        || (rtt.ms() == best.ms() && rtt.source() == RttSource.MEASURED)) {
                    best = rtt;
                }
            }
            if (best != null && Math.abs(best.ms() - candidate.relayRttMs()) <= MATCH_MS) {
                sources.put(candidate.agentId(), best.source());
            }
        }
        return sources;
    }
}
