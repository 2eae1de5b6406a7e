package io.meridian.controller.persistence;

import io.meridian.controller.support.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;

/** The store contract on the real PostgreSQL, schema migrated by Flyway from empty. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresConferenceStoreTest extends ConferenceStoreContract {
    @Inject
    PostgresConferenceStore store;

    @Override
    ConferenceStore store() {
        return store;
    }

    @Override
    Instant storeNow() {
        return Instant.now();
    }
}
