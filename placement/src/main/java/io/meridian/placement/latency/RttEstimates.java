package io.meridian.placement.latency;

import io.meridian.placement.geo.GeoPoint;
import io.meridian.placement.geo.Region;
import io.meridian.placement.geo.RegionCatalog;

import java.util.Map;
import java.util.Objects;

/**
 * The best available RTT for a pair: a measurement when one exists, the latency model otherwise.
 *
 * <ul>
 *   <li>participant → region: the client's probe for that region ({@code {region: rttMs}} sent with the join)
 *       beats the model;</li>
 *   <li>agent → agent: the RTT the agents measured between themselves (either direction; the mean when both
 *       reported) beats the model between their regions.</li>
 * </ul>
 * Measurements that are negative, NaN or infinite are ignored. Thread-safe and allocation-light.
 */
public final class RttEstimates {

    private final RegionCatalog catalog;
    private final LatencyModel model;

    /**
     * @param catalog where region names are resolved to coordinates
     * @param model   the fallback estimate
     */
    public RttEstimates(RegionCatalog catalog, LatencyModel model) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.model = Objects.requireNonNull(model, "model");
    }

    /** @return the catalog regions are resolved in */
    public RegionCatalog catalog() {
        return catalog;
    }

    /**
     * @param point    the participant's location
     * @param probesMs the participant's measured RTT per region name (may be empty)
     * @param region   a region in the catalog
     * @return the probe for {@code region} when valid, else the model's estimate
     * @throws IllegalArgumentException when the region is not in the catalog
     */
    public RttEstimate participantToRegion(GeoPoint point, Map<String, Double> probesMs, String region) {
        Double probe = probesMs.get(region);
        if (valid(probe)) {
            return new RttEstimate(probe, RttSource.PROBE);
        }
        return new RttEstimate(model.rttMs(point, location(region)), RttSource.MODEL);
    }

    /**
     * @param agentA     one agent's id
     * @param regionA    its region (in the catalog)
     * @param agentB     the other agent's id
     * @param regionB    its region (in the catalog)
     * @param measuredMs agent id → peer agent id → measured RTT in ms, as reported by the agents
     * @return the measured RTT when reported (mean of both directions when both are), else the model's
     *         estimate between the two regions; 0 for an agent and itself
     * @throws IllegalArgumentException when a region is not in the catalog
     */
    public RttEstimate agentToAgent(String agentA, String regionA, String agentB, String regionB,
                                    Map<String, Map<String, Double>> measuredMs) {
        if (agentA.equals(agentB)) {
            return new RttEstimate(0, RttSource.MEASURED);
        }
        Double ab = lookup(measuredMs, agentA, agentB);
        Double ba = lookup(measuredMs, agentB, agentA);
        if (valid(ab) && valid(ba)) {
            return new RttEstimate((ab + ba) / 2, RttSource.MEASURED);
        }
        if (valid(ab)) {
            return new RttEstimate(ab, RttSource.MEASURED);
        }
        if (valid(ba)) {
            return new RttEstimate(ba, RttSource.MEASURED);
        }
        return regionToRegion(regionA, regionB);
    }

    /**
     * @param regionA a region in the catalog
     * @param regionB another
     * @return the model's estimate between the two regions' locations
     */
    public RttEstimate regionToRegion(String regionA, String regionB) {
        return new RttEstimate(model.rttMs(location(regionA), location(regionB)), RttSource.MODEL);
    }

    private GeoPoint location(String region) {
        Region r = catalog.byName(region).orElseThrow(
                () -> new IllegalArgumentException("region '" + region + "' is not in the catalog"));
        return r.location();
    }

    private static Double lookup(Map<String, Map<String, Double>> measured, String from, String to) {
        Map<String, Double> row = measured.get(from);
        return row == null ? null : row.get(to);
    }

    private static boolean valid(Double ms) {
        return ms != null && ms >= 0 && ms < Double.POSITIVE_INFINITY;
    }
}
