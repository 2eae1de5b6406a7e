package io.meridian.placement;

import io.meridian.placement.latency.RttEstimate;
import io.meridian.placement.latency.RttEstimates;
import io.meridian.placement.latency.RttSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
        Map<String, Map<String, Double>> measured = fleet.measuredRttMs();

        List<AgentSnapshot> relays = new ArrayList<>();
        for (String id : conference.participantsByAgent().keySet()) {
            AgentSnapshot a = fleet.agent(id);
            if (a != null && a.state() != AgentState.DOWN && estimates.catalog().contains(a.region())) {
                relays.add(a);
            }
        }

        Map<String, RttEstimate> rttByRegion = new HashMap<>();
        List<AssessedAgent> all = new ArrayList<>(fleet.agents().size());
        List<AssessedAgent> ok = new ArrayList<>(fleet.agents().size());
        Instant staleBefore = now.minus(settings.reportStaleAfter());
        for (AgentSnapshot a : fleet.agents()) {
            boolean known = estimates.catalog().contains(a.region());
            RttEstimate rtt = null;
            if (known) {
                rtt = rttByRegion.get(a.region());
                if (rtt == null) {
                    rtt = estimates.participantToRegion(location.point(), location.probesMs(), a.region());
                    rttByRegion.put(a.region(), rtt);
                }
            }
            boolean inConference = conference.hasAgent(a.agentId());
            RttEstimate relayRtt = !known || inConference || relays.isEmpty() ? null
                    : relayRtt(a, relays, estimates, measured);
            double relay = !known ? Double.NaN : inConference ? 0.0 : relayRtt == null ? Double.NaN : relayRtt.ms();
            double effective = a.stress() + a.placementsSinceReport() * settings.stressPerPlacement();
            Ineligibility why = ineligibility(a, known, settings, staleBefore);
            String reason = why == null ? Candidate.ELIGIBLE : why.describe(a, settings, now);
            boolean loadBlocked = why == Ineligibility.FULL || why == Ineligibility.OVERLOADED;
            AssessedAgent assessed = new AssessedAgent(a, rtt, relay, relayRtt == null ? null : relayRtt.source(),
                    effective, inConference, reason, why == null, loadBlocked);
            all.add(assessed);
            if (why == null) {
                ok.add(assessed);
            }
        }
        this.agents = all;
        this.eligible = ok;
    }

    /**
     * RTT from {@code a} to the nearest live conference agent, by the one relay-RTT rule
     * ({@link RttEstimates#agentToAgent}: measured, mean of both directions, beats the model); on a tie the measured
     * one.
     */
    private static RttEstimate relayRtt(AgentSnapshot a, List<AgentSnapshot> relays, RttEstimates estimates,
                                        Map<String, Map<String, Double>> measured) {
        RttEstimate best = null;
        for (AgentSnapshot c : relays) {
            RttEstimate rtt = estimates.agentToAgent(a.agentId(), a.region(), c.agentId(), c.region(), measured);
            if (best == null || rtt.ms() < best.ms()
                    || (rtt.ms() == best.ms() && rtt.source() == RttSource.MEASURED)) {
                best = rtt;
            }
        }
        return best;
    }

    /** Why an agent takes nobody new, checked in declaration order so the most fundamental problem is named. */
    private enum Ineligibility {
        UNKNOWN_REGION, DOWN, DRAINING, STALE, FULL, OVERLOADED;

        String describe(AgentSnapshot a, PlacementSettings s, Instant now) {
            return switch (this) {
                case UNKNOWN_REGION -> "unknown region '" + a.region() + "'";
                case DOWN -> "down";
                case DRAINING -> "draining";
                case STALE -> "stale: last report " + Numbers.oneDecimal(Duration.between(a.reportedAt(), now)
                        .toMillis() / 1000.0) + " s ago (> " + Numbers.oneDecimal(s.reportStaleAfter().toMillis()
                        / 1000.0) + " s)";
                case FULL -> "full: " + a.expectedParticipants() + " of " + a.capacity();
                case OVERLOADED -> "overloaded: stress " + Numbers.twoDecimals(a.stress()) + " >= "
                        + Numbers.twoDecimals(s.overloadStress());
            };
        }
    }

    private static Ineligibility ineligibility(AgentSnapshot a, boolean knownRegion, PlacementSettings s,
                                               Instant staleBefore) {
        if (!knownRegion) {
            return Ineligibility.UNKNOWN_REGION;
        }
        if (a.state() == AgentState.DOWN) {
            return Ineligibility.DOWN;
        }
        if (a.state() == AgentState.DRAINING) {
            return Ineligibility.DRAINING;
        }
        if (a.reportedAt().isBefore(staleBefore)) {
            return Ineligibility.STALE;
        }
        if (a.expectedParticipants() >= a.capacity()) {
            return Ineligibility.FULL;
        }
        if (a.stress() >= s.overloadStress()) {
            return Ineligibility.OVERLOADED;
        }
        return null;
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

    /**
     * @return the {@code limit} best agents as candidates (eligible first, then by estimated RTT, effective stress
     *         and id), followed by {@code pick} (may be null) and every agent in the conference when not among them
     */
    List<Candidate> candidates(int limit, AssessedAgent pick) {
        List<AssessedAgent> sorted = new ArrayList<>(agents);
        sorted.sort(AssessedAgent::forExplanation);
        List<Candidate> out = new ArrayList<>(Math.min(sorted.size(), limit + 4));
        for (int i = 0; i < sorted.size(); i++) {
            AssessedAgent a = sorted.get(i);
            if (i < limit || a == pick || a.inConference()) {
                out.add(a.toCandidate());
            }
        }
        return out;
    }

    /** @return how many agents were weighed */
    int size() {
        return agents.size();
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
