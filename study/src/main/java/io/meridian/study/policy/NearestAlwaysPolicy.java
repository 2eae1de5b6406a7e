package io.meridian.study.policy;

import io.meridian.placement.AgentSnapshot;
import io.meridian.placement.Decision;
import io.meridian.placement.PlacementPolicy;
import io.meridian.placement.PlacementRequest;
import io.meridian.placement.Rule;
import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.LatencyModel;

import java.util.Objects;

/**
 * LiveKit Cloud's approach: every participant connects to its own nearest agent, and all of a conference's agents
 * are meshed. There is no agent budget and no threshold: one far participant is enough to add an agent.
 */
public final class NearestAlwaysPolicy implements PlacementPolicy {

    private final RegionCatalog catalog;
    private final LatencyModel model;

    /**
     * @param catalog resolves agent regions to coordinates
     * @param model   estimates participant → region RTT
     */
    public NearestAlwaysPolicy(RegionCatalog catalog, LatencyModel model) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public Decision place(PlacementRequest request) {
        AgentSnapshot nearest = Nearest.agent(request, catalog, model, a -> true);
        if (nearest == null) {
            return Nearest.rejected(request);
        }
        boolean inConference = request.conference().hasAgent(nearest.agentId());
        Rule rule = request.conference().isNew() ? Rule.FIRST_PARTICIPANT_NEAREST_REGION
                : inConference ? Rule.STAY_ON_CONFERENCE_AGENT : Rule.CASCADE_TO_OWN_REGION;
        return Nearest.placed(request, nearest, rule, "nearest: " + nearest.region());
    }
}
