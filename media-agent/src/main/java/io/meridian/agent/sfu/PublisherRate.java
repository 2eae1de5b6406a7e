package io.meridian.agent.sfu;

/**
 * The bitrate announced (REMB) to a simulcast publisher: enough for every layer up to the highest one any
 * subscriber — local, or a far agent's across a relay — currently selects, and no more. A subscriber on a poor
 * link selects the low layer and so never lowers what the others receive (the single-encoding
 * {@link BandwidthEstimator} lets the worst loss cap everyone); a layer nobody selects is not paid for, and the
 * browser's allocator stops sending it. Subscribers' own REMBs are not forwarded: each one's estimate only
 * chooses its layer. Pure.
 */
final class PublisherRate {
    private PublisherRate() {
    }

    /**
     * @param layerTargets the bitrate each layer is encoded at, lowest first, bits/s
     * @param highestWanted the highest layer any subscriber selects, -1 when none (everyone paused)
     * @param min the configured floor, bits/s: the low layer keeps flowing for a late joiner
     * @param max the configured ceiling, bits/s
     */
    static long announce(long[] layerTargets, int highestWanted, long min, long max) {
        long sum = 0;
        for (int layer = 0; layer <= Math.min(highestWanted, layerTargets.length - 1); layer++) {
            sum += layerTargets[layer];
        }
        // 10 % over the sum: the browser's allocator enables a layer only once its full target fits.
        long wanted = sum + sum / 10;
        return Math.max(min, Math.min(max, wanted));
    }
}
