package io.meridian.agent.sfu;

/**
 * One subscriber's downlink bandwidth estimate from its transport-cc feedback, shaped like GCC's delay-based
 * controller (draft-ietf-rmcat-gcc §5): packets are grouped into 5 ms send bursts, the one-way delay gradient
 * between groups is smoothed and fitted with a least-squares trendline over the last {@value #WINDOW} groups; a
 * rising trend (queue building) is overuse, a falling one underuse. The rate controller then decreases to 85 % of
 * the measured acknowledged rate on overuse, holds on underuse (the queue is draining), and increases otherwise:
 * multiplicatively (8 %/s) far from the last overuse rate, additively (about one packet per response time) near
 * it, so a steady link does not see the estimate saw-tooth around capacity.
 *
 * <p>Chosen over per-subscriber REMB because Chromium only sends REMB when it is negotiated without transport-cc,
 * and because the estimate must be ours per subscriber: the layer choice needs it, the publisher never sees it.
 *
 * <p>Pure and single-threaded: the caller owns it (one per subscriber transport) and feeds it every acknowledged
 * packet in feedback order; time is the caller's, in microseconds. Allocation-free.
 */
public final class DelayBasedEstimator {
    /** Groups in the trendline window (GCC uses 20). */
    static final int WINDOW = 20;
    private static final long BURST_MICROS = 5_000;
    private static final double SMOOTHING = 0.9;
    /** Trend gain and overuse threshold (ms of accumulated delay over the window). */
    private static final double GAIN = 4.0;
    private static final double THRESHOLD_MS = 12.5;
    private static final long OVERUSE_MIN_MICROS = 10_000;
    private static final long RATE_WINDOW_MICROS = 500_000;

    private final long min;
    private final long max;
    private long estimate;

    // Current send group.
    private long groupSendFirst = Long.MIN_VALUE;
    private long groupSendLast;
    private long groupArrivalLast;
    // Previous completed group.
    private long prevSendLast = Long.MIN_VALUE;
    private long prevArrivalLast;
    private long firstArrival = Long.MIN_VALUE;

    private double accumulatedDelayMs;
    private double smoothedDelayMs;
    private final double[] xs = new double[WINDOW];
    private final double[] ys = new double[WINDOW];
    private int samples;
    private long overuseSince = Long.MIN_VALUE;
    private Signal signal = Signal.NORMAL;

    // Acknowledged rate over a sliding window, as a ring of per-packet (arrival, bytes).
    private final long[] ackArrival = new long[1024];
    private final int[] ackBytes = new int[1024];
    private int ackHead;
    private int ackCount;
    private long ackSum;

    private long lastUpdate = Long.MIN_VALUE;
    private long lastDecrease = Long.MIN_VALUE;
    private double rateAtOveruse = -1;

    /** What the detector currently sees. */
    public enum Signal { NORMAL, OVERUSE, UNDERUSE }

    /**
     * @param min   lowest estimate, bits/s
     * @param max   highest estimate, bits/s
     * @param start the first estimate, bits/s
     */
    public DelayBasedEstimator(long min, long max, long start) {
        if (min <= 0 || max < min || start < min || start > max) {
            throw new IllegalArgumentException("need 0 < min <= start <= max");
        }
        this.min = min;
        this.max = max;
        this.estimate = start;
    }

    /**
     * One packet acknowledged by transport-cc feedback.
     *
     * @param sendMicros    when we sent it
     * @param arrivalMicros when the subscriber received it (its clock; only differences are used)
     * @param bytes         its size on the wire
     */
    public void onPacket(long sendMicros, long arrivalMicros, int bytes) {
        if (firstArrival == Long.MIN_VALUE) {
            firstArrival = arrivalMicros;
        }
        addAck(arrivalMicros, bytes);
        if (groupSendFirst == Long.MIN_VALUE) {
            startGroup(sendMicros, arrivalMicros);
            return;
        }
        if (sendMicros - groupSendFirst <= BURST_MICROS) {
            groupSendLast = Math.max(groupSendLast, sendMicros);
            groupArrivalLast = Math.max(groupArrivalLast, arrivalMicros);
            return;
        }
        if (sendMicros < groupSendFirst) {
            return; // reordered into an older group: GCC ignores it too
        }
        if (prevSendLast != Long.MIN_VALUE) {
            double sendDelta = (groupSendLast - prevSendLast) / 1000.0;
            double arrivalDelta = (groupArrivalLast - prevArrivalLast) / 1000.0;
            addGradient(arrivalDelta - sendDelta, (groupArrivalLast - firstArrival) / 1000.0, arrivalMicros);
        }
        prevSendLast = groupSendLast;
        prevArrivalLast = groupArrivalLast;
        startGroup(sendMicros, arrivalMicros);
    }

    /**
     * Advances the rate controller; call once per feedback message.
     *
     * @param nowMicros the caller's clock
     * @return the estimate, bits/s
     */
    public long update(long nowMicros) {
        long elapsed = lastUpdate == Long.MIN_VALUE ? 0 : Math.max(0, nowMicros - lastUpdate);
        lastUpdate = nowMicros;
        long acked = ackedRate();
        switch (signal) {
            case OVERUSE -> {
                // One decrease per ~response time: the queue needs time to drain before the trend falls again.
                if (lastDecrease == Long.MIN_VALUE || nowMicros - lastDecrease >= 200_000) {
                    long base = acked > 0 ? acked : estimate;
                    rateAtOveruse = base;
                    estimate = (long) (0.85 * base);
                    lastDecrease = nowMicros;
                }
            }
            case UNDERUSE -> { /* hold: the queue is draining */ }
            case NORMAL -> {
                double seconds = elapsed / 1e6;
                boolean nearCapacity = rateAtOveruse > 0 && estimate > 0.8 * rateAtOveruse;
                if (nearCapacity) {
                    estimate += (long) (seconds * 8 * 1200 * 1000 / 200.0); // ~1 packet per 200 ms response time
                } else {
                    estimate = (long) (estimate * Math.pow(1.08, seconds));
                }
                // Never run far ahead of what actually arrives: an estimate above 1.5× the acked rate is a guess.
                if (acked > 0) {
                    estimate = Math.min(estimate, (long) (1.5 * acked) + 10_000);
                }
            }
        }
        estimate = Math.max(min, Math.min(max, estimate));
        return estimate;
    }

    /** The current estimate, bits/s. */
    public long estimate() {
        return estimate;
    }

    /** The detector's current state. */
    public Signal signal() {
        return signal;
    }

    /** Bits/s acknowledged over the last half second. */
    public long ackedRate() {
        if (ackCount < 2) {
            return 0;
        }
        int oldest = (ackHead - ackCount + ackArrival.length) % ackArrival.length;
        int newest = (ackHead - 1 + ackArrival.length) % ackArrival.length;
        long span = ackArrival[newest] - ackArrival[oldest];
        if (span < 100_000) {
            return 0; // too short to be a rate
        }
        return (ackSum - ackBytes[oldest]) * 8 * 1_000_000 / span;
    }

    private void startGroup(long send, long arrival) {
        groupSendFirst = send;
        groupSendLast = send;
        groupArrivalLast = arrival;
    }

    private void addAck(long arrival, int bytes) {
        if (ackCount == ackArrival.length) {
            evictOldest();
        }
        ackArrival[ackHead] = arrival;
        ackBytes[ackHead] = bytes;
        ackSum += bytes;
        ackHead = (ackHead + 1) % ackArrival.length;
        ackCount++;
        while (ackCount > 2) {
            int oldest = (ackHead - ackCount + ackArrival.length) % ackArrival.length;
            if (arrival - ackArrival[oldest] <= RATE_WINDOW_MICROS) {
                break;
            }
            evictOldest();
        }
    }

    private void evictOldest() {
        int oldest = (ackHead - ackCount + ackArrival.length) % ackArrival.length;
        ackSum -= ackBytes[oldest];
        ackCount--;
    }

    private void addGradient(double gradientMs, double arrivalMs, long nowMicros) {
        accumulatedDelayMs += gradientMs;
        smoothedDelayMs = SMOOTHING * smoothedDelayMs + (1 - SMOOTHING) * accumulatedDelayMs;
        int slot = samples % WINDOW;
        xs[slot] = arrivalMs;
        ys[slot] = smoothedDelayMs;
        samples++;
        if (samples < WINDOW) {
            return;
        }
        double trend = GAIN * Math.min(samples, 60) * slope(); // libwebrtc's modified trend: slope × deltas (≤ 60) × gain
        if (trend > THRESHOLD_MS) {
            if (overuseSince == Long.MIN_VALUE) {
                overuseSince = nowMicros;
            }
            // Sustained overuse only: one late burst is jitter, not a queue.
            if (nowMicros - overuseSince >= OVERUSE_MIN_MICROS) {
                signal = Signal.OVERUSE;
            }
        } else if (trend < -THRESHOLD_MS) {
            overuseSince = Long.MIN_VALUE;
            signal = Signal.UNDERUSE;
        } else {
            overuseSince = Long.MIN_VALUE;
            signal = Signal.NORMAL;
        }
    }

    private double slope() {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < WINDOW; i++) {
            mx += xs[i];
            my += ys[i];
        }
        mx /= WINDOW;
        my /= WINDOW;
        double num = 0;
        double den = 0;
        for (int i = 0; i < WINDOW; i++) {
            num += (xs[i] - mx) * (ys[i] - my);
            den += (xs[i] - mx) * (xs[i] - mx);
        }
        return den == 0 ? 0 : num / den;
    }
}
