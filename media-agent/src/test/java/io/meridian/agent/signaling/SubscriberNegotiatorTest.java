package io.meridian.agent.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.agent.sdp.Codec;
import io.meridian.agent.sdp.Direction;
import io.meridian.agent.sdp.Fingerprint;
import io.meridian.agent.sdp.IceParameters;
import io.meridian.agent.sdp.LocalTransportParameters;
import io.meridian.agent.sdp.MediaSection;
import io.meridian.agent.sdp.SdpParser;
import io.meridian.agent.sdp.SessionDescription;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriberNegotiatorTest {
    private static final Codec OPUS = new Codec(111, "opus", 48000, 2, "", List.of());
    private static final Codec VP8 = new Codec(96, "VP8", 90000, 1, "", List.of());
    private static final RemoteTrack BOB_AUDIO = new RemoteTrack("bob-0", "bob", "audio", OPUS, 11, "b");
    private static final RemoteTrack BOB_VIDEO = new RemoteTrack("bob-1", "bob", "video", VP8, 12, "b");
    private static final RemoteTrack CAROL_AUDIO = new RemoteTrack("carol-0", "carol", "audio", OPUS, 21, "c");
    private static final RemoteTrack CAROL_VIDEO = new RemoteTrack("carol-1", "carol", "video", VP8, 22, "c");

    private final SubscriberNegotiator negotiator = new SubscriberNegotiator(new LocalTransportParameters(
            new IceParameters("agnt", "agentPasswordOf24Chars00"), new Fingerprint("sha-256", new byte[32]),
            "127.0.0.1", 10000), "5");

    @Test
    void offersNothingUntilSomeoneElsePublishes() {
        SubscriberNegotiator.Change change = negotiator.update(List.of());
        assertThat(change.offer()).isNull();
        assertThat(negotiator.awaitingAnswer()).isFalse();
    }

    @Test
    void startsForwardingOnlyOnceTheAnswerIsIn() {
        SubscriberNegotiator.Offer offer = negotiator.update(List.of(BOB_AUDIO, BOB_VIDEO)).offer();
        assertThat(offer.revision()).isEqualTo(1);
        assertThat(offer.tracks()).extracting(SubscriberNegotiator.TrackSlot::mid).containsExactly("0", "1");
        assertThat(offer.tracks()).extracting(SubscriberNegotiator.TrackSlot::participantId).containsOnly("bob");
        assertThat(negotiator.activeProducers()).isEmpty();

        SubscriberNegotiator.Answered answered = negotiator.onAnswer(1, FakeBrowserAnswers.answer(offer.sdp()));
        assertThat(answered.started()).extracting(SubscriberNegotiator.TrackSlot::producerId).containsExactly("bob-0", "bob-1");
        assertThat(answered.transport().remoteIce().ufrag()).isEqualTo("brws");
        assertThat(answered.offer()).isNull();
        assertThat(negotiator.activeProducers()).containsExactlyInAnyOrder("bob-0", "bob-1");
    }

    @Test
    void foldsChangesMadeWhileAnOfferIsInFlightIntoTheNextOffer() {
        SubscriberNegotiator.Offer first = negotiator.update(List.of(BOB_AUDIO, BOB_VIDEO)).offer();
        assertThat(negotiator.update(List.of(BOB_AUDIO, BOB_VIDEO, CAROL_AUDIO)).offer()).isNull();
        assertThat(negotiator.update(List.of(BOB_AUDIO, BOB_VIDEO, CAROL_AUDIO, CAROL_VIDEO)).offer()).isNull();

        SubscriberNegotiator.Answered answered = negotiator.onAnswer(1, FakeBrowserAnswers.answer(first.sdp()));
        assertThat(answered.started()).extracting(SubscriberNegotiator.TrackSlot::producerId).containsExactly("bob-0", "bob-1");
        SubscriberNegotiator.Offer second = answered.offer();
        assertThat(second.revision()).isEqualTo(2);
        SessionDescription sd = SdpParser.parse(second.sdp());
        assertThat(sd.version()).isEqualTo(2);
        assertThat(sd.media()).extracting(MediaSection::mid).containsExactly("0", "1", "2", "3");
        assertThat(sd.section("3").ssrcs().getFirst().ssrc()).isEqualTo(22);
        assertThat(negotiator.onAnswer(2, FakeBrowserAnswers.answer(second.sdp())).started())
                .extracting(SubscriberNegotiator.TrackSlot::producerId).containsExactly("carol-0", "carol-1");
    }

    @Test
    void stopsALeaversTracksAtOnceAndClosesTheirSectionsInTheNextOffer() {
        SubscriberNegotiator.Offer first = negotiator.update(List.of(BOB_AUDIO, BOB_VIDEO, CAROL_AUDIO, CAROL_VIDEO)).offer();
        negotiator.onAnswer(1, FakeBrowserAnswers.answer(first.sdp()));

        SubscriberNegotiator.Change bobLeft = negotiator.update(List.of(CAROL_AUDIO, CAROL_VIDEO));
        assertThat(bobLeft.stopped()).containsExactly(BOB_AUDIO, BOB_VIDEO);
        assertThat(negotiator.activeProducers()).containsExactlyInAnyOrder("carol-0", "carol-1");
        SessionDescription sd = SdpParser.parse(bobLeft.offer().sdp());
        assertThat(sd.section("0").direction()).isEqualTo(Direction.INACTIVE);
        assertThat(sd.section("0").rejected()).isFalse();
        assertThat(sd.section("1").rejected()).isTrue();
        assertThat(sd.section("2").direction()).isEqualTo(Direction.SENDONLY);
        assertThat(sd.bundleMids()).containsExactly("0", "2", "3");
        assertThat(bobLeft.offer().tracks()).extracting(SubscriberNegotiator.TrackSlot::participantId).containsOnly("carol");

        SubscriberNegotiator.Answered answered = negotiator.onAnswer(2, FakeBrowserAnswers.answer(bobLeft.offer().sdp()));
        assertThat(answered.started()).isEmpty();
        SubscriberNegotiator.Offer bobBack = negotiator.update(List.of(CAROL_AUDIO, CAROL_VIDEO, BOB_AUDIO)).offer();
        assertThat(SdpParser.parse(bobBack.sdp()).media()).extracting(MediaSection::mid).containsExactly("0", "1", "2", "3", "4");
    }

    @Test
    void doesNotOfferAgainATrackTheBrowserRejected() {
        SubscriberNegotiator.Offer first = negotiator.update(List.of(BOB_AUDIO, BOB_VIDEO)).offer();
        SubscriberNegotiator.Answered answered = negotiator.onAnswer(1, FakeBrowserAnswers.answer(first.sdp(), "1"));
        assertThat(answered.started()).extracting(SubscriberNegotiator.TrackSlot::mid).containsExactly("0");
        SessionDescription next = SdpParser.parse(answered.offer().sdp());
        assertThat(next.section("1").rejected()).isTrue();
        assertThat(next.media()).hasSize(2);
    }

    @Test
    void refusesAnswersThatDoNotBelongToThePendingOffer() {
        SubscriberNegotiator.Offer first = negotiator.update(List.of(BOB_AUDIO)).offer();
        assertThatThrownBy(() -> negotiator.onAnswer(7, FakeBrowserAnswers.answer(first.sdp())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("revision 1 is pending");
        negotiator.onAnswer(1, FakeBrowserAnswers.answer(first.sdp()));
        assertThatThrownBy(() -> negotiator.onAnswer(1, FakeBrowserAnswers.answer(first.sdp())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no offer is pending");
    }

    private static final LocalTransportParameters RESTARTED = new LocalTransportParameters(
            new IceParameters("agn2", "agentPasswordOf24Chars11"), new Fingerprint("sha-256", new byte[32]),
            "127.0.0.1", 10000);

    @Test
    void anIceRestartOffersTheNewCredentialsWithTheSameTracksAndForwardingGoesOn() {
        SubscriberNegotiator.Offer first = negotiator.update(List.of(BOB_AUDIO, BOB_VIDEO)).offer();
        negotiator.onAnswer(1, FakeBrowserAnswers.answer(first.sdp()));

        SubscriberNegotiator.Offer restart = negotiator.restartIce(RESTARTED);

        assertThat(restart.revision()).isEqualTo(2);
        assertThat(restart.sdp()).contains("a=ice-ufrag:agn2").doesNotContain("a=ice-ufrag:agnt");
        assertThat(restart.tracks()).isEqualTo(first.tracks());
        assertThat(negotiator.activeProducers()).containsExactlyInAnyOrder("bob-0", "bob-1");
        SubscriberNegotiator.Answered answered = negotiator.onAnswer(2, FakeBrowserAnswers.answer(restart.sdp()));
        assertThat(answered.started()).isEmpty(); // already forwarded: nothing restarts
        assertThat(answered.offer()).isNull();
    }

    @Test
    void anIceRestartDuringAnOfferFollowsItsAnswer() {
        SubscriberNegotiator.Offer first = negotiator.update(List.of(BOB_AUDIO)).offer();
        assertThat(negotiator.restartIce(RESTARTED)).isNull();
        SubscriberNegotiator.Offer restart = negotiator.onAnswer(1, FakeBrowserAnswers.answer(first.sdp())).offer();
        assertThat(restart.revision()).isEqualTo(2);
        assertThat(restart.sdp()).contains("a=ice-ufrag:agn2");
    }
}
