package io.meridian.controller.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh, empty schema in the test database (127.0.0.1:5432/test, user postgres) for one test run: Flyway
 * migrates it from empty at start, and it is dropped at the end.
 */
public class PostgresSchemaResource implements QuarkusTestResourceLifecycleManager {
    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String USER = "postgres";
    private String schema;

    @Override
    public Map<String, String> start() {
        schema = "meridian_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return Map.of(
                "meridian.db.url", URL + "?currentSchema=" + schema,
                "meridian.db.user", USER,
                "meridian.db.password", "",
                "quarkus.flyway.schemas", schema,
                "quarkus.flyway.default-schema", schema,
                "quarkus.flyway.create-schemas", "true");
    }

    @Override
    public void stop() {
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            System.err.println("could not drop test schema " + schema + ": " + e.getMessage());
        }
    }

    /** A JDBC connection to the current test schema (for assertions on rows). */
    public static Connection connect(String schema) throws SQLException {
        return DriverManager.getConnection(URL + "?currentSchema=" + schema, USER, "");
    }
}
