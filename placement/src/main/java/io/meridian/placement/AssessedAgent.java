package io.meridian.placement;

import io.meridian.placement.latency.RttEstimate;
import io.meridian.placement.latency.RttSource;

/**
 * One agent weighed for one request (package-private working record of {@link FleetAssessment}).
 *
 * @param agent           the snapshot
 * @param rtt             participant → its region, or {@code null} when the region is not in the catalog
 * @param relayRttMs      to the nearest live conference agent, 0 when in the conference, NaN when none
 * @param relaySource     where {@code relayRttMs} came from ({@code null} when 0 or NaN)
 * @param effectiveStress stress + placements since report × stress per placement
 * @param inConference    hosts part of the conference
 * @param reason          {@link Candidate#ELIGIBLE} or why not
 * @param eligible        may take a new participant ({@code reason} is {@link Candidate#ELIGIBLE})
 * @param loadBlocked     up and fresh, but full or overloaded (so a sibling in its region may help)
 */
record AssessedAgent(AgentSnapshot agent, RttEstimate rtt, double relayRttMs, RttSource relaySource,
                     double effectiveStress,
                     boolean inConference, String reason, boolean eligible, boolean loadBlocked) {

    String id() {
        return agent.agentId();
    }

    String region() {
        return agent.region();
    }

    double rttMs() {
        return rtt == null ? Double.NaN : rtt.ms();
    }

    Candidate toCandidate() {
        return new Candidate(agent.agentId(), agent.region(), rttMs(), rtt == null ? null : rtt.source(),
                relayRttMs, agent.stress(), effectiveStress, inConference, eligible(), reason, relaySource);
    }

    /** Eligible first, then as {@link #byRttThenLoad}: the order of an explanation's candidates. */
    static int forExplanation(AssessedAgent x, AssessedAgent y) {
        if (x.eligible != y.eligible) {
            return x.eligible ? -1 : 1;
        }
        return byRttThenLoad(x, y);
    }

    /** Nearer first, then less effectively stressed, then fewer expected participants, then id. */
    static int byRttThenLoad(AssessedAgent x, AssessedAgent y) {
        int c = Double.compare(x.rttMs(), y.rttMs());
        return c != 0 ? c : byLoad(x, y);
    }

    /** Less effectively stressed first, then fewer expected participants, then id (deterministic). */
    static int byLoad(AssessedAgent x, AssessedAgent y) {
        int c = Double.compare(x.effectiveStress, y.effectiveStress);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(x.agent.expectedParticipants(), y.agent.expectedParticipants());
        return c != 0 ? c : x.id().compareTo(y.id());
    }
}
