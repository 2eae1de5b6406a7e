package io.meridian.placement;

/** How the participant's location was found. */
public enum LocationSource {
    /** GeoIP lookup of the client's address. */
    GEOIP,
    /** A location the client sent with the join. */
    HINT,
    /** Derived from the client's RTT probes to regions. */
    PROBES,
    /** Nothing better was known: the configured default region's location. */
    DEFAULT_REGION
}
