package io.meridian.agent.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerBuilderTest {
    private final String offerText = SdpFixtures.read("chromium-publish-offer.sdp");
    private final PublishAnswer answer = AnswerBuilder.answer(SdpParser.parse(offerText), SdpFixtures.agent(), "42");
    private final SessionDescription parsed = SdpParser.parse(answer.sdp());

    @Test
    void answersAChromiumOfferAsAnIceLiteDtlsServerOnOneBundledTransport() {
        assertThat(parsed.iceLite()).isTrue();
        assertThat(parsed.bundleMids()).containsExactly("0", "1");
        assertThat(parsed.transportSetup()).isEqualTo("passive");
        assertThat(parsed.transportIce()).isEqualTo(SdpFixtures.agent().ice());
        assertThat(parsed.transportFingerprint()).isEqualTo(SdpFixtures.agent().fingerprint());
        assertThat(answer.sdp()).startsWith("v=0\r\no=- 42 1 IN IP4 0.0.0.0\r\n").endsWith("\r\n")
                .contains("a=candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host\r\n");
        assertThat(answer.remoteIce().ufrag()).isEqualTo("YQvJ");
        assertThat(answer.remoteFingerprint()).isEqualTo(SdpParser.parse(offerText).transportFingerprint());
    }

    @Test
    void receivesOpusWithMidAbsSendTimeAndAudioLevel() {
        MediaSection audio = parsed.section("0");
        assertThat(audio.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(audio.rtcpMux()).isTrue();
        assertThat(audio.port()).isEqualTo(10000);
        assertThat(audio.codecs()).containsExactly(new Codec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of()));
        assertThat(audio.extensions()).extracting(HeaderExtension::uri).containsExactlyInAnyOrder(
                HeaderExtension.AUDIO_LEVEL, HeaderExtension.ABS_SEND_TIME, HeaderExtension.MID);
        PublishedMedia published = answer.media().getFirst();
        assertThat(published.ssrc()).isEqualTo(433115574L);
        assertThat(published.cname()).isEqualTo("AP2OIR2+8MLSAzsu");
        assertThat(published.trackId()).isEqualTo("5bf6493b-e5f7-4d4c-9e0f-7d7f3c69d701");
        assertThat(published.extensionId(HeaderExtension.MID)).isEqualTo(4);
    }

    @Test
    void receivesOnlyVp8WithRembNackPliAndFirAndNoRtxOrTransportCc() {
        MediaSection video = parsed.section("1");
        assertThat(video.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(video.formats()).containsExactly("96");
        assertThat(video.codec(96).rtcpFeedback()).containsExactly("goog-remb", "ccm fir", "nack", "nack pli");
        assertThat(video.extensions()).extracting(HeaderExtension::uri)
                .containsExactlyInAnyOrder(HeaderExtension.ABS_SEND_TIME, HeaderExtension.MID);
        assertThat(answer.sdp()).doesNotContain("transport-cc").doesNotContain("rtx").doesNotContain("extmap-allow-mixed");
        assertThat(answer.media().get(1).ssrc()).isEqualTo(3087869990L);
    }

    @Test
    void fallsBackToConstrainedBaselineH264WhenVp8IsNotOffered() {
        String noVp8 = offerText.replace("a=rtpmap:96 VP8/90000", "a=rtpmap:96 VP7/90000");
        PublishAnswer a = AnswerBuilder.answer(SdpParser.parse(noVp8), SdpFixtures.agent(), "1");
        Codec codec = a.media().get(1).codec();
        assertThat(codec.name()).isEqualTo("H264");
        assertThat(codec.payloadType()).isEqualTo(108);
        assertThat(codec.fmtpParameter("packetization-mode")).isEqualTo("1");
    }

    @Test
    void rejectsSectionsItCannotForwardAndKeepsTheirMids() {
        String withData = offerText.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2")
                + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 45\r\na=mid:3\r\na=rtcp-mux\r\na=rtpmap:45 AV1/90000\r\n";
        PublishAnswer a = AnswerBuilder.answer(SdpParser.parse(withData), SdpFixtures.agent(), "1");
        SessionDescription sd = SdpParser.parse(a.sdp());
        assertThat(sd.media()).extracting(MediaSection::mid).containsExactly("0", "1", "2", "3");
        assertThat(sd.section("2").rejected()).isTrue();
        assertThat(sd.section("2").protocol()).isEqualTo("UDP/DTLS/SCTP");
        assertThat(sd.section("3").rejected()).isTrue();
        assertThat(sd.bundleMids()).containsExactly("0", "1");
        assertThat(a.media()).extracting(PublishedMedia::mid).containsExactly("0", "1");
    }

    @Test
    void refusesToBeTheDtlsClientAndRefusesOffersWithoutTransport() {
        assertThatThrownBy(() -> AnswerBuilder.answer(SdpParser.parse(offerText.replace("a=setup:actpass", "a=setup:passive")),
                SdpFixtures.agent(), "1")).isInstanceOf(SdpException.class).hasMessageContaining("DTLS server");
        assertThatThrownBy(() -> AnswerBuilder.answer(SdpParser.parse(offerText.replaceAll("a=fingerprint:[^\r]*\r\n", "")),
                SdpFixtures.agent(), "1")).isInstanceOf(SdpException.class).hasMessageContaining("fingerprint");
        assertThatThrownBy(() -> AnswerBuilder.answer(SdpParser.parse(offerText.replace("a=mid:1", "a=mid:0")),
                SdpFixtures.agent(), "1")).isInstanceOf(SdpException.class).hasMessageContaining("duplicate mid");
        assertThatThrownBy(() -> AnswerBuilder.answer(SdpParser.parse("v=0\r\n"), SdpFixtures.agent(), "1"))
                .isInstanceOf(SdpException.class).hasMessageContaining("no m-section");
    }

    @Test
    void acceptsFirefoxsBundleOnlyVideoSectionAndPicksVp8OverItsRtxSource() {
        // Firefox offers every section after the first with port 0 and a=bundle-only (RFC 8843 §6).
        SessionDescription offer = SdpParser.parse(SdpFixtures.read("firefox-publish-offer.sdp"));
        assertThat(offer.section("1").port()).isZero();
        assertThat(offer.section("1").rejected()).isFalse();

        PublishAnswer a = AnswerBuilder.answer(offer, SdpFixtures.agent(), "7");
        SessionDescription sd = SdpParser.parse(a.sdp());

        assertThat(sd.bundleMids()).containsExactly("0", "1");
        assertThat(sd.section("1").port()).isEqualTo(10000);
        assertThat(sd.section("1").formats()).containsExactly("120");
        assertThat(a.media()).extracting(PublishedMedia::kind).containsExactly("audio", "video");
        assertThat(a.media().get(0).codec().name()).isEqualTo("opus");
        assertThat(a.media().get(1).codec().name()).isEqualTo("VP8");
        assertThat(a.media().get(1).ssrc()).isEqualTo(1817848139L);
    }

    @Test
    void stillRejectsAPortZeroSectionThatIsNotBundleOnly() {
        String stopped = SdpFixtures.read("firefox-publish-offer.sdp").replace("a=bundle-only\r\n", "");
        PublishAnswer a = AnswerBuilder.answer(SdpParser.parse(stopped), SdpFixtures.agent(), "7");

        assertThat(SdpParser.parse(a.sdp()).section("1").rejected()).isTrue();
        assertThat(a.media()).extracting(PublishedMedia::mid).containsExactly("0");
    }

    @Test
    void answersPublishersWithThePassiveTcpCandidateWhenIceTcpIsOn() {
        LocalTransportParameters udp = SdpFixtures.agent();
        LocalTransportParameters tcp = new LocalTransportParameters(udp.ice(), udp.fingerprint(), udp.host(), udp.port(),
                10443);
        String sdp = AnswerBuilder.answer(SdpParser.parse(offerText), tcp, "42").sdp();
        assertThat(sdp).contains("a=candidate:2 1 tcp 2122318079 127.0.0.1 10443 typ host tcptype passive");
        assertThat(answer.sdp()).doesNotContain("tcptype");
    }
}
