package io.meridian.placement.latency;

import io.meridian.placement.geo.GeoPoint;

/** Estimates the network round-trip time between two places. Implementations are pure and thread-safe. */
@FunctionalInterface
public interface LatencyModel {

    /**
     * @param a one end
     * @param b the other end
     * @return the estimated round-trip time in milliseconds, finite and {@code >= 0}
     */
    double rttMs(GeoPoint a, GeoPoint b);
}
