package io.meridian.study.policy;

import io.meridian.placement.AgentSnapshot;
import io.meridian.placement.Decision;
import io.meridian.placement.PlacementPolicy;
import io.meridian.placement.PlacementRequest;
import io.meridian.placement.Rule;
import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.LatencyModel;

import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * jicofo's region-based bridge selection, reduced to the cases an idle fleet reaches. The participant's region is
 * its nearest region (jicofo takes it from the participant's signalling region). Tried in order:
 *
 * <ol>
 *   <li>alreadyInConferenceInRegion: a conference agent in the participant's region;</li>
 *   <li>alreadyInConferenceInRegionGroup: a conference agent in the participant's region group (nearest first);</li>
 *   <li>inRegion: an agent in the participant's region (adds an agent: the conference cascades).</li>
 * </ol>
 * jicofo's later cases (in the region group, least loaded anywhere) are reached only when the participant's region
 * has no usable agent; here the participant's region is by definition that of its nearest usable agent. An agent
 * is usable while it is UP and below capacity (jicofo's "not overloaded"). Like jicofo, there is no latency
 * threshold and no agent budget.
 */
public final class RegionGroupsPolicy implements PlacementPolicy {

    private final RegionCatalog catalog;
    private final LatencyModel model;
    private final RegionGroups groups;

    /**
     * @param catalog resolves agent regions to coordinates
     * @param model   estimates participant → region RTT (to find the participant's region)
     * @param groups  the region groups
     */
    public RegionGroupsPolicy(RegionCatalog catalog, LatencyModel model, RegionGroups groups) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.model = Objects.requireNonNull(model, "model");
        this.groups = Objects.requireNonNull(groups, "groups");
    }

    @Override
    public Decision place(PlacementRequest request) {
        Predicate<AgentSnapshot> usable = a -> a.expectedParticipants() < a.capacity();
        AgentSnapshot home = Nearest.agent(request, catalog, model, usable);
        if (home == null) {
            return Nearest.rejected(request);
        }
        String region = home.region();
        Set<String> group = groups.groupOf(region);
        Predicate<AgentSnapshot> inConference = a -> request.conference().hasAgent(a.agentId());

        AgentSnapshot pick = Nearest.agent(request, catalog, model,
                usable.and(inConference).and(a -> a.region().equals(region)));
        if (pick != null) {
            return Nearest.placed(request, pick, Rule.STAY_ON_CONFERENCE_AGENT, "alreadyInConferenceInRegion");
        }
        pick = Nearest.agent(request, catalog, model, usable.and(inConference).and(a -> group.contains(a.region())));
        if (pick != null) {
            return Nearest.placed(request, pick, Rule.STAY_ON_CONFERENCE_AGENT, "alreadyInConferenceInRegionGroup");
        }
        Rule adding = request.conference().isNew() ? Rule.FIRST_PARTICIPANT_NEAREST_REGION : Rule.CASCADE_TO_OWN_REGION;
        // home is the nearest usable agent, so it is also the inRegion pick
        return Nearest.placed(request, home, adding, "inRegion: " + region);
    }

}
