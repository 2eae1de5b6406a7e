package io.meridian.controller.persistence;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

class InMemoryConferenceStoreTest extends ConferenceStoreContract {
    private final ConferenceStore store = new InMemoryConferenceStore(Clock.fixed(NOW, ZoneOffset.UTC));

    @Override
    ConferenceStore store() {
        return store;
    }

    @Override
    Instant storeNow() {
        return NOW;
    }
}
