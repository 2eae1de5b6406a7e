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
import io.meridian.placement.geo.Region;
import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.GreatCircleLatencyModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Time of one {@link MeridianPolicy} decision for a participant joining a 100-participant conference, over a fleet
 * of 1,000 agents in 20 regions (50 per region), including building the full explanation (1,000 candidates).
 *
 * <p>The fleet is seeded (fixed random seed): stress 0.05–0.95 (so some agents are overloaded), 2 % draining,
 * 1 % down, 1 % with a stale report, each agent with measured RTT to one agent of every other region. The
 * conference spans three agents (Virginia 60, Frankfurt 30, Sydney 10 participants). Joining participants come from
 * 64 places round the world, half of them with probes to every region, so every rule's code path runs.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyDecisionBenchmark {

    /** Agents in the fleet. */
    static final int AGENTS = 1_000;
    /** Regions the fleet spans. */
    static final int REGIONS = 20;
    /** Distinct joining participants cycled through, so no input is constant. */
    static final int PLACES = 64;

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final String[] REGION_NAMES = {
            "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1", "eu-west-1",
            "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1", "ap-northeast-1",
            "ap-northeast-2", "ap-southeast-1", "ap-southeast-2", "ap-south-1", "ap-east-1", "me-south-1",
            "af-south-1"};

    private MeridianPolicy policy;
    private FleetSnapshot fleet;
    private ConferenceSnapshot conference;
    private ConferenceSnapshot emptyConference;
    private ParticipantLocation[] joiners;
    private int next;

    /** Builds the fleet, the conference and the joiners (not timed). */
    @Setup(Level.Trial)
    public void setUp() {
        RegionCatalog catalog = RegionCatalog.builtIn();
        if (REGION_NAMES.length != REGIONS) {
            throw new IllegalStateException("expected " + REGIONS + " regions");
        }
        SplittableRandom random = new SplittableRandom(42);
        List<AgentSnapshot> agents = new ArrayList<>(AGENTS);
        for (int i = 0; i < AGENTS; i++) {
            String region = REGION_NAMES[i % REGIONS];
            int roll = random.nextInt(100);
            AgentState state = roll < 2 ? AgentState.DRAINING : roll < 3 ? AgentState.DOWN : AgentState.UP;
            Instant reported = roll == 3 ? NOW.minusSeconds(30) : NOW.minusMillis(random.nextInt(1500));
            int participants = random.nextInt(180);
            agents.add(new AgentSnapshot(region + "-a" + (i / REGIONS), region, state,
                    0.05 + random.nextDouble() * 0.90, participants, 200, reported, random.nextInt(3)));
        }
        Map<String, Map<String, Double>> measured = new HashMap<>();
        for (AgentSnapshot a : agents) {
            Map<String, Double> row = new HashMap<>();
            GeoPoint from = catalog.byName(a.region()).orElseThrow().location();
            for (String peerRegion : REGION_NAMES) {
                if (!peerRegion.equals(a.region())) {
                    GeoPoint to = catalog.byName(peerRegion).orElseThrow().location();
                    row.put(peerRegion + "-a0", 10 + from.distanceKm(to) * 0.0098 * 1.5 * (0.9 + random.nextDouble() * 0.2));
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
                for (String r : REGION_NAMES) {
                    Region region = catalog.byName(r).orElseThrow();
                    probes.put(r, 20 + p.distanceKm(region.location()) * 0.02);
                }
            }
            joiners[i] = new ParticipantLocation(p, i % 2 == 0 ? LocationSource.PROBES : LocationSource.GEOIP,
                    null, probes);
        }
        policy = new MeridianPolicy(catalog, GreatCircleLatencyModel.defaults(), PlacementSettings.defaults(),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** @return a decision for the next joiner of the 100-participant conference */
    @Benchmark
    public Decision joinA100ParticipantConference() {
        ParticipantLocation where = joiners[next++ & (PLACES - 1)];
        return policy.place(new PlacementRequest("bench", "joiner", where, conference, fleet));
    }

    /** @return a decision for the first participant of a new conference (for comparison) */
    @Benchmark
    public Decision startANewConference() {
        ParticipantLocation where = joiners[next++ & (PLACES - 1)];
        return policy.place(new PlacementRequest("bench", "joiner", where, emptyConference, fleet));
    }
}
