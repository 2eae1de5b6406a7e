package io.meridian.controller.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.support.FakeAgent;
import io.meridian.controller.support.Fleet;
import io.meridian.controller.support.Grants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The decision log over REST: no raw client address, coarse coordinates, pages with an opaque cursor. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionLogApiTest {
    @ConfigProperty(name = "quarkus.grpc.server.test-port")
    int grpcPort;
    @Inject
    AgentRegistry registry;

    FakeAgent agent;

    @BeforeAll
    void startAgent() throws Exception {
        agent = FakeAgent.connect(grpcPort, "test-fleet-secret").autoAck();
        agent.sayHello(FakeAgent.hello("log-eu-1", "eu-west-1", 8921));
        agent.next(10);
        agent.stress(0.1).reportEvery(300);
        Fleet.awaitReporting(registry, "log-eu-1");
    }

    @AfterAll
    void stopAgent() {
        agent.close();
    }

    static Response join(String conference, String identity, String from, String body) {
        return given().contentType(ContentType.JSON).header("Authorization", Grants.bearer(conference, identity))
                .header("X-Forwarded-For", from).body(body).post("/v1/conferences/" + conference + "/join");
    }

    static Response decisions(String conference, String query) {
        return given().header("Authorization", Grants.appBasic())
                .get("/v1/conferences/" + conference + "/decisions" + query);
    }

    @Test
    void aJoinFromAKnownAddressKeepsOnlyItsNetworkAndCoarseCoordinates() {
        String conference = "log-privacy-1";
        String answer = join(conference, "nina", "193.0.6.139", "{}").then().statusCode(200).extract().asString();
        assertThat(answer).doesNotContain("193.0.6.139");

        Response log = decisions(conference, "");
        log.then().statusCode(200);
        assertThat(log.asString()).doesNotContain("193.0.6.139");
        assertThat(log.jsonPath().getString("decisions[0].explanation.location.detail")).contains("193.0.6.0/24");
        double latitude = log.jsonPath().getDouble("decisions[0].explanation.location.latitude");
        assertThat(Math.abs(latitude * 10 - Math.round(latitude * 10))).isLessThan(1e-6);
    }

    @Test
    void anImplausibleProbeIsDiscardedAndNamedInTheDecision() {
        String conference = "log-probe-1";
        JsonPath answer = join(conference, "pia", "193.0.6.139", "{\"probes\":{\"ap-southeast-2\":1}}").then()
                .statusCode(200).extract().jsonPath();
        assertThat(answer.getMap("decision.location.probesMs")).isNull();
        assertThat(answer.getString("decision.location.discardedProbes[0].region")).isEqualTo("ap-southeast-2");
        assertThat(answer.getString("decision.location.discardedProbes[0].reason")).contains("light in fibre");
    }

    @Test
    void pagesThroughTheLogWithAnOpaqueCursor() {
        String conference = "log-pages-1";
        for (int i = 0; i < 5; i++) {
            join(conference, "p" + i, "198.51.100." + (20 + i), "{}").then().statusCode(200);
        }
        Response first = decisions(conference, "?limit=2");
        first.then().statusCode(200);
        assertThat(first.jsonPath().getList("decisions.sequence", Long.class)).containsExactly(1L, 2L);
        String next = first.jsonPath().getString("next");
        assertThat(next).isNotBlank().doesNotContain("2");
        assertThat(first.header("Link")).contains("rel=\"next\"").contains("after=" + next);

        Response second = decisions(conference, "?limit=2&after=" + next);
        assertThat(second.jsonPath().getList("decisions.sequence", Long.class)).containsExactly(3L, 4L);
        Response last = decisions(conference, "?limit=2&after=" + second.jsonPath().getString("next"));
        assertThat(last.jsonPath().getList("decisions.sequence", Long.class)).containsExactly(5L);
        assertThat(last.jsonPath().getString("next")).isNull();
        assertThat(last.header("Link")).isNull();

        assertThat(decisions(conference, "").jsonPath().getList("decisions")).hasSize(5);
    }

    @Test
    void refusesABadLimitOrCursor() {
        String conference = "log-bad-1";
        join(conference, "q", "198.51.100.30", "{}").then().statusCode(200);
        BadInputTest.assertProblem(decisions(conference, "?limit=0"), 400, "limit must be");
        BadInputTest.assertProblem(decisions(conference, "?limit=1001"), 400, "limit must be");
        BadInputTest.assertProblem(decisions(conference, "?after=12"), 400, "not a cursor");
    }
}
