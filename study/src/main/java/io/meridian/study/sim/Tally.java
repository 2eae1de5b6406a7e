package io.meridian.study.sim;

/**
 * Running sums of one policy's metrics over a run of conferences. Tallies of consecutive chunks are merged in
 * chunk order, so floating-point sums, and with them the printed results, do not depend on thread scheduling.
 */
final class Tally {

    /** Latency histogram resolution: bins of 0.1 ms. */
    static final int BINS_PER_MS = 10;
    /** Latencies at or above this land in the last bin (a p95 there is reported as "≥ 2000"). */
    static final int MAX_MS = 2000;
    /** ITU-T G.114: one-way delay above 150 ms degrades interactive speech. */
    static final double G114_MS = 150;

    final long[] histogram = new long[MAX_MS * BINS_PER_MS + 1];
    long pairs;
    double latencySumMs;
    long pairsOver150;
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
    final double[] regionLoad;
    final long[] classConferences = new long[ConferenceClass.values().length];
    final long[] classPairs = new long[ConferenceClass.values().length];
    final double[] classLatencySumMs = new double[ConferenceClass.values().length];
    final long[] classPairsOver150 = new long[ConferenceClass.values().length];
    final double[] classRelayUsd = new double[ConferenceClass.values().length];
    final long[] classCascaded = new long[ConferenceClass.values().length];

    Tally(int regions) {
        regionLoad = new double[regions];
    }

    void addPair(double ms, int conferenceClass) {
        pairs++;
        latencySumMs += ms;
        int bin = (int) Math.min(ms * BINS_PER_MS, histogram.length - 1);
        histogram[bin]++;
        classPairs[conferenceClass]++;
        classLatencySumMs[conferenceClass] += ms;
        if (ms > G114_MS) {
            pairsOver150++;
            classPairsOver150[conferenceClass]++;
        }
    }

    void merge(Tally o) {
        for (int i = 0; i < histogram.length; i++) {
            histogram[i] += o.histogram[i];
        }
        pairs += o.pairs;
        latencySumMs += o.latencySumMs;
        pairsOver150 += o.pairsOver150;
        conferences += o.conferences;
        participants += o.participants;
        rejected += o.rejected;
        agentsSum += o.agentsSum;
        cascadedConferences += o.cascadedConferences;
        relayGb += o.relayGb;
        relayUsd += o.relayUsd;
        unpricedRelayGb += o.unpricedRelayGb;
        clientGb += o.clientGb;
        clientUsd += o.clientUsd;
        for (int i = 0; i < regionLoad.length; i++) {
            regionLoad[i] += o.regionLoad[i];
        }
        for (int i = 0; i < classPairs.length; i++) {
            classConferences[i] += o.classConferences[i];
            classPairs[i] += o.classPairs[i];
            classLatencySumMs[i] += o.classLatencySumMs[i];
            classPairsOver150[i] += o.classPairsOver150[i];
            classRelayUsd[i] += o.classRelayUsd[i];
            classCascaded[i] += o.classCascaded[i];
        }
    }

    /** @return the smallest latency (bin upper edge, ms) at or below which 95 % of pairs fall; NaN without pairs */
    double p95Ms() {
        if (pairs == 0) {
            return Double.NaN;
        }
        long target = (long) Math.ceil(pairs * 0.95);
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= target) {
                return (i + 1) / (double) BINS_PER_MS;
            }
        }
        return MAX_MS;
    }
}
