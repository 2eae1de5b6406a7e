package io.meridian.controller.api;

import io.meridian.controller.support.Grants;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.controller.support.FakeAgent;
import io.meridian.controller.support.Fleet;
import io.meridian.controller.support.Tokens;
import io.meridian.proto.agent.v1.ControllerMessage;
import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.placement.AgentState;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The REST API end to end over fake agents: joins, cascades, relays, leaves, rejections. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConferenceApiTest {
    @ConfigProperty(name = "quarkus.grpc.server.test-port")
    int grpcPort;

    @Inject
    AgentRegistry registry;

    FakeAgent virginia;
    FakeAgent ireland;
    byte[] tokenKey;

    @BeforeAll
    void startAgents() throws Exception {
        virginia = FakeAgent.connect(grpcPort, "test-fleet-secret").autoAck();
        virginia.sayHello(FakeAgent.hello("api-us-1", "us-east-1", 8101));
        ControllerMessage welcome = virginia.next(10);
        tokenKey = welcome.getWelcome().getTokenPublicKey().toByteArray();
        ireland = FakeAgent.connect(grpcPort, "test-fleet-secret").autoAck();
        ireland.sayHello(FakeAgent.hello("api-eu-1", "eu-west-1", 8201));
        ireland.next(10);
        virginia.stress(0.1).reportEvery(300);
        ireland.stress(0.1).reportEvery(300);
        Fleet.awaitReporting(registry, "api-us-1", "api-eu-1");
    }

    @AfterAll
    void stopAgents() {
        virginia.close();
        ireland.close();
    }

    @Test
    void placesAFirstParticipantAndSignsItsToken() throws Exception {
        // The peer is loopback (a trusted proxy in tests) and forwards for 8.8.8.8: GeoIP says US.
        JsonPath answer = given().header("Authorization", Grants.bearer("standup-1", "alice")).header("X-Forwarded-For", "8.8.8.8").contentType(ContentType.JSON)
                .body("{\"participantId\":\"alice\"}")
                .post("/v1/conferences/standup-1/join")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
        assertThat(answer.getString("conferenceId")).isEqualTo("standup-1");
        assertThat(answer.getString("participantId")).isEqualTo("alice");
        assertThat(answer.getString("agentId")).isEqualTo("api-us-1");
        assertThat(answer.getString("region")).isEqualTo("us-east-1");
        assertThat(answer.getString("signalingUrl")).isEqualTo("ws://127.0.0.1:8101/signaling");
        assertThat(answer.getString("mode")).isEqualTo("single");
        assertThat(answer.getString("decision.rule")).isEqualTo("firstParticipantNearestRegion");
        assertThat(answer.getString("decision.location.source")).isEqualTo("GEOIP");
        assertThat(answer.getString("decision.location.country")).isEqualTo("US");
        assertThat(answer.getList("decision.candidates")).isNotEmpty();
        assertThat(answer.getList("iceServers")).isEmpty(); // no TURN configured

        String token = answer.getString("token");
        JsonNode claims = Tokens.verify(token, tokenKey);
        assertThat(Tokens.header(token).path("typ").asText()).isEqualTo("JWT");
        assertThat(claims.path("iss").asText()).isEqualTo("meridian");
        assertThat(claims.path("sub").asText()).isEqualTo("alice");
        assertThat(claims.path("conf").asText()).isEqualTo("standup-1");
        assertThat(claims.path("agent").asText()).isEqualTo("api-us-1");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(120);
        assertThat(claims.path("jti").asText()).isNotBlank();
    }

    @Test
    void cascadesAFarParticipantOpensTheRelayAndClosesItWhenTheLastOneLeaves() throws Exception {
        virginia.drainReceived();
        ireland.drainReceived();
        given().header("Authorization", Grants.bearer("cascade-1", "bob")).contentType(ContentType.JSON).body("{\"participantId\":\"bob\",\"location\":{\"lat\":40.7,\"lon\":-74.0}}")
                .post("/v1/conferences/cascade-1/join").then().statusCode(200).body("agentId", org.hamcrest.Matchers.is("api-us-1"));
        JsonPath far = given().header("Authorization", Grants.bearer("cascade-1", "carla")).contentType(ContentType.JSON)
                .body("{\"participantId\":\"carla\",\"location\":{\"lat\":53.3,\"lon\":-6.3}}")
                .post("/v1/conferences/cascade-1/join").then().statusCode(200).extract().jsonPath();
        assertThat(far.getString("agentId")).isEqualTo("api-eu-1");
        assertThat(far.getString("mode")).isEqualTo("cascaded");
        assertThat(far.getString("decision.rule")).isEqualTo("cascadeToOwnRegion");
        assertThat(far.getString("decision.location.source")).isEqualTo("HINT");

        ControllerMessage usOpen = nextOfKind(virginia, ControllerMessage.BodyCase.OPEN_RELAY);
        ControllerMessage euOpen = nextOfKind(ireland, ControllerMessage.BodyCase.OPEN_RELAY);
        assertThat(usOpen.getOpenRelay().getPeerAgentId()).isEqualTo("api-eu-1");
        assertThat(usOpen.getOpenRelay().getPeerRelayAddress().getPort()).isEqualTo(8201 + 2000);
        assertThat(euOpen.getOpenRelay().getPeerAgentId()).isEqualTo("api-us-1");
        assertThat(usOpen.getOpenRelay().getSendKey().getProfile()).isEqualTo("AEAD_AES_128_GCM");
        assertThat(usOpen.getOpenRelay().getSendKey().getMasterKey().size()).isEqualTo(16);
        assertThat(usOpen.getOpenRelay().getSendKey().getMasterSalt().size()).isEqualTo(12);
        assertThat(usOpen.getOpenRelay().getSendKey()).isEqualTo(euOpen.getOpenRelay().getReceiveKey());
        assertThat(usOpen.getOpenRelay().getReceiveKey()).isEqualTo(euOpen.getOpenRelay().getSendKey());
        assertThat(usOpen.getOpenRelay().getSendKey()).isNotEqualTo(usOpen.getOpenRelay().getReceiveKey());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonPath conference = given().header("Authorization", Grants.appBasic()).get("/v1/conferences/cascade-1").then().statusCode(200).extract().jsonPath();
            assertThat(conference.getString("mode")).isEqualTo("cascaded");
            assertThat(conference.getList("agents.agentId")).containsExactly("api-us-1", "api-eu-1");
            assertThat(conference.getList("links")).hasSize(1);
            assertThat(conference.getString("links[0].from")).isEqualTo("api-us-1");
            assertThat(conference.getString("links[0].to")).isEqualTo("api-eu-1");
            assertThat(conference.getString("links[0].state")).isEqualTo("OPEN");
            assertThat(conference.getList("participants.participantId")).containsExactlyInAnyOrder("bob", "carla");
        });

        JsonPath log = given().header("Authorization", Grants.appBasic()).get("/v1/conferences/cascade-1/decisions").then().statusCode(200).extract().jsonPath();
        assertThat(log.getList("decisions.sequence", Integer.class)).containsExactly(1, 2);
        assertThat(log.getList("decisions.agentId")).containsExactly("api-us-1", "api-eu-1");
        assertThat(log.getString("decisions[1].explanation.rule")).isEqualTo("cascadeToOwnRegion");
        assertThat(log.getList("decisions[1].explanation.candidates")).isNotEmpty();

        given().header("Authorization", Grants.appBasic()).delete("/v1/conferences/cascade-1/participants/carla").then().statusCode(204);
        ControllerMessage close = nextOfKind(virginia, ControllerMessage.BodyCase.CLOSE_RELAY);
        assertThat(close.getCloseRelay().getPeerAgentId()).isEqualTo("api-eu-1");
        assertThat(close.getCloseRelay().getConferenceId()).isEqualTo("cascade-1");
        assertThat(nextOfKind(ireland, ControllerMessage.BodyCase.CLOSE_RELAY).getCloseRelay().getPeerAgentId())
                .isEqualTo("api-us-1");
        JsonPath after = given().header("Authorization", Grants.appBasic()).get("/v1/conferences/cascade-1").then().statusCode(200).extract().jsonPath();
        assertThat(after.getString("mode")).isEqualTo("single");
        assertThat(after.getList("links")).isEmpty();
        assertThat(after.getList("agents.agentId")).containsExactly("api-us-1");
    }

    @Test
    void rejectsWith503AndRetryAfterWhenNoAgentCanTakeTheParticipant() {
        virginia.stress(2.0);
        ireland.stress(2.0);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> stress("api-us-1") == 2.0 && stress("api-eu-1") == 2.0);
            JsonPath problem = given().header("Authorization", Grants.bearer("full-1", "anon-1")).post("/v1/conferences/full-1/join")
                    .then().statusCode(503).header("Retry-After", "5")
                    .contentType("application/problem+json").extract().jsonPath();
            assertThat(problem.getInt("status")).isEqualTo(503);
            assertThat(problem.getString("detail")).startsWith("no agent can take the participant");
            assertThat(problem.getString("decision.outcome")).isEqualTo("rejected");
            assertThat(problem.getString("decision.rule")).isEqualTo("rejectNoCapacity");
            JsonPath log = given().header("Authorization", Grants.appBasic()).get("/v1/conferences/full-1/decisions").then().statusCode(200).extract().jsonPath();
            assertThat(log.getList("decisions.outcome")).containsExactly("rejected");
            assertThat(given().header("Authorization", Grants.appBasic()).get("/v1/conferences/full-1").jsonPath().getList("participants")).isEmpty();
        } finally {
            virginia.stress(0.1);
            ireland.stress(0.1);
            await().atMost(Duration.ofSeconds(5)).until(() -> stress("api-us-1") < 0.5 && stress("api-eu-1") < 0.5);
        }
    }

    @Test
    void drainingAnAgentSendsDrainAndSteersNewConferencesAway() throws Exception {
        try (FakeAgent spare = FakeAgent.connect(grpcPort, "test-fleet-secret").autoAck()) {
            spare.sayHello(FakeAgent.hello("api-eu-2", "eu-central-1", 8301)).reportEvery(300);
            spare.next(10);
            Fleet.awaitReporting(registry, "api-eu-2");
            given().post("/v1/agents/api-eu-2/drain").then().statusCode(401);
            assertThat(registry.agent("api-eu-2").orElseThrow().state()).isEqualTo(AgentState.UP);
            given().header("Authorization", Grants.OPERATOR).post("/v1/agents/api-eu-2/drain")
                    .then().statusCode(202).body("state", org.hamcrest.Matchers.is("draining"));
            assertThat(nextOfKind(spare, ControllerMessage.BodyCase.DRAIN)).isNotNull();
            JsonPath answer = given().header("Authorization", Grants.bearer("frankfurt-1", "anon-2")).contentType(ContentType.JSON).body("{\"location\":{\"lat\":50.1,\"lon\":8.7}}")
                    .post("/v1/conferences/frankfurt-1/join").then().statusCode(200).extract().jsonPath();
            assertThat(answer.getString("agentId")).isNotEqualTo("api-eu-2");
            assertThat(answer.getString("participantId")).isNotBlank();
        }
    }

    @Test
    void servesTheDemoRouteHealthMetricsAndOpenApi() {
        given().redirects().follow(false).get("/demo").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.containsString("/demo?conference=demo-"));
        given().get("/demo?conference=bad id").then().statusCode(400).contentType("application/problem+json");
        given().get("/demo?conference=room-1").then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/html"))
                .body(org.hamcrest.Matchers.containsString("meridian-client"));
        given().get("/q/health/ready").then().statusCode(200);
        given().header("Authorization", Grants.bearer("metrics-1", "anon-3")).post("/v1/conferences/metrics-1/join").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("meridian_joins_total{").contains("outcome=\"placed\"")
                .contains("meridian_decision_seconds").contains("meridian_agents{state=\"up\"}");
        given().get("/q/openapi").then().statusCode(200).body(org.hamcrest.Matchers.containsString("/v1/conferences/{conferenceId}/join"));
    }

    private double stress(String agentId) {
        return registry.agent(agentId).orElseThrow().stress();
    }

    private static ControllerMessage nextOfKind(FakeAgent agent, ControllerMessage.BodyCase kind) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            ControllerMessage message = agent.next(1);
            if (message != null && message.getBodyCase() == kind) {
                return message;
            }
        }
        throw new AssertionError("no " + kind + " within 10 s");
    }
}
