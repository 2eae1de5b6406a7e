package io.meridian.agent.relay;

import java.util.Arrays;

/**
 * Round-trip time to one peer agent. Keeps TCP's smoothed RTT (RFC 6298 §2: the first sample sets SRTT and
 * RTTVAR = R/2, later ones move SRTT by 1/8 and RTTVAR by 1/4 of the error) and reports the median of the last
 * {@link #WINDOW} samples: placement wants the path's typical RTT, and a median shrugs off the odd slow sample (a
 * cold JIT at link start, a GC pause) that would bias an average for tens of seconds at one probe per second.
 * Samples that are negative or absurdly large are ignored. Not thread-safe: the relay thread owns it.
 */
final class RttEstimator {
    /** Samples above this are discarded. */
    static final double MAX_SAMPLE_MS = 60_000;
    /** Samples the reported median is taken over. */
    static final int WINDOW = 9;

    private final double[] recent = new double[WINDOW];
    private final double[] sorted = new double[WINDOW];
    private double srttMs = Double.NaN;
    private double rttvarMs = Double.NaN;
    private long samples;
    private long lastSampleNanos;

    /** Adds one measured RTT taken at {@code nowNanos}; returns false when the sample was discarded. */
    boolean sample(double rttMs, long nowNanos) {
        if (!(rttMs >= 0) || rttMs > MAX_SAMPLE_MS) {
            return false;
        }
        if (samples == 0) {
            srttMs = rttMs;
            rttvarMs = rttMs / 2;
        } else {
            rttvarMs = 0.75 * rttvarMs + 0.25 * Math.abs(srttMs - rttMs);
            srttMs = 0.875 * srttMs + 0.125 * rttMs;
        }
        recent[(int) (samples % WINDOW)] = rttMs;
        samples++;
        lastSampleNanos = nowNanos;
        return true;
    }

    /** The RTT to report: the median of the last {@link #WINDOW} samples, NaN before the first. */
    double reportMs() {
        int n = (int) Math.min(samples, WINDOW);
        if (n == 0) {
            return Double.NaN;
        }
        System.arraycopy(recent, 0, sorted, 0, n);
        Arrays.sort(sorted, 0, n);
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The smoothed RTT in milliseconds, NaN before the first sample. */
    double srttMs() {
        return srttMs;
    }

    /** The RTT variation in milliseconds, NaN before the first sample. */
    double rttvarMs() {
        return rttvarMs;
    }

    /** Samples taken. */
    long samples() {
        return samples;
    }

    /** When the last sample was taken (System.nanoTime scale); meaningless before the first. */
    long lastSampleNanos() {
        return lastSampleNanos;
    }
}
