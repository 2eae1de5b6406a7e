package io.meridian.agent.sfu;

/**
 * Immutable open-addressing map from SSRC (media and RTX) to producer; rebuilt on every change by the control
 * path and read by the media thread without locks or allocation.
 */
final class SsrcTable {
    static final SsrcTable EMPTY = new SsrcTable(new Producer[0]);

    private final int[] keys;
    private final Producer[] values;
    private final int mask;

    SsrcTable(Producer[] producers) {
        int n = 0;
        for (Producer p : producers) {
            n += p.spec().hasRtx() ? 2 : 1;
        }
        int cap = Integer.highestOneBit(Math.max(4, n * 3)) << 1;
        keys = new int[cap];
        values = new Producer[cap];
        mask = cap - 1;
        for (Producer p : producers) {
            put(p.spec().ssrc(), p);
            if (p.spec().hasRtx()) {
                put(p.spec().rtxSsrc(), p);
            }
        }
    }

    private void put(int ssrc, Producer p) {
        int i = mix(ssrc) & mask;
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = ssrc;
        values[i] = p;
    }

    /** The producer owning {@code ssrc} (as media or RTX SSRC), or null. */
    Producer get(int ssrc) {
        for (int i = mix(ssrc) & mask; ; i = (i + 1) & mask) {
            Producer p = values[i];
            if (p == null || keys[i] == ssrc) {
                return p;
            }
        }
    }

    private static int mix(int x) {
        x *= 0x9E3779B9;
        return x ^ (x >>> 16);
    }
}
