package io.meridian.agent.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SdpParserTest {
    private final SessionDescription offer = SdpParser.parse(SdpFixtures.read("chromium-publish-offer.sdp"));

    @Test
    void readsTheBundleTransportOfAChromiumOffer() {
        assertThat(offer.bundleMids()).containsExactly("0", "1");
        assertThat(offer.iceLite()).isFalse();
        assertThat(offer.transportIce()).isEqualTo(new IceParameters("YQvJ", "YurmXuKfVaoF30blyTl6xM0V"));
        assertThat(offer.transportSetup()).isEqualTo("actpass");
        assertThat(offer.transportFingerprint().value()).isEqualTo(
                "sha-256 A2:37:DF:75:D1:41:52:CF:C2:0A:49:33:B8:B5:89:03:6A:1C:C4:01:F8:50:CF:88:8A:10:04:21:D9:45:53:E2");
    }

    @Test
    void readsChromiumAudioSectionWithCodecsExtensionsAndSsrc() {
        MediaSection audio = offer.section("0");
        assertThat(audio.kind()).isEqualTo("audio");
        assertThat(audio.port()).isEqualTo(9);
        assertThat(audio.isDtlsSrtp()).isTrue();
        assertThat(audio.rtcpMux()).isTrue();
        assertThat(audio.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(audio.codec(111)).isEqualTo(new Codec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1",
                java.util.List.of("transport-cc")));
        assertThat(audio.codec(0).name()).isEqualTo("PCMU");
        assertThat(audio.extensionId(HeaderExtension.MID)).isEqualTo(4);
        assertThat(audio.extensionId(HeaderExtension.AUDIO_LEVEL)).isEqualTo(1);
        assertThat(audio.primarySsrc()).isEqualTo(433115574L);
        assertThat(audio.cname(433115574L)).isEqualTo("AP2OIR2+8MLSAzsu");
        assertThat(audio.msid()).isEqualTo("ab2ff6ef-2da0-4896-a830-5c65803a7a82 5bf6493b-e5f7-4d4c-9e0f-7d7f3c69d701");
    }

    @Test
    void takesTheFirstSsrcOfTheFidGroupAsTheVideoMediaSsrc() {
        MediaSection video = offer.section("1");
        assertThat(video.ssrcGroups()).containsExactly(new SsrcGroup("FID", java.util.List.of(3087869990L, 823298821L)));
        assertThat(video.primarySsrc()).isEqualTo(3087869990L);
        assertThat(video.codec(96).rtcpFeedback()).containsExactly("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");
        assertThat(video.codec(97).fmtpParameter("apt")).isEqualTo("96");
        assertThat(video.codec(108).fmtpParameter("profile-level-id")).isEqualTo("42e01f");
        assertThat(video.extensionId(HeaderExtension.ABS_SEND_TIME)).isEqualTo(2);
    }

    @Test
    void acceptsBareLineFeedsAndWildcardFeedback() {
        SessionDescription sd = SdpParser.parse("""
                v=0
                o=- 1 7 IN IP4 0.0.0.0
                s=-
                t=0 0
                a=ice-ufrag:abcd
                a=ice-pwd:0123456789012345678901
                a=fingerprint:sha-256 00:11
                a=setup:active
                m=video 9 UDP/TLS/RTP/SAVPF 96
                a=mid:v
                a=rtpmap:96 VP8/90000
                a=rtcp-fb:* nack
                """);
        assertThat(sd.version()).isEqualTo(7);
        assertThat(sd.transportIce().ufrag()).isEqualTo("abcd");
        assertThat(sd.transportSetup()).isEqualTo("active");
        assertThat(sd.section("v").codec(96).rtcpFeedback()).containsExactly("nack");
        assertThat(sd.section("v").direction()).isEqualTo(Direction.SENDRECV);
    }

    @Test
    void rejectsTextThatIsNotSdpWithTheOffendingLine() {
        assertThatThrownBy(() -> SdpParser.parse("hello")).isInstanceOf(SdpException.class).hasMessageContaining("v=0");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\nm=audio x UDP/TLS/RTP/SAVPF 111\r\n"))
                .isInstanceOf(SdpException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111\r\n"))
                .isInstanceOf(SdpException.class).hasMessageContaining("line 3");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\nnonsense\r\n"))
                .isInstanceOf(SdpException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\na=fingerprint:md5 00:11\r\n"))
                .isInstanceOf(SdpException.class).hasMessageContaining("md5");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\na=ice-ufrag:a b\r\na=ice-pwd:x\r\n"))
                .isInstanceOf(SdpException.class).hasMessageContaining("ice-ufrag");
    }

    @Test
    void rejectsOversizedDescriptions() {
        String huge = "v=0\r\n" + "a=x\r\n".repeat(SdpParser.MAX_CHARS / 5);
        assertThatThrownBy(() -> SdpParser.parse(huge)).isInstanceOf(SdpException.class).hasMessageContaining("longer");
        String many = "v=0\r\n" + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n".repeat(SdpParser.MAX_MEDIA_SECTIONS + 1);
        assertThatThrownBy(() -> SdpParser.parse(many)).isInstanceOf(SdpException.class).hasMessageContaining("m-sections");
    }

    @Test
    void fingerprintMatchesOnlyTheCertificateItWasComputedFrom() {
        byte[] cert = {1, 2, 3};
        Fingerprint f = Fingerprint.of("sha-256", cert);
        assertThat(Fingerprint.parse(f.value())).isEqualTo(f);
        assertThat(f.matches(cert)).isTrue();
        assertThat(f.matches(new byte[] {1, 2, 4})).isFalse();
    }
}
