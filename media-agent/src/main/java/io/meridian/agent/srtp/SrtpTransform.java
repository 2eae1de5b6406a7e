package io.meridian.agent.srtp;

/**
 * The cryptographic transform of one direction of one SRTP session: given the packet index the
 * {@link SrtpContext} worked out, encrypt-and-tag or verify-and-decrypt in place. Not thread-safe.
 */
abstract sealed class SrtpTransform permits AesCmTransform, AesGcmTransform {
    /** Protects an RTP packet whose header is {@code hdr} bytes; returns the new length. */
    abstract int protectRtp(byte[] b, int off, int len, int hdr, int ssrc, long index);

    /** Verifies and decrypts an SRTP packet; returns the plaintext length or -1 when authentication fails. */
    abstract int unprotectRtp(byte[] b, int off, int len, int hdr, int ssrc, long index);

    /** Protects an RTCP compound packet with SRTCP index {@code index}; returns the new length. */
    abstract int protectRtcp(byte[] b, int off, int len, int ssrc, int index);

    /** Offset, relative to off, of the E-flag/SRTCP-index word in an SRTCP packet of {@code len} bytes. */
    abstract int srtcpIndexOffset(int len);

    /** Verifies and (when {@code encrypted}) decrypts an SRTCP packet; returns the RTCP length or -1. */
    abstract int unprotectRtcp(byte[] b, int off, int len, int ssrc, int index, boolean encrypted);

    static void xorInt(byte[] a, int p, int v) {
        a[p] ^= (byte) (v >> 24);
        a[p + 1] ^= (byte) (v >> 16);
        a[p + 2] ^= (byte) (v >> 8);
        a[p + 3] ^= (byte) v;
    }
}
