package io.meridian.study.sim;

/**
 * Running sum, histogram (0.1 ms bins) and G.114 counts of one-way latencies, for one {@link LatencyView}.
 * Merged in chunk order, so sums do not depend on thread scheduling.
 */
final class Distribution {

    /** Latency histogram resolution: bins of 0.1 ms. */
    static final int BINS_PER_MS = 10;
    /** Latencies at or above this land in the last bin. */
    static final int MAX_MS = 2000;

    private final double[] histogram = new double[MAX_MS * BINS_PER_MS + 1];
    long count;
    double weight;
    double sumMs;
    double over150;
    double mouthToEarOver150;

    void add(double ms) {
        add(ms, 1);
    }

    /**
     * @param ms     a latency
     * @param weight how much it counts (under churn: the share of the call it lasted; 1 without churn)
     */
    void add(double ms, double weight) {
        count++;
        this.weight += weight;
        sumMs += ms * weight;
        histogram[(int) Math.min(ms * BINS_PER_MS, histogram.length - 1)] += weight;
        if (ms > MouthToEar.G114_MS) {
            over150 += weight;
        }
        if (ms > MouthToEar.NETWORK_SHARE_OF_G114_MS) {
            mouthToEarOver150 += weight;
        }
    }

    void merge(Distribution o) {
        for (int i = 0; i < histogram.length; i++) {
            histogram[i] += o.histogram[i];
        }
        count += o.count;
        weight += o.weight;
        sumMs += o.sumMs;
        over150 += o.over150;
        mouthToEarOver150 += o.mouthToEarOver150;
    }

    /** @return the smallest latency (bin upper edge, ms) at or below which 95 % fall; NaN when empty */
    double p95Ms() {
        if (count == 0 || weight <= 0) {
            return Double.NaN;
        }
        double target = weight * 0.95;
        double seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= target - 1e-9 * weight) {
                return (i + 1) / (double) BINS_PER_MS;
            }
        }
        return MAX_MS;
    }

    LatencyView view() {
        boolean empty = count == 0 || weight <= 0;
        return new LatencyView(count, empty ? Double.NaN : sumMs / weight, p95Ms(),
                empty ? 0 : over150 / weight, empty ? 0 : mouthToEarOver150 / weight);
    }
}
