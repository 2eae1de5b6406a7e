package io.meridian.agent.signaling;

import io.meridian.agent.control.LeaveReason;

/** Who else learns of admissions and departures: the hosting registry and the controller link. */
public interface ParticipantEvents {
    /** A participant was admitted to a conference on this agent by {@code joinToken}. */
    void joined(String conferenceId, String participantId, String joinToken);

    /** A participant left, for {@code reason}. */
    void left(String conferenceId, String participantId, LeaveReason reason);

    /** Why the agent admits nobody new (draining or full), or null. */
    default String refusal() {
        return null;
    }
}
