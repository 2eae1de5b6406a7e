package io.meridian.placement.geo;

/**
 * A point on the Earth in decimal degrees (WGS 84).
 *
 * @param latitude  degrees north, −90..90
 * @param longitude degrees east, −180..180
 */
public record GeoPoint(double latitude, double longitude) {

    /** Mean Earth radius in km (IUGG), the usual constant for haversine distances. */
    public static final double EARTH_RADIUS_KM = 6371.0088;

    /**
     * @throws IllegalArgumentException when a coordinate is out of range or not a number
     */
    public GeoPoint {
        if (!(latitude >= -90.0 && latitude <= 90.0)) {
            throw new IllegalArgumentException("latitude must be within -90..90, got " + latitude);
        }
        if (!(longitude >= -180.0 && longitude <= 180.0)) {
            throw new IllegalArgumentException("longitude must be within -180..180, got " + longitude);
        }
    }

    /**
     * Great-circle distance by the haversine formula.
     *
     * @param other the other point
     * @return the distance in km along the Earth's surface
     */
    public double distanceKm(GeoPoint other) {
        double phi1 = Math.toRadians(latitude);
        double phi2 = Math.toRadians(other.latitude);
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(other.longitude - longitude);
        double h = Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
                + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
        // min() guards asin against rounding just above 1 for antipodal points
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(h)));
    }
}
