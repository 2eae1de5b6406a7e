package io.meridian.agent.rtp;

/**
 * Zero-allocation accessors for the RTP fixed header (RFC 3550 §5.1) and its header extensions
 * (RFC 8285 one-byte and two-byte forms), read and written in place on a {@code byte[]} at an offset.
 * Callers validate with {@link #headerLength} first; the field accessors do no bounds checks of their own.
 */
public final class RtpHeader {
    /** Length of the fixed header, without CSRCs or extension. */
    public static final int FIXED_LENGTH = 12;
    /** "defined by profile" value of the RFC 8285 one-byte header form. */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** Mask of the "defined by profile" value of the RFC 8285 two-byte header form (0x100X). */
    public static final int TWO_BYTE_PROFILE = 0x1000;

    private RtpHeader() {
    }

    /** RTP version bits (must be 2). */
    public static int version(byte[] b, int off) {
        return (b[off] >> 6) & 0x3;
    }

    /** Whether the P bit announces padding at the end of the packet. */
    public static boolean hasPadding(byte[] b, int off) {
        return (b[off] & 0x20) != 0;
    }

    /** Whether the X bit announces a header extension. */
    public static boolean hasExtension(byte[] b, int off) {
        return (b[off] & 0x10) != 0;
    }

    /** Number of CSRC identifiers. */
    public static int csrcCount(byte[] b, int off) {
        return b[off] & 0x0F;
    }

    /** The marker bit (end of frame for video). */
    public static boolean marker(byte[] b, int off) {
        return (b[off + 1] & 0x80) != 0;
    }

    /** Payload type, 0..127. */
    public static int payloadType(byte[] b, int off) {
        return b[off + 1] & 0x7F;
    }

    /** Sequence number, 0..65535. */
    public static int sequenceNumber(byte[] b, int off) {
        return ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    /** Timestamp as an unsigned 32-bit value. */
    public static long timestamp(byte[] b, int off) {
        return readInt(b, off + 4) & 0xFFFFFFFFL;
    }

    /** Synchronisation source identifier (as a signed int; compare with ==). */
    public static int ssrc(byte[] b, int off) {
        return readInt(b, off + 8);
    }

    /** Overwrites the payload type, keeping the marker bit. */
    public static void setPayloadType(byte[] b, int off, int pt) {
        b[off + 1] = (byte) ((b[off + 1] & 0x80) | (pt & 0x7F));
    }

    /** Overwrites the sequence number. */
    public static void setSequenceNumber(byte[] b, int off, int seq) {
        b[off + 2] = (byte) (seq >> 8);
        b[off + 3] = (byte) seq;
    }

    /** Overwrites the timestamp. */
    public static void setTimestamp(byte[] b, int off, long ts) {
        writeInt(b, off + 4, (int) ts);
    }

    /** Overwrites the SSRC. */
    public static void setSsrc(byte[] b, int off, int ssrc) {
        writeInt(b, off + 8, ssrc);
    }

    /**
     * Validates the header and returns its length including CSRCs and the extension block,
     * or -1 if the bytes are not a well-formed RTP header (wrong version, truncated). Padding is not checked
     * here because SRTP encrypts the padding count; see {@link #payloadLength}.
     */
    public static int headerLength(byte[] b, int off, int len) {
        if (len < FIXED_LENGTH || off < 0 || off + len > b.length || version(b, off) != 2) {
            return -1;
        }
        int h = FIXED_LENGTH + 4 * csrcCount(b, off);
        if (h > len) {
            return -1;
        }
        if (hasExtension(b, off)) {
            if (h + 4 > len) {
                return -1;
            }
            int words = ((b[off + h + 2] & 0xFF) << 8) | (b[off + h + 3] & 0xFF);
            h += 4 + 4 * words;
            if (h > len) {
                return -1;
            }
        }
        return h;
    }

    /**
     * Payload length excluding header and padding, or -1 if malformed (including a padding count of 0 or one
     * that reaches into the header). Only meaningful on plaintext: in SRTP the padding count is encrypted.
     */
    public static int payloadLength(byte[] b, int off, int len) {
        int h = headerLength(b, off, len);
        if (h < 0) {
            return -1;
        }
        int pad = 0;
        if (hasPadding(b, off)) {
            pad = b[off + len - 1] & 0xFF;
            if (pad == 0 || h + pad > len) {
                return -1;
            }
        }
        return len - h - pad;
    }

    /**
     * Finds header extension element {@code id} (RFC 8285, one-byte or two-byte form) in a packet
     * already validated with {@link #headerLength}. Returns {@code (absoluteDataOffset << 16) | dataLength},
     * or -1 when absent or the extension block is malformed. Use {@link #extensionOffset}/{@link #extensionLength}.
     */
    public static long findExtension(byte[] b, int off, int len, int id) {
        if (!hasExtension(b, off)) {
            return -1;
        }
        int x = off + FIXED_LENGTH + 4 * csrcCount(b, off);
        if (x + 4 > off + len) {
            return -1;
        }
        int profile = ((b[x] & 0xFF) << 8) | (b[x + 1] & 0xFF);
        int end = x + 4 + 4 * (((b[x + 2] & 0xFF) << 8) | (b[x + 3] & 0xFF));
        if (end > off + len) {
            return -1;
        }
        int p = x + 4;
        if (profile == ONE_BYTE_PROFILE) {
            while (p < end) {
                int first = b[p] & 0xFF;
                if (first == 0) { // padding byte
                    p++;
                    continue;
                }
                int eid = first >> 4;
                if (eid == 15) { // reserved id: stop processing (RFC 8285 §4.2)
                    return -1;
                }
                int elen = (first & 0x0F) + 1;
                if (p + 1 + elen > end) {
                    return -1;
                }
                if (eid == id) {
                    return ((long) (p + 1) << 16) | elen;
                }
                p += 1 + elen;
            }
        } else if ((profile & 0xFFF0) == TWO_BYTE_PROFILE) {
            while (p < end) {
                int eid = b[p] & 0xFF;
                if (eid == 0) {
                    p++;
                    continue;
                }
                if (p + 2 > end) {
                    return -1;
                }
                int elen = b[p + 1] & 0xFF;
                if (p + 2 + elen > end) {
                    return -1;
                }
                if (eid == id) {
                    return ((long) (p + 2) << 16) | elen;
                }
                p += 2 + elen;
            }
        }
        return -1;
    }

    /** Absolute offset of the extension data in a {@link #findExtension} result. */
    public static int extensionOffset(long found) {
        return (int) (found >>> 16);
    }

    /** Data length of a {@link #findExtension} result. */
    public static int extensionLength(long found) {
        return (int) (found & 0xFFFF);
    }

    /** Big-endian 32-bit read. */
    public static int readInt(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    /** Big-endian 32-bit write. */
    public static void writeInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >> 24);
        b[p + 1] = (byte) (v >> 16);
        b[p + 2] = (byte) (v >> 8);
        b[p + 3] = (byte) v;
    }

    /** Big-endian 16-bit read (unsigned). */
    public static int readShort(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    /** Big-endian 16-bit write. */
    public static void writeShort(byte[] b, int p, int v) {
        b[p] = (byte) (v >> 8);
        b[p + 1] = (byte) v;
    }
}
