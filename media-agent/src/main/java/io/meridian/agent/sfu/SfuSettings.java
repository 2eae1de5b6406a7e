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
 * @param nackPacketsPerSecond sequence numbers one subscriber's NACKs may have honoured per second (also the burst)
 * @param nackMaxPerRequest sequence numbers honoured from one NACK packet
 */
public record SfuSettings(int keyframeIntervalMillis, int feedbackIntervalMillis, long minBitrate,
        long maxBitrate, int sendCacheSlots, int nackUpstreamHoldMillis, int nackPacketsPerSecond,
        int nackMaxPerRequest) {
    /**
     * Defaults: 500 ms keyframe spacing, 1 s feedback, 100 kbps..2.5 Mbps, 512-packet cache, 100 ms NACK hold, 300
     * NACKed packets/s per subscriber, 100 per NACK.
     */
    public static final SfuSettings DEFAULTS = new SfuSettings(500, 1000, 100_000, 2_500_000, 512, 100, 300, 100);

    /** Validates the settings. */
    public SfuSettings {
        if (Integer.bitCount(sendCacheSlots) != 1 || minBitrate <= 0 || maxBitrate < minBitrate
                || keyframeIntervalMillis < 0 || feedbackIntervalMillis <= 0 || nackUpstreamHoldMillis < 0
                || nackPacketsPerSecond < 1 || nackMaxPerRequest < 1) {
            throw new IllegalArgumentException("bad SFU settings");
        }
    }

    /** These settings with another NACK budget. */
    public SfuSettings withNackBudget(int packetsPerSecond, int maxPerRequest) {
        return new SfuSettings(keyframeIntervalMillis, feedbackIntervalMillis, minBitrate, maxBitrate, sendCacheSlots,
                nackUpstreamHoldMillis, packetsPerSecond, maxPerRequest);
    }
}
