package io.meridian.benchmarks.forwarding;

/**
 * Log-linear histogram of nanosecond values (64 sub-buckets per power of two, so about 1.6% resolution) that
 * records without allocating; one writer thread, merged after that thread stopped.
 */
final class LatencyHistogram {
    private static final int SUB = 64;
    private static final int MAX_SHIFT = 40;
    private final long[] counts = new long[SUB * (MAX_SHIFT + 2)];
    private long total;
    private long max;
    private long negative;

    /** Records one value in nanoseconds; negative values (clock misuse) are counted apart. */
    void record(long nanos) {
        if (nanos < 0) {
            negative++;
            return;
        }
        counts[index(nanos)]++;
        total++;
        if (nanos > max) {
            max = nanos;
        }
    }

    /** Adds another histogram's counts. */
    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        negative += other.negative;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    long negative() {
        return negative;
    }

    /** The value at quantile {@code q} (0..1), as the upper edge of its bucket; -1 when empty. */
    long quantile(double q) {
        if (total == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, upperEdge(i));
            }
        }
        return max;
    }

    static int index(long v) {
        if (v < 2 * SUB) {
            return (int) v;
        }
        int shift = Math.min(MAX_SHIFT, 63 - Long.numberOfLeadingZeros(v) - 6);
        long top = Math.min(2 * SUB - 1, v >>> shift);
        return SUB * shift + (int) top;
    }

    static long upperEdge(int index) {
        if (index < 2 * SUB) {
            return index;
        }
        int shift = index / SUB - 1;
        long top = index - (long) SUB * shift;
        return ((top + 1) << shift) - 1;
    }
}
