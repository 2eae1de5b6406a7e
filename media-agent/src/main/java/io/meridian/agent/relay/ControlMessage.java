package io.meridian.agent.relay;

import io.meridian.agent.rtp.Rtcp;
import io.meridian.agent.rtp.RtcpWriter;
import io.meridian.agent.rtp.RtpHeader;

/**
 * Relay control messages: one RTCP APP packet (RFC 3550 §6.7, name "MRLY") per datagram, protected as SRTCP with
 * the link's control key. The APP subtype says what it is:
 * <ul>
 *   <li>{@link #PROBE} / {@link #PROBE_REPLY}: probe id (u32), the prober's send time (u64 ns, echoed), and the
 *       (epoch, version) of the other side's track list the sender currently holds;</li>
 *   <li>{@link #TRACKS}: one chunk of the sender's local track list: epoch, version, chunk index and count,
 *       track count, data length, then {@link TrackCodec} data;</li>
 *   <li>{@link #TRACKS_ACK}: the (epoch, version) just applied.</li>
 * </ul>
 */
final class ControlMessage {
    static final int PROBE = 1;
    static final int PROBE_REPLY = 2;
    static final int TRACKS = 3;
    static final int TRACKS_ACK = 4;

    /** RTCP header (4) + SSRC (4) + name (4). */
    static final int APP_HEADER = 12;
    static final int PROBE_BODY = 20;
    static final int TRACKS_HEADER = 16;
    static final int ACK_BODY = 8;
    /** Most track data per TRACKS chunk, keeping the datagram well under a 1280-byte path MTU. */
    static final int MAX_CHUNK_DATA = 1100;
    private static final int NAME = 0x4D524C59; // "MRLY"

    private ControlMessage() {
    }

    /** Writes the APP header for a body of {@code bodyLength} bytes; returns the padded packet length. */
    static int header(byte[] b, int off, int subtype, int ssrc, int bodyLength) {
        int len = APP_HEADER + ((bodyLength + 3) & ~3);
        RtcpWriter.writeHeader(b, off, subtype, Rtcp.APP, len);
        RtpHeader.writeInt(b, off + 4, ssrc);
        RtpHeader.writeInt(b, off + 8, NAME);
        for (int i = off + APP_HEADER + bodyLength; i < off + len; i++) {
            b[i] = 0;
        }
        return len;
    }

    /** A PROBE or PROBE_REPLY; returns the packet length. */
    static int probe(byte[] b, int off, int subtype, int ssrc, int probeId, long sentNanos, int heldEpoch,
            int heldVersion) {
        int n = header(b, off, subtype, ssrc, PROBE_BODY);
        int p = off + APP_HEADER;
        RtpHeader.writeInt(b, p, probeId);
        RelayFrame.writeLong(b, p + 4, sentNanos);
        RtpHeader.writeInt(b, p + 12, heldEpoch);
        RtpHeader.writeInt(b, p + 16, heldVersion);
        return n;
    }

    /** A TRACKS_ACK; returns the packet length. */
    static int ack(byte[] b, int off, int ssrc, int epoch, int version) {
        int n = header(b, off, TRACKS_ACK, ssrc, ACK_BODY);
        RtpHeader.writeInt(b, off + APP_HEADER, epoch);
        RtpHeader.writeInt(b, off + APP_HEADER + 4, version);
        return n;
    }

    /** A TRACKS chunk carrying {@code data[0..dataLength)}; returns the packet length. */
    static int tracks(byte[] b, int off, int ssrc, int epoch, int version, int index, int count, int trackCount,
            byte[] data, int dataLength) {
        int n = header(b, off, TRACKS, ssrc, TRACKS_HEADER + dataLength);
        int p = off + APP_HEADER;
        RtpHeader.writeInt(b, p, epoch);
        RtpHeader.writeInt(b, p + 4, version);
        b[p + 8] = (byte) index;
        b[p + 9] = (byte) count;
        b[p + 10] = (byte) trackCount;
        b[p + 11] = 0;
        RtpHeader.writeShort(b, p + 12, dataLength);
        RtpHeader.writeShort(b, p + 14, 0);
        System.arraycopy(data, 0, b, p + TRACKS_HEADER, dataLength);
        return n;
    }

    /**
     * The subtype of a decrypted control packet, or -1 when it is not a well-formed MRLY APP packet with a body
     * long enough for its subtype.
     */
    static int parse(byte[] b, int off, int len) {
        if (len < APP_HEADER || (b[off] & 0xE0) != 0x80 || (b[off + 1] & 0xFF) != Rtcp.APP
                || Rtcp.packetLength(b, off) != len || RtpHeader.readInt(b, off + 8) != NAME) {
            return -1;
        }
        int subtype = b[off] & 0x1F;
        int body = len - APP_HEADER;
        return switch (subtype) {
            case PROBE, PROBE_REPLY -> body >= PROBE_BODY ? subtype : -1;
            case TRACKS_ACK -> body >= ACK_BODY ? subtype : -1;
            case TRACKS -> body >= TRACKS_HEADER
                    && RtpHeader.readShort(b, off + APP_HEADER + 12) <= body - TRACKS_HEADER ? subtype : -1;
            default -> -1;
        };
    }

    static int probeId(byte[] b, int off) {
        return RtpHeader.readInt(b, off + APP_HEADER);
    }

    static long probeSentNanos(byte[] b, int off) {
        return RelayFrame.readLong(b, off + APP_HEADER + 4);
    }

    static int probeHeldEpoch(byte[] b, int off) {
        return RtpHeader.readInt(b, off + APP_HEADER + 12);
    }

    static int probeHeldVersion(byte[] b, int off) {
        return RtpHeader.readInt(b, off + APP_HEADER + 16);
    }

    static int epoch(byte[] b, int off) {
        return RtpHeader.readInt(b, off + APP_HEADER);
    }

    static int version(byte[] b, int off) {
        return RtpHeader.readInt(b, off + APP_HEADER + 4);
    }

    static int chunkIndex(byte[] b, int off) {
        return b[off + APP_HEADER + 8] & 0xFF;
    }

    static int chunkCount(byte[] b, int off) {
        return b[off + APP_HEADER + 9] & 0xFF;
    }

    static int chunkTracks(byte[] b, int off) {
        return b[off + APP_HEADER + 10] & 0xFF;
    }

    static int chunkDataLength(byte[] b, int off) {
        return RtpHeader.readShort(b, off + APP_HEADER + 12);
    }

    static int chunkDataOffset(int off) {
        return off + APP_HEADER + TRACKS_HEADER;
    }
}
