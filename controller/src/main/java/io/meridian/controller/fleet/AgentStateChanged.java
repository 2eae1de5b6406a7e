package io.meridian.controller.fleet;

import io.meridian.placement.AgentState;

/**
 * CDI event: an agent's state changed (persistence, metrics, fleet peers and failover listen).
 *
 * @param cause what changed it
 * @param reason the same in words, for logs and the decision log (e.g. "no load report for 5s")
 * @param session the announcement of the session the change concerns: compared by identity, it tells an old
 *        session's end from a newer session of the same agent
 */
public record AgentStateChanged(String agentId, AgentState state, Cause cause, String reason, AgentHello session) {

    /** What changed an agent's state. */
    public enum Cause {
        /** A session said Hello. */
        CONNECTED,
        /** Reports resumed after the report timeout. */
        REPORTING,
        /** The operator drained it. */
        DRAINED,
        /** The operator undrained it. */
        UNDRAINED,
        /** Its session ended. */
        DISCONNECTED,
        /** No load report arrived for the down-timeout. */
        SILENT
    }
}
