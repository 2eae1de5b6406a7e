package io.meridian.placement;

import io.meridian.placement.latency.RttEstimate;
import io.meridian.placement.latency.RttSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.meridian.placement.PolicyFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

/** A decision's candidates carry the policy's RTT evidence with its source, so nothing outside re-derives it. */
class CandidateEvidenceTest {

    @Test
    void aCandidateCarriesTheMeasuredRelayRttTheRuleChoseAndTheModelWhereNothingWasMeasured() {
        FleetSnapshot fleet = new FleetSnapshot(java.util.List.of(agent("va-1", "us-east-1"),
                agent("fra-1", "eu-central-1"), agent("syd-1", "ap-southeast-2")),
                Map.of("fra-1", Map.of("va-1", 80.0), "va-1", Map.of("fra-1", 90.0)));
        Decision d = policy().place(request(geoip(FRANKFURT), conferenceOn(3, "va-1"), fleet));
        // both directions measured: their mean, marked measured
        assertThat(candidate(d, "fra-1").relayRtt()).isEqualTo(new RttEstimate(85.0, RttSource.MEASURED));
        assertThat(candidate(d, "syd-1").relayRtt().source()).isEqualTo(RttSource.MODEL);
        // the conference's own agent relays to nobody
        assertThat(candidate(d, "va-1").relayRtt()).isNull();
        assertThat(candidate(d, "fra-1").rtt().source()).isEqualTo(RttSource.MODEL);
        assertThat(candidate(d, "fra-1").rtt().ms()).isEqualTo(candidate(d, "fra-1").estimatedRttMs());
    }
}
