package io.meridian.study.policy;

import io.meridian.placement.AgentSnapshot;
import io.meridian.placement.AgentState;
import io.meridian.placement.Decision;
import io.meridian.placement.PlacementPolicy;
import io.meridian.placement.PlacementRequest;
import io.meridian.placement.Rule;
import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.LatencyModel;

import java.util.Objects;

/**
 * The common practice: "the location of the first user determines the server". The first participant's nearest
 * agent hosts the whole conference; nobody is ever cascaded.
 *
 * <ol>
 *   <li>newConference: the agent nearest the first participant;</li>
 *   <li>conferenceAgent: every later participant joins the conference's agent (while it is up);</li>
 *   <li>otherwise the participant's nearest agent (only when the conference's agent died).</li>
 * </ol>
 */
public final class FirstJoinerPolicy implements PlacementPolicy {

    private final RegionCatalog catalog;
    private final LatencyModel model;

    /**
     * @param catalog resolves agent regions to coordinates
     * @param model   estimates participant → region RTT
     */
    public FirstJoinerPolicy(RegionCatalog catalog, LatencyModel model) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public Decision place(PlacementRequest request) {
        for (String agentId : request.conference().participantsByAgent().keySet()) {
            AgentSnapshot a = request.fleet().agent(agentId);
            if (a != null && a.state() == AgentState.UP) {
                return Nearest.placed(request, a, Rule.STAY_ON_CONFERENCE_AGENT, "conferenceAgent: " + a.region());
            }
        }
        AgentSnapshot nearest = Nearest.agent(request, catalog, model, a -> true);
        if (nearest == null) {
            return Nearest.rejected(request);
        }
        return Nearest.placed(request, nearest, Rule.FIRST_PARTICIPANT_NEAREST_REGION,
                "newConference: nearest " + nearest.region());
    }
}
