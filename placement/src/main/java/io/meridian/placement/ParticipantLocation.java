package io.meridian.placement;

import io.meridian.placement.geo.GeoPoint;

import java.util.Map;
import java.util.Objects;

/**
 * Where a joining participant is, as well as the controller knows.
 *
 * @param point    best-known location (used for every region without a probe), never null
 * @param source   how {@code point} was found
 * @param country  ISO 3166-1 alpha-2 country code when known, else {@code null}
 * @param probesMs client-measured RTT in ms per region name; these beat the latency model
 */
public record ParticipantLocation(GeoPoint point, LocationSource source, String country,
                                  Map<String, Double> probesMs) {

    /** @throws IllegalArgumentException on a negative or non-finite probe */
    public ParticipantLocation {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(source, "source");
        probesMs = Map.copyOf(probesMs);
        probesMs.forEach((region, ms) -> {
            if (!(ms >= 0 && ms < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("probe for region '" + region + "' must be finite and >= 0, got " + ms);
            }
        });
    }

    /**
     * @param point  best-known location
     * @param source how it was found
     * @return a location without probes or country
     */
    public static ParticipantLocation at(GeoPoint point, LocationSource source) {
        return new ParticipantLocation(point, source, null, Map.of());
    }
}
