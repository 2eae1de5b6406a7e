package io.meridian.controller.api;

import static io.restassured.RestAssured.given;

import io.meridian.controller.support.Grants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With MERIDIAN_DEV_GRANTS=true the console's data is open to this machine only: loopback, not via a proxy. */
@QuarkusTest
@TestProfile(ConsoleDevModeTest.DevGrants.class)
class ConsoleDevModeTest {
    /** bin/demo's mode. */
    public static class DevGrants implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("meridian.dev-grants", "true");
        }
    }

    @Test
    void aLoopbackClientReadsTheSnapshotWithoutAToken() {
        given().get("/v1/fleet/snapshot").then().statusCode(200);
        given().header("Authorization", Grants.OPERATOR).get("/v1/fleet/snapshot").then().statusCode(200);
    }

    @Test
    void aForwardedRequestOrAWrongTokenStillNeedsTheOperatorToken() {
        // Through a proxy on this machine the request is someone else's.
        BadInputTest.assertProblem(given().header("X-Forwarded-For", "203.0.113.9").get("/v1/fleet/snapshot"), 401,
                "MERIDIAN_OPERATOR_TOKEN");
        BadInputTest.assertProblem(given().header("Forwarded", "for=203.0.113.9").get("/v1/fleet/events"), 401,
                "MERIDIAN_OPERATOR_TOKEN");
        BadInputTest.assertProblem(given().header("Authorization", "Bearer wrong").get("/v1/fleet/snapshot"), 401,
                "MERIDIAN_OPERATOR_TOKEN");
    }
}
