package io.meridian.placement;

import java.time.Duration;
import java.util.Objects;

/**
 * The policy's knobs. The {@code DEFAULT_…} constants are the one source of every default: {@link #defaults()}
 * uses them and the controller's configuration mapping names them in its {@code @WithDefault}s.
 *
 * @param cascadeThresholdMs       a later participant is cascaded to its own region only when that cuts its
 *                                 estimated RTT by strictly more than this, ms
 * @param maxAgentsPerConference   the most agents one conference may span (the relay budget), {@code >= 1}
 * @param overloadStress           agents whose reported stress is {@code >=} this take nobody new
 * @param stressPerPlacement       stress added per placement since the agent's last report, to rank agents by
 *                                 effective stress and spread bursts
 * @param reportStaleAfter         an agent whose last report is older than this takes nobody new
 * @param minParticipantsToCascade a joiner is cascaded only when the conference already has at least this many
 *                                 participants, {@code >= 1}: 2 keeps every 1:1 call on one agent (a relay cannot
 *                                 beat the direct path between two people, docs/study.md)
 * @param cost                     what cascading costs and what a saved millisecond is worth
 */
public record PlacementSettings(double cascadeThresholdMs, int maxAgentsPerConference, double overloadStress,
                                double stressPerPlacement, Duration reportStaleAfter, int minParticipantsToCascade,
                                CascadeCost cost) {

    /** Default cascade threshold, ms: the placement study's recommendation (docs/study.md). */
    public static final double DEFAULT_CASCADE_THRESHOLD_MS = 50.0;
    /** Default agent budget per conference. */
    public static final int DEFAULT_MAX_AGENTS_PER_CONFERENCE = 4;
    /** Default overload stress. */
    public static final double DEFAULT_OVERLOAD_STRESS = 0.85;
    /** Default stress per placement: one participant on a 100-participant agent. */
    public static final double DEFAULT_STRESS_PER_PLACEMENT = 0.01;
    /** Default report staleness, seconds (the controller's agent down-timeout, {@code MERIDIAN_AGENT_DOWN_TIMEOUT}). */
    public static final long DEFAULT_REPORT_STALE_AFTER_SECONDS = 5;
    /** Default smallest conference a joiner is cascaded from: 1:1 calls never cascade. */
    public static final int DEFAULT_MIN_PARTICIPANTS_TO_CASCADE = 2;

    /** @throws IllegalArgumentException on out-of-range values */
    public PlacementSettings {
        Objects.requireNonNull(reportStaleAfter, "reportStaleAfter");
        Objects.requireNonNull(cost, "cost");
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
        if (minParticipantsToCascade < 1) {
            throw new IllegalArgumentException("minParticipantsToCascade must be >= 1, got " + minParticipantsToCascade);
        }
    }

    /**
     * Settings with the default 1:1 rule and cost-blind cascading.
     *
     * @param cascadeThresholdMs     see the record
     * @param maxAgentsPerConference see the record
     * @param overloadStress         see the record
     * @param stressPerPlacement     see the record
     * @param reportStaleAfter       see the record
     */
    public PlacementSettings(double cascadeThresholdMs, int maxAgentsPerConference, double overloadStress,
                             double stressPerPlacement, Duration reportStaleAfter) {
        this(cascadeThresholdMs, maxAgentsPerConference, overloadStress, stressPerPlacement, reportStaleAfter,
                DEFAULT_MIN_PARTICIPANTS_TO_CASCADE, CascadeCost.defaults());
    }

    /**
     * @return threshold 50 ms, 4 agents per conference, overload at stress 0.85, 0.01 stress per placement,
     *         reports stale after 5 s, no cascading in 1:1 calls, cascading not limited by cost
     */
    public static PlacementSettings defaults() {
        return new PlacementSettings(DEFAULT_CASCADE_THRESHOLD_MS, DEFAULT_MAX_AGENTS_PER_CONFERENCE,
                DEFAULT_OVERLOAD_STRESS, DEFAULT_STRESS_PER_PLACEMENT,
                Duration.ofSeconds(DEFAULT_REPORT_STALE_AFTER_SECONDS), DEFAULT_MIN_PARTICIPANTS_TO_CASCADE,
                CascadeCost.defaults());
    }

    /**
     * @param thresholdMs a cascade threshold
     * @return these settings with that threshold
     */
    public PlacementSettings withCascadeThresholdMs(double thresholdMs) {
        return new PlacementSettings(thresholdMs, maxAgentsPerConference, overloadStress, stressPerPlacement,
                reportStaleAfter, minParticipantsToCascade, cost);
    }

    /**
     * @param maxAgents an agent budget per conference
     * @return these settings with that budget
     */
    public PlacementSettings withMaxAgentsPerConference(int maxAgents) {
        return new PlacementSettings(cascadeThresholdMs, maxAgents, overloadStress, stressPerPlacement,
                reportStaleAfter, minParticipantsToCascade, cost);
    }

    /**
     * @param minParticipants the smallest conference a joiner is cascaded from
     * @return these settings with that rule
     */
    public PlacementSettings withMinParticipantsToCascade(int minParticipants) {
        return new PlacementSettings(cascadeThresholdMs, maxAgentsPerConference, overloadStress, stressPerPlacement,
                reportStaleAfter, minParticipants, cost);
    }

    /**
     * @param cascadeCost the cost model and the operator's price of a millisecond
     * @return these settings with it
     */
    public PlacementSettings withCost(CascadeCost cascadeCost) {
        return new PlacementSettings(cascadeThresholdMs, maxAgentsPerConference, overloadStress, stressPerPlacement,
                reportStaleAfter, minParticipantsToCascade, cascadeCost);
    }
}
