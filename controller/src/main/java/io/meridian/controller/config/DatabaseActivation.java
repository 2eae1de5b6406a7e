package io.meridian.controller.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.util.Set;

/**
 * Derives whether Hibernate ORM and Flyway are active from MERIDIAN_DB_URL: with no URL the datasource is
 * inactive and so must they be (the in-memory store takes over). An explicit setting still wins.
 */
@Priority(Priorities.APPLICATION + 100)
public class DatabaseActivation implements ConfigSourceInterceptor {
    private static final Set<String> FOLLOWERS = Set.of("quarkus.hibernate-orm.active", "quarkus.flyway.active");

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value != null || !FOLLOWERS.contains(name)) {
            return value;
        }
        ConfigValue url = context.proceed("meridian.db.url");
        boolean active = url != null && url.getValue() != null && !url.getValue().isBlank();
        return ConfigValue.builder().withName(name).withValue(Boolean.toString(active))
                .withConfigSourceName("meridian-db-activation").build();
    }
}
