package io.meridian.study.sim;

/**
 * The mouth-to-ear delay budget outside the network: what a WebRTC endpoint pair adds to the one-way network
 * latency the study simulates. ITU-T G.114 (05/2003) sets its 150 ms one-way guidance on the whole mouth-to-ear
 * delay, codec, packetisation, jitter buffer and playout included, and its planning guidance (with ITU-T G.1020
 * (07/2006) on IP terminals) counts codec and jitter-buffer delay as part of that budget; the values below are the
 * study's documented planning figures for an Opus/WebRTC call (docs/study.md, "Mouth-to-ear").
 */
public final class MouthToEar {

    /**
     * Opus with 20 ms frames: 20 ms of frame plus 6.5 ms of encoder look-ahead, the "26.5 ms algorithmic delay" of
     * the default mode in RFC 6716 §2.
     */
    public static final double CODEC_MS = 26.5;
    /** Receiver jitter buffer: two 20 ms frames, a typical adaptive buffer's target on a calm path (assumption). */
    public static final double JITTER_BUFFER_MS = 40.0;
    /** Capture and playout device buffers, both ends together (assumption: 10 ms, 5 ms a side). */
    public static final double DEVICE_MS = 10.0;
    /** Everything outside the network, added to every one-way network latency, ms. */
    public static final double ENDPOINT_MS = CODEC_MS + JITTER_BUFFER_MS + DEVICE_MS;
    /** ITU-T G.114: mouth-to-ear delay above 150 ms one way degrades interactive speech. */
    public static final double G114_MS = 150;
    /** Network-only latency above this exceeds G.114's 150 ms once the endpoint budget is added, ms. */
    public static final double NETWORK_SHARE_OF_G114_MS = G114_MS - ENDPOINT_MS;

    private MouthToEar() {
    }
}
