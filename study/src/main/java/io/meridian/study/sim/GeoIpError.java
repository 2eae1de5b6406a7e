package io.meridian.study.sim;

import io.meridian.placement.geo.GeoPoint;

import java.util.SplittableRandom;

/**
 * Modelled GeoIP location error: the location a policy sees is the true place moved in a random direction by a
 * random distance, exponentially distributed with the given mean (an assumption, docs/study.md). The displacement is
 * fixed per place and seed, so every participant of a place shares its place's error.
 */
public final class GeoIpError {

    private GeoIpError() {
    }

    /**
     * @param truth  the true place
     * @param meanKm the mean displacement, km, {@code >= 0}
     * @param seed   the seed
     * @param index  the place's index (one independent draw per place)
     * @return where GeoIP puts it
     */
    public static GeoPoint displace(GeoPoint truth, double meanKm, long seed, int index) {
        if (meanKm == 0) {
            return truth;
        }
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        double km = -meanKm * Math.log(1 - r.nextDouble());
        double bearing = r.nextDouble() * 2 * Math.PI;
        double d = km / GeoPoint.EARTH_RADIUS_KM;
        double lat1 = Math.toRadians(truth.latitude());
        double lon1 = Math.toRadians(truth.longitude());
        double lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(bearing));
        double lon2 = lon1 + Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(lat1),
                Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
        double lon = Math.toDegrees(lon2);
        lon = ((lon + 540) % 360) - 180;
        return new GeoPoint(Math.max(-90, Math.min(90, Math.toDegrees(lat2))), lon);
    }
}
