package io.meridian.agent.signaling;

/** Who else learns of admissions and departures: the hosting registry and the controller link. */
public interface ParticipantEvents {
    /** A participant was admitted to a conference on this agent. */
    void joined(String conferenceId, String participantId);

    /** A participant left; {@code error} when the session ended because of a fault or a protocol error. */
    void left(String conferenceId, String participantId, boolean error);

    /** True when the agent admits nobody new (draining or full). */
    default String refusal() {
        return null;
    }
}
