package io.meridian.agent.net;

import java.net.InetSocketAddress;

/**
 * Token buckets by source address in a table of fixed size, for rate-limiting senders nobody vouched for. The
 * table is 4-way set-associative: an address hashes to one set of four slots, and a new address takes the slot of
 * that set idle the longest. A flood of (spoofed) addresses therefore only recycles slots; it never grows memory.
 * Steady state allocates nothing: a lookup is a hash, up to four {@code equals} and a little arithmetic. One thread
 * only (the socket's receive thread).
 */
public final class SourceBuckets {
    private static final int WAYS = 4;

    private final InetSocketAddress[] sources;
    private final double[] tokens;
    private final long[] lastNanos;
    private final int setMask;
    private final double perSecond;
    private final double burst;
    private long evictions;

    /**
     * A table remembering about {@code capacity} sources (rounded up to a power of two, at least 4), each allowed
     * {@code perSecond} packets per second on average and {@code burst} at once.
     */
    public SourceBuckets(int capacity, double perSecond, double burst) {
        if (capacity < 1 || perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("capacity, rate and burst must be positive (burst at least 1)");
        }
        int want = (capacity + WAYS - 1) / WAYS;
        int sets = want <= 1 ? 1 : Integer.highestOneBit(want - 1) << 1;
        this.sources = new InetSocketAddress[sets * WAYS];
        this.tokens = new double[sets * WAYS];
        this.lastNanos = new long[sets * WAYS];
        this.setMask = sets - 1;
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes one token from {@code source}'s bucket; false when it is empty (drop the packet). */
    public boolean tryAcquire(InetSocketAddress source, long nowNanos) {
        int h = source.hashCode();
        int base = ((h ^ (h >>> 16)) * 0x9E3779B1 >>> 8 & setMask) * WAYS;
        int victim = base;
        for (int i = base; i < base + WAYS; i++) {
            InetSocketAddress s = sources[i];
            if (s == null) {
                victim = i;
                break;
            }
            if (s.equals(source)) {
                double t = Math.min(burst, tokens[i] + (nowNanos - lastNanos[i]) * 1e-9 * perSecond);
                lastNanos[i] = nowNanos;
                if (t < 1) {
                    tokens[i] = t;
                    return false;
                }
                tokens[i] = t - 1;
                return true;
            }
            if (lastNanos[i] - lastNanos[victim] < 0) {
                victim = i;
            }
        }
        if (sources[victim] != null) {
            evictions++;
        }
        sources[victim] = source;
        tokens[victim] = burst - 1;
        lastNanos[victim] = nowNanos;
        return true;
    }

    /** Slots in the table (the most sources remembered at once). */
    public int capacity() {
        return sources.length;
    }

    /** Sources forgotten to make room for new ones. */
    public long evictions() {
        return evictions;
    }
}
