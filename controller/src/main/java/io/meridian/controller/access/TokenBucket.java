package io.meridian.controller.access;

/**
 * A token bucket: holds up to {@code burst} tokens, refills at {@code ratePerSecond}; each admitted request takes
 * one. Not thread-safe on its own: {@link JoinRateLimits} calls it under the bucket's monitor.
 */
final class TokenBucket {
    private final double ratePerSecond;
    private final double burst;
    private double tokens;
    private long updatedNanos;

    TokenBucket(double ratePerSecond, double burst, long nowNanos) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.tokens = burst;
        this.updatedNanos = nowNanos;
    }

    /** Takes a token: 0 when admitted, else the whole seconds (at least 1) until one is there. */
    long take(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1.0 - tokens) / ratePerSecond));
    }

    /** True when the bucket has refilled completely: forgetting it changes nothing. */
    boolean full(long nowNanos) {
        refill(nowNanos);
        return tokens >= burst;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - updatedNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed / 1e9 * ratePerSecond);
            updatedNanos = nowNanos;
        }
    }
}
