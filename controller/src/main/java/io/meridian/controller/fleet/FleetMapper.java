package io.meridian.controller.fleet;

import io.meridian.placement.AgentSnapshot;

/** Maps the registry's view of an agent to the placement policy's snapshot type. */
public final class FleetMapper {
    private FleetMapper() {
    }

    /** The policy's view of one agent. */
    public static AgentSnapshot toSnapshot(AgentView view) {
        return new AgentSnapshot(view.agentId(), view.region(), view.state(), view.stress(), view.participants(),
                view.hello().capacity(), view.reportedAt(), view.placementsSinceReport());
    }
}
