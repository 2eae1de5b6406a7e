package io.meridian.controller.join;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Placements this replica made whose participant its agent has not yet reported (ParticipantJoined). Every
 * agent streams to every replica, so the replica that placed a participant hears of its arrival; a placement
 * still pending after the arrival timeout is due for release. Bounded by the joins of one timeout window.
 */
public final class PendingArrivals {
    /** A placement waiting for its participant. */
    public record Placement(String conferenceId, String participantId, String agentId, Instant placedAt) {
    }

    private final Map<String, Placement> pending = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration timeout;

    public PendingArrivals(Clock clock, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("meridian.placement.arrival-timeout must be positive, got " + timeout);
        }
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Waits for the participant on its agent (replacing an earlier placement of the same participant). */
    public void expect(Placement placement) {
        pending.put(key(placement.conferenceId(), placement.participantId()), placement);
    }

    /** The agent reported the participant: nothing to release (only when it arrived where it was placed). */
    public void arrived(String conferenceId, String participantId, String agentId) {
        pending.computeIfPresent(key(conferenceId, participantId),
                (k, p) -> p.agentId().equals(agentId) ? null : p);
    }

    /** Removes and returns the placements older than the timeout. */
    public List<Placement> overdue() {
        Instant cutoff = clock.instant().minus(timeout);
        List<Placement> due = new ArrayList<>();
        for (Placement p : List.copyOf(pending.values())) {
            if (p.placedAt().isBefore(cutoff)
                    && pending.remove(key(p.conferenceId(), p.participantId()), p)) {
                due.add(p);
            }
        }
        return due;
    }

    /** How many placements are waiting. */
    public int size() {
        return pending.size();
    }

    private static String key(String conferenceId, String participantId) {
        return conferenceId + '\u0000' + participantId;
    }
}
