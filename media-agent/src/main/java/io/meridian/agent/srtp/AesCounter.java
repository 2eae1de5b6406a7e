package io.meridian.agent.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES counter mode as SRTP uses it (RFC 3711 §4.1.1): keystream blocks are AES(IV + i) with i in the low 16 bits.
 * Built on one reused AES/ECB Cipher over preallocated counter and keystream buffers, so a packet costs no
 * Cipher.init and no allocation (AES/CTR would need a fresh IvParameterSpec and init per packet).
 * Not thread-safe.
 */
final class AesCounter {
    private static final int CHUNK_BLOCKS = 64;

    private final Cipher ecb;
    private final byte[] counters = new byte[CHUNK_BLOCKS * 16];
    private final byte[] stream = new byte[CHUNK_BLOCKS * 16];

    AesCounter(byte[] key) {
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }

    /** XORs {@code len} bytes of b at off with the keystream for the 16-byte {@code iv}. */
    void apply(byte[] iv, byte[] b, int off, int len) {
        int done = 0;
        int block = 0;
        while (done < len) {
            int n = Math.min(CHUNK_BLOCKS, (len - done + 15) >> 4);
            for (int i = 0; i < n; i++) {
                int c = i << 4;
                System.arraycopy(iv, 0, counters, c, 14);
                int ctr = ((iv[14] & 0xFF) << 8 | (iv[15] & 0xFF)) + block + i;
                counters[c + 14] = (byte) (ctr >> 8);
                counters[c + 15] = (byte) ctr;
                if (ctr > 0xFFFF) { // carry into the upper bytes (never happens for SRTP-sized packets)
                    carry(counters, c + 13);
                }
            }
            try {
                ecb.update(counters, 0, n << 4, stream, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            int chunk = Math.min(n << 4, len - done);
            int p = off + done;
            for (int i = 0; i < chunk; i++) {
                b[p + i] ^= stream[i];
            }
            done += chunk;
            block += n;
        }
    }

    private static void carry(byte[] a, int from) {
        for (int i = from; i >= 0; i--) {
            if (++a[i] != 0) {
                return;
            }
        }
    }
}
