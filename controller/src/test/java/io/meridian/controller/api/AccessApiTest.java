package io.meridian.controller.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.support.FakeAgent;
import io.meridian.controller.support.Fleet;
import io.meridian.controller.support.Grants;
import io.meridian.controller.support.Tokens;
import io.meridian.proto.agent.v1.ControllerMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Who may join and administer a conference, tried the way an attacker would, over a fake agent. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessApiTest {
    @ConfigProperty(name = "quarkus.grpc.server.test-port")
    int grpcPort;
    @Inject
    AgentRegistry registry;

    FakeAgent agent;
    byte[] tokenKey;

    @BeforeAll
    void startAgent() throws Exception {
        agent = FakeAgent.connect(grpcPort, "test-fleet-secret").autoAck();
        agent.sayHello(FakeAgent.hello("acl-eu-1", "eu-west-1", 8901));
        tokenKey = agent.next(10).getWelcome().getTokenPublicKey().toByteArray();
        agent.stress(0.1).reportEvery(300);
        Fleet.awaitReporting(registry, "acl-eu-1");
    }

    @AfterAll
    void stopAgent() {
        agent.close();
    }

    private static Response join(String conference, String authorization, String body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.post("/v1/conferences/" + conference + "/join");
    }

    private static void assertProblem(Response response, int status, String detail) {
        BadInputTest.assertProblem(response, status, detail);
    }

    @Test
    void refusedJoinsStoreNothing() {
        String conference = "acl-refused-1";
        assertProblem(join(conference, null, "{}"), 401, "Authorization: Bearer <grant>");
        String forged = Grants.sign(Grants.claims(Grants.APP, conference, "eve", List.of("publish"), Instant.now(),
                Duration.ofMinutes(5)), "an-attackers-own-secret-0123456789abcdef");
        assertProblem(join(conference, "Bearer " + forged, "{}"), 401, "signature does not verify");
        String expired = Grants.sign(Grants.claims(Grants.APP, conference, "eve", List.of("publish"),
                Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1)), Grants.SECRET);
        assertProblem(join(conference, "Bearer " + expired, "{}"), 401, "expired");
        assertProblem(join(conference, Grants.bearer("acl-other-room", "eve"), "{}"), 403, "not '" + conference + "'");
        assertProblem(join(conference, Grants.bearer(conference, "eve"), "{\"participantId\":\"alice\"}"), 403,
                "not the grant's identity");
        assertProblem(join(conference, "Bearer " + Grants.grant(conference, "eve", List.of("admin")), "{}"), 403,
                "neither 'publish' nor 'subscribe'");
        given().header("Authorization", Grants.appBasic()).get("/v1/conferences/" + conference).then()
                .statusCode(404);
    }

    @Test
    void identityAndPermissionsComeFromTheGrantIntoTheAgentToken() throws Exception {
        JsonPath answer = join("acl-join-1", "Bearer " + Grants.grant("acl-join-1", "alice", List.of("subscribe")), "")
                .then().statusCode(200).extract().jsonPath();
        assertThat(answer.getString("participantId")).isEqualTo("alice");
        var claims = Tokens.verify(answer.getString("token"), tokenKey);
        assertThat(claims.path("sub").asText()).isEqualTo("alice");
        assertThat(claims.path("perm").toString()).isEqualTo("[\"subscribe\"]");
    }

    @Test
    void aConferenceBelongsToTheApplicationThatFirstJoinedIt() {
        join("acl-owned-1", Grants.bearer("acl-owned-1", "alice"), "{}").then().statusCode(200);
        String other = Grants.sign(Grants.claims(Grants.OTHER_APP, "acl-owned-1", "mallory",
                List.of("publish", "subscribe"), Instant.now(), Duration.ofMinutes(5)), Grants.OTHER_SECRET);
        assertProblem(join("acl-owned-1", "Bearer " + other, "{}"), 403, "belongs to another application");
        // The other application's own credentials see nothing, not even that the conference exists.
        assertProblem(given().header("Authorization", Grants.basic(Grants.OTHER_APP, Grants.OTHER_SECRET))
                .get("/v1/conferences/acl-owned-1"), 404, "does not exist");
        assertThat(given().header("Authorization", Grants.appBasic()).get("/v1/conferences/acl-owned-1")
                .jsonPath().getList("participants.participantId")).containsExactly("alice");
    }

    @Test
    void administeringAConferenceNeedsAnAdminGrantTheAppsCredentialsOrTheOperator() {
        join("acl-admin-1", Grants.bearer("acl-admin-1", "alice"), "{}").then().statusCode(200);
        String path = "/v1/conferences/acl-admin-1";
        for (String p : new String[] {path, path + "/decisions"}) {
            assertProblem(given().get(p), 401, "Authorization: Bearer <grant>");
            assertProblem(given().header("Authorization", Grants.bearer("acl-admin-1", "alice")).get(p), 403,
                    "'admin' permission");
            assertProblem(given().header("Authorization", Grants.basic(Grants.APP, "wrong-secret")).get(p), 401,
                    "do not match");
            given().header("Authorization", Grants.admin("acl-admin-1")).get(p).then().statusCode(200);
            given().header("Authorization", Grants.appBasic()).get(p).then().statusCode(200);
            given().header("Authorization", Grants.OPERATOR).get(p).then().statusCode(200);
        }
        assertProblem(given().delete(path + "/participants/alice"), 401, "Authorization: Bearer <grant>");
        assertThat(given().header("Authorization", Grants.appBasic()).get(path).jsonPath()
                .getList("participants.participantId")).containsExactly("alice");
    }

    @Test
    void aKickTellsTheHostingAgentToEndTheSession() throws Exception {
        join("acl-kick-1", Grants.bearer("acl-kick-1", "bob"), "{}").then().statusCode(200);
        agent.drainReceived();
        given().header("Authorization", Grants.admin("acl-kick-1")).delete("/v1/conferences/acl-kick-1/participants/bob")
                .then().statusCode(204);
        ControllerMessage removal = agent.nextOfKind(ControllerMessage.BodyCase.REMOVE_PARTICIPANT, 5);
        assertThat(removal).isNotNull();
        assertThat(removal.getRemoveParticipant().getConferenceId()).isEqualTo("acl-kick-1");
        assertThat(removal.getRemoveParticipant().getParticipantId()).isEqualTo("bob");
        assertThat(given().header("Authorization", Grants.appBasic()).get("/v1/conferences/acl-kick-1").jsonPath()
                .getList("participants")).isEmpty();
    }

    @Test
    void applicationsAreManagedByTheOperatorAndTheirSecretsShownOnce() {
        assertProblem(given().get("/v1/apps"), 401, "operator token");
        assertProblem(given().header("Authorization", Grants.appBasic()).get("/v1/apps"), 401, "operator token");
        JsonPath created = given().header("Authorization", Grants.OPERATOR).contentType(ContentType.JSON)
                .body("{\"apiKey\":\"acl-new-app\"}").post("/v1/apps").then().statusCode(201).extract().jsonPath();
        String secret = created.getString("secret");
        assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
        String listing = given().header("Authorization", Grants.OPERATOR).get("/v1/apps").asString();
        assertThat(listing).contains("acl-new-app").contains(created.getString("secretId")).doesNotContain(secret)
                .doesNotContain(Grants.SECRET);
        String grant = Grants.sign(Grants.claims("acl-new-app", "acl-new-room", "zoe", List.of("publish"),
                Instant.now(), Duration.ofMinutes(5)), secret);
        join("acl-new-room", "Bearer " + grant, "{}").then().statusCode(200);

        JsonPath rotated = given().header("Authorization", Grants.OPERATOR).post("/v1/apps/acl-new-app/secrets")
                .then().statusCode(201).extract().jsonPath();
        given().header("Authorization", Grants.OPERATOR).post("/v1/apps/acl-new-app/secrets").then().statusCode(409);
        given().header("Authorization", Grants.OPERATOR)
                .delete("/v1/apps/acl-new-app/secrets/" + created.getString("secretId")).then().statusCode(204);
        given().header("Authorization", Grants.OPERATOR)
                .delete("/v1/apps/acl-new-app/secrets/" + rotated.getString("secretId")).then().statusCode(409);
        given().header("Authorization", Grants.OPERATOR).post("/v1/apps/test-app/secrets").then().statusCode(409);
        given().header("Authorization", Grants.OPERATOR).delete("/v1/apps/acl-new-app").then().statusCode(204);
        given().header("Authorization", Grants.OPERATOR).delete("/v1/apps/acl-new-app").then().statusCode(404);
    }

    @Test
    void devGrantsDoNotExistUnlessEnabled() {
        assertProblem(given().get("/v1/dev/grant?conference=room-1"), 404, "no such resource");
    }

    @Test
    void refusalsAreCountedByReason() {
        join("acl-metrics-1", null, "{}");
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).contains("meridian_refusals_total{reason=\"grant_missing\"}");
    }
}
