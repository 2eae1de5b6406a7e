package io.meridian.placement;

import java.time.Instant;
import java.util.Objects;

/**
 * One agent as of its last load report, plus what the controller placed on it since.
 *
 * @param agentId              the agent's id
 * @param region               its region's name (as in the region catalog)
 * @param state                up, draining or down
 * @param stress               normalised load from the last report, 0..1+ (1 = at its limit)
 * @param participants         participants hosted at the last report
 * @param capacity             the most participants it accepts, {@code >= 0}
 * @param reportedAt           when the last report was received (controller clock)
 * @param placementsSinceReport participants the controller placed on it after {@code reportedAt}; the caller
 *                             increments this as it places and resets it to 0 when a new report arrives, so a
 *                             burst of joins between two reports spreads instead of herding onto one agent
 */
public record AgentSnapshot(String agentId, String region, AgentState state, double stress, int participants,
                            int capacity, Instant reportedAt, int placementsSinceReport) {

    /** @throws IllegalArgumentException on negative counts or a negative / non-finite stress */
    public AgentSnapshot {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reportedAt, "reportedAt");
        if (!(stress >= 0 && stress < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("stress must be finite and >= 0, got " + stress);
        }
        if (participants < 0 || capacity < 0 || placementsSinceReport < 0) {
            throw new IllegalArgumentException("participants, capacity and placementsSinceReport must be >= 0");
        }
    }

    /** @return participants at the last report plus those placed since */
    public int expectedParticipants() {
        return participants + placementsSinceReport;
    }

    /** @return a copy with {@code placementsSinceReport} one higher (what the caller does after placing here) */
    public AgentSnapshot withOneMorePlacement() {
        return new AgentSnapshot(agentId, region, state, stress, participants, capacity, reportedAt,
                placementsSinceReport + 1);
    }
}
