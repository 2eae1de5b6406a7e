package io.meridian.controller.fleet;

import io.meridian.placement.AgentState;
import java.time.Instant;

/**
 * An agent as the registry sees it now.
 *
 * @param reportedAt when the last load report arrived (the session start before the first one)
 * @param placementsSinceReport participants placed on it since that report
 */
public record AgentView(AgentHello hello, AgentState state, double stress, int participants,
        Instant reportedAt, int placementsSinceReport, LoadSample lastReport) {

    /** The agent id. */
    public String agentId() {
        return hello.agentId();
    }

    /** The agent's region. */
    public String region() {
        return hello.region();
    }
}
