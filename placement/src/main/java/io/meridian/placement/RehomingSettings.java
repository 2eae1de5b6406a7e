package io.meridian.placement;

import java.time.Duration;
import java.util.Objects;

/**
 * The re-homing rule's knobs ({@link Rehoming}).
 *
 * @param thresholdMs      a conference moves only when every remaining participant's estimated RTT to the new region
 *                         is shorter than to the home region by strictly more than this, ms
 * @param hysteresisMs     once that holds, it keeps holding while every saving stays above
 *                         {@code thresholdMs - hysteresisMs}: estimates that jitter around the threshold do not restart
 *                         the wait, {@code 0 <= hysteresisMs <= thresholdMs}
 * @param dwell            how long the condition must hold, towards the same region, before the conference moves
 * @param minInterval      the least time between two moves of one conference
 * @param overloadStress   agents whose reported stress is {@code >=} this are no target
 * @param reportStaleAfter an agent whose last report is older than this is no target
 */
public record RehomingSettings(double thresholdMs, double hysteresisMs, Duration dwell, Duration minInterval,
                               double overloadStress, Duration reportStaleAfter) {

    /** @throws IllegalArgumentException on out-of-range values */
    public RehomingSettings {
        Objects.requireNonNull(dwell, "dwell");
        Objects.requireNonNull(minInterval, "minInterval");
        Objects.requireNonNull(reportStaleAfter, "reportStaleAfter");
        if (!(thresholdMs >= 0 && thresholdMs < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("thresholdMs must be finite and >= 0, got " + thresholdMs);
        }
        if (!(hysteresisMs >= 0 && hysteresisMs <= thresholdMs)) {
            throw new IllegalArgumentException("hysteresisMs must be in [0, thresholdMs], got " + hysteresisMs);
        }
        if (dwell.isNegative() || minInterval.isNegative()) {
            throw new IllegalArgumentException("dwell and minInterval must not be negative");
        }
        if (!(overloadStress > 0 && overloadStress < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("overloadStress must be finite and > 0, got " + overloadStress);
        }
        if (reportStaleAfter.isNegative() || reportStaleAfter.isZero()) {
            throw new IllegalArgumentException("reportStaleAfter must be positive, got " + reportStaleAfter);
        }
    }

    /**
     * @return threshold 50 ms (the cascade threshold the placement study recommends, docs/study.md), hysteresis
     *         10 ms, the condition held for 30 s, at most one move per 10 minutes, overload at stress 0.85, reports
     *         stale after 5 s
     */
    public static RehomingSettings defaults() {
        return new RehomingSettings(50.0, 10.0, Duration.ofSeconds(30), Duration.ofMinutes(10), 0.85,
                Duration.ofSeconds(5));
    }
}
