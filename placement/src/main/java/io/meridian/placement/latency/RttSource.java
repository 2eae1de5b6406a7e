package io.meridian.placement.latency;

/** Where an RTT estimate came from, strongest first. */
public enum RttSource {
    /** The client measured it (a probe sent with the join). */
    PROBE,
    /** Agents measured it between themselves and reported it. */
    MEASURED,
    /** The latency model estimated it from great-circle distance. */
    MODEL
}
