package io.meridian.placement.latency;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.placement.geo.GeoPoint;
import io.meridian.placement.geo.Region;
import io.meridian.placement.geo.RegionCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbePlausibilityTest {
    static final GeoPoint PARIS = new GeoPoint(48.86, 2.35);
    static final RegionCatalog REGIONS = RegionCatalog.of(List.of(
            new Region("eu-west-3", new GeoPoint(48.86, 2.35), 0.02),
            new Region("ap-southeast-2", new GeoPoint(-33.87, 151.21), 0.02)));

    @Test
    void discardsAOneMillisecondProbeToTheOtherSideOfTheWorld() {
        var checked = ProbePlausibility.check(PARIS, Map.of("ap-southeast-2", 1.0, "eu-west-3", 2.0), REGIONS,
                ProbePlausibility.DEFAULT_SLACK_MS);

        assertThat(checked.kept()).containsOnlyKeys("eu-west-3");
        assertThat(checked.discarded()).singleElement().satisfies(d -> {
            assertThat(d.region()).isEqualTo("ap-southeast-2");
            assertThat(d.probeMs()).isEqualTo(1.0);
            // Paris–Sydney is about 16,960 km: at least 2 × 16,960 / 200 − 5 ≈ 164 ms.
            assertThat(d.minimumMs()).isBetween(160.0, 170.0);
            assertThat(d.reason()).contains("below").contains("light in fibre");
        });
    }

    @Test
    void keepsAProbeAtOrAboveThePhysicalFloor() {
        double floor = ProbePlausibility.minimumRttMs(PARIS, new GeoPoint(-33.87, 151.21), 5.0);

        var checked = ProbePlausibility.check(PARIS, Map.of("ap-southeast-2", floor + 0.1), REGIONS, 5.0);

        assertThat(checked.discarded()).isEmpty();
        assertThat(checked.kept()).containsKey("ap-southeast-2");
    }

    @Test
    void theSlackForgivesANearbyProbeOfZero() {
        var checked = ProbePlausibility.check(new GeoPoint(50.11, 8.68), Map.of("eu-west-3", 0.0), REGIONS, 5.0);

        assertThat(checked.discarded()).isEmpty();
    }

    @Test
    void keepsProbesOfUnknownRegions() {
        var checked = ProbePlausibility.check(PARIS, Map.of("nowhere-1", 0.5), REGIONS, 5.0);

        assertThat(checked.kept()).containsEntry("nowhere-1", 0.5);
    }
}
