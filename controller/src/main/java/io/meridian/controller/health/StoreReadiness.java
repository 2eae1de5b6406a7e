package io.meridian.controller.health;

import io.meridian.controller.persistence.ConferenceStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Names the store serving joins; with PostgreSQL, the datasource's own check makes readiness wait for the database. */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {
    @Inject
    ConferenceStore store;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("store").up().withData("kind", store.kind()).build();
    }
}
