package io.meridian.study.sim;

import java.util.List;

/**
 * One policy's metrics over a whole workload.
 *
 * @param policy                 the policy's name
 * @param conferences            conferences simulated
 * @param participants           participants placed or rejected
 * @param rejected               participants the policy rejected (0 in an idle fleet)
 * @param pairs                  participant pairs measured
 * @param meanMs                 mean one-way network latency over pairs, ms
 * @param p95Ms                  95th percentile of the same, ms (0.1 ms resolution)
 * @param over150Share           share of pairs above 150 ms one way (ITU-T G.114)
 * @param agentsPerConference    mean number of distinct agents a conference uses over its call
 * @param cascadedShare          share of conferences on more than one agent at the same time
 * @param relayGb                traffic over relay links, GB
 * @param relayUsd               its egress cost at the sending region's price, USD
 * @param unpricedRelayGb        relay traffic from regions without a price (not in {@code relayUsd}), GB
 * @param clientEgressUsd        agents → participants egress cost, USD (context: what every policy pays anyway)
 * @param agentsNeeded           a fleet sized per region for that region's busiest 5 minutes of the simulated day:
 *                               forwarded packets/s divided by one agent's (the settings' capacity), rounded up,
 *                               summed over regions
 * @param classes                the same metrics per conference class
 * @param byConference           latency counting each conference once (its mean over pairs)
 * @param byParticipant          latency counting each participant once (its mean to the others)
 * @param byPair                 latency counting each pair once (the same as meanMs, p95Ms, over150Share)
 * @param agentsAtPeak           agents running at the fleet's busiest 5 minutes (each region rounded up)
 * @param participantHours       participant-hours placed
 * @param relayInterRegionUsd    relay traffic priced at the inter-region transfer price ({@link Cost})
 * @param load                   the fleet under load: overloads and rule firings ({@link LoadResult#IDLE} when the
 *                               fleet was idle)
 */
public record PolicyResult(String policy, long conferences, long participants, long rejected, long pairs,
                           double meanMs, double p95Ms, double over150Share, double agentsPerConference,
                           double cascadedShare, double relayGb, double relayUsd, double unpricedRelayGb,
                           double clientEgressUsd, long agentsNeeded, List<ClassResult> classes,
                           LatencyView byConference, LatencyView byParticipant, LatencyView byPair,
                           long agentsAtPeak, double participantHours, double relayInterRegionUsd,
                           LoadResult load) {

    /** Copies the class list. */
    public PolicyResult {
        classes = List.copyOf(classes);
        java.util.Objects.requireNonNull(load, "load");
    }

    /** A run on an idle fleet (tests). */
    public PolicyResult(String policy, long conferences, long participants, long rejected, long pairs,
                        double meanMs, double p95Ms, double over150Share, double agentsPerConference,
                        double cascadedShare, double relayGb, double relayUsd, double unpricedRelayGb,
                        double clientEgressUsd, long agentsNeeded, List<ClassResult> classes,
                        LatencyView byConference, LatencyView byParticipant, LatencyView byPair,
                        long agentsAtPeak, double participantHours, double relayInterRegionUsd) {
        this(policy, conferences, participants, rejected, pairs, meanMs, p95Ms, over150Share, agentsPerConference,
                cascadedShare, relayGb, relayUsd, unpricedRelayGb, clientEgressUsd, agentsNeeded, classes,
                byConference, byParticipant, byPair, agentsAtPeak, participantHours, relayInterRegionUsd,
                LoadResult.IDLE);
    }

    /**
     * @return USD per participant-hour: agents → participants at internet egress prices plus relay traffic at the
     *         inter-region transfer price
     */
    public double usdPerParticipantHour() {
        return participantHours == 0 ? 0 : (clientEgressUsd + relayInterRegionUsd) / participantHours;
    }

    /** @return relay egress cost per 1,000 conferences, USD */
    public double relayUsdPer1000Conferences() {
        return conferences == 0 ? 0 : relayUsd * 1000 / conferences;
    }
}
