package io.meridian.agent.rtp;

import static io.meridian.agent.rtp.RtpHeader.readInt;
import static io.meridian.agent.rtp.RtpHeader.readShort;

/**
 * RTCP constants (RFC 3550, RFC 4585, RFC 5104) and zero-allocation accessors on a packet that starts at an
 * absolute offset {@code p} of a compound packet already validated with {@link #validateCompound}.
 */
public final class Rtcp {
    /** Sender report. */
    public static final int SR = 200;
    /** Receiver report. */
    public static final int RR = 201;
    /** Source description. */
    public static final int SDES = 202;
    /** Goodbye. */
    public static final int BYE = 203;
    /** Application-defined. */
    public static final int APP = 204;
    /** Transport-layer feedback (RFC 4585). */
    public static final int RTPFB = 205;
    /** Payload-specific feedback (RFC 4585). */
    public static final int PSFB = 206;
    /** Extended report (RFC 3611). */
    public static final int XR = 207;

    /** RTPFB FMT: generic NACK. */
    public static final int FMT_NACK = 1;
    /** RTPFB FMT: transport-wide congestion control feedback. */
    public static final int FMT_TRANSPORT_CC = 15;
    /** PSFB FMT: picture loss indication. */
    public static final int FMT_PLI = 1;
    /** PSFB FMT: full intra request (RFC 5104). */
    public static final int FMT_FIR = 4;
    /** PSFB FMT: application layer feedback (REMB when it carries "REMB"). */
    public static final int FMT_AFB = 15;

    /** SDES item type CNAME. */
    public static final int SDES_CNAME = 1;

    private Rtcp() {
    }

    /** RFC 5761 §4: an RTCP packet in an rtcp-mux stream has payload type byte 192..223. */
    public static boolean looksLikeRtcp(byte[] b, int off, int len) {
        if (len < 8) {
            return false;
        }
        int pt = b[off + 1] & 0xFF;
        return pt >= 192 && pt <= 223;
    }

    /** Count / FMT field (5 bits). */
    public static int count(byte[] b, int p) {
        return b[p] & 0x1F;
    }

    /** Packet type (200 SR, 201 RR …). */
    public static int packetType(byte[] b, int p) {
        return b[p + 1] & 0xFF;
    }

    /** Whole length of this RTCP packet in bytes, header included. */
    public static int packetLength(byte[] b, int p) {
        return (readShort(b, p + 2) + 1) * 4;
    }

    /** SSRC of the sender (SR, RR, feedback) — the word after the header. */
    public static int senderSsrc(byte[] b, int p) {
        return readInt(b, p + 4);
    }

    /**
     * Validates a compound packet (RFC 3550 §6.1 / A.2 header checks, without the requirement that the
     * first packet be SR/RR so that reduced-size RTCP (RFC 5506) is accepted): every header has version 2,
     * every length fits, the lengths add up exactly and only the last packet may carry padding.
     * Returns the number of packets, or -1 if malformed.
     */
    public static int validateCompound(byte[] b, int off, int len) {
        if (len < 4 || off < 0 || off + len > b.length) {
            return -1;
        }
        int p = off;
        int end = off + len;
        int n = 0;
        while (p < end) {
            if (end - p < 4 || ((b[p] >> 6) & 3) != 2) {
                return -1;
            }
            int pt = b[p + 1] & 0xFF;
            if (pt < 192 || pt > 223) {
                return -1;
            }
            int plen = packetLength(b, p);
            if (p + plen > end) {
                return -1;
            }
            if ((b[p] & 0x20) != 0) { // padding only in the last packet, and within it
                int pad = b[p + plen - 1] & 0xFF;
                if (p + plen != end || pad == 0 || pad > plen - 4) {
                    return -1;
                }
            }
            p += plen;
            n++;
        }
        return n;
    }

    // --- sender / receiver reports -------------------------------------------------------------

    /** Offset of report block {@code i} of an SR (p = SR start). */
    public static int srReportBlock(int p, int i) {
        return p + 28 + 24 * i;
    }

    /** Offset of report block {@code i} of an RR (p = RR start). */
    public static int rrReportBlock(int p, int i) {
        return p + 8 + 24 * i;
    }

    /** Whether the SR/RR at p is long enough for the report blocks its count announces. */
    public static boolean reportBlocksFit(byte[] b, int p) {
        int type = packetType(b, p);
        int base = type == SR ? 28 : 8;
        return packetLength(b, p) >= base + 24 * count(b, p);
    }

    /** 64-bit NTP timestamp of an SR. */
    public static long srNtpTimestamp(byte[] b, int p) {
        return ((long) readInt(b, p + 8) << 32) | (readInt(b, p + 12) & 0xFFFFFFFFL);
    }

    /** RTP timestamp of an SR. */
    public static long srRtpTimestamp(byte[] b, int p) {
        return readInt(b, p + 16) & 0xFFFFFFFFL;
    }

    /** Sender's packet count of an SR. */
    public static long srPacketCount(byte[] b, int p) {
        return readInt(b, p + 20) & 0xFFFFFFFFL;
    }

    /** Sender's octet count of an SR. */
    public static long srOctetCount(byte[] b, int p) {
        return readInt(b, p + 24) & 0xFFFFFFFFL;
    }

    /** Report block (at absolute offset r): SSRC of the source it reports on. */
    public static int rbSsrc(byte[] b, int r) {
        return readInt(b, r);
    }

    /** Report block: fraction lost since the previous report, 0..255 (/256). */
    public static int rbFractionLost(byte[] b, int r) {
        return b[r + 4] & 0xFF;
    }

    /** Report block: cumulative number of packets lost (signed 24 bits). */
    public static int rbCumulativeLost(byte[] b, int r) {
        int v = ((b[r + 5] & 0xFF) << 16) | ((b[r + 6] & 0xFF) << 8) | (b[r + 7] & 0xFF);
        return (v << 8) >> 8;
    }

    /** Report block: extended highest sequence number received. */
    public static long rbExtendedHighestSeq(byte[] b, int r) {
        return readInt(b, r + 8) & 0xFFFFFFFFL;
    }

    /** Report block: interarrival jitter in timestamp units. */
    public static long rbJitter(byte[] b, int r) {
        return readInt(b, r + 12) & 0xFFFFFFFFL;
    }

    /** Report block: middle 32 bits of the last SR's NTP timestamp. */
    public static long rbLastSr(byte[] b, int r) {
        return readInt(b, r + 16) & 0xFFFFFFFFL;
    }

    /** Report block: delay since the last SR, in 1/65536 s. */
    public static long rbDelaySinceLastSr(byte[] b, int r) {
        return readInt(b, r + 20) & 0xFFFFFFFFL;
    }

    // --- feedback (RFC 4585) -------------------------------------------------------------------

    /** Feedback packet: SSRC of the media source the feedback is about. */
    public static int fbMediaSsrc(byte[] b, int p) {
        return readInt(b, p + 8);
    }

    /** Feedback packet: number of NACK FCI entries (each: PID 16 bits + BLP 16 bits). */
    public static int nackCount(byte[] b, int p) {
        return Math.max(0, (packetLength(b, p) - 12) / 4);
    }

    /** NACK entry i: packet id (sequence number). */
    public static int nackPid(byte[] b, int p, int i) {
        return readShort(b, p + 12 + 4 * i);
    }

    /** NACK entry i: bitmask of the following 16 lost packets. */
    public static int nackBlp(byte[] b, int p, int i) {
        return readShort(b, p + 14 + 4 * i);
    }

    /** Number of FIR entries (each: SSRC + seq nr + 3 reserved bytes). */
    public static int firCount(byte[] b, int p) {
        return Math.max(0, (packetLength(b, p) - 12) / 8);
    }

    /** FIR entry i: SSRC of the media sender asked for a keyframe. */
    public static int firSsrc(byte[] b, int p, int i) {
        return readInt(b, p + 12 + 8 * i);
    }

    /** FIR entry i: command sequence number. */
    public static int firSeq(byte[] b, int p, int i) {
        return b[p + 16 + 8 * i] & 0xFF;
    }

    /** Whether a PSFB/AFB packet is a well-formed REMB (draft-alvestrand-rmcat-remb). */
    public static boolean isRemb(byte[] b, int p) {
        int plen = packetLength(b, p);
        if (packetType(b, p) != PSFB || count(b, p) != FMT_AFB || plen < 20) {
            return false;
        }
        if (b[p + 12] != 'R' || b[p + 13] != 'E' || b[p + 14] != 'M' || b[p + 15] != 'B') {
            return false;
        }
        return 20 + 4 * (b[p + 16] & 0xFF) <= plen;
    }

    /** REMB: estimated maximum bitrate in bits per second. */
    public static long rembBitrate(byte[] b, int p) {
        int exp = (b[p + 17] & 0xFF) >> 2;
        long mantissa = ((b[p + 17] & 0x03L) << 16) | ((b[p + 18] & 0xFFL) << 8) | (b[p + 19] & 0xFFL);
        return exp > 46 ? Long.MAX_VALUE : mantissa << exp;
    }

    /** REMB: number of SSRCs the estimate applies to. */
    public static int rembSsrcCount(byte[] b, int p) {
        return b[p + 16] & 0xFF;
    }

    /** REMB: SSRC i. */
    public static int rembSsrc(byte[] b, int p, int i) {
        return readInt(b, p + 20 + 4 * i);
    }
}
