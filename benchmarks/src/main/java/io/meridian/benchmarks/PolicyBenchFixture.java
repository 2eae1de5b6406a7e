package io.meridian.benchmarks;

import io.meridian.placement.AgentSnapshot;
import io.meridian.placement.AgentState;
import io.meridian.placement.ConferenceSnapshot;
import io.meridian.placement.Decision;
import io.meridian.placement.FleetSnapshot;
import io.meridian.placement.LocationSource;
import io.meridian.placement.MeridianPolicy;
import io.meridian.placement.ParticipantLocation;
import io.meridian.placement.PlacementRequest;
import io.meridian.placement.PlacementSettings;
import io.meridian.placement.geo.GeoPoint;
import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.GreatCircleLatencyModel;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The benchmark's world, built from a fixed seed so every run decides the same things.
 *
 * <ul>
 *   <li>1,000 agents, 50 in each of 20 AWS regions on six continents; stress uniform in 0.05–0.95 (about 11 %
 *       overloaded at the default 0.85), 0–179 of 200 participants, 0–2 placements since their report;
 *       2 % draining, 1 % down, 1 % with a 30 s old (stale) report;</li>
 *   <li>measured RTT from every agent to the first agent of every other region (19,000 entries);</li>
 *   <li>a 100-participant conference on three agents: Virginia 60, Frankfurt 30, Sydney 10;</li>
 *   <li>64 joiners at random places (latitude −55..65), every other one with probes to all 20 regions.</li>
 * </ul>
 */
final class PolicyBenchFixture {

    static final int AGENTS = 1_000;
    static final int PLACES = 64;
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final String[] REGIONS = {
            "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1", "eu-west-1",
            "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1", "ap-northeast-1",
            "ap-northeast-2", "ap-southeast-1", "ap-southeast-2", "ap-south-1", "ap-east-1", "me-south-1",
            "af-south-1"};

    final MeridianPolicy policy;
    final FleetSnapshot fleet;
    final ConferenceSnapshot conference;
    final ConferenceSnapshot emptyConference;
    final ParticipantLocation[] joiners;
    private int next;

    PolicyBenchFixture() {
        RegionCatalog catalog = RegionCatalog.builtIn();
        SplittableRandom random = new SplittableRandom(42);
        List<AgentSnapshot> agents = new ArrayList<>(AGENTS);
        for (int i = 0; i < AGENTS; i++) {
            String region = REGIONS[i % REGIONS.length];
            int roll = random.nextInt(100);
            AgentState state = roll < 2 ? AgentState.DRAINING : roll < 3 ? AgentState.DOWN : AgentState.UP;
            Instant reported = roll == 3 ? NOW.minusSeconds(30) : NOW.minusMillis(random.nextInt(1500));
            agents.add(new AgentSnapshot(region + "-a" + (i / REGIONS.length), region, state,
                    0.05 + random.nextDouble() * 0.90, random.nextInt(180), 200, reported, random.nextInt(3)));
        }
        Map<String, Map<String, Double>> measured = new HashMap<>();
        for (AgentSnapshot a : agents) {
            Map<String, Double> row = new HashMap<>();
            GeoPoint from = location(catalog, a.region());
            for (String peer : REGIONS) {
                if (!peer.equals(a.region())) {
                    double km = from.distanceKm(location(catalog, peer));
                    row.put(peer + "-a0", 10 + km * 0.0098 * 1.5 * (0.9 + random.nextDouble() * 0.2));
                }
            }
            measured.put(a.agentId(), row);
        }
        fleet = new FleetSnapshot(agents, measured);

        Map<String, Integer> byAgent = new LinkedHashMap<>();
        byAgent.put("us-east-1-a0", 60);
        byAgent.put("eu-central-1-a0", 30);
        byAgent.put("ap-southeast-2-a0", 10);
        conference = new ConferenceSnapshot("bench", byAgent);
        emptyConference = ConferenceSnapshot.empty("bench");

        joiners = new ParticipantLocation[PLACES];
        for (int i = 0; i < PLACES; i++) {
            GeoPoint p = new GeoPoint(random.nextDouble() * 120 - 55, random.nextDouble() * 360 - 180);
            Map<String, Double> probes = new HashMap<>();
            if (i % 2 == 0) {
                for (String r : REGIONS) {
                    probes.put(r, 20 + p.distanceKm(location(catalog, r)) * 0.02);
                }
            }
            joiners[i] = new ParticipantLocation(p, i % 2 == 0 ? LocationSource.PROBES : LocationSource.GEOIP,
                    null, probes);
        }
        policy = new MeridianPolicy(catalog, GreatCircleLatencyModel.defaults(), PlacementSettings.defaults(),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static GeoPoint location(RegionCatalog catalog, String region) {
        return catalog.byName(region).orElseThrow().location();
    }

    /** @return the decision for the next joiner of the 100-participant conference */
    Decision joinTheConference() {
        ParticipantLocation where = joiners[next++ & (PLACES - 1)];
        return policy.place(new PlacementRequest("bench", "joiner", where, conference, fleet));
    }

    /** @return the decision for the next joiner as the first participant of a new conference */
    Decision startAConference() {
        ParticipantLocation where = joiners[next++ & (PLACES - 1)];
        return policy.place(new PlacementRequest("bench", "joiner", where, emptyConference, fleet));
    }
}
