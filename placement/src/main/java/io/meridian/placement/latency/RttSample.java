package io.meridian.placement.latency;

import io.meridian.placement.geo.GeoPoint;

import java.util.Objects;

/**
 * One measured round-trip time between two named places, used to fit and check a {@link LatencyModel}.
 *
 * @param from  the first place's name (e.g. a region)
 * @param to    the second place's name
 * @param a     the first place's location
 * @param b     the second place's location
 * @param rttMs the measured round-trip time in milliseconds, {@code >= 0}
 */
public record RttSample(String from, String to, GeoPoint a, GeoPoint b, double rttMs) {

    /** @throws IllegalArgumentException on a negative or non-finite RTT */
    public RttSample {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (!(rttMs >= 0 && rttMs < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("rttMs must be finite and >= 0, got " + rttMs);
        }
    }

    /** @return the great-circle distance between the two places in km */
    public double distanceKm() {
        return a.distanceKm(b);
    }
}
