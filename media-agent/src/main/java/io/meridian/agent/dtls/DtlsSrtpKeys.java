package io.meridian.agent.dtls;

import io.meridian.agent.srtp.SrtpProfile;
import java.util.Arrays;

/**
 * The outcome of a DTLS-SRTP handshake: the negotiated protection profile and the exported keying material,
 * split per RFC 5764 §4.2 into client and server write keys and salts.
 *
 * @param profile        the SRTP protection profile both sides agreed on
 * @param keyingMaterial the "EXTRACTOR-dtls_srtp" output, {@link SrtpProfile#keyingMaterialLength()} bytes
 * @param server         true when the local side was the DTLS server
 */
public record DtlsSrtpKeys(SrtpProfile profile, byte[] keyingMaterial, boolean server) {
    public DtlsSrtpKeys {
        if (keyingMaterial.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("keying material must be " + profile.keyingMaterialLength() + " bytes");
        }
        keyingMaterial = keyingMaterial.clone();
    }

    /** Master key protecting what this side sends. */
    public byte[] localMasterKey() {
        return slice(server ? profile.keyLength() : 0, profile.keyLength());
    }

    /** Master salt protecting what this side sends. */
    public byte[] localMasterSalt() {
        return slice(2 * profile.keyLength() + (server ? profile.saltLength() : 0), profile.saltLength());
    }

    /** Master key protecting what the peer sends. */
    public byte[] remoteMasterKey() {
        return slice(server ? 0 : profile.keyLength(), profile.keyLength());
    }

    /** Master salt protecting what the peer sends. */
    public byte[] remoteMasterSalt() {
        return slice(2 * profile.keyLength() + (server ? 0 : profile.saltLength()), profile.saltLength());
    }

    @Override
    public byte[] keyingMaterial() {
        return keyingMaterial.clone();
    }

    private byte[] slice(int from, int length) {
        return Arrays.copyOfRange(keyingMaterial, from, from + length);
    }

    @Override
    public String toString() {
        return "DtlsSrtpKeys[" + profile + ", server=" + server + "]";
    }
}
