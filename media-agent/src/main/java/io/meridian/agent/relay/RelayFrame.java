package io.meridian.agent.relay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The relay datagram framing (docs/relay.md): a 1-byte type, an 8-byte link tag, then the body.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     type      |            link tag (64 bits) ...             |
 * +-+-+-+-+-+-+-+-+                                               +
 * |               ...                             |  body ...     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Types are 0xF1..0xF5, outside every RFC 7983 range, so a relay datagram that reaches a media port by mistake
 * is dropped there as unknown. The link tag names (conference, sender agent, receiver agent): the first 8 bytes
 * of SHA-256("meridian-relay" 0 conference 0 from 0 to). It is not secret; the body is authenticated with the
 * link's key.
 */
final class RelayFrame {
    /** SRTP-protected RTP with the link's media key. */
    static final byte RTP = (byte) 0xF1;
    /** SRTCP-protected RTCP with the link's media key. */
    static final byte RTCP = (byte) 0xF2;
    /** SRTCP-protected relay control (RTCP APP "MRLY") with the link's control key. */
    static final byte CONTROL = (byte) 0xF3;
    /** Unauthenticated fleet RTT probe; the tag is zero. */
    static final byte FLEET_PROBE = (byte) 0xF4;
    /** Echo of a fleet probe, byte for byte except the type. */
    static final byte FLEET_ECHO = (byte) 0xF5;

    /** Type byte plus link tag. */
    static final int HEADER = 9;
    /** Largest relay datagram accepted or sent. */
    static final int MAX_DATAGRAM = 1700;

    private RelayFrame() {
    }

    /** The tag of the direction {@code fromAgent → toAgent} of a conference's link. */
    static long linkTag(String conferenceId, String fromAgent, String toAgent) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("meridian-relay".getBytes(StandardCharsets.US_ASCII));
            for (String part : new String[] {conferenceId, fromAgent, toAgent}) {
                sha.update((byte) 0);
                sha.update(part.getBytes(StandardCharsets.UTF_8));
            }
            byte[] d = sha.digest();
            return readLong(d, 0);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** Writes the header at {@code b[off..off+9)}. */
    static void writeHeader(byte[] b, int off, byte type, long tag) {
        b[off] = type;
        writeLong(b, off + 1, tag);
    }

    /** The type byte of a datagram. */
    static byte type(byte[] b, int off) {
        return b[off];
    }

    /** The link tag of a datagram at least {@link #HEADER} long. */
    static long tag(byte[] b, int off) {
        return readLong(b, off + 1);
    }

    static long readLong(byte[] b, int p) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[p + i] & 0xFF);
        }
        return v;
    }

    static void writeLong(byte[] b, int p, long v) {
        for (int i = 7; i >= 0; i--) {
            b[p + i] = (byte) v;
            v >>>= 8;
        }
    }
}
