package io.meridian.agent.srtp;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA1 (RFC 2104) over a reused SHA-1 MessageDigest writing into a caller's array. javax.crypto.Mac's
 * doFinal(byte[], int) allocates its result internally (40 bytes per call measured on JDK 25); this does not.
 * Same cost otherwise: both hash the two 64-byte key pads per message. Not thread-safe.
 */
final class HmacSha1 {
    /** Output length in bytes. */
    public static final int LENGTH = 20;
    private static final int BLOCK = 64;

    private final MessageDigest sha1;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] inner = new byte[LENGTH];

    /** A MAC keyed with {@code key} (any length; longer than 64 bytes is hashed first, per RFC 2104). */
    HmacSha1(byte[] key) {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
        byte[] k = key.length > BLOCK ? sha1.digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte kb = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (kb ^ 0x36);
            outerPad[i] = (byte) (kb ^ 0x5c);
        }
        sha1.update(innerPad);
    }

    /** Adds message bytes. */
    void update(byte[] b, int off, int len) {
        sha1.update(b, off, len);
    }

    /** Adds one message byte. */
    void update(byte b) {
        sha1.update(b);
    }

    /** Finishes the MAC into {@code out[off..off+20)} and resets for the next message. */
    void doFinal(byte[] out, int off) {
        try {
            sha1.digest(inner, 0, LENGTH);
            sha1.update(outerPad);
            sha1.update(inner);
            sha1.digest(out, off, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        sha1.update(innerPad);
    }
}
