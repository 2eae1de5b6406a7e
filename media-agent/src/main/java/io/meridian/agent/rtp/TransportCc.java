package io.meridian.agent.rtp;

import static io.meridian.agent.rtp.RtpHeader.readInt;
import static io.meridian.agent.rtp.RtpHeader.readShort;
import static io.meridian.agent.rtp.RtpHeader.writeInt;
import static io.meridian.agent.rtp.RtpHeader.writeShort;

/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1):
 * RTPFB FMT 15. Parsing walks the packet chunks and receive deltas and reports each packet to a
 * {@link Visitor} without allocating; writing uses two-bit status vector chunks only, which is valid and simple.
 */
public final class TransportCc {
    /** Packet not received. */
    public static final int NOT_RECEIVED = 0;
    /** Received, with a one-byte unsigned delta. */
    public static final int SMALL_DELTA = 1;
    /** Received, with a two-byte signed delta. */
    public static final int LARGE_DELTA = 2;
    /** Receive delta unit in microseconds. */
    public static final int DELTA_UNIT_MICROS = 250;
    /** Reference time unit in milliseconds. */
    public static final int REFERENCE_UNIT_MILLIS = 64;

    /** Receives each packet of a feedback message in order. */
    public interface Visitor {
        /**
         * One packet: its transport-wide sequence number, status ({@link #NOT_RECEIVED} …) and, when received,
         * its receive delta in 250 µs ticks relative to the previous received packet (the first relative to
         * the reference time).
         */
        void onPacket(int sequence, int status, int deltaTicks);
    }

    private TransportCc() {
    }

    /** Base sequence number of the feedback at p. */
    public static int baseSequence(byte[] b, int p) {
        return readShort(b, p + 12);
    }

    /** Number of packets the feedback reports on. */
    public static int statusCount(byte[] b, int p) {
        return readShort(b, p + 14);
    }

    /** Reference time in 64 ms units (signed 24 bits). */
    public static int referenceTime(byte[] b, int p) {
        return readInt(b, p + 16) >> 8;
    }

    /** Feedback packet count (8 bits, wraps). */
    public static int feedbackCount(byte[] b, int p) {
        return b[p + 19] & 0xFF;
    }

    /**
     * Walks the feedback at p (a packet already bounded by {@link Rtcp#validateCompound}); returns the number of
     * packets reported, or -1 if the chunks or deltas overrun the packet (nothing is reported to the visitor then).
     */
    public static int parse(byte[] b, int p, Visitor visitor) {
        int end = p + Rtcp.packetLength(b, p);
        if (end - p < 20) {
            return -1;
        }
        int count = statusCount(b, p);
        // first pass: validate chunks and find where the deltas start
        int c = p + 20;
        int seen = 0;
        int deltaBytes = 0;
        while (seen < count) {
            if (c + 2 > end) {
                return -1;
            }
            int chunk = readShort(b, c);
            c += 2;
            if ((chunk & 0x8000) == 0) {
                int status = (chunk >> 13) & 3;
                int run = Math.min(chunk & 0x1FFF, count - seen);
                if (status == 3) {
                    return -1;
                }
                deltaBytes += run * (status == LARGE_DELTA ? 2 : status);
                seen += run;
            } else if ((chunk & 0x4000) == 0) {
                for (int i = 0; i < 14 && seen < count; i++, seen++) {
                    deltaBytes += (chunk >> (13 - i)) & 1;
                }
            } else {
                for (int i = 0; i < 7 && seen < count; i++, seen++) {
                    int status = (chunk >> (12 - 2 * i)) & 3;
                    if (status == 3) {
                        return -1;
                    }
                    deltaBytes += status == LARGE_DELTA ? 2 : status;
                }
            }
        }
        if (c + deltaBytes > end) {
            return -1;
        }
        if (visitor == null) {
            return count;
        }
        // second pass: report
        int d = c;
        c = p + 20;
        seen = 0;
        int seq = baseSequence(b, p);
        while (seen < count) {
            int chunk = readShort(b, c);
            c += 2;
            if ((chunk & 0x8000) == 0) {
                int status = (chunk >> 13) & 3;
                int run = Math.min(chunk & 0x1FFF, count - seen);
                for (int i = 0; i < run; i++, seen++) {
                    d = report(b, d, seq++ & 0xFFFF, status, visitor);
                }
            } else if ((chunk & 0x4000) == 0) {
                for (int i = 0; i < 14 && seen < count; i++, seen++) {
                    d = report(b, d, seq++ & 0xFFFF, (chunk >> (13 - i)) & 1, visitor);
                }
            } else {
                for (int i = 0; i < 7 && seen < count; i++, seen++) {
                    d = report(b, d, seq++ & 0xFFFF, (chunk >> (12 - 2 * i)) & 3, visitor);
                }
            }
        }
        return count;
    }

    private static int report(byte[] b, int d, int seq, int status, Visitor visitor) {
        if (status == SMALL_DELTA) {
            visitor.onPacket(seq, status, b[d] & 0xFF);
            return d + 1;
        }
        if (status == LARGE_DELTA) {
            visitor.onPacket(seq, status, (short) readShort(b, d));
            return d + 2;
        }
        visitor.onPacket(seq, NOT_RECEIVED, 0);
        return d;
    }

    /**
     * Writes a feedback for {@code count} consecutive packets starting at {@code baseSeq}. {@code deltaTicks[i]}
     * is used for received packets ({@code received[i]}): 0..255 becomes a small delta, otherwise a large one
     * (clamped to 16 bits). Needs at most 20 + 2·ceil(count/7) + 2·count + 3 bytes. Returns bytes written.
     */
    public static int write(byte[] b, int p, int senderSsrc, int mediaSsrc, int baseSeq, int referenceTime64ms,
            int fbCount, boolean[] received, int[] deltaTicks, int count) {
        writeInt(b, p + 4, senderSsrc);
        writeInt(b, p + 8, mediaSsrc);
        writeShort(b, p + 12, baseSeq);
        writeShort(b, p + 14, count);
        writeInt(b, p + 16, (referenceTime64ms << 8) | (fbCount & 0xFF));
        int c = p + 20;
        for (int i = 0; i < count; i += 7) {
            int chunk = 0xC000;
            for (int j = 0; j < 7; j++) {
                int status = i + j < count ? statusOf(received[i + j], deltaTicks[i + j]) : NOT_RECEIVED;
                chunk |= status << (12 - 2 * j);
            }
            writeShort(b, c, chunk);
            c += 2;
        }
        for (int i = 0; i < count; i++) {
            if (!received[i]) {
                continue;
            }
            int delta = deltaTicks[i];
            if (statusOf(true, delta) == SMALL_DELTA) {
                b[c++] = (byte) delta;
            } else {
                writeShort(b, c, Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, delta)));
                c += 2;
            }
        }
        int pad = (4 - ((c - p) & 3)) & 3;
        for (int i = 0; i < pad; i++) {
            b[c++] = 0;
        }
        int len = c - p;
        RtcpWriter.writeHeader(b, p, Rtcp.FMT_TRANSPORT_CC, Rtcp.RTPFB, len);
        if (pad > 0) { // RFC 3550 padding: P bit set, last byte counts the padding bytes
            b[p] |= 0x20;
            b[c - 1] = (byte) pad;
        }
        return len;
    }

    private static int statusOf(boolean received, int delta) {
        if (!received) {
            return NOT_RECEIVED;
        }
        return delta >= 0 && delta <= 255 ? SMALL_DELTA : LARGE_DELTA;
    }
}
