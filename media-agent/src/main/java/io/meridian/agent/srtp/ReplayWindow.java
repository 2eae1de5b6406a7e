package io.meridian.agent.srtp;

/**
 * Sliding replay window over 48-bit packet indices (RFC 3711 §3.3.2), as a circular bitmap so that advancing by
 * one costs O(1). 1024 entries: larger than the RFC's minimum of 64 because video bursts and retransmissions
 * arrive well out of order.
 */
final class ReplayWindow {
    static final int SIZE = 1024;

    private final long[] bits = new long[SIZE / 64];
    private long highest = -1;

    /** Whether {@code index} is new: not yet seen and not older than the window. */
    boolean accepts(long index) {
        if (index < 0) {
            return false;
        }
        if (highest < 0 || index > highest) {
            return true;
        }
        if (highest - index >= SIZE) {
            return false;
        }
        int slot = (int) (index & (SIZE - 1));
        return (bits[slot >> 6] & (1L << slot)) == 0;
    }

    /** Records {@code index} as received (after authentication). */
    void mark(long index) {
        if (highest < 0 || index > highest) {
            long advance = highest < 0 ? SIZE : index - highest;
            if (advance >= SIZE) {
                java.util.Arrays.fill(bits, 0L);
            } else {
                for (long i = highest + 1; i < index; i++) {
                    int slot = (int) (i & (SIZE - 1));
                    bits[slot >> 6] &= ~(1L << slot);
                }
            }
            highest = index;
        }
        int slot = (int) (index & (SIZE - 1));
        bits[slot >> 6] |= 1L << slot;
    }

    long highest() {
        return highest;
    }
}
