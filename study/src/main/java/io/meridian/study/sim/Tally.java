package io.meridian.study.sim;

/**
 * Running sums of one policy's metrics over a run of conferences. Tallies of consecutive chunks are merged in
 * chunk order, so floating-point sums, and with them the printed results, do not depend on thread scheduling.
 */
final class Tally {

    private static final int CLASSES = ConferenceClass.values().length;

    /** Each participant pair once. */
    final Distribution pairs = new Distribution();
    /** Each participant once: its mean latency to the others of its conference. */
    final Distribution participantMeans = new Distribution();
    /** Each conference once: the mean over its pairs. */
    final Distribution conferenceMeans = new Distribution();
    long conferences;
    long participants;
    long rejected;
    long agentsSum;
    long cascadedConferences;
    double relayGb;
    double relayUsd;
    double unpricedRelayGb;
    double clientGb;
    double clientUsd;
    /** Forwarded packets per second per region and 5-minute bin of the UTC day. */
    final double[][] regionPackets;
    double participantHours;
    final long[] classConferences = new long[CLASSES];
    final double[] classPairs = new double[CLASSES];
    final double[] classLatencySumMs = new double[CLASSES];
    final double[] classPairsOver150 = new double[CLASSES];
    final double[] classRelayUsd = new double[CLASSES];
    final long[] classCascaded = new long[CLASSES];
    /** Per class, conferences with at least one pair: sum of their means, and how many exceed G.114 mouth to ear. */
    final long[] classMeasuredConferences = new long[CLASSES];
    final double[] classConferenceMeanSumMs = new double[CLASSES];
    final long[] classConferencesMouthToEarOver150 = new long[CLASSES];
    /** Per class, participants with at least one peer: sum of their means. */
    final double[] classParticipants = new double[CLASSES];
    final double[] classParticipantMeanSumMs = new double[CLASSES];

    /** Decisions per {@link io.meridian.placement.Rule} ordinal. */
    final long[] ruleCounts = new long[io.meridian.placement.Rule.values().length];
    /** Joins placed on a region whose agents were overloaded at the time. */
    long joinsOnOverloaded;

    Tally(int regions) {
        regionPackets = new double[regions][DayModel.BINS];
    }

    /** A pair's one-way latency, weighted by the share of the call they spent together (1 without churn). */
    void addPair(double ms, double weight, int conferenceClass) {
        pairs.add(ms, weight);
        classPairs[conferenceClass] += weight;
        classLatencySumMs[conferenceClass] += ms * weight;
        if (ms > MouthToEar.G114_MS) {
            classPairsOver150[conferenceClass] += weight;
        }
    }

    /** A participant's mean latency to the others, weighted by the share of the call it attended. */
    void addParticipant(double meanMs, double weight, int conferenceClass) {
        participantMeans.add(meanMs, weight);
        classParticipants[conferenceClass] += weight;
        classParticipantMeanSumMs[conferenceClass] += meanMs * weight;
    }

    /** A conference's mean over its pairs. */
    void addConference(double meanMs, int conferenceClass) {
        conferenceMeans.add(meanMs);
        classMeasuredConferences[conferenceClass]++;
        classConferenceMeanSumMs[conferenceClass] += meanMs;
        if (meanMs > MouthToEar.NETWORK_SHARE_OF_G114_MS) {
            classConferencesMouthToEarOver150[conferenceClass]++;
        }
    }

    void merge(Tally o) {
        pairs.merge(o.pairs);
        participantMeans.merge(o.participantMeans);
        conferenceMeans.merge(o.conferenceMeans);
        conferences += o.conferences;
        participants += o.participants;
        rejected += o.rejected;
        joinsOnOverloaded += o.joinsOnOverloaded;
        for (int i = 0; i < ruleCounts.length; i++) {
            ruleCounts[i] += o.ruleCounts[i];
        }
        agentsSum += o.agentsSum;
        cascadedConferences += o.cascadedConferences;
        relayGb += o.relayGb;
        relayUsd += o.relayUsd;
        unpricedRelayGb += o.unpricedRelayGb;
        clientGb += o.clientGb;
        clientUsd += o.clientUsd;
        participantHours += o.participantHours;
        for (int i = 0; i < regionPackets.length; i++) {
            for (int b = 0; b < DayModel.BINS; b++) {
                regionPackets[i][b] += o.regionPackets[i][b];
            }
        }
        for (int i = 0; i < CLASSES; i++) {
            classConferences[i] += o.classConferences[i];
            classPairs[i] += o.classPairs[i];
            classLatencySumMs[i] += o.classLatencySumMs[i];
            classPairsOver150[i] += o.classPairsOver150[i];
            classRelayUsd[i] += o.classRelayUsd[i];
            classCascaded[i] += o.classCascaded[i];
            classMeasuredConferences[i] += o.classMeasuredConferences[i];
            classConferenceMeanSumMs[i] += o.classConferenceMeanSumMs[i];
            classConferencesMouthToEarOver150[i] += o.classConferencesMouthToEarOver150[i];
            classParticipants[i] += o.classParticipants[i];
            classParticipantMeanSumMs[i] += o.classParticipantMeanSumMs[i];
        }
    }
}
