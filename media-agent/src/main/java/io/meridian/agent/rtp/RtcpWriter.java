package io.meridian.agent.rtp;

import static io.meridian.agent.rtp.RtpHeader.writeInt;
import static io.meridian.agent.rtp.RtpHeader.writeShort;

import java.nio.charset.StandardCharsets;

/**
 * Writes RTCP packets into a caller's buffer at an offset, returning the number of bytes written.
 * Nothing allocates except {@link #writeSdesCname(byte[], int, int, String)} (which encodes a String).
 * Callers size buffers; every method documents its length.
 */
public final class RtcpWriter {
    private RtcpWriter() {
    }

    /** Writes a common header: V=2, no padding, count/FMT, type, length in bytes (multiple of 4). */
    public static void writeHeader(byte[] b, int p, int count, int type, int lengthBytes) {
        b[p] = (byte) (0x80 | (count & 0x1F));
        b[p + 1] = (byte) type;
        writeShort(b, p + 2, lengthBytes / 4 - 1);
    }

    /** Sender report with {@code blocks} report blocks to be filled by {@link #writeReportBlock}; 28 + 24·blocks bytes. */
    public static int writeSr(byte[] b, int p, int ssrc, long ntp, long rtpTs, long packets, long octets, int blocks) {
        int len = 28 + 24 * blocks;
        writeHeader(b, p, blocks, Rtcp.SR, len);
        writeInt(b, p + 4, ssrc);
        writeInt(b, p + 8, (int) (ntp >>> 32));
        writeInt(b, p + 12, (int) ntp);
        writeInt(b, p + 16, (int) rtpTs);
        writeInt(b, p + 20, (int) packets);
        writeInt(b, p + 24, (int) octets);
        return len;
    }

    /** Receiver report header with {@code blocks} report blocks to be filled; 8 + 24·blocks bytes. */
    public static int writeRr(byte[] b, int p, int ssrc, int blocks) {
        int len = 8 + 24 * blocks;
        writeHeader(b, p, blocks, Rtcp.RR, len);
        writeInt(b, p + 4, ssrc);
        return len;
    }

    /** One 24-byte report block at absolute offset r. */
    public static int writeReportBlock(byte[] b, int r, int ssrc, int fractionLost, int cumulativeLost,
            long extHighestSeq, long jitter, long lastSr, long delaySinceLastSr) {
        writeInt(b, r, ssrc);
        int lost = Math.max(-0x800000, Math.min(0x7FFFFF, cumulativeLost));
        writeInt(b, r + 4, ((fractionLost & 0xFF) << 24) | (lost & 0xFFFFFF));
        writeInt(b, r + 8, (int) extHighestSeq);
        writeInt(b, r + 12, (int) jitter);
        writeInt(b, r + 16, (int) lastSr);
        writeInt(b, r + 20, (int) delaySinceLastSr);
        return 24;
    }

    /** SDES with one chunk carrying a CNAME (at most 255 UTF-8 bytes). */
    public static int writeSdesCname(byte[] b, int p, int ssrc, String cname) {
        byte[] name = cname.getBytes(StandardCharsets.UTF_8);
        return writeSdesCname(b, p, ssrc, name, Math.min(255, name.length));
    }

    /** SDES with one chunk carrying a CNAME given as bytes; padded with a null item to a word boundary. */
    public static int writeSdesCname(byte[] b, int p, int ssrc, byte[] cname, int cnameLength) {
        int items = 2 + cnameLength + 1; // type, len, text, end-of-list null
        int chunk = 4 + ((items + 3) & ~3);
        int len = 4 + chunk;
        writeHeader(b, p, 1, Rtcp.SDES, len);
        writeInt(b, p + 4, ssrc);
        b[p + 8] = (byte) Rtcp.SDES_CNAME;
        b[p + 9] = (byte) cnameLength;
        System.arraycopy(cname, 0, b, p + 10, cnameLength);
        for (int i = p + 10 + cnameLength; i < p + len; i++) {
            b[i] = 0;
        }
        return len;
    }

    /** BYE for one SSRC, no reason; 8 bytes. */
    public static int writeBye(byte[] b, int p, int ssrc) {
        writeHeader(b, p, 1, Rtcp.BYE, 8);
        writeInt(b, p + 4, ssrc);
        return 8;
    }

    /** Picture loss indication; 12 bytes. */
    public static int writePli(byte[] b, int p, int senderSsrc, int mediaSsrc) {
        writeHeader(b, p, Rtcp.FMT_PLI, Rtcp.PSFB, 12);
        writeInt(b, p + 4, senderSsrc);
        writeInt(b, p + 8, mediaSsrc);
        return 12;
    }

    /** Full intra request (RFC 5104 §4.3.1) for one media sender; 20 bytes. Media SSRC field is 0 per the RFC. */
    public static int writeFir(byte[] b, int p, int senderSsrc, int mediaSsrc, int seqNr) {
        writeHeader(b, p, Rtcp.FMT_FIR, Rtcp.PSFB, 20);
        writeInt(b, p + 4, senderSsrc);
        writeInt(b, p + 8, 0);
        writeInt(b, p + 12, mediaSsrc);
        writeInt(b, p + 16, (seqNr & 0xFF) << 24);
        return 20;
    }

    /**
     * Generic NACK with {@code count} (PID, BLP) pairs taken from {@code pids}/{@code blps}; 12 + 4·count bytes.
     */
    public static int writeNack(byte[] b, int p, int senderSsrc, int mediaSsrc, int[] pids, int[] blps, int count) {
        int len = 12 + 4 * count;
        writeHeader(b, p, Rtcp.FMT_NACK, Rtcp.RTPFB, len);
        writeInt(b, p + 4, senderSsrc);
        writeInt(b, p + 8, mediaSsrc);
        for (int i = 0; i < count; i++) {
            writeShort(b, p + 12 + 4 * i, pids[i]);
            writeShort(b, p + 14 + 4 * i, blps[i]);
        }
        return len;
    }

    /**
     * REMB (draft-alvestrand-rmcat-remb) announcing {@code bitrate} bps for {@code count} SSRCs; 20 + 4·count bytes.
     */
    public static int writeRemb(byte[] b, int p, int senderSsrc, long bitrate, int[] ssrcs, int count) {
        int len = 20 + 4 * count;
        writeHeader(b, p, Rtcp.FMT_AFB, Rtcp.PSFB, len);
        writeInt(b, p + 4, senderSsrc);
        writeInt(b, p + 8, 0);
        b[p + 12] = 'R';
        b[p + 13] = 'E';
        b[p + 14] = 'M';
        b[p + 15] = 'B';
        long mantissa = Math.max(0, bitrate);
        int exp = 0;
        while (mantissa > 0x3FFFF) {
            mantissa >>= 1;
            exp++;
        }
        b[p + 16] = (byte) count;
        b[p + 17] = (byte) ((exp << 2) | (int) (mantissa >> 16));
        b[p + 18] = (byte) (mantissa >> 8);
        b[p + 19] = (byte) mantissa;
        for (int i = 0; i < count; i++) {
            writeInt(b, p + 20 + 4 * i, ssrcs[i]);
        }
        return len;
    }
}
