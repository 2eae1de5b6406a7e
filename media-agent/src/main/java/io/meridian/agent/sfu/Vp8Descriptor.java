package io.meridian.agent.sfu;

/**
 * Reads and patches the VP8 payload descriptor (RFC 7741 §4.2) in place: whether a packet starts a keyframe (the
 * point where a subscriber can switch simulcast layers) and the 15-bit picture ID, which must stay continuous
 * across a switch or the receiver's frame-reference tracking sees a jump. Returns -1 for anything malformed.
 */
final class Vp8Descriptor {
    private Vp8Descriptor() {
    }

    /** Whether the payload at {@code p..p+len} is the first packet of a VP8 keyframe. */
    static boolean startsKeyframe(byte[] b, int p, int len) {
        int header = headerLength(b, p, len);
        if (header < 0 || header >= len) {
            return false;
        }
        boolean start = (b[p] & 0x10) != 0;
        int partition = b[p] & 0x07;
        // VP8 frame tag, RFC 6386 §9.1: bit 0 is the inverse keyframe flag.
        return start && partition == 0 && (b[p + header] & 0x01) == 0;
    }

    /** Offset of the 15-bit picture ID within the payload, or -1 when absent or 7-bit. */
    static int pictureIdOffset(byte[] b, int p, int len) {
        if (len < 4 || (b[p] & 0x80) == 0 || (b[p + 1] & 0x80) == 0) {
            return -1;
        }
        return (b[p + 2] & 0x80) != 0 ? p + 2 : -1;
    }

    static int readPictureId(byte[] b, int at) {
        return ((b[at] & 0x7f) << 8) | (b[at + 1] & 0xff);
    }

    static void writePictureId(byte[] b, int at, int id) {
        b[at] = (byte) (0x80 | ((id >> 8) & 0x7f));
        b[at + 1] = (byte) id;
    }

    /** Length of the payload descriptor, or -1 when the packet is shorter than it claims. */
    static int headerLength(byte[] b, int p, int len) {
        if (len < 1) {
            return -1;
        }
        int n = 1;
        if ((b[p] & 0x80) != 0) {
            if (len < 2) {
                return -1;
            }
            int x = b[p + 1];
            n = 2;
            if ((x & 0x80) != 0) {
                if (len < n + 1) {
                    return -1;
                }
                n += (b[p + n] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) {
                n++;
            }
            if ((x & 0x30) != 0) {
                n++;
            }
        }
        return n <= len ? n : -1;
    }
}
