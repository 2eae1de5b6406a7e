package io.meridian.placement;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A conference's current spread over agents.
 *
 * @param conferenceId        the conference's id
 * @param participantsByAgent agent id → participants of this conference on it; empty for a new conference.
 *                            Every key counts towards {@code maxAgentsPerConference}, so the caller removes
 *                            agents the conference has left.
 */
public record ConferenceSnapshot(String conferenceId, Map<String, Integer> participantsByAgent) {

    /** @throws IllegalArgumentException on a negative count */
    public ConferenceSnapshot {
        Objects.requireNonNull(conferenceId, "conferenceId");
        participantsByAgent.forEach((agent, n) -> {
            if (n == null || n < 0) {
                throw new IllegalArgumentException("participant count for agent '" + agent + "' must be >= 0");
            }
        });
        participantsByAgent = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(participantsByAgent));
    }

    /**
     * @param conferenceId the conference
     * @return a snapshot of a conference nobody has joined yet
     */
    public static ConferenceSnapshot empty(String conferenceId) {
        return new ConferenceSnapshot(conferenceId, Map.of());
    }

    /** @return whether nobody has been placed in it yet */
    public boolean isNew() {
        return participantsByAgent.isEmpty();
    }

    /** @return the number of agents it spans */
    public int agentCount() {
        return participantsByAgent.size();
    }

    /**
     * @param agentId an agent
     * @return whether the agent hosts part of this conference
     */
    public boolean hasAgent(String agentId) {
        return participantsByAgent.containsKey(agentId);
    }

    /**
     * @param agentId the agent a participant was placed on
     * @return a copy with one more participant on {@code agentId} (what the caller records after placing)
     */
    public ConferenceSnapshot withParticipantOn(String agentId) {
        Map<String, Integer> next = new LinkedHashMap<>(participantsByAgent);
        next.merge(agentId, 1, Integer::sum);
        return new ConferenceSnapshot(conferenceId, next);
    }
}
