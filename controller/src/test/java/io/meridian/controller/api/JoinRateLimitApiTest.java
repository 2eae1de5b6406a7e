package io.meridian.controller.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.support.FakeAgent;
import io.meridian.controller.support.Fleet;
import io.meridian.controller.support.Grants;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Join floods: per source address and per application, refused with 429 before any database work. */
@QuarkusTest
@TestProfile(JoinRateLimitApiTest.TightLimits.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JoinRateLimitApiTest {
    /** Three joins per source, six per application, refilling too slowly to matter during the test. */
    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("meridian.rate-limit.source-rate", "0.01", "meridian.rate-limit.source-burst", "3",
                    "meridian.rate-limit.app-rate", "0.01", "meridian.rate-limit.app-burst", "6");
        }
    }

    @ConfigProperty(name = "quarkus.grpc.server.test-port")
    int grpcPort;
    @Inject
    AgentRegistry registry;
    @Inject
    MeterRegistry meters;

    FakeAgent agent;

    @BeforeAll
    void startAgent() throws Exception {
        agent = FakeAgent.connect(grpcPort, "test-fleet-secret").autoAck();
        agent.sayHello(FakeAgent.hello("rl-eu-1", "eu-west-1", 8911));
        agent.next(10);
        agent.stress(0.1).reportEvery(300);
        Fleet.awaitReporting(registry, "rl-eu-1");
    }

    @AfterAll
    void stopAgent() {
        agent.close();
    }

    static Response join(String conference, String authorization, String from) {
        return given().contentType(ContentType.JSON).header("Authorization", authorization)
                .header("X-Forwarded-For", from).body("{}").post("/v1/conferences/" + conference + "/join");
    }

    double refused(String reason) {
        var counter = meters.find("meridian.refusals").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aFloodFromOneAddressGets429WhileAnotherAddressStillJoins() {
        String conference = "rl-flood-1";
        for (int i = 0; i < 3; i++) {
            join(conference, Grants.bearer(conference, "flood-" + i), "198.51.100.7").then().statusCode(200);
        }
        double before = refused("rate-limited-source");
        for (int i = 3; i < 10; i++) {
            Response refused = join(conference, Grants.bearer(conference, "flood-" + i), "198.51.100.7");
            BadInputTest.assertProblem(refused, 429, "too many joins from your address");
            assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
        }
        assertThat(refused("rate-limited-source") - before).isEqualTo(7.0);

        join(conference, Grants.bearer(conference, "bystander"), "198.51.100.8").then().statusCode(200);
    }

    @Test
    void anApplicationOverItsBudgetGets429FromAnyAddress() {
        String conference = "rl-app-1";
        for (int i = 0; i < 6; i++) {
            join(conference, otherApp(conference, "u" + i), "192.0.2." + (10 + i)).then().statusCode(200);
        }
        double before = refused("rate-limited-app");
        Response refused = join(conference, otherApp(conference, "u6"), "192.0.2.99");
        BadInputTest.assertProblem(refused, 429, "application 'other-app'");
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(refused("rate-limited-app") - before).isEqualTo(1.0);
    }

    @Test
    void anAnonymousFloodIsRefusedByRateBeforeItsGrantIsRead() {
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).header("X-Forwarded-For", "198.51.100.50").body("{}")
                    .post("/v1/conferences/rl-anon/join").then().statusCode(401);
        }
        Response refused = given().contentType(ContentType.JSON).header("X-Forwarded-For", "198.51.100.50")
                .body("{}").post("/v1/conferences/rl-anon/join");
        BadInputTest.assertProblem(refused, 429, "too many joins from your address");
        assertThat(refused.header("Retry-After")).isNotBlank();
    }

    static String otherApp(String conference, String identity) {
        return "Bearer " + Grants.sign(Grants.claims(Grants.OTHER_APP, conference, identity,
                List.of("publish", "subscribe"), Instant.now(), Duration.ofMinutes(5)), Grants.OTHER_SECRET);
    }
}
