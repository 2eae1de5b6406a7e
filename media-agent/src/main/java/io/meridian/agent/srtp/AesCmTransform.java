package io.meridian.agent.srtp;


/**
 * AES_CM_128_HMAC_SHA1_80/32 (RFC 3711 §4.1.1, §4.2.1): AES counter mode keystream and a truncated HMAC-SHA1 tag
 * over the packet and the ROC. Reuses its digests and buffers; a packet allocates nothing.
 */
final class AesCmTransform extends SrtpTransform {
    private final AesCounter rtpCipher;
    private final AesCounter rtcpCipher;
    private final HmacSha1 rtpMac;
    private final HmacSha1 rtcpMac;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final int rtpTag;
    private final int rtcpTag;
    private final byte[] iv = new byte[16];
    private final byte[] digest = new byte[20];
    private final byte[] roc = new byte[4];

    AesCmTransform(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        this(profile,
                SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_ENCRYPTION, profile.keyLength()),
                SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_SALT, 14),
                SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_AUTH, profile.authKeyLength()),
                SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTCP_ENCRYPTION, profile.keyLength()),
                SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTCP_SALT, 14),
                SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTCP_AUTH, profile.authKeyLength()));
    }

    /** From session keys (tests use RFC vectors given as session keys). */
    AesCmTransform(SrtpProfile profile, byte[] rtpKey, byte[] rtpSalt, byte[] rtpAuthKey,
            byte[] rtcpKey, byte[] rtcpSalt, byte[] rtcpAuthKey) {
        this.rtpCipher = new AesCounter(rtpKey);
        this.rtcpCipher = new AesCounter(rtcpKey);
        this.rtpSalt = rtpSalt.clone();
        this.rtcpSalt = rtcpSalt.clone();
        this.rtpTag = profile.rtpTagLength();
        this.rtcpTag = profile.rtcpTagLength();
        this.rtpMac = new HmacSha1(rtpAuthKey);
        this.rtcpMac = new HmacSha1(rtcpAuthKey);
    }

    @Override
    int protectRtp(byte[] b, int off, int len, int hdr, int ssrc, long index) {
        rtpIv(ssrc, index);
        rtpCipher.apply(iv, b, off + hdr, len - hdr);
        rtpDigest(b, off, len, index);
        System.arraycopy(digest, 0, b, off + len, rtpTag);
        return len + rtpTag;
    }

    @Override
    int unprotectRtp(byte[] b, int off, int len, int hdr, int ssrc, long index) {
        int body = len - rtpTag;
        rtpDigest(b, off, body, index);
        if (!tagMatches(b, off + body, rtpTag)) {
            return -1;
        }
        rtpIv(ssrc, index);
        rtpCipher.apply(iv, b, off + hdr, body - hdr);
        return body;
    }

    @Override
    int protectRtcp(byte[] b, int off, int len, int ssrc, int index) {
        rtcpIv(ssrc, index);
        rtcpCipher.apply(iv, b, off + 8, len - 8);
        int w = off + len;
        b[w] = (byte) (0x80 | (index >>> 24));
        b[w + 1] = (byte) (index >> 16);
        b[w + 2] = (byte) (index >> 8);
        b[w + 3] = (byte) index;
        rtcpDigest(b, off, len + 4);
        System.arraycopy(digest, 0, b, off + len + 4, rtcpTag);
        return len + 4 + rtcpTag;
    }

    @Override
    int srtcpIndexOffset(int len) {
        return len - rtcpTag - 4;
    }

    @Override
    int unprotectRtcp(byte[] b, int off, int len, int ssrc, int index, boolean encrypted) {
        int authenticated = len - rtcpTag;
        rtcpDigest(b, off, authenticated);
        if (!tagMatches(b, off + authenticated, rtcpTag)) {
            return -1;
        }
        int rtcpLen = authenticated - 4;
        if (encrypted) {
            rtcpIv(ssrc, index);
            rtcpCipher.apply(iv, b, off + 8, rtcpLen - 8);
        }
        return rtcpLen;
    }

    private void rtpIv(int ssrc, long index) {
        System.arraycopy(rtpSalt, 0, iv, 0, 14);
        iv[14] = 0;
        iv[15] = 0;
        xorInt(iv, 4, ssrc);
        xorIndex(index);
    }

    private void rtcpIv(int ssrc, int index) {
        System.arraycopy(rtcpSalt, 0, iv, 0, 14);
        iv[14] = 0;
        iv[15] = 0;
        xorInt(iv, 4, ssrc);
        xorIndex(index & 0x7FFFFFFFL);
    }

    private void xorIndex(long index) {
        iv[8] ^= (byte) (index >> 40);
        iv[9] ^= (byte) (index >> 32);
        iv[10] ^= (byte) (index >> 24);
        iv[11] ^= (byte) (index >> 16);
        iv[12] ^= (byte) (index >> 8);
        iv[13] ^= (byte) index;
    }

    private void rtpDigest(byte[] b, int off, int len, long index) {
        long r = index >>> 16;
        roc[0] = (byte) (r >> 24);
        roc[1] = (byte) (r >> 16);
        roc[2] = (byte) (r >> 8);
        roc[3] = (byte) r;
        rtpMac.update(b, off, len);
        rtpMac.update(roc, 0, 4);
        rtpMac.doFinal(digest, 0);
    }

    private void rtcpDigest(byte[] b, int off, int len) {
        rtcpMac.update(b, off, len);
        rtcpMac.doFinal(digest, 0);
    }

    private boolean tagMatches(byte[] b, int p, int n) {
        int diff = 0;
        for (int i = 0; i < n; i++) { // constant time: no early exit
            diff |= b[p + i] ^ digest[i];
        }
        return diff == 0;
    }
}
