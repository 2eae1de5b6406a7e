package io.meridian.placement;

import io.meridian.placement.latency.RttEstimate;
import io.meridian.placement.latency.RttEstimates;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Weighs every agent of the fleet for one request: RTT from the participant, relay RTT to the conference,
 * effective stress and eligibility. Package-private helper of {@link MeridianPolicy}; one instance per decision.
 */
final class FleetAssessment {

    final PlacementRequest request;
    final List<AssessedAgent> agents;
    final List<AssessedAgent> eligible;

    FleetAssessment(PlacementRequest request, RttEstimates estimates, PlacementSettings settings, Instant now) {
        this.request = request;
        FleetSnapshot fleet = request.fleet();
        ConferenceSnapshot conference = request.conference();
        ParticipantLocation location = request.location();

        List<AgentSnapshot> liveConferenceAgents = new ArrayList<>();
        for (String id : conference.participantsByAgent().keySet()) {
            AgentSnapshot a = fleet.agent(id);
            if (a != null && a.state() != AgentState.DOWN && estimates.catalog().contains(a.region())) {
                liveConferenceAgents.add(a);
            }
        }

        Map<String, RttEstimate> rttByRegion = new HashMap<>();
        List<AssessedAgent> all = new ArrayList<>(fleet.agents().size());
        List<AssessedAgent> ok = new ArrayList<>();
        for (AgentSnapshot a : fleet.agents()) {
            boolean known = estimates.catalog().contains(a.region());
            RttEstimate rtt = known ? rttByRegion.computeIfAbsent(a.region(),
                    r -> estimates.participantToRegion(location.point(), location.probesMs(), r)) : null;
            boolean inConference = conference.hasAgent(a.agentId());
            double relay = !known ? Double.NaN : inConference ? 0.0
                    : relayRtt(a, liveConferenceAgents, estimates, fleet.measuredRttMs());
            double effective = a.stress() + a.placementsSinceReport() * settings.stressPerPlacement();
            String reason = ineligibility(a, known, settings, now);
            boolean loadBlocked = reason.startsWith("full") || reason.startsWith("overloaded");
            AssessedAgent assessed = new AssessedAgent(a, rtt, relay, effective, inConference, reason, loadBlocked);
            all.add(assessed);
            if (assessed.eligible()) {
                ok.add(assessed);
            }
        }
        this.agents = all;
        this.eligible = ok;
    }

    private static double relayRtt(AgentSnapshot a, List<AgentSnapshot> conferenceAgents, RttEstimates estimates,
                                   Map<String, Map<String, Double>> measured) {
        double best = Double.NaN;
        for (AgentSnapshot c : conferenceAgents) {
            double ms = estimates.agentToAgent(a.agentId(), a.region(), c.agentId(), c.region(), measured).ms();
            if (!(ms >= best)) { // also replaces the initial NaN
                best = ms;
            }
        }
        return best;
    }

    /** Checked in this order so the reason names the most fundamental problem. */
    private static String ineligibility(AgentSnapshot a, boolean knownRegion, PlacementSettings s, Instant now) {
        if (!knownRegion) {
            return "unknown region '" + a.region() + "'";
        }
        if (a.state() == AgentState.DOWN) {
            return "down";
        }
        if (a.state() == AgentState.DRAINING) {
            return "draining";
        }
        Duration age = Duration.between(a.reportedAt(), now);
        if (age.compareTo(s.reportStaleAfter()) > 0) {
            return String.format(Locale.ROOT, "stale: last report %.1f s ago (> %.1f s)",
                    age.toMillis() / 1000.0, s.reportStaleAfter().toMillis() / 1000.0);
        }
        if (a.expectedParticipants() >= a.capacity()) {
            return "full: " + a.expectedParticipants() + " of " + a.capacity();
        }
        if (a.stress() >= s.overloadStress()) {
            return String.format(Locale.ROOT, "overloaded: stress %.2f >= %.2f", a.stress(), s.overloadStress());
        }
        return Candidate.ELIGIBLE;
    }

    /** @return the nearest eligible agent matching {@code filter} (least loaded on a tie), or null */
    AssessedAgent nearestEligible(Predicate<AssessedAgent> filter) {
        AssessedAgent best = null;
        for (AssessedAgent a : eligible) {
            if (filter.test(a) && (best == null || AssessedAgent.byRttThenLoad(a, best) < 0)) {
                best = a;
            }
        }
        return best;
    }

    /** @return the least effectively stressed eligible agent in {@code region} matching {@code filter}, or null */
    AssessedAgent leastLoadedIn(String region, Predicate<AssessedAgent> filter) {
        AssessedAgent best = null;
        for (AssessedAgent a : eligible) {
            if (a.region().equals(region) && filter.test(a) && (best == null || AssessedAgent.byLoad(a, best) < 0)) {
                best = a;
            }
        }
        return best;
    }

    /** @return every agent as a candidate: eligible first, then by estimated RTT, effective stress and id */
    List<Candidate> candidates() {
        List<AssessedAgent> sorted = new ArrayList<>(agents);
        sorted.sort(Comparator.comparing((AssessedAgent a) -> !a.eligible())
                .thenComparing(AssessedAgent::byRttThenLoad));
        List<Candidate> out = new ArrayList<>(sorted.size());
        for (AssessedAgent a : sorted) {
            out.add(a.toCandidate());
        }
        return out;
    }

    /** @return a count of ineligible agents by the first word of their reason, e.g. "3 down, 2 full" */
    String ineligibleCounts() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (AssessedAgent a : agents) {
            if (!a.eligible()) {
                String word = a.reason().split("[: ]", 2)[0];
                counts.merge(word, 1, Integer::sum);
            }
        }
        if (counts.isEmpty()) {
            return "none ineligible";
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(v).append(' ').append(k));
        return sb.toString();
    }
}
