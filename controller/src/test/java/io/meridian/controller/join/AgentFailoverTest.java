package io.meridian.controller.join;

import io.meridian.controller.support.Grants;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.support.FakeAgent;
import io.meridian.controller.support.Fleet;
import io.meridian.placement.AgentState;
import io.meridian.proto.agent.v1.ControllerMessage;
import io.meridian.proto.agent.v1.HostedConference;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** An agent that dies leaves its conferences: its peers close their relays, its participants are placed again. */
@QuarkusTest
class AgentFailoverTest {
    static final String SECRET = "test-fleet-secret";
    static final String NEW_YORK = "{\"lat\":40.7,\"lon\":-74.0}";
    static final String DUBLIN = "{\"lat\":53.3,\"lon\":-6.3}";
    static final String TOKYO = "{\"lat\":35.7,\"lon\":139.7}";
    static final String SAO_PAULO = "{\"lat\":-23.5,\"lon\":-46.6}";

    @ConfigProperty(name = "quarkus.grpc.server.test-port")
    int port;
    @Inject
    AgentRegistry registry;

    @Test
    void anAgentWhoseStreamEndsLeavesItsConferencesItsPeersCloseTheirRelaysAndItsParticipantRejoinsOnALiveAgent()
            throws Exception {
        try (FakeAgent us = agent("fo-us-1", "us-east-1", 8801, 0.1);
             FakeAgent euDying = agent("fo-eu-1", "eu-west-1", 8811, 0.1);
             FakeAgent euSpare = agent("fo-eu-2", "eu-west-1", 8821, 0.3)) {
            Fleet.awaitReporting(registry, "fo-us-1", "fo-eu-1", "fo-eu-2");
            assertThat(join("fo-conf-1", "bob", NEW_YORK).getString("agentId")).isEqualTo("fo-us-1");
            JsonPath carla = join("fo-conf-1", "carla", DUBLIN);
            assertThat(carla.getString("agentId")).isEqualTo("fo-eu-1");
            assertThat(carla.getString("mode")).isEqualTo("cascaded");
            awaitLinks("fo-conf-1", List.of(Map.of("from", "fo-us-1", "to", "fo-eu-1", "state", "OPEN")));
            us.drainReceived();
            euSpare.drainReceived();

            euDying.close();

            ControllerMessage close = us.nextOfKind(ControllerMessage.BodyCase.CLOSE_RELAY, 10);
            assertThat(close).as("CloseRelay to the surviving agent").isNotNull();
            assertThat(close.getCloseRelay().getConferenceId()).isEqualTo("fo-conf-1");
            assertThat(close.getCloseRelay().getPeerAgentId()).isEqualTo("fo-eu-1");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonPath conference = given().header("Authorization", Grants.appBasic()).get("/v1/conferences/fo-conf-1").then().statusCode(200).extract()
                        .jsonPath();
                assertThat(conference.getList("agents.agentId")).containsExactly("fo-us-1");
                assertThat(conference.getList("participants.participantId")).containsExactly("bob");
                assertThat(conference.getList("links")).isEmpty();
                assertThat(conference.getString("mode")).isEqualTo("single");
            });
            JsonPath log = decisions("fo-conf-1");
            assertThat(log.getList("decisions.outcome")).containsExactly("placed", "placed", "evicted");
            assertThat(log.getString("decisions[2].participantId")).isEqualTo("carla");
            assertThat(log.getString("decisions[2].agentId")).isEqualTo("fo-eu-1");
            assertThat(log.getString("decisions[2].rule")).isEqualTo("agentDown");
            assertThat(log.getString("decisions[2].mode")).isEqualTo("single");
            assertThat(log.getString("decisions[2].explanation.reason")).startsWith("stream ended");
            assertThat(log.getList("decisions[2].explanation.closedLinks.to")).containsExactly("fo-eu-1");

            // Rejoining with the same id, carla is placed on the live agent of her region and cascaded again.
            JsonPath again = join("fo-conf-1", "carla", DUBLIN);
            assertThat(again.getString("agentId")).isEqualTo("fo-eu-2");
            assertThat(again.getString("mode")).isEqualTo("cascaded");
            assertThat(again.getString("decision.rule")).isEqualTo("cascadeToOwnRegion");
            List<Map<String, Object>> candidates = again.getList("decision.candidates");
            assertThat(candidates).filteredOn(c -> "fo-eu-1".equals(c.get("agentId")))
                    .extracting(c -> c.get("reason")).containsExactly("down");
            ControllerMessage open = us.nextOfKind(ControllerMessage.BodyCase.OPEN_RELAY, 10);
            assertThat(open).isNotNull();
            assertThat(open.getOpenRelay().getPeerAgentId()).isEqualTo("fo-eu-2");
            assertThat(euSpare.nextOfKind(ControllerMessage.BodyCase.OPEN_RELAY, 10).getOpenRelay().getPeerAgentId())
                    .isEqualTo("fo-us-1");
            awaitLinks("fo-conf-1", List.of(Map.of("from", "fo-us-1", "to", "fo-eu-2", "state", "OPEN")));
            JsonPath conference = given().header("Authorization", Grants.appBasic()).get("/v1/conferences/fo-conf-1").jsonPath();
            assertThat(conference.getList("agents.agentId")).containsExactly("fo-us-1", "fo-eu-2");
            assertThat(conference.getString("participants.find { it.participantId == 'carla' }.agentId"))
                    .isEqualTo("fo-eu-2");
        }
    }

    @Test
    void aSilentAgentIsDeclaredDownItsSessionEndsAndWhenItReconnectsWhatItHostsIsAdoptedAgain() throws Exception {
        try (FakeAgent tokyo = agent("fo-ap-1", "ap-northeast-1", 8831, 0.1)) {
            FakeAgent saoPaulo = agent("fo-sa-1", "sa-east-1", 8841, 0.1);
            String mariasToken;
            try {
                Fleet.awaitReporting(registry, "fo-ap-1", "fo-sa-1");
                assertThat(join("fo-conf-2", "kenji", TOKYO).getString("agentId")).isEqualTo("fo-ap-1");
                JsonPath maria = join("fo-conf-2", "maria", SAO_PAULO);
                assertThat(maria.getString("agentId")).isEqualTo("fo-sa-1");
                mariasToken = maria.getString("token");
                awaitLinks("fo-conf-2", List.of(Map.of("from", "fo-ap-1", "to", "fo-sa-1", "state", "OPEN")));
                tokyo.drainReceived();

                saoPaulo.stopReporting();
                // The test profile's down-timeout is 2 s: then the controller ends the silent agent's stream.
                Status ended = saoPaulo.ended().get(10, TimeUnit.SECONDS);
                assertThat(ended.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(ended.getDescription()).contains("no load report for 2 s").contains("reconnect");
                assertThat(registry.agent("fo-sa-1").orElseThrow().state()).isEqualTo(AgentState.DOWN);
                ControllerMessage close = tokyo.nextOfKind(ControllerMessage.BodyCase.CLOSE_RELAY, 10);
                assertThat(close).isNotNull();
                assertThat(close.getCloseRelay().getPeerAgentId()).isEqualTo("fo-sa-1");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        given().header("Authorization", Grants.appBasic()).get("/v1/conferences/fo-conf-2").jsonPath().getList("participants.participantId"))
                        .containsExactly("kenji"));
                assertThat(decisions("fo-conf-2").getString("decisions[2].explanation.reason"))
                        .isEqualTo("no load report for 2 s");
            } finally {
                saoPaulo.close();
            }

            // It was alive after all: reconnecting, it re-announces maria and the conference is cascaded again.
            try (FakeAgent back = FakeAgent.connect(port, SECRET).autoAck()) {
                back.sayHello(FakeAgent.hello("fo-sa-1", "sa-east-1", 8841).addHosted(HostedConference.newBuilder()
                        .setConferenceId("fo-conf-2").addParticipants(io.meridian.proto.agent.v1.HostedParticipant.newBuilder().setParticipantId("maria")
                                .setJoinToken(mariasToken)))).stress(0.1).reportEvery(300);
                ControllerMessage open = tokyo.nextOfKind(ControllerMessage.BodyCase.OPEN_RELAY, 10);
                assertThat(open).isNotNull();
                assertThat(open.getOpenRelay().getPeerAgentId()).isEqualTo("fo-sa-1");
                awaitLinks("fo-conf-2", List.of(Map.of("from", "fo-ap-1", "to", "fo-sa-1", "state", "OPEN")));
                JsonPath conference = given().header("Authorization", Grants.appBasic()).get("/v1/conferences/fo-conf-2").jsonPath();
                assertThat(conference.getString("mode")).isEqualTo("cascaded");
                assertThat(conference.getList("participants.participantId")).containsExactlyInAnyOrder("kenji", "maria");
            }
        }
    }

    private FakeAgent agent(String id, String region, int port, double stress) throws InterruptedException {
        FakeAgent agent = FakeAgent.connect(this.port, SECRET).autoAck();
        agent.sayHello(FakeAgent.hello(id, region, port)).stress(stress).reportEvery(300);
        assertThat(agent.next(10).hasWelcome()).isTrue();
        return agent;
    }

    static JsonPath join(String conference, String participant, String location) {
        return given().header("Authorization", Grants.bearer(conference, participant)).contentType(ContentType.JSON)
                .body("{\"participantId\":\"" + participant + "\",\"location\":" + location + "}")
                .post("/v1/conferences/" + conference + "/join").then().statusCode(200).extract().jsonPath();
    }

    static JsonPath decisions(String conference) {
        return given().header("Authorization", Grants.appBasic()).get("/v1/conferences/" + conference + "/decisions").then().statusCode(200).extract().jsonPath();
    }

    static void awaitLinks(String conference, List<Map<String, String>> links) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                given().header("Authorization", Grants.appBasic()).get("/v1/conferences/" + conference).jsonPath().getList("links")).isEqualTo(links));
    }
}
