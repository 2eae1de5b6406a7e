package io.meridian.controller.access;

import io.meridian.controller.config.MeridianConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import javax.sql.DataSource;

/** Chooses where applications live: PostgreSQL when MERIDIAN_DB_URL is set, else memory. */
public class AccessStoreBeans {
    @Produces
    @Singleton
    AccessStore accessStore(MeridianConfig config, Instance<DataSource> db, Clock clock) {
        if (config.db().url().filter(url -> !url.isBlank()).isPresent()) {
            return new JdbcAccessStore(db.get(), clock);
        }
        return new InMemoryAccessStore();
    }
}
