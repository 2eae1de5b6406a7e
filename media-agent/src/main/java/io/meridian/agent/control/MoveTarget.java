package io.meridian.agent.control;

/**
 * Where the controller moves a participant (a live move): the target agent, its region and signaling URL, and a join
 * token admitting one session there. The token is a credential: never logged.
 *
 * @param agentId      the agent to move to
 * @param region       that agent's region
 * @param signalingUrl that agent's signaling WebSocket URL
 * @param token        a join token for that agent
 * @param reason       why: "operator", "drain" or "rehoming"
 */
public record MoveTarget(String agentId, String region, String signalingUrl, String token, String reason) {
    @Override
    public String toString() {
        return "MoveTarget[" + agentId + ", " + region + ", " + reason + "]";
    }
}
