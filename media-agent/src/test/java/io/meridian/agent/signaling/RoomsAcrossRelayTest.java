package io.meridian.agent.signaling;

import io.meridian.agent.abuse.Refusals;
import io.meridian.agent.control.LeaveReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.agent.control.RelayCommands;
import io.meridian.agent.relay.ConferenceMedia;
import io.meridian.agent.relay.Relay;
import io.meridian.agent.relay.RelaySettings;
import io.meridian.agent.report.PeerRtts;
import io.meridian.agent.report.TrafficCounters;
import io.meridian.agent.sfu.Routers;
import io.meridian.agent.transport.MediaPlane;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two agents' rooms joined by a real relay link over loopback: each side's participants see the other's tracks. */
@Timeout(60)
class RoomsAcrossRelayTest {
    private static final RelaySettings FAST = new RelaySettings(Duration.ofMillis(5), Duration.ofMillis(100),
            Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMillis(50), 20, 4096, Duration.ofSeconds(2));

    /** One agent: its media plane, routers, rooms, the relay's view of them, and the relay. */
    private static final class Agent implements AutoCloseable {
        final String id;
        final MediaPlane plane = MediaPlane.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                "127.0.0.1", Duration.ofSeconds(5), Duration.ofSeconds(30), new TrafficCounters());
        final Routers routers = new Routers();
        final Rooms rooms = new Rooms(plane, new RouterForwarding(routers), new ParticipantEvents() {
            @Override
            public void joined(String conferenceId, String participantId, String joinToken) {
            }

            @Override
            public void left(String conferenceId, String participantId, LeaveReason reason) {
            }
        }, Executors.newVirtualThreadPerTaskExecutor(), Refusals.standalone(), Duration.ofSeconds(20));
        final ConferenceMedia media = new RoomsConferenceMedia(rooms);
        final Relay relay;

        Agent(String id) throws Exception {
            this.id = id;
            plane.setTicker(routers::tick);
            relay = Relay.start(id, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), FAST, media,
                    plane.socket()::execute, new PeerRtts(), new TrafficCounters());
        }

        RelayCommands.UdpEndpoint endpoint() {
            return new RelayCommands.UdpEndpoint("127.0.0.1", relay.localAddress().getPort());
        }

        @Override
        public void close() {
            relay.close();
            plane.close();
        }
    }

    private Agent a;
    private Agent b;

    @AfterEach
    void closeAgents() {
        for (Agent agent : new Agent[] {a, b}) {
            if (agent != null) {
                agent.close();
            }
        }
    }

    private static void link(String conferenceId, Agent a, Agent b) {
        RelayCommands.SrtpKeying ab = key();
        RelayCommands.SrtpKeying ba = key();
        assertThat(a.relay.open(new RelayCommands.OpenRelayCommand(conferenceId, b.id, b.endpoint(), ab, ba)).ok()).isTrue();
        assertThat(b.relay.open(new RelayCommands.OpenRelayCommand(conferenceId, a.id, a.endpoint(), ba, ab)).ok()).isTrue();
    }

    private static RelayCommands.SrtpKeying key() {
        SecureRandom random = new SecureRandom();
        byte[] k = new byte[16];
        byte[] s = new byte[12];
        random.nextBytes(k);
        random.nextBytes(s);
        return new RelayCommands.SrtpKeying("AEAD_AES_128_GCM", k, s);
    }

    private static List<String> producerIds(TestBrowser browser) {
        JsonNode offer = browser.last("subscribe-offer");
        return offer == null ? List.of() : offer.get("tracks").findValuesAsText("producerId");
    }

    @Test
    void participantsOnTwoAgentsAreOfferedEachOthersTracksAndLoseThemWhenOneLeaves() throws Exception {
        a = new Agent("agent-a");
        b = new Agent("agent-b");
        TestBrowser alice = TestBrowser.publishing(a.rooms, "conf", "alice", 1);
        link("conf", a, b);
        TestBrowser bob = TestBrowser.publishing(b.rooms, "conf", "bob", 2);

        await().until(() -> producerIds(bob).size() == 2);
        assertThat(producerIds(bob)).containsExactly("agent-a~alice-1-0", "agent-a~alice-1-1");
        assertThat(bob.last("subscribe-offer").get("tracks").findValuesAsText("participantId")).containsOnly("alice");
        await().until(() -> producerIds(alice).size() == 2);
        assertThat(producerIds(alice)).containsExactly("agent-b~bob-1-0", "agent-b~bob-1-1");
        alice.answerLatestOffer();
        bob.answerLatestOffer();

        // each side announces only its own participants' tracks: nothing comes back over the link
        assertThat(a.media.localTracks("conf")).extracting(t -> t.track().participantId()).containsOnly("alice");
        assertThat(b.media.localTracks("conf")).extracting(t -> t.track().participantId()).containsOnly("bob");

        alice.peer.receive(TestBrowser.message("leave"));
        await().until(() -> producerIds(bob).isEmpty());
        assertThat(a.media.existingRouter("conf")).as("the link still uses agent A's router").isNotNull();

        a.relay.close(new RelayCommands.CloseRelayCommand("conf", b.id));
        assertThat(a.media.existingRouter("conf")).isNull();
        assertThat(b.media.existingRouter("conf")).as("bob still uses agent B's router").isNotNull();
    }
}
