package io.meridian.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.controller.support.MutableClock;
import io.meridian.controller.support.PostgresSchemaResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Replicas share who still hears which agent through PostgreSQL (a fresh schema with the V6 table). */
class AgentPresenceTest {
    private final String schema = "meridian_presence_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private PGSimpleDataSource db;
    private AgentPresence a;
    private AgentPresence b;

    @BeforeEach
    void setUp() throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresSchemaResource.URL, PostgresSchemaResource.USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("SET search_path TO " + schema);
            s.execute(Files.readString(Path.of("../migrations/V6__agent_presence.sql")));
        }
        db = new PGSimpleDataSource();
        db.setURL(PostgresSchemaResource.URL + "?currentSchema=" + schema);
        db.setUser(PostgresSchemaResource.USER);
        a = new AgentPresence(db, "replica-a", Duration.ofSeconds(2), clock);
        b = new AgentPresence(db, "replica-b", Duration.ofSeconds(2), clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        a.stop();
        b.stop();
        try (Connection c = DriverManager.getConnection(PostgresSchemaResource.URL, PostgresSchemaResource.USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void anAgentAnotherReplicaHearsIsSeenElsewhereButNotByThatReplicaItself() {
        a.seen("agent-1");

        await().atMost(Duration.ofSeconds(10)).until(() -> b.seenElsewhere("agent-1", Duration.ofSeconds(5)));
        assertThat(a.seenElsewhere("agent-1", Duration.ofSeconds(5))).isFalse();
        assertThat(b.seenElsewhere("agent-2", Duration.ofSeconds(5))).isFalse();
    }

    @Test
    void aSightingOlderThanTheWindowDoesNotCount() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO agent_presence VALUES ('agent-1', 'replica-a', now() - interval '10 seconds')");
        }

        assertThat(b.seenElsewhere("agent-1", Duration.ofSeconds(5))).isFalse();
        assertThat(b.seenElsewhere("agent-1", Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void recordsAtMostOncePerInterval() throws Exception {
        a.seen("agent-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> rows() == 1);
        setSeenBack();

        a.seen("agent-1");
        clock.advance(Duration.ofSeconds(3));
        a.seen("agent-1");

        await().atMost(Duration.ofSeconds(10)).until(() -> b.seenElsewhere("agent-1", Duration.ofSeconds(5)));
        setSeenBack();
        a.seen("agent-1");
        Thread.sleep(200);
        assertThat(b.seenElsewhere("agent-1", Duration.ofSeconds(5))).as("within the interval: not written").isFalse();
    }

    @Test
    void withoutADatabaseNoOtherReplicaExists() {
        AgentPresence single = new AgentPresence(null, "only", Duration.ofSeconds(2), clock);
        single.seen("agent-1");

        assertThat(single.seenElsewhere("agent-1", Duration.ofSeconds(5))).isFalse();
        single.stop();
    }

    private int rows() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM agent_presence")) {
            r.next();
            return r.getInt(1);
        }
    }

    private void setSeenBack() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE agent_presence SET seen_at = now() - interval '1 minute'");
        }
    }
}
