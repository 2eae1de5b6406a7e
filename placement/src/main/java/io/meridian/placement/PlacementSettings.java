package io.meridian.placement;

import java.time.Duration;
import java.util.Objects;

/**
 * The policy's knobs.
 *
 * @param cascadeThresholdMs     a later participant is cascaded to its own region only when that cuts its estimated
 *                               RTT by strictly more than this, ms
 * @param maxAgentsPerConference the most agents one conference may span (the relay budget), {@code >= 1}
 * @param overloadStress         agents whose reported stress is {@code >=} this take nobody new
 * @param stressPerPlacement     stress added per placement since the agent's last report, to rank agents by
 *                               effective stress and spread bursts
 * @param reportStaleAfter       an agent whose last report is older than this takes nobody new
 */
public record PlacementSettings(double cascadeThresholdMs, int maxAgentsPerConference, double overloadStress,
                                double stressPerPlacement, Duration reportStaleAfter) {

    /** @throws IllegalArgumentException on out-of-range values */
    public PlacementSettings {
        Objects.requireNonNull(reportStaleAfter, "reportStaleAfter");
        if (!(cascadeThresholdMs >= 0 && cascadeThresholdMs < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("cascadeThresholdMs must be finite and >= 0, got " + cascadeThresholdMs);
        }
        if (maxAgentsPerConference < 1) {
            throw new IllegalArgumentException("maxAgentsPerConference must be >= 1, got " + maxAgentsPerConference);
        }
        if (!(overloadStress > 0 && overloadStress < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("overloadStress must be finite and > 0, got " + overloadStress);
        }
        if (!(stressPerPlacement >= 0 && stressPerPlacement < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("stressPerPlacement must be finite and >= 0, got " + stressPerPlacement);
        }
        if (reportStaleAfter.isNegative() || reportStaleAfter.isZero()) {
            throw new IllegalArgumentException("reportStaleAfter must be positive, got " + reportStaleAfter);
        }
    }

    /**
     * @return threshold 50 ms (the placement study's recommendation, docs/study.md), 4 agents per conference, overload at stress 0.85, 0.01 stress per placement
     *         (one participant on a 100-participant agent), reports stale after 5 s
     */
    public static PlacementSettings defaults() {
        return new PlacementSettings(50.0, 4, 0.85, 0.01, Duration.ofSeconds(5));
    }
}
