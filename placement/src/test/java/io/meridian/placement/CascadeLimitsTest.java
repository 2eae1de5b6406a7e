package io.meridian.placement;

import io.meridian.placement.geo.GeoPoint;
import io.meridian.placement.geo.Region;
import org.junit.jupiter.api.Test;

import static io.meridian.placement.PolicyFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Where cascading cannot pay: 1:1 calls, and cascades that cost more than the operator pays for the ms saved. */
class CascadeLimitsTest {

    private static final FleetSnapshot VA_AND_FRA = fleet(agent("va-1", "us-east-1"), agent("fra-1", "eu-central-1"));

    @Test
    void theSecondParticipantOfACallJoinsTheFirstsAgentHoweverFar() {
        Decision.Placed d = placed(policy().place(request(geoip(FRANKFURT), conferenceOn(1, "va-1"), VA_AND_FRA)));
        assertThat(d.agentId()).isEqualTo("va-1");
        assertThat(d.mode()).isEqualTo(Mode.SINGLE);
        assertThat(d.explanation().rule()).isEqualTo(Rule.NO_CASCADE_IN_SMALL_CALL);
        assertThat(d.explanation().summary()).contains("a call of 1 is not cascaded").contains("eu-central-1");
    }

    @Test
    void theThirdParticipantIsCascadedAsBefore() {
        Decision.Placed d = placed(policy().place(request(geoip(FRANKFURT), conferenceOn(2, "va-1"), VA_AND_FRA)));
        assertThat(d.agentId()).isEqualTo("fra-1");
        assertThat(d.explanation().rule()).isEqualTo(Rule.CASCADE_TO_OWN_REGION);
    }

    @Test
    void aMinimumOfOneCascadesOneToOneCallsAgain() {
        PlacementSettings s = PlacementSettings.defaults().withMinParticipantsToCascade(1);
        Decision.Placed d = placed(policy(s).place(request(geoip(FRANKFURT), conferenceOn(1, "va-1"), VA_AND_FRA)));
        assertThat(d.agentId()).isEqualTo("fra-1");
    }

    @Test
    void aOneToOneCallWhoseAgentIsOverloadedStillSpillsToAnotherAgent() {
        FleetSnapshot fleet = fleet(withStress(agent("va-1", "us-east-1"), 0.95), agent("fra-1", "eu-central-1"));
        Decision.Placed d = placed(policy().place(request(geoip(FRANKFURT), conferenceOn(1, "va-1"), fleet)));
        assertThat(d.agentId()).isEqualTo("fra-1");
        assertThat(d.explanation().rule()).isNotIn(Rule.NO_CASCADE_IN_SMALL_CALL, Rule.CASCADE_NOT_WORTH_ITS_COST);
    }

    @Test
    void aCascadeCostingMoreThanItsSavedMillisecondsAreWorthIsNotMade() {
        PlacementSettings s = PlacementSettings.defaults().withCost(CascadeCost.defaults().withUsdPerMsSaved(0.0001));
        Decision.Placed d = placed(policy(s).place(request(geoip(FRANKFURT), conferenceOn(4, "va-1"), VA_AND_FRA)));
        assertThat(d.agentId()).isEqualTo("va-1");
        assertThat(d.explanation().rule()).isEqualTo(Rule.CASCADE_NOT_WORTH_ITS_COST);
        assertThat(d.explanation().summary()).contains("USD/h").contains("0.0001 USD per ms saved");
    }

    @Test
    void aCascadeWorthItsCostIsMadeAndItsExplanationShowsTheCostPerHour() {
        PlacementSettings s = PlacementSettings.defaults().withCost(CascadeCost.defaults().withUsdPerMsSaved(0.01));
        Decision.Placed d = placed(policy(s).place(request(geoip(FRANKFURT), conferenceOn(4, "va-1"), VA_AND_FRA)));
        assertThat(d.agentId()).isEqualTo("fra-1");
        assertThat(d.explanation().rule()).isEqualTo(Rule.CASCADE_TO_OWN_REGION);
        assertThat(d.explanation().summary()).containsPattern("estimated \\d+\\.\\d{4} USD/h more");
    }

    @Test
    void theCostOfACascadeIsTheRelayedStreamsPlusTheJoinersEgressDifference() {
        Region cheap = new Region("a", new GeoPoint(0, 0), 0.05);
        Region dear = new Region("b", new GeoPoint(0, 1), 0.09);
        CascadeCost cost = CascadeCost.defaults();
        // 4 participants on 1 agent: 5 streams of 1.5 Mbit/s = 0.675 GB/h each at 0.02 USD/GB
        assertThat(cost.usdPerHour(4, 1, dear, null)).isCloseTo(5 * 0.675 * 0.02, within(1e-12));
        // plus the joiner's 4 streams now leaving the dearer region: 4 × 0.675 GB/h × 0.04 USD/GB
        assertThat(cost.usdPerHour(4, 1, dear, cheap)).isCloseTo(5 * 0.675 * 0.02 + 4 * 0.675 * 0.04, within(1e-12));
        assertThat(cost.pays(10, 0.07)).isTrue();
        assertThat(cost.withUsdPerMsSaved(0.006).pays(10, 0.07)).isFalse();
        assertThat(cost.withUsdPerMsSaved(0.007).pays(10, 0.07)).isTrue();
    }
}
