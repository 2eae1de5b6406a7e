package io.meridian.placement.latency;

import io.meridian.placement.geo.GeoPoint;
import io.meridian.placement.geo.RegionCatalog;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RttEstimatesTest {

    private final GreatCircleLatencyModel model = GreatCircleLatencyModel.defaults();
    private final RttEstimates estimates = new RttEstimates(RegionCatalog.builtIn(), model);
    private final GeoPoint frankfurt = new GeoPoint(50.11, 8.68);

    @Test
    void aProbeForTheRegionBeatsTheModel() {
        RttEstimate e = estimates.participantToRegion(frankfurt, Map.of("us-east-1", 12.0), "us-east-1");
        assertThat(e).isEqualTo(new RttEstimate(12.0, RttSource.PROBE));
    }

    @Test
    void withoutAProbeTheModelEstimatesFromTheRegionsLocation() {
        RttEstimate e = estimates.participantToRegion(frankfurt, Map.of("eu-west-1", 12.0), "us-east-1");
        GeoPoint virginia = RegionCatalog.builtIn().byName("us-east-1").orElseThrow().location();
        assertThat(e).isEqualTo(new RttEstimate(model.rttMs(frankfurt, virginia), RttSource.MODEL));
    }

    @Test
    void aMeasuredInterAgentRttBeatsTheModel() {
        Map<String, Map<String, Double>> measured = Map.of("a", Map.of("b", 71.0));
        assertThat(estimates.agentToAgent("a", "us-east-1", "b", "eu-central-1", measured))
                .isEqualTo(new RttEstimate(71.0, RttSource.MEASURED));
        assertThat(estimates.agentToAgent("b", "eu-central-1", "a", "us-east-1", measured))
                .isEqualTo(new RttEstimate(71.0, RttSource.MEASURED));
    }

    @Test
    void bothDirectionsOfAMeasurementAreAveraged() {
        Map<String, Map<String, Double>> measured = Map.of("a", Map.of("b", 70.0), "b", Map.of("a", 80.0));
        assertThat(estimates.agentToAgent("a", "us-east-1", "b", "eu-central-1", measured).ms()).isEqualTo(75.0);
    }

    @Test
    void invalidMeasurementsFallBackToTheModel() {
        Map<String, Map<String, Double>> measured = Map.of("a", Map.of("b", -1.0), "b", Map.of("a", Double.NaN));
        RttEstimate e = estimates.agentToAgent("a", "us-east-1", "b", "eu-central-1", measured);
        assertThat(e).isEqualTo(estimates.regionToRegion("us-east-1", "eu-central-1"));
        assertThat(e.source()).isEqualTo(RttSource.MODEL);
    }

    @Test
    void anUnknownRegionIsAClearError() {
        assertThatThrownBy(() -> estimates.participantToRegion(frankfurt, Map.of(), "mars-1"))
                .hasMessageContaining("'mars-1' is not in the catalog");
    }
}
