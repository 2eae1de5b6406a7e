package io.meridian.controller.agentlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.support.FakeAgent;
import io.meridian.placement.AgentState;
import io.meridian.proto.agent.v1.AgentMessage;
import io.meridian.proto.agent.v1.ControllerMessage;
import io.meridian.proto.agent.v1.LoadReport;
import io.meridian.proto.agent.v1.UdpAddress;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AgentLinkProtocolTest {
    static final String SECRET = "test-fleet-secret";

    @ConfigProperty(name = "quarkus.grpc.server.test-port")
    int port;
    @Inject
    AgentRegistry registry;

    @Test
    void refusesACredentialMintedWithAnotherFleetKeyAndRegistersNothing() throws Exception {
        try (FakeAgent agent = FakeAgent.connect(port, "not-the-secret")) {
            agent.sayHello(FakeAgent.hello("intruder-1", "eu-west-1", 7001));
            Status status = agent.ended().get(10, TimeUnit.SECONDS);
            assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(status.getDescription()).contains("does not verify");
            assertThat(registry.agent("intruder-1")).isEmpty();
        }
    }

    @Test
    void refusesTheFleetKeyItselfAndMalformedCredentials() throws Exception {
        String valid = FakeAgent.credential(SECRET, "intruder-3");
        for (String credential : new String[] {SECRET, "intruder-3", "intruder-3.", ".abc", valid + "x",
                valid.replace("intruder-3", "intruder-4"), "bad id." + valid.substring(valid.indexOf('.') + 1)}) {
            try (FakeAgent agent = FakeAgent.withCredential(port, credential)) {
                agent.sayHello(FakeAgent.hello("intruder-3", "eu-west-1", 7011));
                Status status = agent.ended().get(10, TimeUnit.SECONDS);
                assertThat(status.getCode()).as(credential).isEqualTo(Status.Code.UNAUTHENTICATED);
            }
        }
        assertThat(registry.agent("intruder-3")).isEmpty();
        assertThat(registry.agent("intruder-4")).isEmpty();
    }

    @Test
    void anAgentWithItsOwnValidCredentialCannotRegisterAsAnother() throws Exception {
        try (FakeAgent victim = FakeAgent.connect(port, SECRET)) {
            victim.sayHello(FakeAgent.hello("victim-1", "eu-west-1", 7021));
            assertThat(victim.next(10).hasWelcome()).isTrue();
            try (FakeAgent rogue = FakeAgent.withCredential(port, FakeAgent.credential(SECRET, "rogue-1"))) {
                rogue.sayHello(FakeAgent.hello("victim-1", "eu-west-1", 7022));
                Status status = rogue.ended().get(10, TimeUnit.SECONDS);
                assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                assertThat(status.getDescription()).contains("rogue-1");
            }
            // The real agent's session is untouched: not replaced, still reachable.
            assertThat(victim.ended()).isNotDone();
            assertThat(registry.agent("victim-1").orElseThrow().hello().signalingUrl()).contains(":7021/");
            assertThat(registry.agent("rogue-1")).isEmpty();
        }
    }

    @Test
    void theGrpcHealthServiceAnswersWithoutCredentials() {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            HealthCheckResponse answer = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
            assertThat(answer.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void refusesAMissingFleetTokenAndRegistersNothing() throws Exception {
        try (FakeAgent agent = FakeAgent.connect(port, null)) {
            agent.sayHello(FakeAgent.hello("intruder-2", "eu-west-1", 7002));
            Status status = agent.ended().get(10, TimeUnit.SECONDS);
            assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(status.getDescription()).contains("missing");
            assertThat(registry.agent("intruder-2")).isEmpty();
        }
    }

    @Test
    void answersHelloWithAWelcomeCarryingTheTokenKey() throws Exception {
        try (FakeAgent agent = FakeAgent.connect(port, SECRET)) {
            agent.sayHello(FakeAgent.hello("welcome-1", "eu-west-1", 7003));
            ControllerMessage first = agent.next(10);
            assertThat(first).isNotNull();
            assertThat(first.hasWelcome()).isTrue();
            assertThat(first.getWelcome().getTokenAlgorithm()).isEqualTo("EdDSA");
            assertThat(first.getWelcome().getTokenIssuer()).isEqualTo("meridian");
            assertThat(first.getWelcome().getReportIntervalMs()).isEqualTo(1000);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(
                    new X509EncodedKeySpec(first.getWelcome().getTokenPublicKey().toByteArray()));
            assertThat(key.getAlgorithm()).isIn("EdDSA", "Ed25519");
            assertThat(registry.agent("welcome-1")).get().extracting(v -> v.state()).isEqualTo(AgentState.UP);
        }
    }

    @Test
    void recordsLoadReports() throws Exception {
        try (FakeAgent agent = FakeAgent.connect(port, SECRET)) {
            agent.sayHello(FakeAgent.hello("reporter-1", "us-east-1", 7004));
            agent.next(10);
            agent.stress(0.42).report();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(registry.agent("reporter-1").orElseThrow().stress()).isEqualTo(0.42));
        }
    }

    @Test
    void marksAnAgentDownWhenReportsStopEndsItsStreamAndTakesItBackWhenItReconnects() throws Exception {
        try (FakeAgent agent = FakeAgent.connect(port, SECRET); FakeAgent again = FakeAgent.connect(port, SECRET)) {
            agent.sayHello(FakeAgent.hello("silent-1", "us-east-1", 7005));
            agent.next(10);
            agent.report();
            await().atMost(Duration.ofSeconds(2)).until(() -> registry.agent("silent-1").isPresent());
            // The test profile's down-timeout is 2 s; then the stream is ended so a living agent re-announces itself.
            await().atMost(Duration.ofSeconds(6)).until(() ->
                    registry.agent("silent-1").orElseThrow().state() == AgentState.DOWN);
            Status status = agent.ended().get(5, TimeUnit.SECONDS);
            assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(status.getDescription()).isEqualTo("no load report for 2 s: declared DOWN; reconnect and"
                    + " re-announce hosted conferences");
            assertThat(agent.terminations()).isEqualTo(1);
            again.sayHello(FakeAgent.hello("silent-1", "us-east-1", 7005));
            assertThat(again.next(10).hasWelcome()).isTrue();
            again.report();
            await().atMost(Duration.ofSeconds(3)).until(() ->
                    registry.agent("silent-1").orElseThrow().state() == AgentState.UP);
        }
    }

    @Test
    void marksAnAgentDownWhenItsStreamEnds() throws Exception {
        try (FakeAgent agent = FakeAgent.connect(port, SECRET)) {
            agent.sayHello(FakeAgent.hello("leaver-1", "us-east-1", 7006)).reportEvery(200);
            agent.next(10);
            await().atMost(Duration.ofSeconds(3)).until(() ->
                    registry.agent("leaver-1").map(a -> a.state() == AgentState.UP).orElse(false));
            agent.stopReporting().complete();
            await().atMost(Duration.ofSeconds(3)).until(() ->
                    registry.agent("leaver-1").orElseThrow().state() == AgentState.DOWN);
        }
    }

    @Test
    void aSecondHelloWithTheSameIdReplacesTheOldSession() throws Exception {
        try (FakeAgent old = FakeAgent.connect(port, SECRET); FakeAgent fresh = FakeAgent.connect(port, SECRET)) {
            old.sayHello(FakeAgent.hello("twin-1", "eu-central-1", 7007));
            assertThat(old.next(10).hasWelcome()).isTrue();
            fresh.sayHello(FakeAgent.hello("twin-1", "eu-central-1", 7107));
            assertThat(fresh.next(10).hasWelcome()).isTrue();
            Status status = old.ended().get(10, TimeUnit.SECONDS);
            assertThat(status.getCode()).isEqualTo(Status.Code.ABORTED);
            assertThat(status.getDescription()).contains("replaced");
            fresh.stress(0.3).report();
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
                var view = registry.agent("twin-1").orElseThrow();
                assertThat(view.state()).isEqualTo(AgentState.UP);
                assertThat(view.hello().signalingUrl()).contains(":7107/");
                assertThat(view.stress()).isEqualTo(0.3);
            });
            Thread.sleep(300);
            assertThat(old.terminations()).isEqualTo(1);
            assertThat(fresh.ended()).isNotDone();
        }
    }

    @Test
    void tellsEveryAgentItsLivePeers() throws Exception {
        try (FakeAgent one = FakeAgent.connect(port, SECRET); FakeAgent two = FakeAgent.connect(port, SECRET)) {
            one.sayHello(FakeAgent.hello("peer-1", "eu-west-1", 7021)).reportEvery(300);
            assertThat(one.next(10).hasWelcome()).isTrue();
            two.sayHello(FakeAgent.hello("peer-2", "us-east-1", 7022)).reportEvery(300);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                ControllerMessage message = one.next(1);
                assertThat(message).isNotNull();
                assertThat(message.hasFleetPeers()).isTrue();
                assertThat(message.getFleetPeers().getPeersList()).anySatisfy(peer -> {
                    assertThat(peer.getAgentId()).isEqualTo("peer-2");
                    assertThat(peer.getRegion()).isEqualTo("us-east-1");
                    assertThat(peer.getRelayAddress().getPort()).isEqualTo(7022 + 2000);
                });
                assertThat(message.getFleetPeers().getPeersList()).noneMatch(peer -> peer.getAgentId().equals("peer-1"));
            });
        }
    }

    @Test
    void aReportBeforeHelloIsFailedPrecondition() throws Exception {
        try (FakeAgent agent = FakeAgent.connect(port, SECRET)) {
            agent.report();
            Status status = agent.ended().get(10, TimeUnit.SECONDS);
            assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(status.getDescription()).contains("before Hello");
        }
    }

    @Test
    void aSecondHelloOnTheSameStreamIsFailedPrecondition() throws Exception {
        try (FakeAgent agent = FakeAgent.connect(port, SECRET)) {
            agent.sayHello(FakeAgent.hello("echo-1", "eu-west-1", 7008));
            agent.next(10);
            agent.sayHello(FakeAgent.hello("echo-1", "eu-west-1", 7008));
            Status status = agent.ended().get(10, TimeUnit.SECONDS);
            assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(status.getDescription()).contains("already");
        }
    }

    @Test
    void aMalformedHelloIsInvalidArgumentAndRegistersNothing() throws Exception {
        // Only a prefix credential can even cover a malformed id; the Hello is then refused as malformed.
        try (FakeAgent agent = FakeAgent.withCredential(port, FakeAgent.credential(SECRET, "bad*"))) {
            agent.sayHello(FakeAgent.hello("bad id!", "eu-west-1", 7009));
            Status status = agent.ended().get(10, TimeUnit.SECONDS);
            assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(status.getDescription()).contains("agent_id");
        }
        assertRefused(FakeAgent.hello("bad-region-1", "mars-north-1", 7010), "region");
        assertRefused(FakeAgent.hello("bad-url-1", "eu-west-1", 7011).setSignalingUrl("http://x/y"), "signaling_url");
        assertRefused(FakeAgent.hello("bad-port-1", "eu-west-1", 7012)
                .setMediaAddress(UdpAddress.newBuilder().setHost("127.0.0.1").setPort(70000)), "media_address.port");
        assertRefused(FakeAgent.hello("bad-capacity-1", "eu-west-1", 7013).setCapacityParticipants(0), "capacity");
        assertThat(registry.agent("bad-region-1")).isEmpty();
        assertThat(registry.agent("bad-capacity-1")).isEmpty();
    }

    @Test
    void anEmptyMessageIsInvalidArgument() throws Exception {
        try (FakeAgent agent = FakeAgent.connect(port, SECRET)) {
            agent.send(AgentMessage.getDefaultInstance());
            Status status = agent.ended().get(10, TimeUnit.SECONDS);
            assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(status.getDescription()).contains("no body");
        }
    }

    @Test
    void aReportOutOfRangeOrOutOfSequenceEndsTheStreamWithADescription() throws Exception {
        try (FakeAgent agent = FakeAgent.connect(port, SECRET)) {
            agent.sayHello(FakeAgent.hello("wild-1", "eu-west-1", 7014));
            agent.next(10);
            agent.send(AgentMessage.newBuilder().setLoadReport(LoadReport.newBuilder().setSequence(1).setStress(-1)).build());
            Status status = agent.ended().get(10, TimeUnit.SECONDS);
            assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(status.getDescription()).contains("stress");
        }
        try (FakeAgent agent = FakeAgent.connect(port, SECRET)) {
            agent.sayHello(FakeAgent.hello("wild-2", "eu-west-1", 7015));
            agent.next(10);
            agent.send(AgentMessage.newBuilder().setLoadReport(LoadReport.newBuilder().setSequence(5)).build());
            agent.send(AgentMessage.newBuilder().setLoadReport(LoadReport.newBuilder().setSequence(3)).build());
            Status status = agent.ended().get(10, TimeUnit.SECONDS);
            assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(status.getDescription()).contains("sequence 3");
            await().atMost(Duration.ofSeconds(3)).until(() ->
                    registry.agent("wild-2").orElseThrow().state() == AgentState.DOWN);
        }
    }

    private void assertRefused(io.meridian.proto.agent.v1.Hello.Builder hello, String mentioned) throws Exception {
        try (FakeAgent agent = FakeAgent.connect(port, SECRET)) {
            agent.sayHello(hello);
            Status status = agent.ended().get(10, TimeUnit.SECONDS);
            assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(status.getDescription()).contains(mentioned);
        }
    }
}
