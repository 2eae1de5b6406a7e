package io.meridian.controller.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.support.FakeAgent;
import io.meridian.controller.support.Fleet;
import io.meridian.controller.support.Grants;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The console's data needs the operator token (dev grants are off here); the page itself is open. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleApiTest {
    @ConfigProperty(name = "quarkus.grpc.server.test-port")
    int grpcPort;
    @Inject
    AgentRegistry registry;
    @TestHTTPResource("/v1/fleet/events")
    URI events;

    FakeAgent agent;

    @BeforeAll
    void startAgent() throws Exception {
        agent = FakeAgent.connect(grpcPort, "test-fleet-secret").autoAck();
        agent.sayHello(FakeAgent.hello("console-eu-1", "eu-west-1", 8931));
        agent.next(10);
        agent.stress(0.2).reportEvery(300);
        Fleet.awaitReporting(registry, "console-eu-1");
    }

    @AfterAll
    void stopAgent() {
        agent.close();
    }

    @Test
    void theConsolePageIsOpenButItsDataNeedsTheOperatorToken() {
        given().get("/console").then().statusCode(200).contentType(ContentType.HTML)
                .header("Content-Security-Policy", allOf(
                        containsString("script-src 'self';"), containsString("frame-ancestors 'none'")));
        BadInputTest.assertProblem(given().get("/v1/fleet/snapshot"), 401, "MERIDIAN_OPERATOR_TOKEN");
        BadInputTest.assertProblem(given().header("Authorization", "Bearer not-the-operator")
                .get("/v1/fleet/snapshot"), 401, "MERIDIAN_OPERATOR_TOKEN");
        // An application's credentials are not the operator's.
        BadInputTest.assertProblem(given().header("Authorization", Grants.appBasic()).get("/v1/fleet/snapshot"), 401,
                "MERIDIAN_OPERATOR_TOKEN");
        BadInputTest.assertProblem(given().get("/v1/fleet/events"), 401, "MERIDIAN_OPERATOR_TOKEN");
        BadInputTest.assertProblem(given().get("/v1/fleet/conferences/x/participants/y/decision"), 401,
                "MERIDIAN_OPERATOR_TOKEN");
    }

    @Test
    void theSnapshotShowsAgentsAndParticipantsAtRoundedLocationsWithoutAddresses() {
        String conference = "console-snap-1";
        given().header("Authorization", Grants.bearer(conference, "ana")).contentType(ContentType.JSON)
                .header("X-Forwarded-For", "10.1.2.3")
                .body("{\"location\":{\"lat\":52.3702,\"lon\":4.8952}}")
                .post("/v1/conferences/" + conference + "/join").then().statusCode(200);

        String body = given().header("Authorization", Grants.OPERATOR).get("/v1/fleet/snapshot").then()
                .statusCode(200).extract().asString();
        var json = io.restassured.path.json.JsonPath.from(body);
        assertThat(json.getList("agents.collect { it[0] }", String.class)).contains("console-eu-1");
        assertThat(json.getList("schema.participants", String.class)).containsExactly("id", "agent", "lat", "lon",
                "locatedBy");
        assertThat(json.getList("conferences.find { it.id == '" + conference + "' }.participants")).hasSize(1);
        // Read from the text: the JSON path reader parses numbers as floats.
        assertThat(body).containsPattern("\\[\"ana\",\\d+,52\\.4,4\\.9,\"HINT\"\\]");
        assertThat(body).doesNotContain("10.1.2.3", "52.3702", "4.8952");

        String decision = given().header("Authorization", Grants.OPERATOR)
                .get("/v1/fleet/conferences/" + conference + "/participants/ana/decision").then().statusCode(200)
                .extract().asString();
        var d = io.restassured.path.json.JsonPath.from(decision);
        assertThat(d.getString("agentId")).isEqualTo("console-eu-1");
        assertThat(d.getString("rule")).isNotBlank();
        assertThat(d.getList("candidates")).isNotEmpty();
        assertThat(decision).contains("\"latitude\":52.4,").contains("\"longitude\":4.9");
        assertThat(decision).doesNotContain("10.1.2.3", "52.3702", "\"detail\"");
    }

    @Test
    void theFeedSendsTheSnapshotThenANewOneAfterAJoin() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(events)
                .header("Authorization", Grants.OPERATOR).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        String conference = "console-feed-1";
        CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> response.body()
                .filter(line -> line.startsWith("data:")).peek(line -> {
                    if (!line.contains("\"" + conference + "\"")) {
                        // The first event is the snapshot before the join: then a join happens.
                        given().header("Authorization", Grants.bearer(conference, "bea")).contentType(ContentType.JSON)
                                .body("{}").post("/v1/conferences/" + conference + "/join").then().statusCode(200);
                    }
                }).anyMatch(line -> line.contains("\"" + conference + "\"") && line.contains("\"bea\"")));
        try {
            assertThat(seen.get(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            response.body().close();
        }
    }
}
