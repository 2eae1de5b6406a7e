package io.meridian.controller.fleet;

import io.meridian.placement.AgentState;

/** CDI event: an agent's state changed (persistence and metrics listen). */
public record AgentStateChanged(String agentId, AgentState state) {
}
