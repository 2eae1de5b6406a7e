package io.meridian.study.sim;

import io.meridian.placement.geo.GeoPoint;
import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.GreatCircleLatencyModel;
import io.meridian.study.PlacementStudy;
import io.meridian.study.policy.RegionGroups;
import io.meridian.study.policy.StudyPolicies;
import io.meridian.study.policy.StudyPolicies.NamedPolicy;
import io.meridian.study.workload.Conference;
import io.meridian.study.workload.Place;
import io.meridian.study.workload.PlaceTable;
import io.meridian.study.workload.WorkloadGenerator;
import io.meridian.study.workload.WorkloadSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SimulatorTest {

    private static final RegionCatalog CATALOG = PlacementStudy.studyCatalog();
    private static final GreatCircleLatencyModel MODEL = GreatCircleLatencyModel.defaults();

    private static Simulator simulator(PlaceTable places, SimulationSettings s) {
        return new Simulator(places, new StudyFleet(CATALOG), new PathModel(places, CATALOG, MODEL, s.hopMs()), s);
    }

    @Test
    void cachedDecisionsGiveExactlyTheResultsOfAskingThePolicyEveryTime() {
        PlaceTable world = PlaceTable.world();
        List<Conference> conferences = new WorkloadGenerator(world, WorkloadSpec.defaults(3000, 9)).generate();
        SimulationSettings d = SimulationSettings.defaults();
        SimulationSettings exact = new SimulationSettings(d.hopMs(), d.streamMbps(), d.agentCapacity(), 1.0, false);
        List<NamedPolicy> policies = new java.util.ArrayList<>(
                StudyPolicies.standard(CATALOG, MODEL, RegionGroups.defaults()));
        policies.add(StudyPolicies.meridianWithThreshold(CATALOG, MODEL, 0));
        for (NamedPolicy p : policies) {
            PolicyResult cached = simulator(world, d).run(p.name(), p.policy(), conferences);
            PolicyResult asked = simulator(world, exact).run(p.name(), p.policy(), conferences);
            assertThat(cached).as(p.name()).isEqualTo(asked);
        }
    }

    @Test
    void aCascadedPairPaysTheRelayLegAndASecondHop() {
        PlaceTable two = PlaceTable.of(List.of(
                new Place("Frankfurt", null, null, new GeoPoint(50.11, 8.68), 1),
                new Place("New York", null, null, new GeoPoint(40.71, -74.01), 1)), "two");
        PathModel path = new PathModel(two, CATALOG, MODEL, 3.0);
        int eu = CATALOG.all().indexOf(CATALOG.byName("eu-central-1").orElseThrow());
        int us = CATALOG.all().indexOf(CATALOG.byName("us-east-1").orElseThrow());
        GeoPoint fra = two.places().get(0).point();
        GeoPoint nyc = two.places().get(1).point();
        GeoPoint euAgent = CATALOG.all().get(eu).location();
        GeoPoint usAgent = CATALOG.all().get(us).location();
        double expected = MODEL.rttMs(fra, euAgent) / 2 + MODEL.rttMs(euAgent, usAgent) / 2
                + MODEL.rttMs(usAgent, nyc) / 2 + 2 * 3.0;
        assertThat(path.oneWayMs(0, eu, 1, us)).isCloseTo(expected, within(1e-9));
        assertThat(path.oneWayMs(0, eu, 1, eu))
                .isCloseTo(MODEL.rttMs(fra, euAgent) / 2 + MODEL.rttMs(euAgent, nyc) / 2 + 3.0, within(1e-9));
    }

    @Test
    void relayTrafficCountsEachAgentsPublishersOncePerOtherAgent() {
        PlaceTable two = PlaceTable.of(List.of(
                new Place("Frankfurt", null, null, new GeoPoint(50.11, 8.68), 1),
                new Place("New York", null, null, new GeoPoint(40.71, -74.01), 1)), "two");
        SimulationSettings s = new SimulationSettings(3.0, 1.6, 500, 1.0, true);
        // 2 in Frankfurt, 1 in New York, 60 minutes, everyone on their own continent's agent
        Conference c = new Conference(0, new int[] {0, 1, 0}, 60);
        NamedPolicy nearest = StudyPolicies.standard(CATALOG, MODEL, RegionGroups.defaults()).get(1);
        PolicyResult r = simulator(two, s).run(nearest.name(), nearest.policy(), List.of(c));
        double gbPerStream = 1.6 * 3600 / 8 / 1000; // 0.72 GB an hour at 1.6 Mbit/s
        assertThat(r.relayGb()).isCloseTo(3 * gbPerStream, within(1e-9));
        // both regions are priced 0.09 USD/GB in the study catalog
        assertThat(r.relayUsd()).isCloseTo(3 * gbPerStream * 0.09, within(1e-9));
        assertThat(r.pairs()).isEqualTo(3);
        assertThat(r.agentsPerConference()).isEqualTo(2.0);
        // loads: Frankfurt 2 participants + 1 relay end, New York 1 + 1
        assertThat(r.agentsNeeded()).isEqualTo(2);
    }

    @Test
    void theP95IsTheSmallestLatencyCoveringNinetyFivePercentOfPairs() {
        Tally t = new Tally(1);
        for (int i = 1; i <= 100; i++) {
            t.addPair(i, 0);
        }
        assertThat(t.p95Ms()).isEqualTo(95.1);
        assertThat(t.pairsOver150).isZero();
        t.addPair(150.5, 0);
        assertThat(t.pairsOver150).isEqualTo(1);
    }
}
