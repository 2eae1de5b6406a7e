package io.meridian.study.sim;

import io.meridian.placement.geo.GeoPoint;
import io.meridian.placement.latency.LatencyModel;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policies' latency model, remembered per pair of points: the study asks for the same few thousand pairs
 * (places × regions, regions × regions) millions of times, and a great-circle distance costs an arcsine. Returns
 * exactly the wrapped model's values, so decisions do not change.
 */
public final class MemoLatencyModel implements LatencyModel {

    private record Pair(GeoPoint a, GeoPoint b) {
    }

    private final LatencyModel model;
    private final ConcurrentHashMap<Pair, Double> rtts = new ConcurrentHashMap<>();

    /** @param model the model to remember (pure) */
    public MemoLatencyModel(LatencyModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public double rttMs(GeoPoint a, GeoPoint b) {
        return rtts.computeIfAbsent(new Pair(a, b), p -> model.rttMs(p.a(), p.b()));
    }
}
