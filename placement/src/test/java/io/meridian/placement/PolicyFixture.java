package io.meridian.placement;

import io.meridian.placement.geo.GeoPoint;
import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.GreatCircleLatencyModel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared places, agents and requests for the policy tests. */
final class PolicyFixture {

    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final GeoPoint FRANKFURT = new GeoPoint(50.11, 8.68);
    static final GeoPoint PARIS = new GeoPoint(48.86, 2.35);
    static final GeoPoint ASHBURN = new GeoPoint(39.04, -77.49);
    static final GeoPoint NEW_YORK = new GeoPoint(40.71, -74.01);
    static final GeoPoint SYDNEY = new GeoPoint(-33.87, 151.21);

    private PolicyFixture() {
    }

    static MeridianPolicy policy() {
        return policy(PlacementSettings.defaults());
    }

    static MeridianPolicy policy(PlacementSettings settings) {
        return new MeridianPolicy(RegionCatalog.builtIn(), GreatCircleLatencyModel.defaults(), settings, CLOCK);
    }

    static PlacementSettings settings(double thresholdMs, int maxAgents) {
        PlacementSettings d = PlacementSettings.defaults();
        return new PlacementSettings(thresholdMs, maxAgents, d.overloadStress(), d.stressPerPlacement(),
                d.reportStaleAfter());
    }

    /** A healthy agent: up, stress 0.2, 20 of 100 participants, reported now. */
    static AgentSnapshot agent(String id, String region) {
        return new AgentSnapshot(id, region, AgentState.UP, 0.2, 20, 100, NOW, 0);
    }

    static AgentSnapshot withStress(AgentSnapshot a, double stress) {
        return new AgentSnapshot(a.agentId(), a.region(), a.state(), stress, a.participants(), a.capacity(),
                a.reportedAt(), a.placementsSinceReport());
    }

    static AgentSnapshot withState(AgentSnapshot a, AgentState state) {
        return new AgentSnapshot(a.agentId(), a.region(), state, a.stress(), a.participants(), a.capacity(),
                a.reportedAt(), a.placementsSinceReport());
    }

    static AgentSnapshot reportedAgo(AgentSnapshot a, Duration age) {
        return new AgentSnapshot(a.agentId(), a.region(), a.state(), a.stress(), a.participants(), a.capacity(),
                NOW.minus(age), a.placementsSinceReport());
    }

    static AgentSnapshot withLoad(AgentSnapshot a, int participants, int capacity, int placementsSinceReport) {
        return new AgentSnapshot(a.agentId(), a.region(), a.state(), a.stress(), participants, capacity,
                a.reportedAt(), placementsSinceReport);
    }

    static FleetSnapshot fleet(AgentSnapshot... agents) {
        return new FleetSnapshot(Arrays.asList(agents));
    }

    /** A conference with {@code n} participants on each listed agent. */
    static ConferenceSnapshot conferenceOn(int n, String... agentIds) {
        Map<String, Integer> byAgent = new LinkedHashMap<>();
        for (String id : agentIds) {
            byAgent.put(id, n);
        }
        return new ConferenceSnapshot("conf", byAgent);
    }

    static ParticipantLocation geoip(GeoPoint p) {
        return ParticipantLocation.at(p, LocationSource.GEOIP);
    }

    static ParticipantLocation probes(GeoPoint p, Map<String, Double> probesMs) {
        return new ParticipantLocation(p, LocationSource.PROBES, null, probesMs);
    }

    static PlacementRequest request(ParticipantLocation where, ConferenceSnapshot conference, FleetSnapshot fleet) {
        return new PlacementRequest(conference.conferenceId(), "p-" + System.identityHashCode(where), where,
                conference, fleet);
    }

    static PlacementRequest newConference(ParticipantLocation where, FleetSnapshot fleet) {
        return request(where, ConferenceSnapshot.empty("conf"), fleet);
    }

    static Decision.Placed placed(Decision d) {
        if (d instanceof Decision.Placed p) {
            return p;
        }
        throw new AssertionError("expected a placement but got " + d);
    }

    /** What the caller does after placing on {@code agentId}: count one more placement since its report. */
    static FleetSnapshot afterPlacementOn(FleetSnapshot fleet, String agentId) {
        List<AgentSnapshot> next = new ArrayList<>();
        for (AgentSnapshot a : fleet.agents()) {
            next.add(a.agentId().equals(agentId) ? a.withOneMorePlacement() : a);
        }
        return new FleetSnapshot(next, fleet.measuredRttMs());
    }

    static Candidate candidate(Decision d, String agentId) {
        return d.explanation().candidates().stream().filter(c -> c.agentId().equals(agentId)).findFirst()
                .orElseThrow(() -> new AssertionError("no candidate " + agentId));
    }
}
