package io.meridian.controller.persistence;

import io.meridian.controller.config.MeridianConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Chooses the store: PostgreSQL when MERIDIAN_DB_URL is set, else single-node in memory. */
public class StoreProducer {
    private static final Logger LOG = Logger.getLogger(StoreProducer.class);

    @Produces
    @Singleton
    @Startup
    ConferenceStore store(MeridianConfig config, Instance<PostgresConferenceStore> postgres, Clock clock) {
        if (config.db().url().filter(url -> !url.isBlank()).isPresent()) {
            LOG.infof("store: PostgreSQL at %s", config.db().url().get().replaceAll("\\?.*", ""));
            return postgres.get();
        }
        LOG.warn("store: in memory (MERIDIAN_DB_URL unset) — single node only, nothing survives a restart");
        return new InMemoryConferenceStore(clock);
    }
}
