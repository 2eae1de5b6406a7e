package io.meridian.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
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
import io.meridian.proto.agent.v1.CommandAck;
import io.meridian.proto.agent.v1.ControllerMessage;
import io.meridian.proto.agent.v1.Drain;
import io.meridian.proto.agent.v1.ParticipantJoined;
import io.meridian.proto.agent.v1.RemoveParticipant;
import io.meridian.proto.agent.v1.Welcome;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The agent keeps one stream to every controller replica (two in-process servers here). */
@Timeout(60)
class ControllerLinksReplicasTest {

    private static final Announcement ANNOUNCEMENT = new Announcement("agent-a", "eu-west-1",
            "ws://127.0.0.1:8081/signaling", "127.0.0.1", 10000, "127.0.0.1", 10001, 100, "0.1.0-test");
    private static final LinkTimings FAST = new LinkTimings(Duration.ofSeconds(1), Duration.ofMillis(10),
            Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5));

    private final String nameA = InProcessServerBuilder.generateName();
    private final String nameB = InProcessServerBuilder.generateName();
    private final HostingRegistry hosting = new HostingRegistry();
    /** Who is still hosted: removal takes effect once, whoever asks. */
    private final Set<String> present = ConcurrentHashMap.newKeySet();
    private final List<String> removals = new CopyOnWriteArrayList<>();
    private final Sessions sessions = (conference, participant) -> {
        if (present.remove(conference + "/" + participant)) {
            removals.add(conference + "/" + participant);
        }
        return RelayCommands.CommandResult.done();
    };
    private final JoinTokenVerifier verifier =
            new JoinTokenVerifier("agent-a", Clock.systemUTC(), Duration.ofSeconds(5));
    /** The replicas the "DNS" lists right now. */
    private final Map<String, Supplier<ManagedChannel>> listed = new ConcurrentHashMap<>();
    private FakeController a;
    private FakeController b;
    private ControllerLinks links;

    @BeforeEach
    void setUp() throws Exception {
        a = new FakeController(welcome()).start(nameA);
        b = new FakeController(welcome()).start(nameB);
        listed.put(nameA, () -> InProcessChannelBuilder.forName(nameA).directExecutor().build());
        listed.put(nameB, () -> InProcessChannelBuilder.forName(nameB).directExecutor().build());
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
        links = new ControllerLinks(true, () -> Map.copyOf(listed), Duration.ofMillis(50), Optional.of("cred"),
                ANNOUNCEMENT, FAST, hosting, meter, verifier, new UnsupportedRelayCommands(), sessions,
                new SplittableRandom(3));
    }

    @AfterEach
    void tearDown() throws Exception {
        links.stop(Duration.ofSeconds(1));
        a.shutdown();
        b.shutdown();
    }

    private static Welcome welcome() throws Exception {
        return Welcome.newBuilder()
                .setReportIntervalMs(50)
                .setTokenPublicKey(ByteString.copyFrom(
                        KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded()))
                .setTokenAlgorithm("EdDSA")
                .setTokenIssuer("meridian")
                .setControllerVersion("test")
                .build();
    }

    @Test
    void saysHelloAndReportsToEveryReplica() throws Exception {
        hosting.add("conf-1", "p1", "token-p1");
        links.start();

        for (FakeController replica : List.of(a, b)) {
            FakeController.Connection connection = replica.nextConnection();
            AgentMessage hello = connection.next();
            assertThat(connection.authorization).isEqualTo("Bearer cred");
            assertThat(hello.getHello().getAgentId()).isEqualTo("agent-a");
            assertThat(hello.getHello().getHostedList()).singleElement()
                    .satisfies(c -> assertThat(c.getParticipants(0).getJoinToken()).isEqualTo("token-p1"));
            assertThat(connection.next().getLoadReport().getSequence()).isEqualTo(1);
            assertThat(connection.next().getLoadReport().getSequence()).isEqualTo(2);
        }
        waitUntil(() -> links.connectedReplicas().size() == 2);
    }

    @Test
    void sendsEachParticipantEventToEveryReplica() throws Exception {
        links.start();
        FakeController.Connection toA = a.nextConnection();
        FakeController.Connection toB = b.nextConnection();
        toA.next();
        toB.next();
        waitUntil(() -> links.connectedReplicas().size() == 2);

        links.participantJoined("conf-1", "p1", "token-p1");

        ParticipantJoined expected = ParticipantJoined.newBuilder().setConferenceId("conf-1")
                .setParticipantId("p1").setJoinToken("token-p1").build();
        assertThat(toA.nextNonReport().getParticipantJoined()).isEqualTo(expected);
        assertThat(toB.nextNonReport().getParticipantJoined()).isEqualTo(expected);
    }

    @Test
    void appliesACommandFromEitherReplicaOnceAndAcknowledgesBoth() throws Exception {
        present.add("conf-1/mallory");
        links.start();
        FakeController.Connection toA = a.nextConnection();
        FakeController.Connection toB = b.nextConnection();
        toA.next();
        toB.next();

        ControllerMessage remove = ControllerMessage.newBuilder().setRemoveParticipant(RemoveParticipant
                .newBuilder().setCommandId(5).setConferenceId("conf-1").setParticipantId("mallory")).build();
        toA.send(remove);
        toB.send(remove);
        toB.send(ControllerMessage.newBuilder().setDrain(Drain.newBuilder().setCommandId(6)).build());
        toA.send(ControllerMessage.newBuilder().setDrain(Drain.newBuilder().setCommandId(7)).build());

        CommandAck removed = CommandAck.newBuilder().setCommandId(5).setOk(true).build();
        assertThat(toA.nextNonReport().getCommandAck()).isEqualTo(removed);
        assertThat(toB.nextNonReport().getCommandAck()).isEqualTo(removed);
        assertThat(toB.nextNonReport().getCommandAck()).isEqualTo(CommandAck.newBuilder().setCommandId(6).setOk(true)
                .build());
        assertThat(toA.nextNonReport().getCommandAck()).isEqualTo(CommandAck.newBuilder().setCommandId(7).setOk(true)
                .build());
        assertThat(removals).containsExactly("conf-1/mallory");
        assertThat(links.isDraining()).isTrue();
    }

    @Test
    void closesTheLinkOfAReplicaNoLongerListedAndKeepsTheOther() throws Exception {
        links.start();
        FakeController.Connection toA = a.nextConnection();
        FakeController.Connection toB = b.nextConnection();
        toA.next();
        toB.next();
        waitUntil(() -> links.connectedReplicas().size() == 2);

        listed.remove(nameB);

        assertThat(toB.endedByAgent.get(10, TimeUnit.SECONDS)).isEqualTo("completed");
        waitUntil(() -> links.replicas().equals(List.of(nameA)));
        assertThat(links.isConnected()).isTrue();
        assertThat(toA.endedByAgent).isNotDone();
        long before = toA.next().getLoadReport().getSequence();
        assertThat(toA.next().getLoadReport().getSequence()).as("A keeps reporting").isGreaterThan(before);
    }

    @Test
    void opensALinkToAReplicaThatAppears() throws Exception {
        listed.remove(nameB);
        links.start();
        a.nextConnection().next();

        listed.put(nameB, () -> InProcessChannelBuilder.forName(nameB).directExecutor().build());

        assertThat(b.nextConnection().next().hasHello()).isTrue();
        waitUntil(() -> links.connectedReplicas().size() == 2);
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
