package io.meridian.study.policy;

import io.meridian.placement.AgentSnapshot;
import io.meridian.placement.AgentState;
import io.meridian.placement.ConferenceSnapshot;
import io.meridian.placement.Decision;
import io.meridian.placement.Explanation;
import io.meridian.placement.Mode;
import io.meridian.placement.PlacementRequest;
import io.meridian.placement.Rule;
import io.meridian.placement.geo.GeoPoint;
import io.meridian.placement.geo.Region;
import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.LatencyModel;

import java.util.List;
import java.util.function.Predicate;

/** Shared helpers of the baseline policies: the nearest live agent by the latency model, and building decisions. */
final class Nearest {

    private Nearest() {
    }

    /**
     * @param request the placement request
     * @param catalog resolves agent regions to coordinates
     * @param model   the latency model
     * @param filter  which agents may be chosen
     * @return the UP agent (region in the catalog, matching {@code filter}) with the lowest estimated RTT from the
     *         participant, the first in fleet order on a tie; {@code null} when none
     */
    static AgentSnapshot agent(PlacementRequest request, RegionCatalog catalog, LatencyModel model,
                               Predicate<AgentSnapshot> filter) {
        GeoPoint from = request.location().point();
        AgentSnapshot best = null;
        double bestMs = Double.POSITIVE_INFINITY;
        for (AgentSnapshot a : request.fleet().agents()) {
            if (a.state() != AgentState.UP || !filter.test(a)) {
                continue;
            }
            Region region = catalog.byName(a.region()).orElse(null);
            if (region == null) {
                continue;
            }
            double ms = model.rttMs(from, region.location());
            if (ms < bestMs) {
                bestMs = ms;
                best = a;
            }
        }
        return best;
    }

    /**
     * @param request the request decided
     * @param agent   the chosen agent
     * @param rule    the Meridian rule closest in meaning to the baseline's case
     * @param summary the baseline's own case, for humans
     * @return the placement, with the conference's mode after it
     */
    static Decision placed(PlacementRequest request, AgentSnapshot agent, Rule rule, String summary) {
        ConferenceSnapshot conference = request.conference();
        boolean adds = !conference.hasAgent(agent.agentId());
        int agentsAfter = conference.agentCount() + (adds ? 1 : 0);
        // baselines explain with their rule and summary only: the study never reads candidate lists
        return new Decision.Placed(agent.agentId(), agent.region(), agentsAfter > 1 ? Mode.CASCADED : Mode.SINGLE,
                adds, new Explanation(rule, summary, request.location().source(), List.of()));
    }

    /**
     * @param request the request
     * @return a rejection for a fleet without any live agent
     */
    static Decision rejected(PlacementRequest request) {
        String reason = "no live agent in a known region";
        return new Decision.Rejected(reason,
                new Explanation(Rule.REJECT_NO_CAPACITY, reason, request.location().source(), List.of()));
    }
}
