package io.meridian.controller.relay;

import io.meridian.controller.agentlink.SrtpMasterKey;
import java.security.SecureRandom;

/** Fresh SRTP master keys for relay links: AEAD_AES_128_GCM, 16-byte key and 12-byte salt (RFC 7714). */
public final class RelayKeys {
    /** The profile relay links use. */
    public static final String PROFILE = "AEAD_AES_128_GCM";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RelayKeys() {
    }

    /** A new random key for one direction of one link. */
    public static SrtpMasterKey generate() {
        byte[] key = new byte[16];
        byte[] salt = new byte[12];
        RANDOM.nextBytes(key);
        RANDOM.nextBytes(salt);
        return new SrtpMasterKey(PROFILE, key, salt);
    }
}
