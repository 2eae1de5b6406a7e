package io.meridian.study.policy;

import io.meridian.placement.PlacementSettings;
import io.meridian.placement.geo.GeoPoint;
import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.GreatCircleLatencyModel;
import io.meridian.study.PlacementStudy;
import io.meridian.study.policy.StudyPolicies.NamedPolicy;
import io.meridian.study.sim.PathModel;
import io.meridian.study.sim.PolicyResult;
import io.meridian.study.sim.SimulationSettings;
import io.meridian.study.sim.Simulator;
import io.meridian.study.sim.StudyFleet;
import io.meridian.study.workload.Conference;
import io.meridian.study.workload.Place;
import io.meridian.study.workload.PlaceTable;
import io.meridian.study.workload.WorkloadGenerator;
import io.meridian.study.workload.WorkloadSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PoliciesOnHandMadeWorkloadsTest {

    private static final RegionCatalog CATALOG = PlacementStudy.studyCatalog();
    private static final GreatCircleLatencyModel MODEL = GreatCircleLatencyModel.defaults();
    private static final StudyFleet FLEET = new StudyFleet(CATALOG);

    private static final PlaceTable CITIES = PlaceTable.of(List.of(
            place("Frankfurt", 50.11, 8.68),
            place("New York", 40.71, -74.01),
            place("London", 51.51, -0.13),
            place("Paris", 48.86, 2.35),
            place("Tokyo", 35.68, 139.69),
            place("Sao Paulo", -23.55, -46.63),
            place("Sydney", -33.87, 151.21),
            place("Mumbai", 19.08, 72.88)), "hand-made");
    private static final int FRANKFURT = 0;
    private static final int NEW_YORK = 1;
    private static final int LONDON = 2;
    private static final int PARIS = 3;

    private static Place place(String name, double lat, double lon) {
        return new Place(name, null, null, new GeoPoint(lat, lon), 1);
    }

    private static Simulator simulator(PlaceTable places) {
        SimulationSettings s = SimulationSettings.estimateIsTruth();
        return new Simulator(places, FLEET, new PathModel(places, CATALOG, MODEL, s.hopMs()), s);
    }

    private static Map<String, NamedPolicy> policies() {
        Map<String, NamedPolicy> byName = new LinkedHashMap<>();
        for (NamedPolicy p : StudyPolicies.standard(CATALOG, MODEL, RegionGroups.defaults())) {
            byName.put(p.name(), p);
        }
        return byName;
    }

    /** @return the region name of each participant's agent, in join order */
    private static List<String> placed(String policy, int... joinOrder) {
        int[] regions = simulator(CITIES).place(policies().get(policy).policy(), new Conference(7, joinOrder, 30));
        return Arrays.stream(regions).mapToObj(r -> CATALOG.all().get(r).name()).toList();
    }

    @Test
    void everyoneInOneCityIsNeverCascadedByAnyPolicy() {
        PlaceTable frankfurt = PlaceTable.of(List.of(place("Frankfurt", 50.11, 8.68)), "one city");
        List<Conference> conferences = new WorkloadGenerator(frankfurt, WorkloadSpec.defaults(500, 3)).generate();
        List<NamedPolicy> all = new ArrayList<>(policies().values());
        for (double t : List.of(0.0, 30.0, 150.0)) {
            all.add(StudyPolicies.meridianWithThreshold(CATALOG, MODEL, t));
        }
        for (NamedPolicy p : all) {
            PolicyResult r = simulator(frankfurt).run(p.name(), p.policy(), conferences);
            assertThat(r.cascadedShare()).as(p.name()).isZero();
            assertThat(r.agentsPerConference()).as(p.name()).isEqualTo(1.0);
            assertThat(r.relayGb()).as(p.name()).isZero();
            assertThat(r.rejected()).as(p.name()).isZero();
        }
    }

    @Test
    void twoContinentsMakeMeridianCascadeOnceTheCallIsMoreThanOneToOneButNotFirstJoiner() {
        int[] order = {FRANKFURT, NEW_YORK, FRANKFURT, NEW_YORK};
        assertThat(placed("first-joiner", order)).containsOnly("eu-central-1");
        // the second joiner makes a 1:1 call, which never cascades; the fourth is cascaded
        assertThat(placed("meridian", order))
                .containsExactly("eu-central-1", "eu-central-1", "eu-central-1", "us-east-1");
    }

    @Test
    void nearestAlwaysAndRegionGroupsAlsoSplitTwoContinents() {
        int[] order = {NEW_YORK, FRANKFURT, NEW_YORK};
        assertThat(placed("nearest-always", order)).containsExactly("us-east-1", "eu-central-1", "us-east-1");
        assertThat(placed("region-groups", order)).containsExactly("us-east-1", "eu-central-1", "us-east-1");
    }

    @Test
    void aNeighbourInTheSameGroupStaysOnTheConferenceAgentExceptUnderNearestAlways() {
        int[] order = {LONDON, PARIS};
        assertThat(placed("first-joiner", order)).containsExactly("eu-west-2", "eu-west-2");
        // Paris is ~5 ms RTT nearer to eu-west-3: below Meridian's threshold
        assertThat(placed("meridian", order)).containsExactly("eu-west-2", "eu-west-2");
        // eu-west-3 is in the europe group, which already has the conference's agent
        assertThat(placed("region-groups", order)).containsExactly("eu-west-2", "eu-west-2");
        assertThat(placed("nearest-always", order)).containsExactly("eu-west-2", "eu-west-3");
    }

    @Test
    void meridianStaysWithinItsAgentBudgetWhileNearestAlwaysDoesNot() {
        int[] sixContinents = {0, 1, 4, 5, 6, 7};
        assertThat(placed("nearest-always", sixContinents).stream().distinct()).hasSize(6);
        assertThat(placed("meridian", sixContinents).stream().distinct()).hasSize(4);
    }

    @Test
    void meridianWithoutThresholdOrBudgetPlacesExactlyLikeNearestAlways() {
        List<Conference> conferences = new WorkloadGenerator(PlaceTable.world(), WorkloadSpec.defaults(2000, 4))
                .generate();
        PlacementSettings unbounded = StudyPolicies.withMaxAgents(
                StudyPolicies.withThreshold(PlacementSettings.defaults(), 0), CATALOG.size())
                .withMinParticipantsToCascade(1);
        Simulator sim = simulator(PlaceTable.world());
        for (Conference c : conferences) {
            assertThat(sim.place(StudyPolicies.meridian(CATALOG, MODEL, unbounded), c))
                    .isEqualTo(sim.place(policies().get("nearest-always").policy(), c));
        }
    }

    @Test
    void aTwoPersonCallAcrossTheAtlanticIsSlowerCascadedThanOnOneAgent() {
        PathModel path = new PathModel(CITIES, CATALOG, MODEL, 3.0);
        int eu = CATALOG.all().indexOf(CATALOG.byName("eu-central-1").orElseThrow());
        int us = CATALOG.all().indexOf(CATALOG.byName("us-east-1").orElseThrow());
        double oneAgent = path.oneWayMs(FRANKFURT, eu, NEW_YORK, eu);
        double cascaded = path.oneWayMs(FRANKFURT, eu, NEW_YORK, us);
        // the relay leg's fixed cost and the second agent's processing outweigh the shorter access leg
        assertThat(cascaded).isGreaterThan(oneAgent);
    }
}
