package io.meridian.agent.srtp;

/** SRTP key derivation (RFC 3711 §4.3, key derivation rate 0; RFC 7714 §11 uses the same PRF). */
final class SrtpKdf {
    static final int LABEL_RTP_ENCRYPTION = 0;
    static final int LABEL_RTP_AUTH = 1;
    static final int LABEL_RTP_SALT = 2;
    static final int LABEL_RTCP_ENCRYPTION = 3;
    static final int LABEL_RTCP_AUTH = 4;
    static final int LABEL_RTCP_SALT = 5;

    private SrtpKdf() {
    }

    /**
     * Derives {@code length} bytes for {@code label} from the master key and salt. A 12-byte (GCM) master salt is
     * treated as the high 96 bits of the 112-bit x, as libsrtp and browsers do.
     */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, Math.min(14, masterSalt.length));
        iv[7] ^= (byte) label;
        byte[] out = new byte[length];
        new AesCounter(masterKey).apply(iv, out, 0, length);
        return out;
    }
}
