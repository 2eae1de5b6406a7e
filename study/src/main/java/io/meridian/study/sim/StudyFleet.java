package io.meridian.study.sim;

import io.meridian.placement.AgentSnapshot;
import io.meridian.placement.AgentState;
import io.meridian.placement.FleetSnapshot;
import io.meridian.placement.geo.Region;
import io.meridian.placement.geo.RegionCatalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated fleet: one agent in every catalog region, standing for the region's pool of agents (its stress is
 * the pool's load ÷ its capacity, {@link #loaded}); idle in {@link #snapshot}. Agent ids are {@code agent-<region>}; reports are as fresh as {@link #NOW}.
 */
public final class StudyFleet {

    /** The simulation's clock instant: every agent reported at this moment. */
    public static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    /** An agent's capacity in the simulation: far more than any workload places on one agent. */
    static final int UNBOUNDED_CAPACITY = Integer.MAX_VALUE / 2;

    private final RegionCatalog catalog;
    private final FleetSnapshot snapshot;
    private final Map<String, Integer> regionIndexByAgent = new HashMap<>();
    private final String[] agentIdByRegion;

    /** @param catalog the regions; each gets one agent */
    public StudyFleet(RegionCatalog catalog) {
        this.catalog = catalog;
        List<AgentSnapshot> agents = new ArrayList<>();
        List<Region> regions = catalog.all();
        agentIdByRegion = new String[regions.size()];
        for (int i = 0; i < regions.size(); i++) {
            String id = agentId(regions.get(i).name());
            agents.add(new AgentSnapshot(id, regions.get(i).name(), AgentState.UP, 0.0, 0, UNBOUNDED_CAPACITY, NOW, 0));
            regionIndexByAgent.put(id, i);
            agentIdByRegion[i] = id;
        }
        this.snapshot = new FleetSnapshot(agents);
    }

    /**
     * @param region a region name
     * @return the id of the fleet's agent in that region
     */
    public static String agentId(String region) {
        return "agent-" + region;
    }

    /** @return the regions, in catalog order (region index = position) */
    public RegionCatalog catalog() {
        return catalog;
    }

    /**
     * @param stressByRegion each region's agents' stress (load ÷ capacity), by region index
     * @return the fleet with that load reported (every report as fresh as {@link #NOW})
     */
    public FleetSnapshot loaded(double[] stressByRegion) {
        List<AgentSnapshot> agents = new ArrayList<>(snapshot.agents().size());
        for (int i = 0; i < agentIdByRegion.length; i++) {
            agents.add(new AgentSnapshot(agentIdByRegion[i], catalog.all().get(i).name(), AgentState.UP,
                    stressByRegion[i], 0, UNBOUNDED_CAPACITY, NOW, 0));
        }
        return new FleetSnapshot(agents);
    }

    /** @return the fleet as policies see it (immutable, shared by every request) */
    public FleetSnapshot snapshot() {
        return snapshot;
    }

    /**
     * @param agentId an agent id of this fleet
     * @return its region's index in the catalog
     * @throws IllegalArgumentException for an agent this fleet does not have
     */
    public int regionIndex(String agentId) {
        Integer i = regionIndexByAgent.get(agentId);
        if (i == null) {
            throw new IllegalArgumentException("no agent '" + agentId + "' in the study fleet");
        }
        return i;
    }

    /**
     * @param regionIndex a region's index in the catalog
     * @return the id of that region's agent
     */
    public String agentIdOf(int regionIndex) {
        return agentIdByRegion[regionIndex];
    }

    /** @return the number of regions (and agents) */
    public int size() {
        return agentIdByRegion.length;
    }
}
