package io.meridian.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meridian.controller.console.ConsoleAccess;
import io.meridian.controller.console.FleetFeed;
import io.meridian.controller.join.ConferenceService;
import io.meridian.controller.join.DecisionJson;
import io.meridian.controller.join.NotFoundException;
import io.meridian.controller.persistence.DecisionRecord;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The operator's console: {@code GET /console} (a static page, open) and the data it draws, which needs the operator
 * credential (or, with MERIDIAN_DEV_GRANTS=true, a request from this machine): the fleet snapshot, its live feed
 * and one participant's placement decision. Nothing here carries a client address or an exact location.
 */
@Path("/")
@Tag(name = "console")
public class ConsoleResource {
    /** Decisions read per page while looking for a participant's latest placement. */
    private static final int DECISION_PAGE = 1000;

    static final String PAGE = "META-INF/resources/console/index.html";
    /**
     * The page runs only its own script and talks only to this controller: ids that clients chose are drawn into the
     * page, so even a missed escape could not load or run anything else, nor could another site frame the console.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Inject
    ConsoleAccess access;
    @Inject
    FleetFeed feed;
    @Inject
    ConferenceService conferences;

    @GET
    @Path("console")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The operator's console: the fleet, live conferences and relay links on a world map")
    public Response page() throws IOException {
        try (InputStream page = Thread.currentThread().getContextClassLoader().getResourceAsStream(PAGE)) {
            if (page == null) {
                return Problem.response(404, "Not Found", "the console is not part of this build", "/console");
            }
            return Response.ok(page.readAllBytes(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .header("Cache-Control", "no-cache")
                    .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    .header("X-Content-Type-Options", "nosniff").build();
        }
    }

    @GET
    @Path("v1/fleet/snapshot")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Agents, live conferences, participants at rounded locations and relay links with RTT"
            + " (operator)")
    public Response snapshot(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest http) {
        access.require(authorization, http);
        return Response.ok(feed.current()).header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("v1/fleet/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @Operation(summary = "Server-Sent Events: the snapshot now, then each new one as the fleet changes (operator)")
    public Multi<String> events(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest http) {
        access.require(authorization, http);
        return feed.events();
    }

    @GET
    @Path("v1/fleet/conferences/{conferenceId}/participants/{participantId}/decision")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "The decision that placed the participant: candidates, RTTs, stress, the rule (operator;"
            + " location rounded, no address)")
    public ObjectNode decision(@PathParam("conferenceId") String conferenceId,
            @PathParam("participantId") String participantId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context HttpServerRequest http) {
        access.require(authorization, http);
        ConferenceResource.requireId("conferenceId", conferenceId);
        ConferenceResource.requireId("participantId", participantId);
        DecisionRecord latest = null;
        List<DecisionRecord> page;
        long after = 0;
        do { // the log is paged; the participant's latest placement may be on any page
            page = conferences.decisions(conferenceId, after, DECISION_PAGE);
            for (DecisionRecord record : page) {
                if (participantId.equals(record.participantId()) && !DecisionRecord.EVICTED.equals(record.outcome())) {
                    latest = record;
                }
                after = record.sequence();
            }
        } while (page.size() == DECISION_PAGE);
        if (latest == null) {
            throw new NotFoundException("no decision for participant '" + participantId + "' in '" + conferenceId
                    + "'");
        }
        ObjectNode node = ObjectNode.class.cast(DecisionJson.parse(latest.explanationJson()));
        redact(node);
        node.put("sequence", latest.sequence());
        node.put("participantId", participantId);
        node.put("decidedAt", latest.decidedAt().toString());
        return node;
    }

    /** Drops the locating rule's detail (it names the client's address) and rounds the location to 0.1°. */
    static void redact(ObjectNode decision) {
        JsonNode location = decision.get("location");
        if (location instanceof ObjectNode loc) {
            loc.remove("detail");
            for (String field : List.of("latitude", "longitude")) {
                if (loc.path(field).isNumber()) {
                    loc.put(field, Math.round(loc.path(field).doubleValue() * 10.0) / 10.0);
                }
            }
        }
    }
}
