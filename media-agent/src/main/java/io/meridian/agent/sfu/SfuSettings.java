package io.meridian.agent.sfu;

/**
 * Forwarding knobs.
 *
 * @param keyframeIntervalMillis minimum time between keyframe requests to one producer
 * @param feedbackIntervalMillis period of receiver reports and REMB to publishers
 * @param minBitrate lowest REMB sent to a publisher, bps
 * @param maxBitrate highest REMB sent to a publisher (and the starting estimate), bps
 * @param sendCacheSlots packets kept per video producer to answer NACKs (power of two)
 * @param nackUpstreamHoldMillis a sequence number missed by the cache is asked upstream at most this often
 */
public record SfuSettings(int keyframeIntervalMillis, int feedbackIntervalMillis, long minBitrate,
        long maxBitrate, int sendCacheSlots, int nackUpstreamHoldMillis) {
    /** Defaults: 500 ms keyframe spacing, 1 s feedback, 100 kbps..2.5 Mbps, 512-packet cache, 100 ms NACK hold. */
    public static final SfuSettings DEFAULTS = new SfuSettings(500, 1000, 100_000, 2_500_000, 512, 100);

    /** Validates the settings. */
    public SfuSettings {
        if (Integer.bitCount(sendCacheSlots) != 1 || minBitrate <= 0 || maxBitrate < minBitrate
                || keyframeIntervalMillis < 0 || feedbackIntervalMillis <= 0 || nackUpstreamHoldMillis < 0) {
            throw new IllegalArgumentException("bad SFU settings");
        }
    }
}
