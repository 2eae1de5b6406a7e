package io.meridian.agent.control;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential from {@code initial}, doubling per failure up to {@code max}, each with
 * ±20 % jitter so that a fleet cut off at once does not reconnect in lockstep. Not thread-safe (the
 * link's thread owns it).
 */
final class Backoff {

    private static final double JITTER = 0.2;

    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private long nextBaseMillis;

    Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
        this.nextBaseMillis = initialMillis;
    }

    /** The delay before the next attempt; doubles the one after. */
    long nextDelayMillis() {
        long base = nextBaseMillis;
        nextBaseMillis = Math.min(maxMillis, base * 2);
        double factor = 1 - JITTER + 2 * JITTER * random.nextDouble();
        return Math.max(1, Math.round(base * factor));
    }

    /** Back to the initial delay, after a session was accepted. */
    void reset() {
        nextBaseMillis = initialMillis;
    }
}
