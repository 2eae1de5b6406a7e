package io.meridian.controller.agentlink;

/**
 * SRTP keying for one direction of a relay link.
 *
 * @param profile "AEAD_AES_128_GCM" or "AES_CM_128_HMAC_SHA1_80"
 * @param key master key, 16 bytes
 * @param salt master salt, 12 bytes (GCM) or 14 (CM)
 */
public record SrtpMasterKey(String profile, byte[] key, byte[] salt) {
    public SrtpMasterKey {
        key = key.clone();
        salt = salt.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public String toString() {
        return "SrtpMasterKey[" + profile + ", secret]";
    }
}
