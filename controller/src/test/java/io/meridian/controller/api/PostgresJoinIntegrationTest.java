package io.meridian.controller.api;

import io.meridian.controller.support.Grants;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.support.FakeAgent;
import io.meridian.controller.support.Fleet;
import io.meridian.controller.support.PostgresProfile;
import io.meridian.controller.support.PostgresSchemaResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Joins through the REST API land in PostgreSQL: placements, relay links, the decision log as jsonb, agents. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresJoinIntegrationTest {
    @ConfigProperty(name = "quarkus.grpc.server.test-port")
    int grpcPort;
    @ConfigProperty(name = "quarkus.flyway.schemas")
    String schema;
    @Inject
    AgentRegistry registry;

    @Test
    void aCascadedJoinIsStoredInPostgresWithItsDecisionLog() throws Exception {
        try (FakeAgent us = FakeAgent.connect(grpcPort, "test-fleet-secret").autoAck();
             FakeAgent eu = FakeAgent.connect(grpcPort, "test-fleet-secret").autoAck()) {
            us.sayHello(FakeAgent.hello("pg-us-1", "us-east-1", 8501)).reportEvery(300);
            eu.sayHello(FakeAgent.hello("pg-eu-1", "eu-west-1", 8601)).reportEvery(300);
            Fleet.awaitReporting(registry, "pg-us-1", "pg-eu-1");

            given().header("Authorization", Grants.bearer("pg-conf-1", "ann")).contentType(ContentType.JSON).body("{\"participantId\":\"ann\",\"location\":{\"lat\":40.7,\"lon\":-74}}")
                    .post("/v1/conferences/pg-conf-1/join").then().statusCode(200);
            JsonPath far = given().header("Authorization", Grants.bearer("pg-conf-1", "ben")).header("X-Forwarded-For", "193.0.6.139").contentType(ContentType.JSON)
                    .body("{\"participantId\":\"ben\"}").post("/v1/conferences/pg-conf-1/join")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(far.getString("agentId")).isEqualTo("pg-eu-1");
            assertThat(far.getString("mode")).isEqualTo("cascaded");

            await().atMost(Duration.ofSeconds(5)).until(() -> "OPEN".equals(
                    given().header("Authorization", Grants.appBasic()).get("/v1/conferences/pg-conf-1").jsonPath().getString("links[0].state")));

            try (Connection db = PostgresSchemaResource.connect(schema); Statement sql = db.createStatement()) {
                ResultSet participants = sql.executeQuery("SELECT participant_id, agent_id, country, location_source"
                        + " FROM participants WHERE conference_id = 'pg-conf-1' ORDER BY participant_id");
                assertThat(participants.next()).isTrue();
                assertThat(participants.getString(2)).isEqualTo("pg-us-1");
                assertThat(participants.getString(4)).isEqualTo("HINT");
                assertThat(participants.next()).isTrue();
                assertThat(participants.getString(2)).isEqualTo("pg-eu-1");
                assertThat(participants.getString(3)).isEqualTo("NL");
                assertThat(participants.getString(4)).isEqualTo("GEOIP");
                ResultSet decisions = sql.executeQuery("SELECT sequence, rule, explanation->>'rule',"
                        + " jsonb_array_length(explanation->'candidates') FROM decisions"
                        + " WHERE conference_id = 'pg-conf-1' ORDER BY sequence");
                assertThat(decisions.next()).isTrue();
                assertThat(decisions.getString(2)).isEqualTo("firstParticipantNearestRegion");
                assertThat(decisions.next()).isTrue();
                assertThat(decisions.getLong(1)).isEqualTo(2);
                assertThat(decisions.getString(3)).isEqualTo("cascadeToOwnRegion");
                assertThat(decisions.getInt(4)).isGreaterThanOrEqualTo(2);
                ResultSet raw = sql.executeQuery("SELECT count(*) FROM decisions WHERE conference_id = 'pg-conf-1'"
                        + " AND explanation::text LIKE '%193.0.6.139%'");
                raw.next();
                assertThat(raw.getInt(1)).as("decisions keeping the raw client address").isZero();
                ResultSet truncated = sql.executeQuery("SELECT explanation->'location'->>'detail' FROM decisions"
                        + " WHERE conference_id = 'pg-conf-1' AND sequence = 2");
                truncated.next();
                assertThat(truncated.getString(1)).contains("193.0.6.0/24");
                ResultSet links = sql.executeQuery("SELECT from_agent_id, to_agent_id, state FROM relay_links"
                        + " WHERE conference_id = 'pg-conf-1'");
                assertThat(links.next()).isTrue();
                assertThat(links.getString(3)).isEqualTo("OPEN");
                ResultSet agents = sql.executeQuery("SELECT state, signaling_url FROM agents WHERE agent_id = 'pg-eu-1'");
                assertThat(agents.next()).isTrue();
                assertThat(agents.getString(1)).isEqualTo("UP");
                assertThat(agents.getString(2)).isEqualTo("ws://127.0.0.1:8601/signaling");
            }
        }
    }

    @Test
    void readinessIncludesTheDatabase() {
        String health = given().get("/q/health/ready").then().statusCode(200).extract().asString();
        assertThat(health).contains("Database connections health check").contains("postgresql").contains("geoip");
    }

    @Test
    void applicationsAndConferenceOwnersLiveInPostgresql() throws Exception {
        JsonPath created = given().header("Authorization", Grants.OPERATOR).contentType(ContentType.JSON)
                .body("{\"apiKey\":\"pg-app-1\"}").post("/v1/apps").then().statusCode(201).extract().jsonPath();
        given().header("Authorization", Grants.OPERATOR).contentType(ContentType.JSON)
                .body("{\"apiKey\":\"pg-app-1\"}").post("/v1/apps").then().statusCode(409);
        String grant = Grants.sign(Grants.claims("pg-app-1", "pg-owned-1", "olga", java.util.List.of("publish"),
                java.time.Instant.now(), Duration.ofMinutes(5)), created.getString("secret"));
        try (FakeAgent eu = FakeAgent.connect(grpcPort, "test-fleet-secret").autoAck()) {
            eu.sayHello(FakeAgent.hello("pg-eu-9", "eu-west-1", 8691)).stress(0.1).reportEvery(300);
            Fleet.awaitReporting(registry, "pg-eu-9");
            given().header("Authorization", "Bearer " + grant).post("/v1/conferences/pg-owned-1/join").then()
                    .statusCode(200);
        }
        try (Connection c = PostgresSchemaResource.connect(schema); Statement sql = c.createStatement()) {
            ResultSet owner = sql.executeQuery("SELECT api_key FROM conference_owners WHERE conference_id = 'pg-owned-1'");
            assertThat(owner.next()).isTrue();
            assertThat(owner.getString(1)).isEqualTo("pg-app-1");
            ResultSet secrets = sql.executeQuery("SELECT count(*) FROM application_secrets WHERE api_key = 'pg-app-1'");
            secrets.next();
            assertThat(secrets.getInt(1)).isEqualTo(1);
        }
    }
}
