package io.meridian.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.meridian.agent.report.CpuSource;
import io.meridian.agent.report.HostingRegistry;
import io.meridian.agent.report.LoadLimits;
import io.meridian.agent.report.LoadMeter;
import io.meridian.agent.report.PeerRtts;
import io.meridian.agent.report.TrafficCounters;
import io.meridian.agent.token.JoinTokenVerifier;
import io.meridian.proto.agent.v1.AgentLinkGrpc;
import io.meridian.proto.agent.v1.AgentMessage;
import io.meridian.proto.agent.v1.ControllerMessage;
import io.meridian.proto.agent.v1.Welcome;
import java.net.InetSocketAddress;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The production channel (Netty, plaintext HTTP/2) against a controller on a loopback port. */
@Timeout(60)
class ControllerLinkOverTcpTest {

    @Test
    void talksToAControllerOnALoopbackPortWithTheBearerToken() throws Exception {
        FakeController controller = new FakeController(Welcome.newBuilder()
                .setReportIntervalMs(50)
                .setTokenPublicKey(ByteString.copyFrom(
                        KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded()))
                .setTokenAlgorithm("EdDSA")
                .setTokenIssuer("meridian")
                .build());
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(controller, controller.authCapture()))
                .build()
                .start();
        int port = ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
        HostingRegistry hosting = new HostingRegistry();
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
        JoinTokenVerifier verifier = new JoinTokenVerifier("agent-tcp", Clock.systemUTC(), Duration.ofSeconds(5));
        ControllerLinks link = new ControllerLinks(true, ControllerLinks.single("tcp",
                () -> ControllerChannels.plaintextChannel("127.0.0.1:" + port, Duration.ofMinutes(5))),
                Duration.ofSeconds(30),
                Optional.of("fleet-secret"),
                new Announcement("agent-tcp", "us-east-1", Announcement.signalingUrl("127.0.0.1", 8081),
                        "127.0.0.1", 10000, "127.0.0.1", 10001, 100, "test"),
                new LinkTimings(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(20),
                        Duration.ofMillis(100), Duration.ofSeconds(5)),
                hosting,
                new LoadMeter(new TrafficCounters(), idle, hosting, new PeerRtts(), new LoadLimits(0.8, 1000, 10),
                        System::nanoTime),
                verifier, new UnsupportedRelayCommands(), (conference, participant) -> RelayCommands.CommandResult.done(),
                new SplittableRandom(1));
        try {
            link.start();
            FakeController.Connection connection = controller.nextConnection();

            assertThat(connection.authorization).isEqualTo("Bearer fleet-secret");
            assertThat(connection.next().getHello().getSignalingUrl()).isEqualTo("ws://127.0.0.1:8081/signaling");
            assertThat(connection.next().getLoadReport().getSequence()).isEqualTo(1);
            assertThat(verifier.hasKey()).isTrue();

            link.stop(Duration.ofSeconds(2));
            assertThat(connection.endedByAgent.get(5, TimeUnit.SECONDS)).isEqualTo("completed");
        } finally {
            link.stop(Duration.ofSeconds(1));
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
