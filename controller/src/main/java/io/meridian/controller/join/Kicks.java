package io.meridian.controller.join;

import io.meridian.controller.config.MeridianConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tombstones of kicks: who was kicked from which agent, until when. The agent's ParticipantJoined can cross the
 * admin's DELETE; for the arrival grace ({@code MERIDIAN_AGENT_ARRIVAL_GRACE}) that late news must not undo the kick.
 */
@ApplicationScoped
public class Kicks {
    private final ConcurrentHashMap<String, Instant> kicked = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration grace;

    public Kicks(Clock clock, MeridianConfig config) {
        this.clock = clock;
        this.grace = config.agent().arrivalGrace();
    }

    /** Records that {@code participantId} was kicked from {@code agentId}. */
    public void kicked(String conferenceId, String participantId, String agentId) {
        Instant now = clock.instant();
        kicked.values().removeIf(until -> now.isAfter(until)); // kicks are rare: a sweep each keeps the map small
        kicked.put(key(conferenceId, participantId, agentId), now.plus(grace));
    }

    /** True while {@code participantId} kicked from {@code agentId} may still be announced there by a late event. */
    public boolean recentlyKicked(String conferenceId, String participantId, String agentId) {
        String key = key(conferenceId, participantId, agentId);
        Instant until = kicked.get(key);
        if (until == null) {
            return false;
        }
        if (clock.instant().isAfter(until)) {
            kicked.remove(key, until);
            return false;
        }
        return true;
    }

    private static String key(String conferenceId, String participantId, String agentId) {
        return conferenceId + '\n' + participantId + '\n' + agentId;
    }
}
