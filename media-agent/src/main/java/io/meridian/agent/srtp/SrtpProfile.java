package io.meridian.agent.srtp;

/**
 * SRTP protection profiles negotiated by DTLS-SRTP (RFC 5764 §4.1.2, RFC 7714 §14.2) with their key, salt and
 * authentication tag lengths in bytes.
 */
public enum SrtpProfile {
    /** RFC 3711 default: AES-128 counter mode, HMAC-SHA1 tag of 80 bits. DTLS id 0x0001. */
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10, 10, 20, false),
    /** As above with a 32-bit RTP tag (SRTCP keeps 80 bits). DTLS id 0x0002. */
    AES_CM_128_HMAC_SHA1_32(0x0002, 16, 14, 4, 10, 20, false),
    /** RFC 7714 AES-128 GCM with a 16-byte tag. DTLS id 0x0007. */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16, 16, 0, true);

    private final int dtlsId;
    private final int keyLength;
    private final int saltLength;
    private final int rtpTagLength;
    private final int rtcpTagLength;
    private final int authKeyLength;
    private final boolean aead;

    SrtpProfile(int dtlsId, int keyLength, int saltLength, int rtpTagLength, int rtcpTagLength, int authKeyLength,
            boolean aead) {
        this.dtlsId = dtlsId;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.rtpTagLength = rtpTagLength;
        this.rtcpTagLength = rtcpTagLength;
        this.authKeyLength = authKeyLength;
        this.aead = aead;
    }

    /** The profile for a DTLS use_srtp protection profile id, or null when unsupported. */
    public static SrtpProfile fromDtlsId(int id) {
        for (SrtpProfile p : values()) {
            if (p.dtlsId == id) {
                return p;
            }
        }
        return null;
    }

    /** DTLS use_srtp protection profile id. */
    public int dtlsId() {
        return dtlsId;
    }

    /** Master key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Master salt length in bytes. */
    public int saltLength() {
        return saltLength;
    }

    /** Bytes the RTP authentication tag adds. */
    public int rtpTagLength() {
        return rtpTagLength;
    }

    /** Bytes the SRTCP tag adds (the 4-byte E/index word comes on top). */
    public int rtcpTagLength() {
        return rtcpTagLength;
    }

    /** HMAC key length (0 for AEAD profiles). */
    public int authKeyLength() {
        return authKeyLength;
    }

    /** Whether the profile is an AEAD (GCM) profile. */
    public boolean aead() {
        return aead;
    }

    /** Bytes protectRtp appends: free space a buffer needs after the RTP packet. */
    public int rtpOverhead() {
        return rtpTagLength;
    }

    /** Bytes protectRtcp appends: free space a buffer needs after the RTCP packet. */
    public int rtcpOverhead() {
        return rtcpTagLength + 4;
    }

    /** Length of the DTLS exporter output ("EXTRACTOR-dtls_srtp") this profile needs: 2·(key + salt). */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }
}
