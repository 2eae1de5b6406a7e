package io.meridian.agent.sfu;

import io.meridian.agent.rtp.RtpHeader;

/**
 * Turns a publisher's simulcast layers into one continuous stream for one subscriber: forwards only the current
 * layer, moves to the target layer at its first keyframe packet, and rewrites SSRC, sequence number, RTP timestamp
 * and VP8 picture ID so the subscriber sees no gap and no jump across a switch (mediasoup's SimulcastConsumer does
 * the same). Packets of the new layer older than its switching keyframe are dropped: their rewritten numbers would
 * collide with the old layer's.
 *
 * <p>Media thread only; allocation-free. The caller asks for a keyframe on the target layer while
 * {@link #switchPending()}.
 */
final class SimulcastForwarder {
    private static final int CLOCK_PER_MICRO_NUM = 90; // 90 kHz video clock
    private final int outSsrc;

    private int current = -1;
    private int target = -1;

    private int seqOffset;
    private long tsOffset;
    private int pictureIdOffset;
    private int switchSeq;
    private int lastOutSeq = -1;
    private long lastOutTs;
    private int lastOutPictureId = -1;
    private long lastOutMicros;
    private long switches;

    /** @param outSsrc the SSRC the subscriber negotiated for this track */
    SimulcastForwarder(int outSsrc) {
        this.outSsrc = outSsrc;
    }

    /** Sets the layer to move to (-1 pauses). The switch happens at that layer's next keyframe. */
    void setTarget(int layer) {
        target = layer;
        if (layer < 0) {
            current = -1;
        }
    }

    int target() {
        return target;
    }

    /** The layer being forwarded, or -1. */
    int current() {
        return current;
    }

    /** Whether a switch waits for a keyframe on the target layer. */
    boolean switchPending() {
        return target >= 0 && target != current;
    }

    /** Layer switches done. */
    long switches() {
        return switches;
    }

    /**
     * Decides about one packet of {@code layer} and, when it is forwarded, rewrites it in place.
     *
     * @param b         packet buffer (plaintext RTP)
     * @param off       packet start
     * @param len       packet length
     * @param layer     its simulcast layer (0 = lowest)
     * @param nowMicros arrival time, for the timestamp step across a switch
     * @return whether to forward it
     */
    boolean forward(byte[] b, int off, int len, int layer, long nowMicros) {
        int header = RtpHeader.headerLength(b, off, len);
        if (header < 0) {
            return false;
        }
        int seq = RtpHeader.sequenceNumber(b, off);
        long ts = RtpHeader.timestamp(b, off);
        int payload = off + header;
        int payloadLen = len - header;
        if (layer != current) {
            if (layer != target || !Vp8Descriptor.startsKeyframe(b, payload, payloadLen)) {
                return false;
            }
            switchTo(layer, seq, ts, b, payload, payloadLen, nowMicros);
        } else if (seqDistance(switchSeq, seq) < 0) {
            return false; // older than the keyframe we switched on
        }
        int outSeq = (seq + seqOffset) & 0xffff;
        long outTs = (ts + tsOffset) & 0xffffffffL;
        RtpHeader.setSsrc(b, off, outSsrc);
        RtpHeader.setSequenceNumber(b, off, outSeq);
        RtpHeader.setTimestamp(b, off, outTs);
        int pid = Vp8Descriptor.pictureIdOffset(b, payload, payloadLen);
        if (pid >= 0) {
            int out = (Vp8Descriptor.readPictureId(b, pid) + pictureIdOffset) & 0x7fff;
            Vp8Descriptor.writePictureId(b, pid, out);
            if (lastOutPictureId < 0 || ((out - lastOutPictureId) & 0x7fff) < 0x4000) {
                lastOutPictureId = out;
            }
        }
        if (lastOutSeq < 0 || seqDistance(lastOutSeq, outSeq) > 0) {
            lastOutSeq = outSeq;
            lastOutTs = outTs;
            lastOutMicros = nowMicros;
        }
        return true;
    }

    private void switchTo(int layer, int seq, long ts, byte[] b, int payload, int payloadLen, long nowMicros) {
        if (lastOutSeq < 0) {
            seqOffset = 0;
            tsOffset = 0;
            pictureIdOffset = 0;
        } else {
            seqOffset = (lastOutSeq + 1 - seq) & 0xffff;
            // The new layer's first frame lands where wall time says, at least one tick after the last one sent.
            long step = Math.max(1, (nowMicros - lastOutMicros) * CLOCK_PER_MICRO_NUM / 1000);
            tsOffset = (lastOutTs + step - ts) & 0xffffffffL;
            int pid = Vp8Descriptor.pictureIdOffset(b, payload, payloadLen);
            if (pid >= 0 && lastOutPictureId >= 0) {
                pictureIdOffset = (lastOutPictureId + 1 - Vp8Descriptor.readPictureId(b, pid)) & 0x7fff;
            }
        }
        current = layer;
        switchSeq = seq;
        switches++;
    }

    /** Signed distance from {@code a} to {@code b} in 16-bit sequence space. */
    private static int seqDistance(int a, int b) {
        return (short) (b - a);
    }
}
