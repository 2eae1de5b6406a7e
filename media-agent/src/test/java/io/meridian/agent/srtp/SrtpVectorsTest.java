package io.meridian.agent.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Known-answer tests: RFC 3711 Appendix B, RFC 7714 §16–17, and libsrtp's reference packets for both profiles. */
class SrtpVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    static byte[] hex(String s) {
        return HEX.parseHex(s.replaceAll("\\s", ""));
    }

    @Test
    void aesCounterKeystreamMatchesRfc3711AppendixB2() {
        AesCounter ctr = new AesCounter(hex("2B7E151628AED2A6ABF7158809CF4F3C"));
        byte[] stream = new byte[1044512];
        ctr.apply(hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), stream, 0, stream.length);
        assertThat(HEX.formatHex(stream, 0, 48)).isEqualToIgnoringCase(
                "E03EAD0935C95E80E166B16DD92B4EB4D23513162B02D0F72A43A2FE4A5F97AB41E95B3BB0A2E8DD477901E4FCA894C0");
        assertThat(HEX.formatHex(stream, stream.length - 48, stream.length)).isEqualToIgnoringCase(
                "EC8CDF7398607CB0F2D21675EA9EA1E4362B7C3C6773516318A077D7FC5073AE6A2CC3787889374FBEB4C81B17BA6C44");
    }

    @Test
    void keyDerivationMatchesRfc3711AppendixB3() {
        byte[] key = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] salt = hex("0EC675AD498AFEEBB6960B3AABE6");
        assertThat(SrtpKdf.derive(key, salt, SrtpKdf.LABEL_RTP_ENCRYPTION, 16))
                .isEqualTo(hex("C61E7A93744F39EE10734AFE3FF7A087"));
        assertThat(SrtpKdf.derive(key, salt, SrtpKdf.LABEL_RTP_SALT, 14))
                .isEqualTo(hex("30CBBC08863D8C85D49DB34A9AE1"));
        assertThat(SrtpKdf.derive(key, salt, SrtpKdf.LABEL_RTP_AUTH, 94)).isEqualTo(hex("""
                CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE E049646C43D9327AD175578EF7227098
                6371C10C9A369AC2F94A8C5FBCDDDC25 6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2"""));
    }

    @Test
    void hmacSha1MatchesTheJdkMacWithoutAllocatingAResult() throws Exception {
        byte[] key = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] data = "Hi There".getBytes(StandardCharsets.US_ASCII);
        HmacSha1 mine = new HmacSha1(key);
        byte[] out = new byte[20];
        for (int round = 0; round < 2; round++) { // second round proves the reset
            mine.update(data, 0, data.length);
            mine.doFinal(out, 0);
            assertThat(HEX.formatHex(out)).isEqualTo("b617318655057264e28bc0b6fb378c8ef146be00"); // RFC 2202 case 1
        }
        byte[] longKey = new byte[100];
        Arrays.fill(longKey, (byte) 0xaa);
        Mac jdk = Mac.getInstance("HmacSHA1");
        jdk.init(new SecretKeySpec(longKey, "HmacSHA1"));
        HmacSha1 mine2 = new HmacSha1(longKey);
        mine2.update(data, 0, data.length);
        mine2.doFinal(out, 0);
        assertThat(out).isEqualTo(jdk.doFinal(data));
    }

    // libsrtp test/srtp_driver.c srtp_validate(): default policy (AES_CM_128_HMAC_SHA1_80), SSRC 0xcafebabe
    private static final byte[] LIBSRTP_KEY = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static final byte[] LIBSRTP_SALT = hex("0EC675AD498AFEEBB6960B3AABE6");
    private static final String RTP_PLAIN = "800f1234decafbadcafebabe" + "ab".repeat(16);
    private static final String RTCP_PLAIN = "81c8000bcafebabe" + "ab".repeat(16);

    @Test
    void aesCmProfileProtectsLikeLibsrtp() {
        SrtpContext ctx = new SrtpContext(SrtpProfile.AES_CM_128_HMAC_SHA1_80,
                LIBSRTP_KEY, LIBSRTP_SALT, LIBSRTP_KEY, LIBSRTP_SALT);
        byte[] buf = Arrays.copyOf(hex(RTP_PLAIN), 64);
        int n = ctx.protectRtp(buf, 0, 28);
        assertThat(HEX.formatHex(buf, 0, n)).isEqualTo(
                "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");

        ctx.setSrtcpSendIndex(1);
        byte[] rtcp = Arrays.copyOf(hex(RTCP_PLAIN), 64);
        n = ctx.protectRtcp(rtcp, 0, 24);
        assertThat(HEX.formatHex(rtcp, 0, n)).isEqualTo(
                "81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798");
    }

    @Test
    void aesCmProfileUnprotectsLibsrtpPackets() {
        SrtpContext ctx = new SrtpContext(SrtpProfile.AES_CM_128_HMAC_SHA1_80,
                LIBSRTP_KEY, LIBSRTP_SALT, LIBSRTP_KEY, LIBSRTP_SALT);
        byte[] srtp = hex("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");
        assertThat(ctx.unprotectRtp(srtp, 0, srtp.length)).isEqualTo(28);
        assertThat(HEX.formatHex(srtp, 0, 28)).isEqualTo(RTP_PLAIN);
        byte[] srtcp = hex("81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798");
        assertThat(ctx.unprotectRtcp(srtcp, 0, srtcp.length)).isEqualTo(24);
        assertThat(HEX.formatHex(srtcp, 0, 24)).isEqualTo(RTCP_PLAIN);
    }

    // libsrtp srtp_validate_gcm(): AEAD_AES_128_GCM with master key 00..0f, master salt a0..ab
    private static final byte[] GCM_MASTER_KEY = hex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] GCM_MASTER_SALT = hex("a0a1a2a3a4a5a6a7a8a9aaab");

    @Test
    void gcmProfileDerivesKeysAndProtectsLikeLibsrtp() {
        SrtpContext ctx = new SrtpContext(SrtpProfile.AEAD_AES_128_GCM,
                GCM_MASTER_KEY, GCM_MASTER_SALT, GCM_MASTER_KEY, GCM_MASTER_SALT);
        byte[] buf = Arrays.copyOf(hex(RTP_PLAIN), 64);
        int n = ctx.protectRtp(buf, 0, 28);
        assertThat(HEX.formatHex(buf, 0, n)).isEqualTo(
                "800f1234decafbadcafebabec5002ede04cfdd2eb91159e0880aa06ed2976826f796b201df3131a127e8a392");
        ctx.setSrtcpSendIndex(1);
        byte[] rtcp = Arrays.copyOf(hex(RTCP_PLAIN), 64);
        n = ctx.protectRtcp(rtcp, 0, 24);
        assertThat(HEX.formatHex(rtcp, 0, n)).isEqualTo(
                "81c8000bcafebabec98b8b5df0392a55852b6c21ac8e7025c52c6fbea2b3b446ea31123ba88ce61e80000001");

        SrtpContext receiver = new SrtpContext(SrtpProfile.AEAD_AES_128_GCM,
                GCM_MASTER_KEY, GCM_MASTER_SALT, GCM_MASTER_KEY, GCM_MASTER_SALT);
        assertThat(receiver.unprotectRtp(buf, 0, 44)).isEqualTo(28);
        assertThat(HEX.formatHex(buf, 0, 28)).isEqualTo(RTP_PLAIN);
        assertThat(receiver.unprotectRtcp(rtcp, 0, 44)).isEqualTo(24);
        assertThat(HEX.formatHex(rtcp, 0, 24)).isEqualTo(RTCP_PLAIN);
    }

    // RFC 7714 §16 and §17 give session keys: K_s = 00..0f, salt "Quid pro quo"
    private static final byte[] RFC7714_KEY = hex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] RFC7714_SALT = hex("517569642070726f2071756f");
    private static final String RFC7714_RTP =
            "8040f17b8041f8d35501a0b2" + "47616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";
    private static final String RFC7714_SRTP = "8040f17b8041f8d35501a0b2"
            + "f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833"
            + "899d7f27beb16a9152cf765ee4390cce";
    private static final String RFC7714_RTCP = "81c8000d4d617273"
            + "4e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";
    private static final String RFC7714_SRTCP = "81c8000d4d617273"
            + "63e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275b"
            + "c84aa45896cf4d2fc5abf87245d9eade" + "800005d4";

    private static SrtpContext rfc7714Context() {
        return new SrtpContext(SrtpProfile.AEAD_AES_128_GCM,
                new AesGcmTransform(RFC7714_KEY, RFC7714_SALT, RFC7714_KEY, RFC7714_SALT, true),
                new AesGcmTransform(RFC7714_KEY, RFC7714_SALT, RFC7714_KEY, RFC7714_SALT, false));
    }

    @Test
    void gcmSrtpEncryptionMatchesRfc7714Section16_1_1() {
        byte[] buf = Arrays.copyOf(hex(RFC7714_RTP), 128);
        int n = rfc7714Context().protectRtp(buf, 0, hex(RFC7714_RTP).length);
        assertThat(HEX.formatHex(buf, 0, n)).isEqualTo(RFC7714_SRTP);
    }

    @Test
    void gcmSrtpDecryptionMatchesRfc7714Section16_1_2() {
        byte[] buf = hex(RFC7714_SRTP);
        int n = rfc7714Context().unprotectRtp(buf, 0, buf.length);
        assertThat(HEX.formatHex(buf, 0, n)).isEqualTo(RFC7714_RTP);
    }

    @Test
    void gcmSrtcpEncryptionMatchesRfc7714Section17_1() {
        SrtpContext ctx = rfc7714Context();
        ctx.setSrtcpSendIndex(0x5d4);
        byte[] buf = Arrays.copyOf(hex(RFC7714_RTCP), 128);
        int n = ctx.protectRtcp(buf, 0, hex(RFC7714_RTCP).length);
        assertThat(HEX.formatHex(buf, 0, n)).isEqualTo(RFC7714_SRTCP);
        byte[] back = hex(RFC7714_SRTCP);
        int m = rfc7714Context().unprotectRtcp(back, 0, back.length);
        assertThat(HEX.formatHex(back, 0, m)).isEqualTo(RFC7714_RTCP);
    }

    @Test
    void gcmSrtcpTaggedButUnencryptedPacketVerifiesPerRfc7714Section17_3() {
        byte[] buf = hex(RFC7714_RTCP + "841dd9683dd78ec92ae58790125f62b3" + "000005d4");
        int n = rfc7714Context().unprotectRtcp(buf, 0, buf.length);
        assertThat(HEX.formatHex(buf, 0, n)).isEqualTo(RFC7714_RTCP);
    }
}
