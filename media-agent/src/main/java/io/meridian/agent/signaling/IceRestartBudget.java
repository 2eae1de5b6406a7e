package io.meridian.agent.signaling;

import java.util.concurrent.TimeUnit;

/**
 * How often one session may restart ICE: a burst of {@value #BURST}, then one more every
 * {@value #REFILL_SECONDS} s. Each restart makes the agent mint ICE credentials for two transports and re-offer the
 * subscriber connection; a browser restarts only when its path changes (the SDK waits 2 s of "disconnected"), so a
 * session that asks faster is hostile or broken and is ended (4429) rather than served.
 */
final class IceRestartBudget {
    static final int BURST = 3;
    static final long REFILL_SECONDS = 10;
    private static final long REFILL_NANOS = TimeUnit.SECONDS.toNanos(REFILL_SECONDS);

    private long tokens = BURST;
    private long refilledAt;

    IceRestartBudget(long nowNanos) {
        this.refilledAt = nowNanos;
    }

    /** Takes one restart at {@code nowNanos} (a monotonic clock); false when the session has none left. */
    boolean take(long nowNanos) {
        long earned = (nowNanos - refilledAt) / REFILL_NANOS;
        if (earned > 0) {
            tokens = Math.min(BURST, tokens + earned);
            refilledAt += earned * REFILL_NANOS;
        }
        if (tokens == 0) {
            return false;
        }
        tokens--;
        return true;
    }
}
