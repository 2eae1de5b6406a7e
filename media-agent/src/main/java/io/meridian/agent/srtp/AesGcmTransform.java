package io.meridian.agent.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM (RFC 7714): 12-byte IV from salt, SSRC, ROC and SEQ (§8.1) or SRTCP index (§9.1), the RTP
 * header (or RTCP header + ESRTCP word) as associated data, a 16-byte tag.
 * <p>The JDK's GCM Cipher must be re-initialised with a new {@link GCMParameterSpec} per packet, and its init
 * builds fresh internal engine objects; those small allocations per packet are the ones this class cannot avoid.
 * The four Cipher instances (RTP/RTCP of this direction) are reused, so no key schedule is recomputed per packet.
 */
final class AesGcmTransform extends SrtpTransform {
    private static final int TAG = 16;

    private final Cipher rtpCipher;
    private final Cipher rtcpCipher;
    private final SecretKeySpec rtpKey;
    private final SecretKeySpec rtcpKey;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final int mode;
    private final byte[] iv = new byte[12];
    private final byte[] esrtcp = new byte[4];

    AesGcmTransform(byte[] masterKey, byte[] masterSalt, boolean encrypt) {
        this(SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_ENCRYPTION, masterKey.length),
                SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_SALT, 12),
                SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTCP_ENCRYPTION, masterKey.length),
                SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTCP_SALT, 12),
                encrypt);
    }

    /** From session keys (tests use the RFC 7714 vectors, which are given as session keys). */
    AesGcmTransform(byte[] rtpKey, byte[] rtpSalt, byte[] rtcpKey, byte[] rtcpSalt, boolean encrypt) {
        this.rtpKey = new SecretKeySpec(rtpKey, "AES");
        this.rtcpKey = new SecretKeySpec(rtcpKey, "AES");
        this.rtpSalt = rtpSalt.clone();
        this.rtcpSalt = rtcpSalt.clone();
        this.mode = encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
        try {
            rtpCipher = Cipher.getInstance("AES/GCM/NoPadding");
            rtcpCipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM unavailable", e);
        }
    }

    @Override
    int protectRtp(byte[] b, int off, int len, int hdr, int ssrc, long index) {
        rtpIv(ssrc, index);
        try {
            rtpCipher.init(mode, rtpKey, new GCMParameterSpec(TAG * 8, iv));
            rtpCipher.updateAAD(b, off, hdr);
            return hdr + rtpCipher.doFinal(b, off + hdr, len - hdr, b, off + hdr);
        } catch (GeneralSecurityException e) {
            return -1; // the JDK refuses to encrypt twice with one IV (a retransmission of the very last packet)
        }
    }

    @Override
    int unprotectRtp(byte[] b, int off, int len, int hdr, int ssrc, long index) {
        rtpIv(ssrc, index);
        try {
            rtpCipher.init(mode, rtpKey, new GCMParameterSpec(TAG * 8, iv));
            rtpCipher.updateAAD(b, off, hdr);
            return hdr + rtpCipher.doFinal(b, off + hdr, len - hdr, b, off + hdr);
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    @Override
    int protectRtcp(byte[] b, int off, int len, int ssrc, int index) {
        rtcpIv(ssrc, index);
        esrtcp[0] = (byte) (0x80 | (index >>> 24));
        esrtcp[1] = (byte) (index >> 16);
        esrtcp[2] = (byte) (index >> 8);
        esrtcp[3] = (byte) index;
        try {
            rtcpCipher.init(mode, rtcpKey, new GCMParameterSpec(TAG * 8, iv));
            rtcpCipher.updateAAD(b, off, 8);
            rtcpCipher.updateAAD(esrtcp, 0, 4);
            int n = 8 + rtcpCipher.doFinal(b, off + 8, len - 8, b, off + 8);
            System.arraycopy(esrtcp, 0, b, off + n, 4);
            return n + 4;
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    @Override
    int srtcpIndexOffset(int len) {
        return len - 4;
    }

    @Override
    int unprotectRtcp(byte[] b, int off, int len, int ssrc, int index, boolean encrypted) {
        rtcpIv(ssrc, index);
        int word = off + len - 4;
        try {
            rtcpCipher.init(mode, rtcpKey, new GCMParameterSpec(TAG * 8, iv));
            if (encrypted) {
                rtcpCipher.updateAAD(b, off, 8);
                rtcpCipher.updateAAD(b, word, 4);
                return 8 + rtcpCipher.doFinal(b, off + 8, len - 12, b, off + 8);
            }
            rtcpCipher.updateAAD(b, off, len - 4 - TAG);
            rtcpCipher.updateAAD(b, word, 4);
            rtcpCipher.doFinal(b, word - TAG, TAG, b, word - TAG);
            return len - 4 - TAG;
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    private void rtpIv(int ssrc, long index) {
        System.arraycopy(rtpSalt, 0, iv, 0, 12);
        xorInt(iv, 2, ssrc);
        xorInt(iv, 6, (int) (index >>> 16));
        iv[10] ^= (byte) (index >> 8);
        iv[11] ^= (byte) index;
    }

    private void rtcpIv(int ssrc, int index) {
        System.arraycopy(rtcpSalt, 0, iv, 0, 12);
        xorInt(iv, 2, ssrc);
        xorInt(iv, 8, index & 0x7FFFFFFF);
    }
}
