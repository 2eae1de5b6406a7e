package io.meridian.controller.join;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.controller.geo.Located;
import io.meridian.placement.Candidate;
import io.meridian.placement.Decision;
import io.meridian.placement.Explanation;
import io.meridian.placement.LocationSource;
import io.meridian.placement.Mode;
import io.meridian.placement.ParticipantLocation;
import io.meridian.placement.Rule;
import io.meridian.placement.geo.GeoPoint;
import io.meridian.placement.latency.ProbePlausibility;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionJsonTest {
    static final Located PARIS = new Located(new ParticipantLocation(new GeoPoint(48.86, 2.35), LocationSource.GEOIP,
            "FR", Map.of("eu-west-3", 9.5)), "90.0.0.1", "GeoIP of 90.0.0.1");

    @Test
    void writesThePlacementRuleLocationAndEveryCandidate() {
        Explanation why = new Explanation(Rule.CASCADE_TO_OWN_REGION, "cascaded", LocationSource.GEOIP, List.of(
                new Candidate("eu-1", "eu-west-3", 9.5, null, 80.0, 0.2, 0.21, false, true, Candidate.ELIGIBLE)));
        JsonNode json = DecisionJson.parse(DecisionJson.text(DecisionJson.of(
                new Decision.Placed("eu-1", "eu-west-3", Mode.CASCADED, true, why), PARIS)));
        assertThat(json.path("outcome").asText()).isEqualTo("placed");
        assertThat(json.path("mode").asText()).isEqualTo("cascaded");
        assertThat(json.path("addsAgent").asBoolean()).isTrue();
        assertThat(json.path("rule").asText()).isEqualTo("cascadeToOwnRegion");
        assertThat(json.path("location").path("source").asText()).isEqualTo("GEOIP");
        assertThat(json.path("location").path("country").asText()).isEqualTo("FR");
        assertThat(json.path("location").path("probesMs").path("eu-west-3").asDouble()).isEqualTo(9.5);
        assertThat(json.path("candidates").get(0).path("effectiveStress").asDouble()).isEqualTo(0.21);
    }

    @Test
    void writesUnknownNumbersAsNullBecauseJsonHasNoNaN() {
        Explanation why = new Explanation(Rule.REJECT_NO_CAPACITY, "rejected", LocationSource.GEOIP, List.of(
                new Candidate("x-1", "mars-1", Double.NaN, null, Double.NaN, 0.9, 0.9, false, false, "unknown region")));
        String text = DecisionJson.text(DecisionJson.of(new Decision.Rejected("full", why), PARIS));
        JsonNode json = DecisionJson.parse(text);
        assertThat(text).doesNotContain("NaN");
        assertThat(json.path("outcome").asText()).isEqualTo("rejected");
        assertThat(json.path("candidates").get(0).path("estimatedRttMs").isNull()).isTrue();
        assertThat(json.path("candidates").get(0).path("relayRttMs").isNull()).isTrue();
    }

    @Test
    void keepsCoordinatesOnlyToATenthOfADegreeAndNamesDiscardedProbes() {
        Located located = new Located(new ParticipantLocation(new GeoPoint(48.8566, 2.3522), LocationSource.GEOIP,
                "FR", Map.of()), "90.0.0.1", "GeoIP of 90.0.0.0/24",
                List.of(new ProbePlausibility.Discarded("ap-southeast-2", 1.0, 164.6)));
        Explanation why = new Explanation(Rule.REJECT_NO_CAPACITY, "rejected", LocationSource.GEOIP, List.of());

        JsonNode json = DecisionJson.parse(DecisionJson.text(DecisionJson.of(new Decision.Rejected("full", why),
                located)));

        assertThat(json.path("location").path("latitude").asDouble()).isEqualTo(48.9);
        assertThat(json.path("location").path("longitude").asDouble()).isEqualTo(2.4);
        JsonNode discarded = json.path("location").path("discardedProbes").get(0);
        assertThat(discarded.path("region").asText()).isEqualTo("ap-southeast-2");
        assertThat(discarded.path("minimumMs").asDouble()).isEqualTo(164.6);
        assertThat(discarded.path("reason").asText()).contains("light in fibre");
        assertThat(DecisionJson.text(json)).doesNotContain("90.0.0.1");
    }
}
