package io.meridian.controller.join;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.support.FakeAgent;
import io.meridian.controller.support.Fleet;
import io.meridian.controller.support.Grants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Conferences follow the agents' load reports: a participant its agent never reports hosting is removed. */
@QuarkusTest
@TestProfile(ReportReconciliationTest.ShortGrace.class)
class ReportReconciliationTest {

    /** A one-second arrival grace, reconciled every 300 ms. */
    public static class ShortGrace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("meridian.agent.arrival-grace", "1s", "meridian.agent.reconcile-interval", "300ms");
        }
    }

    @ConfigProperty(name = "quarkus.grpc.server.test-port")
    int port;
    @Inject
    AgentRegistry registry;

    @Test
    void removesAParticipantWhoseConferenceItsAgentNoLongerReportsAndKeepsOneItReports() throws Exception {
        try (FakeAgent agent = FakeAgent.connect(port, "test-fleet-secret").autoAck()) {
            agent.sayHello(FakeAgent.hello("rec-eu-1", "eu-west-1", 8901)).stress(0.1).hosting("rec-kept", 1)
                    .reportEvery(200);
            Fleet.awaitReporting(registry, "rec-eu-1");
            join("rec-kept", "ines");
            join("rec-lost", "jon");

            await().atMost(Duration.ofSeconds(15)).until(() -> participants("rec-lost").isEmpty());
            assertThat(participants("rec-kept")).containsExactly("ines");
        }
    }

    private static void join(String conference, String participant) {
        given().header("Authorization", Grants.bearer(conference, participant)).contentType(ContentType.JSON)
                .body("{\"participantId\":\"" + participant + "\",\"location\":{\"lat\":53.3,\"lon\":-6.3}}")
                .post("/v1/conferences/" + conference + "/join").then().statusCode(200);
    }

    private static List<String> participants(String conference) {
        var response = given().header("Authorization", Grants.appBasic()).get("/v1/conferences/" + conference);
        // An emptied conference may be gone altogether.
        return response.statusCode() == 404 ? List.of() : response.jsonPath().getList("participants.participantId");
    }
}
