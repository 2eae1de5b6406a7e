package io.meridian.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.meridian.agent.report.CpuSource;
import io.meridian.agent.report.HostingRegistry;
import io.meridian.agent.report.LoadLimits;
import io.meridian.agent.report.LoadMeter;
import io.meridian.agent.report.PeerRtts;
import io.meridian.agent.report.TrafficCounters;
import io.meridian.agent.token.JoinTokenVerifier;
import io.meridian.proto.agent.v1.AgentMessage;
import io.meridian.proto.agent.v1.CloseRelay;
import io.meridian.proto.agent.v1.CommandAck;
import io.meridian.proto.agent.v1.ControllerMessage;
import io.meridian.proto.agent.v1.Drain;
import io.meridian.proto.agent.v1.RemoveParticipant;
import io.meridian.proto.agent.v1.Undrain;
import io.meridian.proto.agent.v1.Hello;
import io.meridian.proto.agent.v1.HostedConference;
import io.meridian.proto.agent.v1.LoadReport;
import io.meridian.proto.agent.v1.OpenRelay;
import io.meridian.proto.agent.v1.ParticipantJoined;
import io.meridian.proto.agent.v1.ParticipantLeft;
import io.meridian.proto.agent.v1.SrtpKey;
import io.meridian.proto.agent.v1.UdpAddress;
import io.meridian.proto.agent.v1.Welcome;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ControllerLinkTest {

    private static final int REPORT_MS = 50;
    private static final Announcement ANNOUNCEMENT = new Announcement("agent-a", "eu-west-1",
            "ws://127.0.0.1:8081/signaling", "127.0.0.1", 10000, "127.0.0.1", 10001, 100, "0.1.0-test");
    private static final LinkTimings FAST = new LinkTimings(Duration.ofSeconds(1), Duration.ofMillis(10),
            Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5));

    private final String name = InProcessServerBuilder.generateName();
    private final HostingRegistry hosting = new HostingRegistry();
    private final List<String> removed = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Sessions sessions = (conference, participant) -> {
        removed.add(conference + "/" + participant);
        return RelayCommands.CommandResult.done();
    };
    private final JoinTokenVerifier verifier =
            new JoinTokenVerifier("agent-a", Clock.systemUTC(), Duration.ofSeconds(5));
    private FakeController controller;
    private ControllerLinks link;
    private byte[] tokenKey;

    @BeforeEach
    void setUp() throws Exception {
        tokenKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        controller = new FakeController(Welcome.newBuilder()
                .setReportIntervalMs(REPORT_MS)
                .setTokenPublicKey(ByteString.copyFrom(tokenKey))
                .setTokenAlgorithm("EdDSA")
                .setTokenIssuer("meridian")
                .setControllerVersion("test")
                .build());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (link != null) {
            link.stop(Duration.ofSeconds(1));
        }
        controller.shutdown();
    }

    private ControllerLinks newLink(LinkTimings timings, RelayCommands relays) {
        CpuSource idle = new CpuSource() {
            @Override
            public long processCpuNanos() {
                return 0;
            }

            @Override
            public int processors() {
                return 1;
            }
        };
        LoadMeter meter = new LoadMeter(new TrafficCounters(), idle, hosting, new PeerRtts(),
                new LoadLimits(0.8, 1000, 10), System::nanoTime);
        link = new ControllerLinks(true, ControllerLinks.single(name,
                () -> InProcessChannelBuilder.forName(name).directExecutor().build()), Duration.ofSeconds(30),
                Optional.of("fleet-secret"), ANNOUNCEMENT, timings, hosting, meter, verifier, relays, sessions,
                new SplittableRandom(7));
        return link;
    }

    private ControllerLinks startedLink() throws Exception {
        controller.start(name);
        newLink(FAST, new UnsupportedRelayCommands()).start();
        return link;
    }

    @Test
    void sendsHelloFirstWithItsAddressesCapacityAndTheFleetToken() throws Exception {
        hosting.add("conf-1", "p1", "token-p1");
        startedLink();

        FakeController.Connection connection = controller.nextConnection();
        AgentMessage first = connection.next();

        assertThat(connection.authorization).isEqualTo("Bearer fleet-secret");
        assertThat(first.getHello()).isEqualTo(Hello.newBuilder()
                .setAgentId("agent-a")
                .setRegion("eu-west-1")
                .setSignalingUrl("ws://127.0.0.1:8081/signaling")
                .setMediaAddress(UdpAddress.newBuilder().setHost("127.0.0.1").setPort(10000))
                .setRelayAddress(UdpAddress.newBuilder().setHost("127.0.0.1").setPort(10001))
                .setCapacityParticipants(100)
                .setVersion("0.1.0-test")
                .addHosted(HostedConference.newBuilder().setConferenceId("conf-1").addParticipants(io.meridian.proto.agent.v1.HostedParticipant.newBuilder().setParticipantId("p1").setJoinToken("token-p1")))
                .build());
    }

    @Test
    void installsTheJoinTokenKeyFromWelcome() throws Exception {
        startedLink();
        controller.nextConnection().next();

        waitUntil(() -> link.isConnected());
        assertThat(verifier.hasKey()).isTrue();
    }

    @Test
    void reportsLoadAtTheWelcomeIntervalWithIncreasingSequence() throws Exception {
        hosting.add("conf-1", "p1", "token-p1");
        hosting.add("conf-1", "p2", "token-p2");
        startedLink();
        FakeController.Connection connection = controller.nextConnection();
        assertThat(connection.next().hasHello()).isTrue();

        List<LoadReport> reports = new ArrayList<>();
        List<Long> arrivals = new ArrayList<>();
        while (reports.size() < 5) {
            AgentMessage message = connection.next();
            assertThat(message.hasLoadReport()).as("only reports follow Hello here").isTrue();
            reports.add(message.getLoadReport());
            arrivals.add(System.nanoTime());
        }

        assertThat(reports).extracting(LoadReport::getSequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(reports).allSatisfy(report -> {
            assertThat(report.getParticipants()).isEqualTo(2);
            assertThat(report.getStress()).isEqualTo(0.2);
            assertThat(report.getConferencesList()).singleElement()
                    .satisfies(c -> assertThat(c.getParticipants()).isEqualTo(2));
        });
        long spanMillis = TimeUnit.NANOSECONDS.toMillis(arrivals.get(4) - arrivals.get(0));
        assertThat(spanMillis).as("four intervals between five reports").isGreaterThanOrEqualTo(4 * REPORT_MS * 8 / 10);
    }

    @Test
    void reconnectsAfterTheControllerDropsTheStreamAndReannouncesHostedConferences() throws Exception {
        startedLink();
        FakeController.Connection first = controller.nextConnection();
        assertThat(first.next().getHello().getHostedList()).isEmpty();
        waitUntil(() -> link.isConnected());

        hosting.add("conf-1", "p1", "token-p1");
        link.participantJoined("conf-1", "p1", "token-p1");
        assertThat(first.nextNonReport().getParticipantJoined())
                .isEqualTo(ParticipantJoined.newBuilder().setConferenceId("conf-1").setParticipantId("p1")
                        .setJoinToken("token-p1").build());
        while (first.next().getLoadReport().getSequence() < 2) {
            // let the first session report a little
        }

        first.drop(Status.UNAVAILABLE.withDescription("controller restarting"));
        FakeController.Connection second = controller.nextConnection();
        AgentMessage hello = second.next();

        assertThat(hello.getHello().getHostedList()).containsExactly(
                HostedConference.newBuilder().setConferenceId("conf-1").addParticipants(io.meridian.proto.agent.v1.HostedParticipant.newBuilder().setParticipantId("p1").setJoinToken("token-p1")).build());
        assertThat(second.next().getLoadReport().getSequence()).as("sequence restarts per session").isEqualTo(1);
        assertThat(first.endedByAgent).isNotDone();
    }

    @Test
    void supersedesEventsRaisedWhileDisconnectedByTheNextHello() throws Exception {
        controller.start(name);
        // A reconnect delay well beyond the few microseconds the events below take to raise.
        newLink(new LinkTimings(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofSeconds(5)), new UnsupportedRelayCommands()).start();
        FakeController.Connection first = controller.nextConnection();
        first.next();
        waitUntil(() -> link.isConnected());
        controller.answerHello = false;

        first.drop(Status.UNAVAILABLE);
        waitUntil(() -> !link.isConnected());
        hosting.add("conf-1", "p1", "token-p1");
        link.participantJoined("conf-1", "p1", "token-p1");
        hosting.add("conf-1", "p2", "token-p2");
        link.participantJoined("conf-1", "p2", "token-p2");
        hosting.remove("conf-1", "p2");
        link.participantLeft("conf-1", "p2", LeaveReason.CLOSED);

        FakeController.Connection second = controller.nextConnection();
        assertThat(second.next().getHello().getHostedList()).containsExactly(
                HostedConference.newBuilder().setConferenceId("conf-1").addParticipants(io.meridian.proto.agent.v1.HostedParticipant.newBuilder().setParticipantId("p1").setJoinToken("token-p1")).build());
        link.participantLeft("conf-1", "p1", LeaveReason.TIMEOUT);
        second.send(ControllerMessage.newBuilder().setWelcome(controller.welcome).build());

        assertThat(second.nextNonReport().getParticipantLeft()).as("only the event raised after Hello")
                .isEqualTo(ParticipantLeft.newBuilder().setConferenceId("conf-1").setParticipantId("p1")
                        .setReason(io.meridian.proto.agent.v1.LeaveReason.LEAVE_REASON_TIMEOUT).build());
    }

    @Test
    void acknowledgesDrainAndStopsAdmitting() throws Exception {
        startedLink();
        FakeController.Connection connection = controller.nextConnection();
        connection.next();
        assertThat(link.isDraining()).isFalse();

        connection.send(ControllerMessage.newBuilder().setDrain(Drain.newBuilder().setCommandId(41)).build());

        assertThat(connection.nextNonReport().getCommandAck())
                .isEqualTo(CommandAck.newBuilder().setCommandId(41).setOk(true).build());
        assertThat(link.isDraining()).isTrue();

        connection.send(ControllerMessage.newBuilder().setUndrain(Undrain.newBuilder().setCommandId(42)).build());

        assertThat(connection.nextNonReport().getCommandAck())
                .isEqualTo(CommandAck.newBuilder().setCommandId(42).setOk(true).build());
        assertThat(link.isDraining()).isFalse();
    }

    @Test
    void removesAParticipantWhenTheControllerSaysSoAndAcknowledges() throws Exception {
        startedLink();
        FakeController.Connection connection = controller.nextConnection();
        connection.next();

        connection.send(ControllerMessage.newBuilder().setRemoveParticipant(RemoveParticipant.newBuilder()
                .setCommandId(43).setConferenceId("conf-1").setParticipantId("mallory")).build());

        assertThat(connection.nextNonReport().getCommandAck())
                .isEqualTo(CommandAck.newBuilder().setCommandId(43).setOk(true).build());
        assertThat(removed).containsExactly("conf-1/mallory");
    }

    @Test
    void refusesRelayCommandsUntilRelaysAreSupported() throws Exception {
        startedLink();
        FakeController.Connection connection = controller.nextConnection();
        connection.next();

        connection.send(ControllerMessage.newBuilder().setOpenRelay(OpenRelay.newBuilder().setCommandId(7)).build());
        connection.send(ControllerMessage.newBuilder().setCloseRelay(CloseRelay.newBuilder().setCommandId(8)).build());

        assertThat(connection.nextNonReport().getCommandAck()).isEqualTo(CommandAck.newBuilder()
                .setCommandId(7).setOk(false).setError("relays not supported yet").build());
        assertThat(connection.nextNonReport().getCommandAck()).isEqualTo(CommandAck.newBuilder()
                .setCommandId(8).setOk(false).setError("relays not supported yet").build());
    }

    @Test
    void handsRelayCommandsToThePluggedRelaySideAndAcknowledgesItsResult() throws Exception {
        AtomicReference<RelayCommands.OpenRelayCommand> opened = new AtomicReference<>();
        controller.start(name);
        newLink(FAST, new RelayCommands() {
            @Override
            public CommandResult open(OpenRelayCommand command) {
                opened.set(command);
                return CommandResult.done();
            }

            @Override
            public CommandResult close(CloseRelayCommand command) {
                throw new IllegalStateException("no such relay");
            }
        }).start();
        FakeController.Connection connection = controller.nextConnection();
        connection.next();

        connection.send(ControllerMessage.newBuilder().setOpenRelay(OpenRelay.newBuilder()
                .setCommandId(9).setConferenceId("conf-1").setPeerAgentId("agent-b")
                .setPeerRelayAddress(UdpAddress.newBuilder().setHost("10.0.0.2").setPort(10001))
                .setSendKey(SrtpKey.newBuilder().setProfile("AEAD_AES_128_GCM")
                        .setMasterKey(ByteString.copyFrom(new byte[16]))
                        .setMasterSalt(ByteString.copyFrom(new byte[12])))
                .setReceiveKey(SrtpKey.newBuilder().setProfile("AEAD_AES_128_GCM"))).build());
        connection.send(ControllerMessage.newBuilder().setCloseRelay(CloseRelay.newBuilder()
                .setCommandId(10).setConferenceId("conf-1").setPeerAgentId("agent-b")).build());

        assertThat(connection.nextNonReport().getCommandAck())
                .isEqualTo(CommandAck.newBuilder().setCommandId(9).setOk(true).build());
        assertThat(connection.nextNonReport().getCommandAck()).isEqualTo(CommandAck.newBuilder()
                .setCommandId(10).setOk(false).setError("no such relay").build());
        assertThat(opened.get().peerRelayAddress()).isEqualTo(new RelayCommands.UdpEndpoint("10.0.0.2", 10001));
        assertThat(opened.get().sendKey().masterSalt()).hasSize(12);
    }

    @Test
    void abandonsASessionWithoutWelcomeAndTriesAgain() throws Exception {
        controller.answerHello = false;
        controller.start(name);
        newLink(new LinkTimings(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofMillis(100), Duration.ofMillis(200)), new UnsupportedRelayCommands()).start();

        FakeController.Connection first = controller.nextConnection();
        assertThat(first.next().hasHello()).isTrue();
        FakeController.Connection second = controller.nextConnection();

        assertThat(first.endedByAgent.get(5, TimeUnit.SECONDS)).isEqualTo("CANCELLED");
        assertThat(second.next().hasHello()).isTrue();
    }

    @Test
    void connectsOnceTheControllerComesUp() throws Exception {
        newLink(FAST, new UnsupportedRelayCommands()).start();
        Thread.sleep(300);
        assertThat(link.isConnected()).isFalse();

        controller.start(name);

        assertThat(controller.nextConnection().next().hasHello()).isTrue();
        waitUntil(() -> link.isConnected());
    }

    @Test
    void endsTheStreamWithAHalfCloseOnStop() throws Exception {
        startedLink();
        FakeController.Connection connection = controller.nextConnection();
        connection.next();
        waitUntil(() -> link.isConnected());

        link.stop(Duration.ofSeconds(2));

        assertThat(connection.endedByAgent.get(5, TimeUnit.SECONDS)).isEqualTo("completed");
        assertThat(link.isConnected()).isFalse();
        assertThat(controller.connections).as("no reconnect after stop").isEmpty();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
