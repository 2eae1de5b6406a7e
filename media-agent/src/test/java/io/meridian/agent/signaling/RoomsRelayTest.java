package io.meridian.agent.signaling;

import io.meridian.agent.abuse.Refusals;
import io.meridian.agent.control.LeaveReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.agent.relay.ConferenceMedia;
import io.meridian.agent.relay.RelayTrack;
import io.meridian.agent.report.TrafficCounters;
import io.meridian.agent.sdp.Codec;
import io.meridian.agent.sdp.MediaSection;
import io.meridian.agent.sdp.SdpParser;
import io.meridian.agent.sdp.SessionDescription;
import io.meridian.agent.sfu.MediaSender;
import io.meridian.agent.sfu.Producer;
import io.meridian.agent.sfu.ProducerSpec;
import io.meridian.agent.sfu.Router;
import io.meridian.agent.sfu.RouterTransport;
import io.meridian.agent.sfu.Routers;
import io.meridian.agent.transport.MediaPlane;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link RoomsConferenceMedia}: what relay links see of the rooms, over real routers and real signaling sessions. */
@Timeout(60)
class RoomsRelayTest {
    private static final int DAVE_AUDIO = 7001;
    private static final int DAVE_VIDEO = 7002;

    private final MediaPlane plane = MediaPlane.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            "127.0.0.1", Duration.ofSeconds(5), Duration.ofSeconds(30), new TrafficCounters());
    private final Routers routers = new Routers();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Rooms rooms = new Rooms(plane, new RouterForwarding(routers), new ParticipantEvents() {
        @Override
        public void joined(String conferenceId, String participantId, String joinToken) {
            events.add("joined " + participantId);
        }

        @Override
        public void left(String conferenceId, String participantId, LeaveReason reason) {
            events.add("left " + participantId);
        }
    }, Executors.newVirtualThreadPerTaskExecutor(), Refusals.standalone(), Duration.ofSeconds(20));
    private final ConferenceMedia media = new RoomsConferenceMedia(rooms);

    @AfterEach
    void closePlane() {
        plane.close();
    }

    /** What a relay link does with a peer's announcement: attaches to the router and adds a producer per track. */
    private final class FakeLink {
        final RouterTransport transport;

        FakeLink(String conferenceId) {
            Router router = media.router(conferenceId);
            transport = router.attach(new MediaSender() {
                @Override
                public void sendRtp(byte[] buf, int off, int len) {
                }

                @Override
                public void sendRtcp(byte[] buf, int off, int len) {
                }
            });
        }

        ConferenceMedia.RelayedTrack relay(String producerId, String participantId, ProducerSpec spec) {
            Producer p = transport.router().addProducer(transport, spec);
            assertThat(p).as("producer for %s", producerId).isNotNull();
            Codec codec = spec.kind() == io.meridian.agent.sfu.MediaKind.VIDEO
                    ? new Codec(spec.payloadType(), "VP8", 90000, 1, "", List.of("nack", "nack pli", "ccm fir"))
                    : new Codec(spec.payloadType(), "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of());
            return new ConferenceMedia.RelayedTrack(new RelayTrack("agent-b~" + producerId, participantId,
                    "cname-" + participantId, codec, spec), p);
        }

        /** Closes the link as the relay does: withdraw what it offered, leave the router, release it. */
        void close(String conferenceId) {
            media.offerRelayedTracks(conferenceId, "agent-b", List.of());
            transport.router().detach(transport);
            media.routerUnused(conferenceId);
        }
    }

    private List<ConferenceMedia.RelayedTrack> daveFrom(FakeLink link) {
        return List.of(link.relay("dave-1-0", "dave", ProducerSpec.audio("0", DAVE_AUDIO, 111, 4)),
                link.relay("dave-1-1", "dave", ProducerSpec.video("1", DAVE_VIDEO, 96, 0, -1, 4)));
    }

    private static List<String> participantsOf(JsonNode offer) {
        return offer.get("tracks").findValuesAsText("participantId");
    }

    private static List<Long> sendingSsrcs(JsonNode offer) {
        SessionDescription sd = SdpParser.parse(offer.get("sdp").asText());
        return sd.media().stream().filter(m -> m.direction().sends()).map(MediaSection::primarySsrc).toList();
    }

    @Test
    void relayedTracksReachALocalSubscribersNextSubscribeOfferAndAreForwardedOnceAnswered() {
        TestBrowser alice = TestBrowser.publishing(rooms, "conf", "alice", 1);
        FakeLink link = new FakeLink("conf");
        List<ConferenceMedia.RelayedTrack> dave = daveFrom(link);
        media.offerRelayedTracks("conf", "agent-b", dave);

        await().until(() -> alice.last("subscribe-offer") != null);
        JsonNode offer = alice.last("subscribe-offer");
        assertThat(participantsOf(offer)).containsExactly("dave", "dave");
        assertThat(offer.get("tracks").findValuesAsText("producerId")).containsExactly("agent-b~dave-1-0", "agent-b~dave-1-1");
        assertThat(offer.get("tracks").findValuesAsText("kind")).containsExactly("audio", "video");
        assertThat(sendingSsrcs(offer)).containsExactly((long) DAVE_AUDIO, (long) DAVE_VIDEO);
        assertThat(offer.get("sdp").asText()).contains("a=msid:dave agent-b~dave-1-1").contains("cname:cname-dave");
        assertThat(dave).allSatisfy(t -> assertThat(t.producer().consumers()).isEmpty());

        alice.settle(2);
        await().until(() -> dave.stream().allMatch(t -> t.producer().consumers().length == 1));
        assertThat(dave.getFirst().producer().consumers()[0].transport().router()).isSameAs(link.transport.router());
    }

    @Test
    void aParticipantJoiningLaterIsOfferedRelayedAndLocalTracksAlike() {
        FakeLink link = new FakeLink("conf");
        media.offerRelayedTracks("conf", "agent-b", daveFrom(link));
        TestBrowser alice = TestBrowser.publishing(rooms, "conf", "alice", 1);
        await().until(() -> alice.last("subscribe-offer") != null);
        assertThat(participantsOf(alice.last("subscribe-offer"))).containsExactly("dave", "dave");

        TestBrowser bob = TestBrowser.publishing(rooms, "conf", "bob", 2);
        await().until(() -> bob.last("subscribe-offer") != null && bob.last("subscribe-offer").get("tracks").size() == 4);
        assertThat(participantsOf(bob.last("subscribe-offer"))).containsExactlyInAnyOrder("alice", "alice", "dave", "dave");
        // the roster stays this agent's own participants; remote ones show up through their tracks
        assertThat(bob.last("participants").get("participants")).extracting(JsonNode::asText).containsExactly("alice", "bob");
    }

    @Test
    void withdrawingRelayedTracksRemovesThemFromSubscribersByRenegotiation() {
        TestBrowser alice = TestBrowser.publishing(rooms, "conf", "alice", 1);
        FakeLink link = new FakeLink("conf");
        List<ConferenceMedia.RelayedTrack> dave = daveFrom(link);
        media.offerRelayedTracks("conf", "agent-b", dave);
        alice.settle(2);
        await().until(() -> dave.stream().allMatch(t -> t.producer().consumers().length == 1));

        media.offerRelayedTracks("conf", "agent-b", List.of(dave.getFirst()));
        await().until(() -> alice.last("subscribe-offer").get("tracks").size() == 1);
        assertThat(alice.last("subscribe-offer").get("tracks").findValuesAsText("producerId"))
                .containsExactly("agent-b~dave-1-0");
        assertThat(dave.get(1).producer().consumers()).isEmpty();
        alice.answerLatestOffer();

        media.offerRelayedTracks("conf", "agent-b", List.of());
        await().until(() -> alice.last("subscribe-offer").get("tracks").isEmpty());
        assertThat(sendingSsrcs(alice.last("subscribe-offer"))).isEmpty();
        assertThat(dave.getFirst().producer().consumers()).isEmpty();
    }

    @Test
    void aRelayedStreamWhoseProducerWasReplacedIsRenegotiatedUnderANewId() {
        TestBrowser alice = TestBrowser.publishing(rooms, "conf", "alice", 1);
        FakeLink link = new FakeLink("conf");
        ConferenceMedia.RelayedTrack first = link.relay("dave-1-0", "dave", ProducerSpec.audio("0", DAVE_AUDIO, 111, 4));
        media.offerRelayedTracks("conf", "agent-b", List.of(first));
        alice.settle(1);
        await().until(() -> first.producer().consumers().length == 1);

        link.transport.router().removeProducer(first.producer());
        ConferenceMedia.RelayedTrack second = link.relay("dave-1-0", "dave", ProducerSpec.audio("0", DAVE_AUDIO, 111, 4));
        media.offerRelayedTracks("conf", "agent-b", List.of(second));
        await().until(() -> alice.last("subscribe-offer").get("revision").asLong() > 1);
        JsonNode offer = alice.last("subscribe-offer");
        assertThat(offer.get("tracks").findValuesAsText("producerId")).singleElement()
                .isNotEqualTo("agent-b~dave-1-0").asString().startsWith("agent-b~dave-1-0");
        alice.answerLatestOffer();
        await().until(() -> second.producer().consumers().length == 1);
    }

    @Test
    void localTracksListPublishedTracksWithTheirProducersButNeverRelayedOnes() {
        TestBrowser.publishing(rooms, "conf", "alice", 1);
        FakeLink link = new FakeLink("conf");
        media.offerRelayedTracks("conf", "agent-b", daveFrom(link));

        List<ConferenceMedia.LocalTrack> local = media.localTracks("conf");
        assertThat(local).extracting(t -> t.track().participantId()).containsExactly("alice", "alice");
        assertThat(local).extracting(t -> t.track().producerId()).containsExactly("alice-1-0", "alice-1-1");
        assertThat(local).extracting(t -> t.producer().ssrc()).containsExactly(1001, 2001);
        assertThat(local).allSatisfy(t -> {
            assertThat(t.producer().closed()).isFalse();
            assertThat(t.producer().transport()).isNotSameAs(link.transport);
            assertThat(t.track().spec()).isEqualTo(t.producer().spec());
            assertThat(t.track().cname()).isNotBlank();
        });
        assertThat(local.get(0).track().codec().name()).isEqualToIgnoringCase("opus");
        assertThat(media.localTracks("elsewhere")).isEmpty();
    }

    @Test
    void aParticipantIsNeverOfferedItsOwnStreamsRelayedBack() {
        TestBrowser alice = TestBrowser.publishing(rooms, "conf", "alice", 1);
        TestBrowser bob = TestBrowser.publishing(rooms, "conf", "bob", 2);
        alice.settle(2);
        bob.settle(2);
        FakeLink link = new FakeLink("conf");
        media.offerRelayedTracks("conf", "agent-b",
                List.of(link.relay("alice-9-0", "alice", ProducerSpec.audio("0", DAVE_AUDIO, 111, 4))));
        await().until(() -> bob.last("subscribe-offer").get("tracks").size() == 3);
        assertThat(bob.last("subscribe-offer").get("tracks").findValuesAsText("producerId")).contains("agent-b~alice-9-0");
        // alice's session sees no change at all: no offer beyond the one carrying bob's tracks
        assertThat(alice.ofType("subscribe-offer")).hasSize(1);
        assertThat(alice.last("subscribe-offer").get("tracks").findValuesAsText("participantId")).containsOnly("bob");
    }

    @Test
    void theRouterSurvivesTheLastLocalLeaveWhileTheRelayUsesItAndGoesOnceBothAreGone() {
        TestBrowser alice = TestBrowser.publishing(rooms, "conf", "alice", 1);
        Router router = media.existingRouter("conf");
        assertThat(router).isNotNull();
        FakeLink link = new FakeLink("conf");
        assertThat(link.transport.router()).isSameAs(router);

        alice.peer.receive(TestBrowser.message("leave"));
        await().until(() -> events.contains("left alice"));
        assertThat(media.existingRouter("conf")).isSameAs(router);
        assertThat(router.transports()).containsExactly(link.transport);

        link.close("conf");
        assertThat(media.existingRouter("conf")).isNull();
        assertThat(routers.all()).isEmpty();
    }

    @Test
    void theRouterSurvivesTheRelayLeavingWhileAParticipantUsesItAndGoesWithTheLastLeave() {
        FakeLink link = new FakeLink("conf");
        Router router = media.existingRouter("conf");
        TestBrowser alice = TestBrowser.publishing(rooms, "conf", "alice", 1);
        assertThat(media.existingRouter("conf")).isSameAs(router);

        link.close("conf");
        assertThat(media.existingRouter("conf")).isSameAs(router);
        assertThat(media.localTracks("conf")).hasSize(2);

        alice.peer.receive(TestBrowser.message("leave"));
        await().until(() -> events.contains("left alice"));
        assertThat(media.existingRouter("conf")).isNull();
    }

    @Test
    void aLinkMayTakeTheRouterBeforeAnyParticipantAndReleaseItUnused() {
        assertThat(media.existingRouter("conf")).isNull();
        Router router = media.router("conf");
        assertThat(media.router("conf")).isSameAs(router);
        assertThat(rooms.conferences()).isZero();
        assertThat(rooms.participants("conf")).isEmpty();
        media.routerUnused("conf");
        assertThat(media.existingRouter("conf")).isNull();
        media.routerUnused("conf"); // idempotent
        media.offerRelayedTracks("conf", "agent-b", List.of()); // nothing to withdraw: no room is created
        assertThat(media.existingRouter("conf")).isNull();
    }

    @Test
    void theListenerFiresWhenALocalParticipantPublishesOrLeaves() {
        List<String> changes = new CopyOnWriteArrayList<>();
        media.setLocalTracksListener(changes::add);
        TestBrowser alice = TestBrowser.publishing(rooms, "conf", "alice", 1);
        await().until(() -> changes.size() == 1);
        assertThat(changes).containsExactly("conf");

        FakeLink link = new FakeLink("other");
        media.offerRelayedTracks("other", "agent-b", daveFrom(link));
        TestBrowser bob = new TestBrowser(rooms).join("conf", "bob");
        await().until(() -> bob.last("subscribe-offer") != null);
        assertThat(changes).as("relayed tracks and a join without tracks change no local track").hasSize(1);

        alice.peer.receive(TestBrowser.message("leave"));
        await().until(() -> changes.size() == 2);
        assertThat(changes).containsExactly("conf", "conf");
        assertThat(media.localTracks("conf")).isEmpty();
    }
}
