package io.meridian.controller.agentlink;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.support.FakeAgent;
import io.meridian.controller.support.Fleet;
import jakarta.inject.Inject;
import io.meridian.proto.agent.v1.AgentMessage;
import io.meridian.proto.agent.v1.HostedConference;
import io.meridian.proto.agent.v1.LeaveReason;
import io.meridian.proto.agent.v1.ParticipantJoined;
import io.meridian.proto.agent.v1.ParticipantLeft;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** What agents report about participants reaches the conferences. */
@QuarkusTest
class AgentEventsTest {
    @ConfigProperty(name = "quarkus.grpc.server.test-port")
    int port;
    @Inject
    AgentRegistry registry;

    @Test
    void aLeaveReportedByTheHostingAgentRemovesTheParticipant() throws Exception {
        try (FakeAgent agent = FakeAgent.connect(port, "test-fleet-secret").autoAck()) {
            agent.sayHello(FakeAgent.hello("ev-ap-1", "ap-northeast-1", 8701)).reportEvery(300);
            agent.next(10);
            Fleet.awaitReporting(registry, "ev-ap-1");
            given().contentType(ContentType.JSON).body("{\"participantId\":\"kenji\",\"location\":{\"lat\":35.7,\"lon\":139.7}}")
                    .post("/v1/conferences/events-1/join").then().statusCode(200);
            agent.send(AgentMessage.newBuilder().setParticipantLeft(ParticipantLeft.newBuilder()
                    .setConferenceId("events-1").setParticipantId("kenji").setReason(LeaveReason.LEAVE_REASON_CLOSED)).build());
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    given().get("/v1/conferences/events-1").jsonPath().getList("participants")).isEmpty());
        }
    }

    @Test
    void aJoinOrAHostedListTheControllerDidNotKnowIsAdopted() throws Exception {
        try (FakeAgent agent = FakeAgent.connect(port, "test-fleet-secret")) {
            agent.sayHello(FakeAgent.hello("ev-eu-1", "eu-west-1", 8711)
                    .addHosted(HostedConference.newBuilder().setConferenceId("events-2").addParticipantIds("anna")));
            agent.next(10);
            agent.send(AgentMessage.newBuilder().setParticipantJoined(ParticipantJoined.newBuilder()
                    .setConferenceId("events-2").setParticipantId("otto")).build());
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    given().get("/v1/conferences/events-2").jsonPath().getList("participants.participantId"))
                    .containsExactlyInAnyOrder("anna", "otto"));
            assertThat(given().get("/v1/conferences/events-2").jsonPath().getList("agents.agentId"))
                    .containsExactly("ev-eu-1");
        }
    }

    @Test
    void aMalformedParticipantEventEndsTheStreamWithADescription() throws Exception {
        try (FakeAgent agent = FakeAgent.connect(port, "test-fleet-secret")) {
            agent.sayHello(FakeAgent.hello("ev-bad-1", "eu-west-1", 8721));
            agent.next(10);
            agent.send(AgentMessage.newBuilder().setParticipantLeft(ParticipantLeft.newBuilder()
                    .setConferenceId("events-3").setParticipantId("")).build());
            var status = agent.ended().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(status.getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
            assertThat(status.getDescription()).isEqualTo("ParticipantLeft.participant_id is missing");
        }
    }
}
