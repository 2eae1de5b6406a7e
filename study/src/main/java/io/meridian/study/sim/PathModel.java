package io.meridian.study.sim;

import io.meridian.placement.geo.Region;
import io.meridian.placement.geo.RegionCatalog;
import io.meridian.placement.latency.LatencyModel;
import io.meridian.study.workload.Place;
import io.meridian.study.workload.PlaceTable;

import java.util.List;

/**
 * One-way mouth-to-ear network latency between two participants of a conference, over the media path
 * participant → agent → (relay) → agent → participant.
 *
 * <p>Each leg costs half its RTT (the models are symmetric): participant ↔ agent legs use the access model, agent
 * ↔ agent relay legs the relay model (the same model unless a study asks how a slower public internet, compared
 * with the providers' backbones, changes the answer). Every agent the media passes
 * through adds {@code hopMs} of processing (receive, SRTP decrypt and encrypt, queue, send). A conference's agents
 * are fully meshed, so media crosses at most one relay link. RTTs are precomputed per (place, region) and
 * (region, region), so a pair costs a few array reads.
 */
public final class PathModel {

    private final double[][] accessOneWayMs;
    private final double[][] relayOneWayMs;
    private final double hopMs;

    /**
     * @param places  where participants are
     * @param catalog the regions (index = catalog order)
     * @param model   the latency model taken as ground truth for every leg
     * @param hopMs   processing cost per agent traversed, ms, {@code >= 0}
     */
    public PathModel(PlaceTable places, RegionCatalog catalog, LatencyModel model, double hopMs) {
        this(places, catalog, model, model, hopMs);
    }

    /**
     * @param places      where participants are
     * @param catalog     the regions (index = catalog order)
     * @param accessModel ground truth for participant ↔ agent legs
     * @param relayModel  ground truth for agent ↔ agent legs
     * @param hopMs       processing cost per agent traversed, ms, {@code >= 0}
     */
    public PathModel(PlaceTable places, RegionCatalog catalog, LatencyModel accessModel, LatencyModel relayModel,
                     double hopMs) {
        if (!(hopMs >= 0 && Double.isFinite(hopMs))) {
            throw new IllegalArgumentException("hop cost must be finite and >= 0 ms, got " + hopMs);
        }
        List<Place> p = places.places();
        List<Region> r = catalog.all();
        accessOneWayMs = new double[p.size()][r.size()];
        for (int i = 0; i < p.size(); i++) {
            for (int j = 0; j < r.size(); j++) {
                accessOneWayMs[i][j] = accessModel.rttMs(p.get(i).point(), r.get(j).location()) / 2;
            }
        }
        relayOneWayMs = new double[r.size()][r.size()];
        for (int i = 0; i < r.size(); i++) {
            for (int j = 0; j < r.size(); j++) {
                relayOneWayMs[i][j] = i == j ? 0 : relayModel.rttMs(r.get(i).location(), r.get(j).location()) / 2;
            }
        }
        this.hopMs = hopMs;
    }

    /**
     * @param placeA  speaker's place index
     * @param regionA index of the region of the speaker's agent
     * @param placeB  listener's place index
     * @param regionB index of the region of the listener's agent
     * @return one-way latency in ms
     */
    public double oneWayMs(int placeA, int regionA, int placeB, int regionB) {
        double ms = accessOneWayMs[placeA][regionA] + accessOneWayMs[placeB][regionB];
        return regionA == regionB ? ms + hopMs : ms + relayOneWayMs[regionA][regionB] + 2 * hopMs;
    }

    /**
     * @param place  a place index
     * @param region a region index
     * @return one-way latency from the place to that region's agent, ms (half the model RTT)
     */
    public double accessOneWayMs(int place, int region) {
        return accessOneWayMs[place][region];
    }

    /** @return the processing cost per agent traversed, ms */
    public double hopMs() {
        return hopMs;
    }
}
