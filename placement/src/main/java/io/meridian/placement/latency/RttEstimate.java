package io.meridian.placement.latency;

import java.util.Objects;

/**
 * An RTT and where it came from.
 *
 * @param ms     round-trip time in milliseconds
 * @param source probe, agent measurement, or model
 */
public record RttEstimate(double ms, RttSource source) {

    /** @throws IllegalArgumentException on a negative or non-finite RTT */
    public RttEstimate {
        Objects.requireNonNull(source, "source");
        if (!(ms >= 0 && ms < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("rtt must be finite and >= 0, got " + ms);
        }
    }
}
