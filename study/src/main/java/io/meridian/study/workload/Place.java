package io.meridian.study.workload;

import io.meridian.placement.geo.GeoPoint;

import java.util.Objects;

/**
 * A place participants come from, with how many of them live there.
 *
 * @param label     a name for reports, e.g. {@code "US/Chicago"} or {@code "line 7"}
 * @param country   ISO 3166 alpha-2 code, or {@code null} when unknown
 * @param continent a continent code ({@code AF AS EU NA OC SA}), or {@code null} when unknown
 * @param point     the place's coordinates
 * @param weight    relative number of participants there, {@code > 0}
 */
public record Place(String label, String country, String continent, GeoPoint point, double weight) {

    /** @throws IllegalArgumentException when the weight is not a positive finite number */
    public Place {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(point, "point");
        if (!(weight > 0 && weight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("weight must be a finite number > 0, got " + weight);
        }
    }
}
