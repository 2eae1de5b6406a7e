package io.meridian.placement.geo;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A cloud or data-centre region where media agents can run.
 *
 * @param name           unique name, e.g. {@code eu-west-1}; 1–64 chars of {@code [A-Za-z0-9._-]}
 * @param location       the metro area the region serves from
 * @param egressUsdPerGb internet egress price in USD per GB, or {@code NaN} when unknown
 */
public record Region(String name, GeoPoint location, double egressUsdPerGb) {

    /**
     * @throws IllegalArgumentException on a bad name or a negative / infinite price
     */
    public Region {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("region name must be 1-64 chars of [A-Za-z0-9._-], got '" + name + "'");
        }
        if (!Double.isNaN(egressUsdPerGb) && !(egressUsdPerGb >= 0 && egressUsdPerGb < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("egress price must be a finite number >= 0, got " + egressUsdPerGb);
        }
    }

    /**
     * A region without a known egress price.
     *
     * @param name     unique name
     * @param location its metro area
     */
    public Region(String name, GeoPoint location) {
        this(name, location, Double.NaN);
    }

    /** @return the egress price in USD per GB when the operator gave one */
    public OptionalDouble egressPrice() {
        return Double.isNaN(egressUsdPerGb) ? OptionalDouble.empty() : OptionalDouble.of(egressUsdPerGb);
    }
}
