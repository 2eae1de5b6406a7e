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

    private final long[] histogram = new long[MAX_MS * BINS_PER_MS + 1];
    long count;
    double sumMs;
    long over150;
    long mouthToEarOver150;

    void add(double ms) {
        count++;
        sumMs += ms;
        histogram[(int) Math.min(ms * BINS_PER_MS, histogram.length - 1)]++;
        if (ms > MouthToEar.G114_MS) {
            over150++;
        }
        if (ms > MouthToEar.NETWORK_SHARE_OF_G114_MS) {
            mouthToEarOver150++;
        }
    }

    void merge(Distribution o) {
        for (int i = 0; i < histogram.length; i++) {
            histogram[i] += o.histogram[i];
        }
        count += o.count;
        sumMs += o.sumMs;
        over150 += o.over150;
        mouthToEarOver150 += o.mouthToEarOver150;
    }

    /** @return the smallest latency (bin upper edge, ms) at or below which 95 % fall; NaN when empty */
    double p95Ms() {
        if (count == 0) {
            return Double.NaN;
        }
        long target = (long) Math.ceil(count * 0.95);
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= target) {
                return (i + 1) / (double) BINS_PER_MS;
            }
        }
        return MAX_MS;
    }

    LatencyView view() {
        return new LatencyView(count, count == 0 ? Double.NaN : sumMs / count, p95Ms(),
                count == 0 ? 0 : (double) over150 / count, count == 0 ? 0 : (double) mouthToEarOver150 / count);
    }
}
