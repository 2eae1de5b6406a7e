package io.meridian.study.policy;

import io.meridian.placement.MeridianPolicy;
import io.meridian.placement.PlacementPolicy;
import io.meridian.placement.PlacementSettings;
import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.LatencyModel;
import io.meridian.study.sim.StudyFleet;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

/** The policies the study compares, each behind {@link PlacementPolicy}, the interface the controller calls. */
public final class StudyPolicies {

    /**
     * A policy and its name in reports.
     *
     * @param name   e.g. {@code "first-joiner"}
     * @param policy the policy
     */
    public record NamedPolicy(String name, PlacementPolicy policy) {
    }

    private StudyPolicies() {
    }

    /**
     * @param catalog the regions
     * @param model   the latency model every policy estimates with
     * @param groups  region groups for the jicofo-style policy
     * @return first-joiner, nearest-always, region-groups and meridian (default settings), in that order
     */
    public static List<NamedPolicy> standard(RegionCatalog catalog, LatencyModel model, RegionGroups groups) {
        return standard(catalog, model, groups, PlacementSettings.defaults());
    }

    /**
     * @param catalog  the regions
     * @param model    the latency model every policy estimates with
     * @param groups   region groups for the jicofo-style policy
     * @param meridian the settings of the meridian policy
     * @return first-joiner, nearest-always, region-groups and meridian, in that order
     */
    public static List<NamedPolicy> standard(RegionCatalog catalog, LatencyModel model, RegionGroups groups,
                                             PlacementSettings meridian) {
        return List.of(
                new NamedPolicy("first-joiner", new FirstJoinerPolicy(catalog, model)),
                new NamedPolicy("nearest-always", new NearestAlwaysPolicy(catalog, model)),
                new NamedPolicy("region-groups", new RegionGroupsPolicy(catalog, model, groups)),
                new NamedPolicy("meridian", meridian(catalog, model, meridian)));
    }

    /**
     * @param catalog        the regions
     * @param model          the latency model
     * @param groups         region groups for the jicofo-style policy
     * @param meridian       the meridian policy's settings
     * @param trainedMs      the threshold chosen on training data (NaN or equal to meridian's: not added)
     * @param usdPerMsSaved  the cost-aware variant's price of a saved millisecond, USD per hour
     * @return {@link #standard}, meridian at the trained threshold, meridian cascading 1:1 calls (the policy
     *         without its 1:1 rule) and meridian cost-aware
     */
    public static List<NamedPolicy> compared(RegionCatalog catalog, LatencyModel model, RegionGroups groups,
                                             PlacementSettings meridian, double trainedMs, double usdPerMsSaved) {
        List<NamedPolicy> named = new java.util.ArrayList<>(standard(catalog, model, groups, meridian));
        if (!Double.isNaN(trainedMs) && trainedMs != meridian.cascadeThresholdMs()) {
            named.add(new NamedPolicy("meridian (trained " + format(trainedMs) + " ms)",
                    meridian(catalog, model, meridian.withCascadeThresholdMs(trainedMs))));
        }
        named.add(new NamedPolicy("meridian, 1:1 calls cascaded",
                meridian(catalog, model, meridian.withMinParticipantsToCascade(1))));
        named.add(new NamedPolicy("meridian, cost-aware " + format(usdPerMsSaved) + " USD/ms·h",
                meridian(catalog, model, meridian.withCost(meridian.cost().withUsdPerMsSaved(usdPerMsSaved)))));
        return named;
    }

    /**
     * @param catalog     the regions
     * @param model       the latency model
     * @param thresholdMs the cascade threshold to try
     * @return the real {@link MeridianPolicy} with default settings except the threshold
     */
    public static NamedPolicy meridianWithThreshold(RegionCatalog catalog, LatencyModel model, double thresholdMs) {
        return meridianWithThreshold(catalog, model, PlacementSettings.defaults(), thresholdMs);
    }

    /**
     * @param catalog     the regions
     * @param model       the latency model
     * @param base        the other settings
     * @param thresholdMs the cascade threshold to try
     * @return the real {@link MeridianPolicy} with {@code base} settings except the threshold
     */
    public static NamedPolicy meridianWithThreshold(RegionCatalog catalog, LatencyModel model, PlacementSettings base,
                                                    double thresholdMs) {
        return new NamedPolicy("meridian@" + format(thresholdMs), meridian(catalog, model, withThreshold(base, thresholdMs)));
    }

    /**
     * @param base        settings
     * @param thresholdMs a cascade threshold
     * @return {@code base} with that threshold
     */
    public static PlacementSettings withThreshold(PlacementSettings base, double thresholdMs) {
        return base.withCascadeThresholdMs(thresholdMs);
    }

    /**
     * @param base      settings
     * @param maxAgents an agent budget per conference
     * @return {@code base} with that budget
     */
    public static PlacementSettings withMaxAgents(PlacementSettings base, int maxAgents) {
        return base.withMaxAgentsPerConference(maxAgents);
    }

    /**
     * @param catalog  the regions
     * @param model    the latency model
     * @param settings the policy's settings
     * @return the controller's policy, on a clock frozen at the instant every simulated agent reported
     */
    public static MeridianPolicy meridian(RegionCatalog catalog, LatencyModel model, PlacementSettings settings) {
        return new MeridianPolicy(catalog, model, settings, Clock.fixed(StudyFleet.NOW, ZoneOffset.UTC));
    }

    /** @return a threshold without a needless ".0", e.g. {@code "30"} or {@code "12.5"} */
    public static String format(double ms) {
        return ms == Math.rint(ms) ? String.valueOf((long) ms)
                : java.math.BigDecimal.valueOf(ms).stripTrailingZeros().toPlainString();
    }
}
