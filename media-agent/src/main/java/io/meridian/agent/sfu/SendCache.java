package io.meridian.agent.sfu;

/**
 * The last N plaintext packets of a producer, by sequence number, to answer NACKs without asking the publisher.
 * A ring indexed by {@code seq mod N}; slots are allocated on first use and then reused. Media thread only.
 */
final class SendCache {
    static final int SLOT_SIZE = 1600;

    private final byte[][] slots;
    private final int[] lengths;
    private final int[] seqs;
    private final int mask;

    SendCache(int size) {
        slots = new byte[size][];
        lengths = new int[size];
        seqs = new int[size];
        mask = size - 1;
        java.util.Arrays.fill(seqs, -1);
    }

    /** Stores a copy of the packet with sequence number {@code seq}, replacing whatever shared its slot. */
    void put(int seq, byte[] b, int off, int len) {
        if (len > SLOT_SIZE) {
            return;
        }
        int i = seq & mask;
        byte[] slot = slots[i];
        if (slot == null) {
            slot = new byte[SLOT_SIZE];
            slots[i] = slot;
        }
        System.arraycopy(b, off, slot, 0, len);
        lengths[i] = len;
        seqs[i] = seq;
    }

    /** Copies packet {@code seq} into {@code out} at {@code outOff}; returns its length, or -1 when not cached. */
    int copyTo(int seq, byte[] out, int outOff) {
        int i = seq & mask;
        if (seqs[i] != seq) {
            return -1;
        }
        System.arraycopy(slots[i], 0, out, outOff, lengths[i]);
        return lengths[i];
    }

    /** Whether packet {@code seq} is cached. */
    boolean contains(int seq) {
        return seqs[seq & mask] == seq;
    }
}
