package io.meridian.controller.persistence;

/** A relay link between two agents of a cascaded conference; {@code state} is OPENING, OPEN or FAILED. */
public record RelayLink(String fromAgentId, String toAgentId, String state) {
    public static final String OPENING = "OPENING";
    public static final String OPEN = "OPEN";
    public static final String FAILED = "FAILED";

    /** True when the link has {@code agentId} at either end. */
    public boolean touches(String agentId) {
        return fromAgentId.equals(agentId) || toAgentId.equals(agentId);
    }

    /** True when both links join the same two agents. */
    public boolean samePair(RelayLink other) {
        return touches(other.fromAgentId) && touches(other.toAgentId);
    }
}
