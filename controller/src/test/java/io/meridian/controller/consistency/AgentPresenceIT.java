package io.meridian.controller.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.controller.support.FakeAgent;
import io.meridian.controller.support.Grants;
import io.meridian.controller.support.PostgresSchemaResource;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two real controller processes on one PostgreSQL, an agent holding a stream to each. When only the stream to
 * replica A breaks, A must not evict the agent that B still hears; when the agent is lost to both, it is evicted
 * (once).
 */
class AgentPresenceIT {
    static final String SECRET = "it-fleet-secret";
    static final String AGENT = "presence-eu-1";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String schema = "meridian_presence_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    static ControllerProcess a;
    static ControllerProcess b;

    static Map<String, String> env() {
        return Map.of(
                "MERIDIAN_DB_URL", PostgresSchemaResource.URL + "?currentSchema=" + schema,
                "MERIDIAN_DB_USER", PostgresSchemaResource.USER,
                "MERIDIAN_FLEET_TOKEN", SECRET,
                "MERIDIAN_APPS", Grants.APP + ":" + Grants.SECRET,
                "MERIDIAN_OPERATOR_TOKEN", Grants.OPERATOR.substring("Bearer ".length()),
                "QUARKUS_FLYWAY_SCHEMAS", schema,
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_GRPC_SERVER_HOST", "127.0.0.1",
                "QUARKUS_LOG_CATEGORY__IO_MERIDIAN__LEVEL", "INFO");
    }

    @AfterAll
    static void stop() throws Exception {
        for (ControllerProcess p : new ControllerProcess[] {a, b}) {
            if (p != null) {
                p.close();
            }
        }
        try (Connection c = DriverManager.getConnection(PostgresSchemaResource.URL, PostgresSchemaResource.USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void aReplicaThatLostItsStreamDoesNotEvictAnAgentAnotherReplicaStillHears() throws Exception {
        a = ControllerProcess.start("presence-a", env());
        a.awaitReady(Duration.ofSeconds(90));
        b = ControllerProcess.start("presence-b", env());
        b.awaitReady(Duration.ofSeconds(90));
        FakeAgent toA = agent(a);
        FakeAgent toB = agent(b);
        try {
            awaitState(a, "up");
            awaitState(b, "up");
            assertThat(join(a, "presence-conf", "alice").path("agentId").asText()).isEqualTo(AGENT);

            toA.close();
            awaitState(a, "down");
            // Longer than the down-timeout (5 s) plus a re-check (2 s): A had every chance to evict.
            Thread.sleep(9_000);
            assertThat(participants(a)).containsExactly("alice");
            assertThat(outcomes(b)).containsExactly("placed");
            assertThat(state(b)).isEqualTo("up");

            // Lost to every replica now: evicted, exactly once.
            toB.close();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> participants(b).isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> outcomes(a).equals(List.of("placed", "evicted")));
        } finally {
            toA.close();
            toB.close();
        }
    }

    private static FakeAgent agent(ControllerProcess replica) {
        FakeAgent agent = FakeAgent.connect(replica.grpcPort, SECRET).autoAck();
        agent.sayHello(FakeAgent.hello(AGENT, "eu-west-1", 9710)).stress(0.1).reportEvery(250);
        return agent;
    }

    private static JsonNode join(ControllerProcess replica, String conference, String participant) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(replica.url("/v1/conferences/" + conference
                        + "/join")).header("Content-Type", "application/json")
                .header("Authorization", Grants.bearer(conference, participant))
                .POST(HttpRequest.BodyPublishers.ofString("{\"participantId\":\"" + participant + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> participants(ControllerProcess replica) throws Exception {
        JsonNode view = get(replica, "/v1/conferences/presence-conf");
        List<String> ids = new ArrayList<>();
        view.path("participants").forEach(p -> ids.add(p.path("participantId").asText()));
        return ids;
    }

    private static List<String> outcomes(ControllerProcess replica) throws Exception {
        List<String> outcomes = new ArrayList<>();
        get(replica, "/v1/conferences/presence-conf/decisions").path("decisions")
                .forEach(d -> outcomes.add(d.path("outcome").asText()));
        return outcomes;
    }

    private static JsonNode get(ControllerProcess replica, String path) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(replica.url(path))
                .header("Authorization", Grants.appBasic()).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static String state(ControllerProcess replica) throws Exception {
        JsonNode list = JSON.readTree(HTTP.send(HttpRequest.newBuilder(replica.url("/v1/agents"))
                .header("Authorization", Grants.OPERATOR).build(), HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode agent : list) {
            if (agent.path("agentId").asText().equals(AGENT)) {
                return agent.path("state").asText();
            }
        }
        return "absent";
    }

    private static void awaitState(ControllerProcess replica, String expected) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> expected.equals(state(replica)));
    }
}
