package io.meridian.controller.agentlink;

import io.meridian.controller.support.Grants;
import io.meridian.controller.token.JoinTokens;
import io.meridian.proto.agent.v1.HostedParticipant;
import java.util.List;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.support.FakeAgent;
import io.meridian.controller.support.Fleet;
import jakarta.inject.Inject;
import io.meridian.proto.agent.v1.AgentMessage;
import io.meridian.proto.agent.v1.ControllerMessage;
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
    @Inject
    JoinTokens tokens;
    private static final List<String> MEDIA = List.of("publish", "subscribe");

    @Test
    void aLeaveReportedByTheHostingAgentRemovesTheParticipant() throws Exception {
        try (FakeAgent agent = FakeAgent.connect(port, "test-fleet-secret").autoAck()) {
            agent.sayHello(FakeAgent.hello("ev-ap-1", "ap-northeast-1", 8701)).reportEvery(300);
            agent.next(10);
            Fleet.awaitReporting(registry, "ev-ap-1");
            given().header("Authorization", Grants.bearer("events-1", "kenji")).contentType(ContentType.JSON).body("{\"participantId\":\"kenji\",\"location\":{\"lat\":35.7,\"lon\":139.7}}")
                    .post("/v1/conferences/events-1/join").then().statusCode(200);
            agent.send(AgentMessage.newBuilder().setParticipantLeft(ParticipantLeft.newBuilder()
                    .setConferenceId("events-1").setParticipantId("kenji").setReason(LeaveReason.LEAVE_REASON_CLOSED)).build());
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    given().header("Authorization", Grants.appBasic()).get("/v1/conferences/events-1").jsonPath().getList("participants")).isEmpty());
        }
    }

    @Test
    void whenTheLastParticipantOfAnAgentLeavesItsRelaysCloseAndItDropsOutOfTheConference() throws Exception {
        try (FakeAgent us = FakeAgent.connect(port, "test-fleet-secret").autoAck();
             FakeAgent eu = FakeAgent.connect(port, "test-fleet-secret").autoAck()) {
            us.sayHello(FakeAgent.hello("ev-us-2", "us-east-1", 8731)).stress(0.1).reportEvery(300);
            eu.sayHello(FakeAgent.hello("ev-eu-3", "eu-west-1", 8741)).stress(0.1).reportEvery(300);
            Fleet.awaitReporting(registry, "ev-us-2", "ev-eu-3");
            given().header("Authorization", Grants.bearer("events-4", "jim")).contentType(ContentType.JSON).body("{\"participantId\":\"jim\",\"location\":{\"lat\":40.7,\"lon\":-74.0}}")
                    .post("/v1/conferences/events-4/join").then().statusCode(200);
            for (String participant : new String[] {"una", "liam"}) {
                given().header("Authorization", Grants.bearer("events-4", participant)).contentType(ContentType.JSON).body("{\"participantId\":\"" + participant
                                + "\",\"location\":{\"lat\":53.3,\"lon\":-6.3}}")
                        .post("/v1/conferences/events-4/join").then().statusCode(200)
                        .body("agentId", org.hamcrest.Matchers.is("ev-eu-3"));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> "OPEN".equals(
                    given().header("Authorization", Grants.appBasic()).get("/v1/conferences/events-4").jsonPath().getString("links[0].state")));
            us.drainReceived();
            eu.drainReceived();

            eu.send(left("events-4", "una"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    given().header("Authorization", Grants.appBasic()).get("/v1/conferences/events-4").jsonPath().getList("participants.participantId"))
                    .containsExactlyInAnyOrder("jim", "liam"));
            // One participant is still on the EU agent: the relay stays.
            assertThat(us.nextOfKind(ControllerMessage.BodyCase.CLOSE_RELAY, 1)).isNull();
            assertThat(given().header("Authorization", Grants.appBasic()).get("/v1/conferences/events-4").jsonPath().getList("links")).hasSize(1);

            eu.send(left("events-4", "liam"));
            ControllerMessage usClose = us.nextOfKind(ControllerMessage.BodyCase.CLOSE_RELAY, 10);
            ControllerMessage euClose = eu.nextOfKind(ControllerMessage.BodyCase.CLOSE_RELAY, 10);
            assertThat(usClose).isNotNull();
            assertThat(usClose.getCloseRelay().getConferenceId()).isEqualTo("events-4");
            assertThat(usClose.getCloseRelay().getPeerAgentId()).isEqualTo("ev-eu-3");
            assertThat(euClose).isNotNull();
            assertThat(euClose.getCloseRelay().getPeerAgentId()).isEqualTo("ev-us-2");
            var conference = given().header("Authorization", Grants.appBasic()).get("/v1/conferences/events-4").jsonPath();
            assertThat(conference.getList("agents.agentId")).containsExactly("ev-us-2");
            assertThat(conference.getList("links")).isEmpty();
            assertThat(conference.getString("mode")).isEqualTo("single");
        }
    }

    private static HostedParticipant hosted(String participant, String token) {
        return HostedParticipant.newBuilder().setParticipantId(participant).setJoinToken(token).build();
    }

    private static AgentMessage left(String conference, String participant) {
        return AgentMessage.newBuilder().setParticipantLeft(ParticipantLeft.newBuilder().setConferenceId(conference)
                .setParticipantId(participant).setReason(LeaveReason.LEAVE_REASON_CLOSED)).build();
    }

    @Test
    void aJoinOrAHostedListTheControllerDidNotKnowIsAdoptedWhenItsTokenProvesIt() throws Exception {
        try (FakeAgent agent = FakeAgent.connect(port, "test-fleet-secret")) {
            agent.sayHello(FakeAgent.hello("ev-eu-1", "eu-west-1", 8711)
                    .addHosted(HostedConference.newBuilder().setConferenceId("events-2")
                            .addParticipants(hosted("anna", tokens.issue("events-2", "anna", "ev-eu-1", MEDIA, Grants.APP)))
                            // Signed for another agent, or for nobody: never adopted.
                            .addParticipants(hosted("mallory", tokens.issue("events-2", "mallory", "ev-other", MEDIA, Grants.APP)))
                            .addParticipants(hosted("eve", "")))).reportEvery(300);
            agent.next(10);
            agent.send(AgentMessage.newBuilder().setParticipantJoined(ParticipantJoined.newBuilder()
                    .setConferenceId("events-2").setParticipantId("otto")
                    .setJoinToken(tokens.issue("events-2", "otto", "ev-eu-1", MEDIA, Grants.APP))).build());
            agent.send(AgentMessage.newBuilder().setParticipantJoined(ParticipantJoined.newBuilder()
                    .setConferenceId("events-2").setParticipantId("trudy")
                    .setJoinToken(tokens.issue("events-2", "otto", "ev-eu-1", MEDIA, Grants.APP))).build());
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    given().header("Authorization", Grants.appBasic()).get("/v1/conferences/events-2").jsonPath().getList("participants.participantId"))
                    .containsExactlyInAnyOrder("anna", "otto"));
            assertThat(given().header("Authorization", Grants.appBasic()).get("/v1/conferences/events-2").jsonPath().getList("agents.agentId"))
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
