package io.meridian.controller.config;

import io.meridian.placement.CascadeCost;
import io.meridian.placement.PlacementSettings;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The controller's unset policy keys mean exactly {@link PlacementSettings#defaults()}: defaults live in one place. */
class PolicyDefaultsTest {

    private static PlacementSettings settingsFrom(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(MeridianConfig.class)
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new io.smallrye.config.PropertiesConfigSource(values, "test", 500))
                .build();
        return new PlacementBeans().settings(config.getConfigMapping(MeridianConfig.class));
    }

    @Test
    void anUnconfiguredControllerRunsThePlacementModulesDefaults() {
        assertThat(settingsFrom(Map.of())).isEqualTo(PlacementSettings.defaults());
    }

    @Test
    void theOperatorsCostKnobReachesThePolicy() {
        PlacementSettings s = settingsFrom(Map.of("meridian.policy.usd-per-ms-saved", "0.001",
                "meridian.policy.min-participants-to-cascade", "1"));
        assertThat(s.cost()).isEqualTo(CascadeCost.defaults().withUsdPerMsSaved(0.001));
        assertThat(s.minParticipantsToCascade()).isEqualTo(1);
        assertThat(s.cascadeThresholdMs()).isEqualTo(PlacementSettings.DEFAULT_CASCADE_THRESHOLD_MS);
    }
}
