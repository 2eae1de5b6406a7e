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
        SimulationSettings exact = new SimulationSettings(d.hopMs(), d.streamMbps(), d.agentCapacity(), 1.0, false,
                d.geoIpErrorKm(), d.measuredTruth(), d.churnShare(), d.capacityAware());
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
        SimulationSettings s = new SimulationSettings(3.0, 1.6, 500, 1.0, true, 0, false, 0);
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
        // forwarded packets/s: Frankfurt's 2 participants each receive 2 streams and send 1 relay copy = 6 sends,
        // New York's 1 receives 2 and sends 1 = 3 sends; 200 packets/s a stream, 500 packets/s an agent
        assertThat(r.agentsNeeded()).isEqualTo(3 + 2); // ceil(1200 / 500) + ceil(600 / 500)
        assertThat(r.agentsAtPeak()).isEqualTo(5); // one conference: its regions' peaks coincide
        assertThat(r.participantHours()).isCloseTo(3.0, within(1e-9));
        assertThat(r.relayInterRegionUsd()).isCloseTo(3 * gbPerStream * Cost.INTER_REGION_USD_PER_GB, within(1e-9));
        // per participant-hour: client egress (each of 3 receives 2 streams for an hour at 0.09) + relay at 0.02
        assertThat(r.usdPerParticipantHour())
                .isCloseTo((3 * 2 * gbPerStream * 0.09 + 3 * gbPerStream * 0.02) / 3, within(1e-9));
    }

    @Test
    void underCapacityMeridianSkipsAnOverloadedRegionWhereTheFirstJoinerPolicyPilesOn() {
        PlaceTable one = PlaceTable.of(List.of(new Place("Frankfurt", null, null, new GeoPoint(50.11, 8.68), 1)),
                "one");
        // 4 people in Frankfurt on one agent forward 4 × 3 streams × 200 packets/s = 2,400 packets/s: at 500 an
        // agent the region gets 5 agents and runs at 0.96 stress, above the 0.85 overload line, all call long
        SimulationSettings s = new SimulationSettings(3.0, 1.5, 500, 1.0, true, 0, false, 0, true);
        List<Conference> four = List.of(new Conference(0, new int[] {0, 0, 0, 0}, 60));
        List<NamedPolicy> policies = StudyPolicies.standard(CATALOG, MODEL, RegionGroups.defaults());
        PolicyResult firstJoiner = simulator(one, s).run("first-joiner", policies.get(0).policy(), four);
        PolicyResult meridian = simulator(one, s).run("meridian", policies.get(3).policy(), four);

        assertThat(firstJoiner.load().provisionedAgents()).isEqualTo(5 + (CATALOG.size() - 1));
        assertThat(firstJoiner.load().overloadedBins()).isEqualTo(60 / DayModel.BIN_MINUTES);
        assertThat(firstJoiner.load().joinsOnOverloaded()).isEqualTo(4);
        assertThat(meridian.load().joinsOnOverloaded()).isZero();
        assertThat(meridian.load().ruleCounts()).containsEntry("firstParticipantNearestRegion", 1L)
                .containsEntry("stayOnConferenceAgent", 3L);
        assertThat(meridian.rejected()).isZero();
    }

    @Test
    void onAnIdleFleetNoRuleSeesLoad() {
        PlaceTable one = PlaceTable.of(List.of(new Place("Frankfurt", null, null, new GeoPoint(50.11, 8.68), 1)),
                "one");
        SimulationSettings s = new SimulationSettings(3.0, 1.5, 500, 1.0, true, 0, false, 0, false);
        NamedPolicy meridian = StudyPolicies.standard(CATALOG, MODEL, RegionGroups.defaults()).get(3);
        PolicyResult r = simulator(one, s).run("meridian", meridian.policy(),
                List.of(new Conference(0, new int[] {0, 0, 0, 0}, 60)));
        assertThat(r.load()).isEqualTo(LoadResult.IDLE);
    }

    @Test
    void theP95IsTheSmallestLatencyCoveringNinetyFivePercentOfPairs() {
        Distribution d = new Distribution();
        for (int i = 1; i <= 100; i++) {
            d.add(i);
        }
        assertThat(d.p95Ms()).isEqualTo(95.1);
        assertThat(d.over150).isZero();
        d.add(150.5);
        assertThat(d.over150).isEqualTo(1);
    }

    @Test
    void churnTimelinesOpenWithTheFirstJoinerAndNobodyLeavesBeforeJoining() {
        int early = 0;
        int total = 0;
        for (int i = 0; i < 2000; i++) {
            Churn c = Churn.of(new Conference(i, new int[] {0, 0, 0, 0, 0}, 60), 0.3);
            assertThat(c.bins()).isEqualTo(12);
            assertThat(c.joinBin()[0]).isZero();
            for (int k = 0; k < 5; k++) {
                assertThat(c.joinBin()[k]).isBetween(0, 2); // the first fifth of 12 bins
                assertThat(c.leaveBin()[k]).isGreaterThan(c.joinBin()[k]).isLessThanOrEqualTo(12);
                if (k > 0) {
                    assertThat(c.joinBin()[k]).isGreaterThanOrEqualTo(c.joinBin()[k - 1]);
                }
                early += c.leaveBin()[k] < 12 ? 1 : 0;
                total++;
            }
        }
        assertThat((double) early / total).isCloseTo(0.3, within(0.02));
        Churn none = Churn.of(new Conference(1, new int[] {0, 0}, 30), 0);
        assertThat(none.joinBin()).containsOnly(0);
        assertThat(none.leaveBin()).containsOnly(6);
    }

    @Test
    void underChurnPairsCountByTheTimeTheySpendTogether() {
        PlaceTable three = PlaceTable.of(List.of(
                new Place("Frankfurt", null, null, new GeoPoint(50.11, 8.68), 1),
                new Place("New York", null, null, new GeoPoint(40.71, -74.01), 1),
                new Place("Tokyo", null, null, new GeoPoint(35.68, 139.69), 1)), "three");
        SimulationSettings d = SimulationSettings.estimateIsTruth();
        SimulationSettings s = new SimulationSettings(d.hopMs(), d.streamMbps(), d.agentCapacity(), 1.0, false, 0,
                false, 0.9);
        PathModel path = new PathModel(three, CATALOG, MODEL, s.hopMs());
        Simulator sim = simulator(three, s);
        NamedPolicy nearest = StudyPolicies.standard(CATALOG, MODEL, RegionGroups.defaults()).get(1);
        for (int index = 0; index < 20; index++) {
            Conference c = new Conference(index, new int[] {0, 1, 2, 0}, 60);
            Churn churn = Churn.of(c, 0.9);
            int[] region = sim.place(nearest.policy(), c);
            double sum = 0;
            double weight = 0;
            double hours = 0;
            for (int i = 0; i < 4; i++) {
                hours += (churn.leaveBin()[i] - churn.joinBin()[i]) * 5 / 60.0;
                for (int j = i + 1; j < 4; j++) {
                    int together = Math.min(churn.leaveBin()[i], churn.leaveBin()[j])
                            - Math.max(churn.joinBin()[i], churn.joinBin()[j]);
                    if (together > 0) {
                        double w = together / 12.0;
                        sum += w * path.oneWayMs(c.places()[i], region[i], c.places()[j], region[j]);
                        weight += w;
                    }
                }
            }
            PolicyResult r = sim.run(nearest.name(), nearest.policy(), List.of(c));
            assertThat(r.participantHours()).as("conference %d", index).isCloseTo(hours, within(1e-9));
            if (weight > 0) {
                assertThat(r.byPair().meanMs()).as("conference %d", index).isCloseTo(sum / weight, within(1e-9));
                assertThat(r.byConference().meanMs()).isCloseTo(sum / weight, within(1e-9));
            } else {
                assertThat(r.byConference().count()).isZero();
            }
        }
    }

    @Test
    void conferencesStartInTheirFirstJoinersWorkingHours() {
        int[] londonHours = new int[24];
        int[] tokyoHours = new int[24];
        for (int i = 0; i < 20_000; i++) {
            londonHours[DayModel.startMinuteUtc(i, 0) / 60]++;
            tokyoHours[DayModel.startMinuteUtc(i, 135) / 60]++; // UTC+9
        }
        // London: 09:00-17:00 UTC busy, 02:00 UTC quiet; Tokyo the same 9 hours earlier in UTC
        assertThat(londonHours[10]).isGreaterThan(20 * londonHours[2]);
        assertThat(tokyoHours[1]).isGreaterThan(20 * tokyoHours[17]);
        assertThat(tokyoHours[1]).isCloseTo(londonHours[10], within(200));
    }

    @Test
    void mouthToEarAddsTheEndpointBudgetBeforeComparingWithG114() {
        assertThat(MouthToEar.ENDPOINT_MS).isEqualTo(26.5 + 40 + 10);
        Distribution d = new Distribution();
        d.add(73.4); // 149.9 ms mouth to ear
        d.add(73.6); // 150.1 ms mouth to ear, network alone well under 150
        d.add(151); // over both ways
        d.add(10);
        LatencyView v = d.view();
        assertThat(v.count()).isEqualTo(4);
        assertThat(v.mouthToEarOver150Share()).isEqualTo(0.5);
        assertThat(v.over150Share()).isEqualTo(0.25);
        assertThat(v.meanMs()).isCloseTo((73.4 + 73.6 + 151 + 10) / 4, within(1e-9));
        assertThat(v.mouthToEarMeanMs()).isCloseTo(v.meanMs() + 76.5, within(1e-9));
    }

    @Test
    void latencyIsCountedPerConferencePerParticipantAndPerPair() {
        PlaceTable three = PlaceTable.of(List.of(
                new Place("Frankfurt", null, null, new GeoPoint(50.11, 8.68), 1),
                new Place("New York", null, null, new GeoPoint(40.71, -74.01), 1),
                new Place("Tokyo", null, null, new GeoPoint(35.68, 139.69), 1)), "three");
        SimulationSettings s = SimulationSettings.estimateIsTruth();
        PathModel path = new PathModel(three, CATALOG, MODEL, s.hopMs());
        int eu = CATALOG.all().indexOf(CATALOG.byName("eu-central-1").orElseThrow());
        // first-joiner: a Frankfurt participant joins first, so everyone is on eu-central-1
        Conference duo = new Conference(0, new int[] {0, 1}, 30);
        Conference trio = new Conference(1, new int[] {0, 1, 2}, 30);
        NamedPolicy firstJoiner = StudyPolicies.standard(CATALOG, MODEL, RegionGroups.defaults()).get(0);
        PolicyResult r = simulator(three, s).run(firstJoiner.name(), firstJoiner.policy(), List.of(duo, trio));
        double a = path.oneWayMs(0, eu, 1, eu); // the duo's one pair
        double x = path.oneWayMs(0, eu, 1, eu); // trio: Frankfurt-New York
        double y = path.oneWayMs(0, eu, 2, eu); // trio: Frankfurt-Tokyo
        double z = path.oneWayMs(1, eu, 2, eu); // trio: New York-Tokyo
        assertThat(r.byPair().count()).isEqualTo(4);
        assertThat(r.byPair().meanMs()).isCloseTo((a + x + y + z) / 4, within(1e-9));
        assertThat(r.meanMs()).isEqualTo(r.byPair().meanMs());
        assertThat(r.byConference().count()).isEqualTo(2);
        assertThat(r.byConference().meanMs()).isCloseTo((a + (x + y + z) / 3) / 2, within(1e-9));
        // participants: a, a for the duo; (x+y)/2, (x+z)/2, (y+z)/2 for the trio
        assertThat(r.byParticipant().count()).isEqualTo(5);
        assertThat(r.byParticipant().meanMs()).isCloseTo((2 * a + x + y + z) / 5, within(1e-9));
        // New York-Tokyo through Frankfurt is beyond 150 ms mouth to ear
        assertThat(z + MouthToEar.ENDPOINT_MS).isGreaterThan(150);
        long over = java.util.stream.DoubleStream.of(a, x, y, z)
                .filter(ms -> ms > MouthToEar.NETWORK_SHARE_OF_G114_MS).count();
        assertThat(r.byPair().mouthToEarOver150Share()).isEqualTo(over / 4.0);
        ClassResult trioClass = r.classes().get(ConferenceClass.SMALL_INTERCONTINENTAL.ordinal());
        assertThat(trioClass.conferenceMeanMs()).isCloseTo((x + y + z) / 3, within(1e-9));
        assertThat(trioClass.participantMeanMs()).isCloseTo((x + y + z) / 3, within(1e-9));
        assertThat(trioClass.meanMs()).isCloseTo((x + y + z) / 3, within(1e-9));
    }
}
