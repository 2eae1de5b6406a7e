package io.meridian.benchmarks.forwarding;

import io.meridian.agent.rtp.RtpHeader;

/**
 * Builds browser-like RTP packets: a one-byte header extension block as Chrome sends it (mid, abs-send-time,
 * transport-wide sequence number, plus audio level for audio), then a payload that starts with a marker, the
 * publisher index and the sender's {@link System#nanoTime()}, so the subscriber can check the packet and time it.
 */
final class RtpPackets {
    /** Payload type of the video (VP8) and audio (Opus) streams. */
    static final int VIDEO_PT = 96;
    static final int AUDIO_PT = 111;
    /** Extension ids as the benchmark's "browser" negotiated them. */
    static final int EXT_AUDIO_LEVEL = 1;
    static final int EXT_ABS_SEND_TIME = 2;
    static final int EXT_TRANSPORT_CC = 3;
    static final int EXT_MID = 4;
    /** Bytes before the payload: 12 fixed + 4 extension header + 12 extension data. */
    static final int HEADER = 28;
    /** Payload bytes the benchmark reads back: magic, publisher index, send time. */
    static final int STAMP = 16;
    static final int MAGIC = 0x4D455249; // "MERI"

    private RtpPackets() {
    }

    /** SSRC of publisher {@code index}'s video or audio stream. */
    static int ssrc(int index, boolean audio) {
        return 0x4D000000 | (index << 1) | (audio ? 1 : 0);
    }

    /** Publisher index encoded in an SSRC from {@link #ssrc}, or -1. */
    static int publisherOf(int ssrc) {
        return (ssrc & 0xFF000000) == 0x4D000000 ? (ssrc & 0xFFFFFF) >>> 1 : -1;
    }

    /**
     * Writes one plaintext RTP packet of {@code length} bytes (at least {@link #HEADER} + {@link #STAMP}) at
     * {@code b[0..)}; {@code mid} is the publisher-side mid (one ASCII digit or letter).
     */
    static void write(byte[] b, int length, int index, boolean audio, int seq, long timestamp, boolean marker,
            int transportSeq, char mid, long sendNanos) {
        b[0] = (byte) 0x90; // V=2, X=1
        b[1] = (byte) ((marker ? 0x80 : 0) | (audio ? AUDIO_PT : VIDEO_PT));
        RtpHeader.setSequenceNumber(b, 0, seq);
        RtpHeader.setTimestamp(b, 0, timestamp);
        RtpHeader.setSsrc(b, 0, ssrc(index, audio));
        RtpHeader.writeShort(b, 12, RtpHeader.ONE_BYTE_PROFILE);
        RtpHeader.writeShort(b, 14, 3); // 12 bytes of elements
        int p = 16;
        b[p++] = (byte) (EXT_MID << 4); // length 1
        b[p++] = (byte) mid;
        long abs = ((sendNanos / 1000) << 18) / 1_000_000; // 6.18 fixed-point seconds, 24 bits
        b[p++] = (byte) ((EXT_ABS_SEND_TIME << 4) | 2);
        b[p++] = (byte) (abs >> 16);
        b[p++] = (byte) (abs >> 8);
        b[p++] = (byte) abs;
        b[p++] = (byte) ((EXT_TRANSPORT_CC << 4) | 1);
        b[p++] = (byte) (transportSeq >> 8);
        b[p++] = (byte) transportSeq;
        if (audio) {
            b[p++] = (byte) (EXT_AUDIO_LEVEL << 4);
            b[p++] = (byte) 0x9E; // voice activity, -30 dBov
        }
        while (p < HEADER) {
            b[p++] = 0; // RFC 8285 padding
        }
        RtpHeader.writeInt(b, HEADER, MAGIC);
        RtpHeader.writeInt(b, HEADER + 4, index);
        RtpHeader.writeInt(b, HEADER + 8, (int) (sendNanos >>> 32));
        RtpHeader.writeInt(b, HEADER + 12, (int) sendNanos);
        // the rest of the payload keeps whatever the buffer holds (filled once with pseudo-random bytes)
    }

    /** The send time stamped in a decrypted packet with {@code hdr} header bytes, or -1 if it is not ours. */
    static long sendNanos(byte[] b, int off, int len, int hdr) {
        if (hdr < 0 || len < hdr + STAMP || RtpHeader.readInt(b, off + hdr) != MAGIC) {
            return -1;
        }
        return ((long) RtpHeader.readInt(b, off + hdr + 8) << 32)
                | (RtpHeader.readInt(b, off + hdr + 12) & 0xFFFFFFFFL);
    }
}
