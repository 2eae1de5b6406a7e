package io.meridian.agent.signaling;

import io.meridian.agent.abuse.Refusals;
import io.meridian.agent.control.LeaveReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.agent.report.TrafficCounters;
import io.meridian.agent.sdp.MediaSection;
import io.meridian.agent.sdp.PublishedMedia;
import io.meridian.agent.sdp.SdpParser;
import io.meridian.agent.sdp.SessionDescription;
import io.meridian.agent.sfu.Producer;
import io.meridian.agent.sfu.Router;
import io.meridian.agent.sfu.Routers;
import io.meridian.agent.transport.MediaPlane;
import io.meridian.agent.transport.WebRtcTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RoomsTest {
    private final MediaPlane plane = MediaPlane.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            "127.0.0.1", Duration.ofSeconds(5), Duration.ofSeconds(30), new TrafficCounters());
    private final RecordingForwarding forwarding = new RecordingForwarding();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Rooms rooms = new Rooms(plane, forwarding, new ParticipantEvents() {
        @Override
        public void joined(String conferenceId, String participantId, String joinToken) {
            events.add("joined " + conferenceId + "/" + participantId);
        }

        @Override
        public void left(String conferenceId, String participantId, LeaveReason reason) {
            events.add("left " + conferenceId + "/" + participantId + (reason == LeaveReason.ERROR ? " (error)" : reason == LeaveReason.REMOVED ? " (removed)" : ""));
        }
    }, Executors.newVirtualThreadPerTaskExecutor(), Refusals.standalone(), Duration.ofSeconds(20));

    @AfterEach
    void closePlane() {
        plane.close();
    }

    private TestBrowser publishing(String conference, String participant, int n) {
        return TestBrowser.publishing(rooms, conference, participant, n);
    }

    private static String message(String type, Object... fields) {
        return TestBrowser.message(type, fields);
    }

    private static String offerOf(int participant) {
        return TestBrowser.offerOf(participant);
    }

    @Test
    void welcomesAndAnswersAPublisherAndRegistersItsTracksAsProducers() {
        TestBrowser alice = publishing("conf", "alice", 1);
        assertThat(alice.received.getFirst().get("type").asText()).isEqualTo("welcome");
        assertThat(alice.received.getFirst().get("participantId").asText()).isEqualTo("alice");
        SessionDescription answer = SdpParser.parse(alice.last("publish-answer").get("sdp").asText());
        assertThat(answer.iceLite()).isTrue();
        assertThat(answer.transportSetup()).isEqualTo("passive");
        assertThat(forwarding.calls).containsExactly("producer conf alice-1-0 audio 1001", "producer conf alice-1-1 video 2001");
        assertThat(events).containsExactly("joined conf/alice");
        assertThat(alice.ofType("subscribe-offer")).isEmpty();
    }

    @Test
    void offersEveryoneElsesTracksAndForwardsThemOnceAnswered() {
        TestBrowser alice = publishing("conf", "alice", 1);
        TestBrowser bob = publishing("conf", "bob", 2);
        await().until(() -> bob.last("subscribe-offer") != null && alice.last("subscribe-offer") != null);

        JsonNode offer = bob.last("subscribe-offer");
        assertThat(offer.get("tracks")).extracting(t -> t.get("participantId").asText()).containsOnly("alice");
        SessionDescription sd = SdpParser.parse(offer.get("sdp").asText());
        assertThat(sd.media()).extracting(MediaSection::primarySsrc).containsExactly(1001L, 2001L);
        assertThat(forwarding.calls).noneMatch(c -> c.startsWith("consumer"));

        bob.answerLatestOffer();
        alice.answerLatestOffer();
        await().until(() -> forwarding.calls.stream().filter(c -> c.startsWith("consumer")).count() == 4);
        assertThat(forwarding.calls).contains("consumer conf alice-1-0 bob", "consumer conf alice-1-1 bob",
                "consumer conf bob-2-0 alice", "consumer conf bob-2-1 alice");
        assertThat(bob.last("participants").get("participants")).extracting(JsonNode::asText)
                .containsExactly("alice", "bob");
    }

    @Test
    void aLeaverIsRemovedFromEverySubscriberByRenegotiation() {
        TestBrowser alice = publishing("conf", "alice", 1);
        TestBrowser bob = publishing("conf", "bob", 2);
        TestBrowser carol = publishing("conf", "carol", 3);
        for (TestBrowser b : List.of(alice, bob, carol)) {
            b.settle(4);
        }
        await().until(() -> forwarding.calls.stream().filter(c -> c.startsWith("consumer")).count() == 12);

        alice.peer.receive(message("leave"));
        await().until(() -> alice.closeCode == CloseCodes.NORMAL);
        await().until(() -> bob.last("subscribe-offer").get("tracks").size() == 2
                && carol.last("subscribe-offer").get("tracks").size() == 2);
        assertThat(forwarding.calls).contains("detach conf conf/alice/1/pub", "detach conf conf/alice/1/sub",
                "unconsumer conf alice-1-0 bob", "unconsumer conf alice-1-1 carol");
        SessionDescription next = SdpParser.parse(bob.last("subscribe-offer").get("sdp").asText());
        assertThat(next.media().stream().filter(m -> m.direction().sends())).hasSize(2);
        assertThat(events).contains("left conf/alice");
        await().until(() -> bob.last("participants").get("participants").size() == 2);
    }

    @Test
    void aMalformedMessageClosesOnlyThatSessionWithAReason() {
        TestBrowser alice = publishing("conf", "alice", 1);
        TestBrowser bob = publishing("conf", "bob", 2);
        bob.peer.receive("{this is not json");
        await().until(() -> bob.closeCode == CloseCodes.PROTOCOL_ERROR);
        assertThat(bob.closeReason).isEqualTo("message is not valid JSON");
        assertThat(bob.last("error").get("message").asText()).isEqualTo("message is not valid JSON");
        assertThat(events).contains("left conf/bob (error)");

        assertThat(alice.closeCode).isZero();
        assertThat(rooms.participants("conf")).containsExactly("alice");
        TestBrowser carol = publishing("conf", "carol", 3);
        await().until(() -> carol.last("subscribe-offer") != null);
        assertThat(carol.last("subscribe-offer").get("tracks")).extracting(t -> t.get("participantId").asText())
                .containsOnly("alice");
    }

    @Test
    void protocolViolationsCloseTheSessionWithAClearReason() {
        TestBrowser alice = publishing("conf", "alice", 1);
        alice.peer.receive(message("publish-offer", "sdp", offerOf(1)));
        await().until(() -> alice.closeCode == CloseCodes.PROTOCOL_ERROR);
        assertThat(alice.closeReason).isEqualTo("'publish-offer' may be sent once per session");

        TestBrowser bob = new TestBrowser(rooms).join("conf", "bob");
        bob.peer.receive(message("publish-offer", "sdp", "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"));
        await().until(() -> bob.closeCode == CloseCodes.PROTOCOL_ERROR);
        assertThat(bob.closeReason).startsWith("unusable SDP:");

        TestBrowser carol = new TestBrowser(rooms).join("conf", "carol");
        carol.peer.receive(message("subscribe-answer", "revision", 1, "sdp", "v=0"));
        await().until(() -> carol.closeCode == CloseCodes.PROTOCOL_ERROR);
        assertThat(carol.closeReason).isEqualTo("'subscribe-answer' without a 'subscribe-offer'");
        await().until(() -> plane.transports() == 0);
    }

    @Test
    void anOfferWithNothingToForwardIsAnsweredWithoutKeepingATransport() {
        String dataOnly = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
                + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n"
                + "a=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\n"
                + "a=fingerprint:sha-256 AA:BB\r\na=setup:actpass\r\na=mid:0\r\n";
        TestBrowser ivan = new TestBrowser(rooms).join("conf", "ivan");
        ivan.peer.receive(message("publish-offer", "sdp", dataOnly));
        await().until(() -> ivan.last("publish-answer") != null);
        assertThat(SdpParser.parse(ivan.last("publish-answer").get("sdp").asText()).section("0").rejected()).isTrue();
        assertThat(plane.transports()).isZero();
        assertThat(forwarding.calls).isEmpty();
        assertThat(ivan.closeCode).isZero();
    }

    @Test
    void aNewSessionOfTheSameParticipantReplacesTheOldOne() {
        TestBrowser first = publishing("conf", "alice", 1);
        TestBrowser second = publishing("conf", "alice", 4);
        await().until(() -> first.closeCode == CloseCodes.REPLACED);
        assertThat(events).containsExactly("joined conf/alice");
        assertThat(rooms.participants("conf")).containsExactly("alice");
        assertThat(second.closeCode).isZero();
    }

    /** Records what signaling asks of the forwarding core. */
    static final class RecordingForwarding implements Forwarding {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Routers routers = new Routers();

        @Override
        public boolean addProducer(String conferenceId, String producerId, WebRtcTransport publisher, PublishedMedia media) {
            calls.add("producer " + conferenceId + " " + producerId + " " + media.kind() + " " + media.ssrc());
            return true;
        }

        @Override
        public void addConsumer(String conferenceId, String producerId, WebRtcTransport subscriber, String mid) {
            calls.add("consumer " + conferenceId + " " + producerId + " " + ((Peer) subscriber.owner()).participantId());
        }

        @Override
        public void removeConsumer(String conferenceId, String producerId, WebRtcTransport subscriber) {
            calls.add("unconsumer " + conferenceId + " " + producerId + " " + ((Peer) subscriber.owner()).participantId());
        }

        @Override
        public void detach(String conferenceId, WebRtcTransport transport) {
            calls.add("detach " + conferenceId + " " + transport.name());
        }

        @Override
        public void conferenceEnded(String conferenceId) {
            calls.add("ended " + conferenceId);
            routers.remove(conferenceId);
        }

        @Override
        public Router router(String conferenceId) {
            return routers.getOrCreate(conferenceId);
        }

        @Override
        public Router existingRouter(String conferenceId) {
            return routers.get(conferenceId);
        }

        @Override
        public Producer producer(String producerId) {
            return null;
        }

        @Override
        public void relayedProducer(String producerId, Producer producer) {
            calls.add((producer == null ? "unrelayed " : "relayed ") + producerId);
        }
    }
}
