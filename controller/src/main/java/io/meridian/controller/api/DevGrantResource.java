package io.meridian.controller.api;

import io.meridian.controller.Ids;
import io.meridian.controller.access.Application;
import io.meridian.controller.access.Applications;
import io.meridian.controller.access.GrantMinter;
import io.meridian.controller.access.Permission;
import io.meridian.controller.config.MeridianConfig;
import io.meridian.controller.join.NotFoundException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * {@code GET /v1/dev/grant?conference=<id>}: development only (MERIDIAN_DEV_GRANTS=true) — a grant for the first
 * declared application, publish and subscribe, one hour, to anyone who asks, so the demo page needs no backend.
 * Otherwise the path answers 404 like any unknown one.
 */
@Path("/v1/dev/grant")
@Produces(MediaType.APPLICATION_JSON)
public class DevGrantResource {
    private static final Logger LOG = Logger.getLogger(DevGrantResource.class);
    static final Duration LIFETIME = Duration.ofHours(1);

    @Inject
    MeridianConfig config;
    @Inject
    Applications applications;
    @Inject
    Clock clock;

    /** A minted dev grant. */
    public record DevGrant(String grant, String identity, String conferenceId, String apiKey) {
    }

    void warn(@Observes StartupEvent start) {
        if (config.devGrants()) {
            LOG.warn("MERIDIAN_DEV_GRANTS=true: GET /v1/dev/grant hands a join grant to ANYONE who asks."
                    + " Development only; never on a server others can reach.");
            if (applications.firstDeclared().isEmpty()) {
                LOG.warn("MERIDIAN_DEV_GRANTS=true but no application is declared (MERIDIAN_APPS): dev grants fail");
            }
        }
    }

    @GET
    @Operation(summary = "Development only (MERIDIAN_DEV_GRANTS=true): a grant for the demo page")
    public DevGrant grant(@QueryParam("conference") String conference, @QueryParam("name") String name) {
        if (!config.devGrants()) {
            throw new NotFoundException("no such resource: /v1/dev/grant");
        }
        ConferenceResource.requireId("conference", conference);
        if (name != null && name.length() > 128) {
            throw new InvalidRequestException("name is longer than 128 characters");
        }
        Application app = applications.firstDeclared().orElseThrow(() -> new NotFoundException(
                "no application is declared (MERIDIAN_APPS) to mint dev grants for"));
        // The name doubles as the identity when it is a valid id (so a developer picks who is who), else a guest id.
        String identity = name != null && Ids.valid(name) ? name : "guest-" + suffix();
        String grant = GrantMinter.mint(app, identity, conference, EnumSet.of(Permission.PUBLISH, Permission.SUBSCRIBE),
                name, clock.instant(), LIFETIME);
        return new DevGrant(grant, identity, conference, app.apiKey());
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
