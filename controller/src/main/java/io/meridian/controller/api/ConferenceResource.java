package io.meridian.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.controller.Ids;
import io.meridian.controller.access.ConferenceAdmin;
import io.meridian.controller.access.Grant;
import io.meridian.controller.access.JoinAccess;
import io.meridian.controller.access.JoinRateLimits;
import io.meridian.controller.geo.IpAddresses;
import io.meridian.controller.geo.Locator;
import io.meridian.controller.join.ConferenceService;
import io.meridian.controller.join.DecisionJson;
import io.meridian.controller.join.JoinAnswer;
import io.meridian.controller.join.LiveMoves;
import io.meridian.controller.access.OperatorCredential;
import io.meridian.controller.turn.IceServers;
import io.meridian.controller.join.JoinRequest;
import io.meridian.controller.persistence.ConferenceAgent;
import io.meridian.controller.persistence.ConferenceView;
import io.meridian.controller.persistence.DecisionRecord;
import io.meridian.placement.geo.RegionCatalog;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Conferences: join, inspect, remove a participant, read the decision log. */
@Path("/v1/conferences/{conferenceId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "conferences")
@Blocking
public class ConferenceResource {
    /** Largest accepted request body. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    @Inject
    ConferenceService conferences;
    @Inject
    JoinAccess access;
    @Inject
    ConferenceAdmin admin;
    @Inject
    RegionCatalog regions;
    @Inject
    IceServers iceServers;
    @Inject
    JoinRateLimits rateLimits;
    @Inject
    Locator locator;
    @Inject
    LiveMoves moves;
    @Inject
    OperatorCredential operator;

    /** The conference as the API shows it. */
    public record ConferenceDto(String conferenceId, String mode, List<AgentDto> agents, List<LinkDto> links,
            List<ParticipantDto> participants) {
    }

    /** An agent of a conference and how many of its participants it hosts. */
    public record AgentDto(String agentId, String region, int participants) {
    }

    /** A relay link between two agents of the conference. */
    public record LinkDto(String from, String to, String state) {
    }

    /** A participant and where it is hosted. */
    public record ParticipantDto(String participantId, String agentId, String region, String country) {
    }

    /** One page of the decision log; {@code next} is the cursor of the following page, null on the last. */
    public record DecisionLogDto(String conferenceId, List<DecisionDto> decisions, String next) {
    }

    /** One logged decision with its explanation. */
    public record DecisionDto(long sequence, String participantId, Instant decidedAt, String outcome, String agentId,
            String region, String mode, boolean addsAgent, String rule, JsonNode explanation) {
    }

    @POST
    @Path("/join")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Join a conference with the application's grant (Authorization: Bearer <grant>): where to"
            + " connect, with a signed token and the decision's explanation")
    public JoinAnswer join(@PathParam("conferenceId") String conferenceId, String body, @Context HttpHeaders headers,
            @Context HttpServerRequest http) {
        requireId("conferenceId", conferenceId);
        Optional<InetAddress> peer = http.remoteAddress() == null ? Optional.empty()
                : IpAddresses.parseLiteral(http.remoteAddress().hostAddress());
        List<String> forwarded = headers.getRequestHeader("X-Forwarded-For");
        forwarded = forwarded == null ? List.of() : forwarded;
        // The source's rate first (no database work), then the grant: an anonymous caller is refused before its
        // body is read.
        rateLimits.admitSource(locator.clientAddress(peer, forwarded)
                .map(a -> IpAddresses.unmapped(a).getHostAddress()).orElse("unknown"));
        Grant grant = access.admit(headers.getHeaderString(HttpHeaders.AUTHORIZATION), conferenceId);
        if (body != null && body.length() > MAX_BODY_BYTES / 4
                && body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new PayloadTooLargeException("the body is larger than 64 KiB");
        }
        if (body != null && !body.isBlank() && !isJson(headers.getMediaType())) {
            throw new InvalidRequestException("send the body as application/json");
        }
        JoinBody parsed = JoinBody.parse(body, regions);
        access.requireSameIdentity(grant, parsed.participantId());
        JoinAnswer answer = conferences.join(new JoinRequest(conferenceId, grant.identity(), grant.apiKey(),
                JoinAccess.mediaPermissions(grant), parsed.probes(), parsed.location(), peer, forwarded));
        return answer.withIceServers(iceServers.forParticipant(answer.participantId()));
    }

    @GET
    @Operation(summary = "The conference: its mode, agents, relay links and participants (admin grant, the"
            + " application's key and secret, or the operator)")
    public ConferenceDto get(@PathParam("conferenceId") String conferenceId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        requireId("conferenceId", conferenceId);
        admin.authorize(authorization, conferenceId);
        return dto(conferences.conference(conferenceId));
    }

    @DELETE
    @Path("/participants/{participantId}")
    @Operation(summary = "Remove a participant: its agent ends the session at once and its token stops working"
            + " (admin grant, the application's key and secret, or the operator)")
    public Response removeParticipant(@PathParam("conferenceId") String conferenceId,
            @PathParam("participantId") String participantId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        requireId("conferenceId", conferenceId);
        requireId("participantId", participantId);
        admin.authorize(authorization, conferenceId);
        conferences.remove(conferenceId, participantId);
        return Response.noContent().build();
    }

    /** Where to move a participant: an agent, or any agent of a region, or (neither) where the policy chooses. */
    public record MoveBody(String agentId, String region) {
    }

    @POST
    @Path("/participants/{participantId}/move")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Move a participant live to another agent, make-before-break: body optional {agentId} or"
            + " {region}, else the placement policy chooses, never its current agent (operator)")
    public Response moveParticipant(@PathParam("conferenceId") String conferenceId,
            @PathParam("participantId") String participantId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body,
            @Context HttpHeaders headers) {
        operator.require(authorization);
        requireId("conferenceId", conferenceId);
        requireId("participantId", participantId);
        MoveBody target = moveBody(body, headers.getMediaType());
        LiveMoves.Moved moved = moves.move(conferenceId, participantId,
                new LiveMoves.Target(target.agentId(), target.region()), LiveMoves.Reason.OPERATOR);
        return Response.accepted(moved).build();
    }

    private static MoveBody moveBody(String body, MediaType type) {
        if (body == null || body.isBlank()) {
            return new MoveBody(null, null);
        }
        if (body.length() > MAX_BODY_BYTES) {
            throw new PayloadTooLargeException("the body is larger than 64 KiB");
        }
        if (!isJson(type)) {
            throw new InvalidRequestException("send the body as application/json");
        }
        JsonNode root;
        try {
            root = MOVE_JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new InvalidRequestException("the body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException("the body must be a JSON object");
        }
        var names = root.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("agentId") && !name.equals("region")) {
                throw new InvalidRequestException("unknown field '" + name + "': give agentId or region");
            }
        }
        String agentId = text(root, "agentId");
        String region = text(root, "region");
        if (agentId != null && region != null) {
            throw new InvalidRequestException("give agentId or region, not both");
        }
        if (agentId != null) {
            requireId("agentId", agentId);
        }
        if (region != null) {
            requireId("region", region);
        }
        return new MoveBody(agentId, region);
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidRequestException("'" + field + "' must be a string");
        }
        return node.textValue();
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MOVE_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    @GET
    @Path("/decisions")
    @Operation(summary = "The conference's decision log, oldest first, with each decision's explanation, a page of"
            + " ?limit= (default 100, at most 1000) after the opaque cursor ?after= (the previous page's next; also in"
            + " a Link rel=next header); admin grant, the application's key and secret, or the operator")
    public Response decisions(@PathParam("conferenceId") String conferenceId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("limit") String limit,
            @QueryParam("after") String after, @Context UriInfo uri) {
        requireId("conferenceId", conferenceId);
        int pageSize = DecisionCursor.limit(limit);
        long afterSequence = DecisionCursor.decode(after);
        admin.authorize(authorization, conferenceId);
        // One more than asked tells whether another page follows.
        List<DecisionRecord> page = conferences.decisions(conferenceId, afterSequence, pageSize + 1);
        boolean more = page.size() > pageSize;
        List<DecisionDto> log = page.stream().limit(pageSize).map(ConferenceResource::dto).toList();
        String next = more ? DecisionCursor.encode(log.getLast().sequence()) : null;
        Response.ResponseBuilder answer = Response.ok(new DecisionLogDto(conferenceId, log, next));
        if (next != null) {
            answer.link(uri.getRequestUriBuilder().replaceQueryParam("after", next)
                    .replaceQueryParam("limit", pageSize).build(), "next");
        }
        return answer.build();
    }

    static void requireId(String what, String value) {
        if (!Ids.valid(value)) {
            throw new InvalidRequestException(Ids.problem(what, value));
        }
    }

    private static boolean isJson(MediaType type) {
        return type == null || type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
                || "json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json");
    }

    private static ConferenceDto dto(ConferenceView view) {
        Map<String, Integer> counts = view.participantsByAgent();
        List<AgentDto> agents = view.agents().stream()
                .map((ConferenceAgent a) -> new AgentDto(a.agentId(), a.region(), counts.getOrDefault(a.agentId(), 0)))
                .toList();
        List<LinkDto> links = view.links().stream().map(l -> new LinkDto(l.fromAgentId(), l.toAgentId(), l.state()))
                .toList();
        List<ParticipantDto> participants = view.participants().stream()
                .map(p -> new ParticipantDto(p.participantId(), p.agentId(), p.region(), p.country())).toList();
        return new ConferenceDto(view.conferenceId(), view.mode(), agents, links, participants);
    }

    private static DecisionDto dto(DecisionRecord d) {
        return new DecisionDto(d.sequence(), d.participantId(), d.decidedAt(), d.outcome(), d.agentId(), d.region(),
                d.mode(), d.addsAgent(), d.rule(), DecisionJson.parse(d.explanationJson()));
    }
}
