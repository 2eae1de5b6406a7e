package io.meridian.controller.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.controller.support.FakeAgent;
import io.meridian.controller.support.Grants;
import io.meridian.controller.support.PostgresSchemaResource;
import io.meridian.proto.agent.v1.ControllerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A drain is an operator decision that outlives controllers: real controller processes on one PostgreSQL, an agent
 * holding a stream to each. Drained through one replica, the other applies it; after a restart the drained agent
 * is still draining (and told so again); undrained through either, both take it back.
 */
class DurableDrainIT {
    static final String SECRET = "it-fleet-secret";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String schema = "meridian_drain_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    static ControllerProcess a;
    static ControllerProcess b;

    static Map<String, String> env() {
        return Map.of(
                "MERIDIAN_DB_URL", PostgresSchemaResource.URL + "?currentSchema=" + schema,
                "MERIDIAN_DB_USER", PostgresSchemaResource.USER,
                "MERIDIAN_FLEET_TOKEN", SECRET,
                "MERIDIAN_OPERATOR_TOKEN", Grants.OPERATOR.substring("Bearer ".length()),
                "QUARKUS_FLYWAY_SCHEMAS", schema,
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_GRPC_SERVER_HOST", "127.0.0.1",
                "QUARKUS_LOG_CATEGORY__IO_MERIDIAN__LEVEL", "WARN");
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
    void aDrainSurvivesRestartsAndEveryReplicaAppliesIt() throws Exception {
        a = ControllerProcess.start("drain-a", env());
        a.awaitReady(Duration.ofSeconds(90));
        b = ControllerProcess.start("drain-b", env());
        b.awaitReady(Duration.ofSeconds(90));
        FakeAgent toA = agent(a);
        FakeAgent toB = agent(b);
        try {
            awaitState(a, "up");
            awaitState(b, "up");
            assertThat(post(a, "/v1/agents/drain-eu-1/drain").statusCode()).isEqualTo(202);
            assertThat(toA.nextOfKind(ControllerMessage.BodyCase.DRAIN, 5)).isNotNull();
            // The other replica reads the drain from the database and tells the agent too.
            awaitState(b, "draining");
            assertThat(toB.nextOfKind(ControllerMessage.BodyCase.DRAIN, 5)).isNotNull();

            // Replica A restarts: the agent reconnects and is draining from its first Hello, and told so.
            toA.close();
            a.close();
            a = ControllerProcess.start("drain-a2", env());
            a.awaitReady(Duration.ofSeconds(90));
            toA = agent(a);
            assertThat(toA.nextOfKind(ControllerMessage.BodyCase.DRAIN, 10)).isNotNull();
            assertThat(state(a)).isEqualTo("draining");

            assertThat(post(b, "/v1/agents/drain-eu-1/undrain").statusCode()).isEqualTo(202);
            awaitState(b, "up");
            awaitState(a, "up");
            assertThat(toA.nextOfKind(ControllerMessage.BodyCase.UNDRAIN, 5)).isNotNull();
        } finally {
            toA.close();
            toB.close();
        }
    }

    private static FakeAgent agent(ControllerProcess replica) {
        FakeAgent agent = FakeAgent.connect(replica.grpcPort, SECRET).autoAck();
        agent.sayHello(FakeAgent.hello("drain-eu-1", "eu-west-1", 9700)).stress(0.1).reportEvery(250);
        return agent;
    }

    private static HttpResponse<String> post(ControllerProcess replica, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(replica.url(path)).header("Authorization", Grants.OPERATOR)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String state(ControllerProcess replica) throws Exception {
        JsonNode list = JSON.readTree(HTTP.send(HttpRequest.newBuilder(replica.url("/v1/agents"))
                .header("Authorization", Grants.OPERATOR).build(), HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode agent : list) {
            if (agent.path("agentId").asText().equals("drain-eu-1")) {
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
