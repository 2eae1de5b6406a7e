package io.meridian.agent.transport;

/**
 * Limits on the media port for senders no ICE check validated yet (browsers before their first valid check,
 * scanners, spoofers). Validated peers are never limited by these.
 *
 * @param unvalidatedPacketsPerSecond datagrams per second one source address may send before it is validated
 * @param unvalidatedBurst            datagrams such a source may send at once
 * @param sourceTableSize             source addresses tracked at once; beyond that the longest idle is forgotten
 */
public record UdpLimits(double unvalidatedPacketsPerSecond, double unvalidatedBurst, int sourceTableSize) {
    /** Defaults: 50 datagrams/s, bursts of 100, 4096 sources. */
    public static final UdpLimits DEFAULTS = new UdpLimits(50, 100, 4096);

    /** Validates the limits. */
    public UdpLimits {
        if (unvalidatedPacketsPerSecond <= 0 || unvalidatedBurst < 1 || sourceTableSize < 1) {
            throw new IllegalArgumentException("UDP limits must be positive (burst at least 1)");
        }
    }
}
