package io.meridian.agent.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OfferBuilderTest {
    private static final Codec OPUS = new Codec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of());
    private static final Codec VP8 = new Codec(96, "VP8", 90000, 1, "", List.of("goog-remb", "nack"));

    private final List<OfferSlot> slots = List.of(
            OfferSlot.send("0", "audio", OPUS, 1111, "cnameA", "alice", "alice-audio"),
            OfferSlot.send("1", "video", VP8, 2222, "cnameA", "alice", "alice-video"),
            OfferSlot.send("2", "audio", OPUS, 3333, "cnameB", "bob", "bob-audio").withState(OfferSlot.State.CLOSED));

    @Test
    void offersEachForwardedTrackSendOnlyWithThePublishersSsrcAndParticipantAsStream() {
        String text = OfferBuilder.offer(SdpFixtures.agent(), "7", 3, slots);
        SessionDescription sd = SdpParser.parse(text);
        assertThat(sd.version()).isEqualTo(3);
        assertThat(sd.iceLite()).isTrue();
        assertThat(sd.transportSetup()).isEqualTo("actpass");
        assertThat(sd.bundleMids()).containsExactly("0", "1");
        MediaSection video = sd.section("1");
        assertThat(video.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(video.msid()).isEqualTo("alice alice-video");
        assertThat(video.ssrcs()).containsExactly(new Ssrc(2222, "cnameA", "alice alice-video"));
        assertThat(video.codecs()).containsExactly(new Codec(96, "VP8", 90000, 1, "", List.of("nack", "nack pli", "ccm fir")));
        assertThat(video.extensions()).isEmpty();
        assertThat(sd.section("0").codecs()).containsExactly(OPUS);
    }

    @Test
    void closesARemovedTrackWithPortZeroOutsideTheBundle() {
        SessionDescription sd = SdpParser.parse(OfferBuilder.offer(SdpFixtures.agent(), "7", 3, slots));
        MediaSection closed = sd.section("2");
        assertThat(closed.rejected()).isTrue();
        assertThat(closed.ssrcs()).isEmpty();
        assertThat(closed.direction()).isEqualTo(Direction.INACTIVE);
    }

    @Test
    void keepsTheBundleCarryingSectionOpenButInactive() {
        List<OfferSlot> idle = List.of(slots.get(0).withState(OfferSlot.State.INACTIVE), slots.get(1));
        SessionDescription sd = SdpParser.parse(OfferBuilder.offer(SdpFixtures.agent(), "7", 4, idle));
        assertThat(sd.bundleMids()).containsExactly("0", "1");
        assertThat(sd.section("0").direction()).isEqualTo(Direction.INACTIVE);
        assertThat(sd.section("0").port()).isEqualTo(10000);
        assertThat(sd.section("0").ssrcs()).isEmpty();
        assertThatThrownBy(() -> OfferBuilder.offer(SdpFixtures.agent(), "7", 5,
                List.of(slots.get(0).withState(OfferSlot.State.CLOSED), slots.get(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BUNDLE");
    }

    @Test
    void acceptsAChromiumAnswerAndReportsTheBrowsersTransport() {
        List<OfferSlot> offered = List.of(slots.get(0), slots.get(1));
        SubscribeAnswer checked = SubscribeAnswer.check(SdpParser.parse(SdpFixtures.read("chromium-subscribe-answer.sdp")), offered);
        assertThat(checked.remoteIce().ufrag()).isNotBlank();
        assertThat(checked.remoteFingerprint().algorithm()).isEqualTo("sha-256");
        assertThat(checked.rejectedMids()).isEmpty();
    }

    @Test
    void refusesAnAnswerThatDoesNotMatchTheOffer() {
        SessionDescription chromium = SdpParser.parse(SdpFixtures.read("chromium-subscribe-answer.sdp"));
        assertThatThrownBy(() -> SubscribeAnswer.check(chromium, slots)).isInstanceOf(SdpException.class)
                .hasMessageContaining("m-sections");
        SessionDescription passive = SdpParser.parse(SdpFixtures.read("chromium-subscribe-answer.sdp")
                .replace("a=setup:active", "a=setup:passive"));
        assertThatThrownBy(() -> SubscribeAnswer.check(passive, List.of(slots.get(0), slots.get(1))))
                .isInstanceOf(SdpException.class).hasMessageContaining("DTLS server");
    }

    @Test
    void announcesAPassiveTcpHostCandidateBelowTheUdpOneWhenIceTcpIsOn() {
        LocalTransportParameters udp = SdpFixtures.agent();
        LocalTransportParameters tcp = new LocalTransportParameters(udp.ice(), udp.fingerprint(), udp.host(), udp.port(),
                10443);
        String text = OfferBuilder.offer(tcp, "7", 1, slots);
        assertThat(text).contains("a=candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host\r\n"
                + "a=candidate:2 1 tcp 2122318079 127.0.0.1 10443 typ host tcptype passive\r\na=end-of-candidates");
        assertThat(OfferBuilder.offer(udp, "7", 1, slots)).doesNotContain(" tcp ");
        assertThat(SdpParser.parse(text).bundleMids()).containsExactly("0", "1");
    }
}
