package io.meridian.agent.relay;

/**
 * Smoothed round-trip time to one peer agent, as TCP does it (RFC 6298 §2): the first sample sets SRTT and
 * RTTVAR = R/2, later ones move SRTT by 1/8 and RTTVAR by 1/4 of the error. Samples that are negative or absurdly
 * large (a clock or echo bug, not a network) are ignored. Not thread-safe: the relay thread owns it.
 */
final class RttEstimator {
    /** Samples above this are discarded. */
    static final double MAX_SAMPLE_MS = 60_000;

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
        samples++;
        lastSampleNanos = nowNanos;
        return true;
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
