package io.meridian.controller.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** Re-homing of conferences whose participants moved away from their home agent ({@code MERIDIAN_REHOMING_*}). */
@ConfigMapping(prefix = "meridian.rehoming")
public interface RehomingConfig {
    /** Whether the controller re-homes conferences at all. */
    @WithDefault("true")
    boolean enabled();

    /** How often every conference is checked ({@code MERIDIAN_REHOMING_INTERVAL}). */
    @WithName("interval")
    @WithDefault("10s")
    Duration interval();

    /** Each remaining participant must save more than this RTT in the new region, ms. */
    @WithName("threshold-ms")
    @WithDefault("50")
    double thresholdMs();

    /** Once the condition holds, it keeps holding while each saves more than threshold minus this, ms. */
    @WithName("hysteresis-ms")
    @WithDefault("10")
    double hysteresisMs();

    /** How long the condition must hold before the conference moves. */
    @WithName("dwell")
    @WithDefault("30s")
    Duration dwell();

    /** The least time between two moves of one conference. */
    @WithName("min-interval")
    @WithDefault("10m")
    Duration minInterval();
}
