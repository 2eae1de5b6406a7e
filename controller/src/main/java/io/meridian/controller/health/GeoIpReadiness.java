package io.meridian.controller.health;

import io.meridian.controller.geo.Locator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only with the configured GeoIP database open. Without one configured the controller runs on its
 * documented fallbacks (hint, probes, default region) and says so here.
 */
@Readiness
@ApplicationScoped
public class GeoIpReadiness implements HealthCheck {
    @Inject
    Locator locator;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("geoip");
        if (locator.geoIpLoaded()) {
            return response.up().build();
        }
        String problem = locator.geoIpProblem().orElse("unavailable");
        return locator.geoIpConfigured() ? response.down().withData("problem", problem).build()
                : response.up().withData("mode", "fallbacks only: " + problem).build();
    }
}
