package io.meridian.agent.net;

/** RFC 7983 classes of a datagram on the media port, by its first byte (RTCP told from RTP by RFC 5761). */
public enum PacketKind {
    /** First byte 0..3. */
    STUN,
    /** First byte 20..63. */
    DTLS,
    /** First byte 128..191, second byte not 192..223. */
    RTP,
    /** First byte 128..191, second byte 192..223. */
    RTCP,
    /** Anything else (ZRTP, TURN channels, garbage). */
    UNKNOWN;

    private static final PacketKind[] VALUES = values();

    /** Kind by ordinal without allocating (values() copies). */
    public static PacketKind of(int ordinal) {
        return VALUES[ordinal];
    }

    /** Classifies a datagram of {@code len >= 1} bytes. */
    public static PacketKind classify(byte[] b, int off, int len) {
        if (len < 1) {
            return UNKNOWN;
        }
        int first = b[off] & 0xFF;
        if (first <= 3) {
            return STUN;
        }
        if (first >= 20 && first <= 63) {
            return DTLS;
        }
        if (first >= 128 && first <= 191) {
            if (len >= 2) {
                int second = b[off + 1] & 0xFF;
                if (second >= 192 && second <= 223) {
                    return RTCP;
                }
            }
            return RTP;
        }
        return UNKNOWN;
    }
}
