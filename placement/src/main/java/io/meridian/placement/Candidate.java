package io.meridian.placement;

import io.meridian.placement.latency.RttEstimate;
import io.meridian.placement.latency.RttSource;

import java.util.Objects;

/**
 * One agent as the policy weighed it.
 *
 * @param agentId         the agent
 * @param region          its region
 * @param estimatedRttMs  participant → this agent's region, ms ({@code NaN} when the region is not in the catalog)
 * @param rttSource       whether that RTT is a client probe or the model's estimate ({@code null} with {@code NaN})
 * @param relayRttMs      this agent → the nearest agent already in the conference, ms (measured when reported,
 *                        else the model); 0 for a conference agent, {@code NaN} for a new conference
 * @param stress          reported stress
 * @param effectiveStress {@code stress + placementsSinceReport × stressPerPlacement}
 * @param inConference    whether it already hosts part of the conference
 * @param eligible        whether it may take a new participant
 * @param reason          {@code "eligible"}, or why not (e.g. {@code "overloaded: stress 0.91 >= 0.85"})
 * @param relayRttSource  where {@code relayRttMs} came from: the agents' measurement ({@code MEASURED}) or the model
 *                        ({@code MODEL}); {@code null} for a conference agent (0) or a new conference (NaN)
 */
public record Candidate(String agentId, String region, double estimatedRttMs, RttSource rttSource,
                        double relayRttMs, double stress, double effectiveStress, boolean inConference,
                        boolean eligible, String reason, RttSource relayRttSource) {

    /** A candidate whose relay RTT's source is not known (tests, hand-made explanations). */
    public Candidate(String agentId, String region, double estimatedRttMs, RttSource rttSource, double relayRttMs,
                     double stress, double effectiveStress, boolean inConference, boolean eligible, String reason) {
        this(agentId, region, estimatedRttMs, rttSource, relayRttMs, stress, effectiveStress, inConference, eligible,
                reason, null);
    }

    /** The reason text of an eligible candidate. */
    public static final String ELIGIBLE = "eligible";

    /** Validates non-null ids and reason. */
    public Candidate {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * The policy's evidence for the participant's RTT, as it weighed it (the policy builds candidates from its
     * {@link RttEstimate}s, so nothing outside it re-derives a source).
     *
     * @return participant → this agent's region with its source, or {@code null} when the region is unknown
     */
    public RttEstimate rtt() {
        return rttSource == null || Double.isNaN(estimatedRttMs) ? null : new RttEstimate(estimatedRttMs, rttSource);
    }

    /**
     * @return this agent → the conference's nearest agent with its source (the one relay-RTT rule,
     *         {@link io.meridian.placement.latency.RttEstimates#agentToAgent}), or {@code null} for a conference agent
     *         or a new conference
     */
    public RttEstimate relayRtt() {
        return relayRttSource == null || Double.isNaN(relayRttMs) ? null : new RttEstimate(relayRttMs, relayRttSource);
    }
}
