package io.meridian.controller.fleet;

/**
 * A participant an agent says it admitted, with the join token it presented there: the controller adopts the
 * participant only when that token is one it signed for this agent, conference and participant.
 */
public record Admission(String participantId, String joinToken) {
    @Override
    public String toString() {
        return "Admission[" + participantId + "]";
    }
}
