package io.meridian.agent.relay;

import java.time.Duration;

/**
 * Relay timings and limits.
 *
 * @param tick                how often the relay thread checks probes, resends and silence
 * @param linkProbeInterval   RTT probe period on each link
 * @param fleetProbeInterval  RTT probe period to each fleet agent without a link
 * @param silenceTimeout      a link that authenticates nothing for this long has its remote streams withdrawn
 * @param tracksResend        resend period of an unacknowledged track list
 * @param fleetAnswersPerSecond most fleet probes answered per second to one source address (burst the same)
 * @param queueSlots          packets the relay thread may queue for the media thread (a power of two)
 * @param rttStaleAfter       an RTT not refreshed for this long is no longer reported
 */
public record RelaySettings(Duration tick, Duration linkProbeInterval, Duration fleetProbeInterval,
        Duration silenceTimeout, Duration tracksResend, int fleetAnswersPerSecond, int queueSlots,
        Duration rttStaleAfter) {

    /** 20 ms tick, 1 s link probes, 10 s fleet probes, 5 s silence, 500 ms resend, 20 answers/s, 4096 slots, 35 s. */
    public static final RelaySettings DEFAULTS = new RelaySettings(Duration.ofMillis(20), Duration.ofSeconds(1),
            Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMillis(500), 20, 4096, Duration.ofSeconds(35));

    /** Validates the settings. */
    public RelaySettings {
        if (tick.isNegative() || tick.isZero() || linkProbeInterval.compareTo(tick) < 0
                || fleetProbeInterval.compareTo(tick) < 0 || silenceTimeout.compareTo(linkProbeInterval) <= 0
                || tracksResend.compareTo(tick) < 0 || fleetAnswersPerSecond < 1
                || Integer.bitCount(queueSlots) != 1 || rttStaleAfter.compareTo(fleetProbeInterval) <= 0) {
            throw new IllegalArgumentException("bad relay settings: " + tickless());
        }
    }

    private static String tickless() {
        return "intervals must be ≥ the tick, silence > link probe interval, staleness > fleet probe interval, "
                + "queue slots a power of two";
    }

    /** These settings with another silence timeout. */
    public RelaySettings withSilenceTimeout(Duration timeout) {
        return new RelaySettings(tick, linkProbeInterval, fleetProbeInterval, timeout, tracksResend,
                fleetAnswersPerSecond, queueSlots, rttStaleAfter);
    }

    /** These settings with other probe intervals. */
    public RelaySettings withProbeIntervals(Duration link, Duration fleet) {
        return new RelaySettings(tick, link, fleet, silenceTimeout, tracksResend, fleetAnswersPerSecond, queueSlots,
                rttStaleAfter.compareTo(fleet) > 0 ? rttStaleAfter : fleet.multipliedBy(3));
    }
}
