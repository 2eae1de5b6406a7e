package io.meridian.agent.sfu;

/**
 * Chooses one subscriber's simulcast layer, as an ordered list of cases:
 * <ol>
 *   <li>paused by the subscriber: none (-1);</li>
 *   <li>the highest layer that fits both the subscriber's maximum height and 90 % of its own bandwidth
 *       estimate — to go <em>up</em> the layer must fit 75 % (hysteresis: an estimate hovering at a layer's
 *       rate does not flap between two layers);</li>
 *   <li>otherwise the lowest active layer: a subscriber on a poor link still gets moving video, which is the point
 *       of sending a low layer at all.</li>
 * </ol>
 * Layers whose publisher stopped sending them (bitrate 0) are skipped. Pure.
 */
final class LayerSelector {
    private LayerSelector() {
    }

    /**
     * @param bitrates  measured bits/s per layer, lowest first; 0 = not being received
     * @param heights   pixel height per layer, 0 when unknown
     * @param estimate  the subscriber's downlink estimate for this track, bits/s
     * @param maxHeight the subscriber's preference, 0 = no limit
     * @param paused    whether the subscriber paused the track
     * @param current   the layer forwarded now, or -1
     * @return the layer to forward, or -1 for none
     */
    static int choose(long[] bitrates, int[] heights, long estimate, int maxHeight, boolean paused, int current) {
        if (paused) {
            return -1;
        }
        int lowest = -1;
        int best = -1;
        for (int layer = 0; layer < bitrates.length; layer++) {
            if (bitrates[layer] <= 0) {
                continue;
            }
            if (lowest < 0) {
                lowest = layer;
            }
            if (maxHeight > 0 && heights[layer] > maxHeight && layer != lowest) {
                continue;
            }
            double headroom = layer > current ? 0.75 : 0.90;
            if (bitrates[layer] <= headroom * estimate) {
                best = layer;
            }
        }
        return best >= 0 ? best : lowest;
    }
}
