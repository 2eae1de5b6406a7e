package io.meridian.controller.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The controller on the real PostgreSQL (a fresh schema per run) instead of the in-memory store. */
public class PostgresProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresSchemaResource.class));
    }
}
