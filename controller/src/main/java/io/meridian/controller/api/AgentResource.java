package io.meridian.controller.api;

import io.meridian.controller.agentlink.AgentCommands;
import io.meridian.controller.agentlink.FleetSecret;
import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.fleet.AgentView;
import io.meridian.controller.join.NotFoundException;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** The fleet: list agents, drain one. */
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "agents")
@Blocking
public class AgentResource {
    private static final Logger LOG = Logger.getLogger(AgentResource.class);

    @Inject
    AgentRegistry registry;
    @Inject
    AgentCommands commands;
    @Inject
    FleetSecret fleetSecret;

    /** An agent as the API shows it. */
    public record AgentDto(String agentId, String region, String state, double stress, int participants,
            int capacity, String signalingUrl) {
    }

    @GET
    @Operation(summary = "Every agent the controller knows, with its state and last reported load")
    public List<AgentDto> list() {
        return registry.agents().stream().map(AgentResource::dto).toList();
    }

    @POST
    @Path("/{agentId}/drain")
    @Operation(summary = "Drain an agent: it finishes its conferences and takes no new participants"
            + " (requires Authorization: Bearer <MERIDIAN_FLEET_TOKEN>)")
    public Response drain(@PathParam("agentId") String agentId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        // Authenticate first: an anonymous caller learns nothing, not even whether the agent exists.
        if (!fleetSecret.matches(authorization)) {
            throw new UnauthorizedException(!fleetSecret.configured()
                    ? "draining is disabled: the controller has no fleet token (MERIDIAN_FLEET_TOKEN) configured"
                    : authorization == null ? "send the fleet token as 'Authorization: Bearer <MERIDIAN_FLEET_TOKEN>'"
                    : "wrong credentials: send the fleet token as 'Authorization: Bearer <MERIDIAN_FLEET_TOKEN>'");
        }
        ConferenceResource.requireId("agentId", agentId);
        if (!registry.drain(agentId)) {
            throw new NotFoundException("agent '" + agentId + "' is not known");
        }
        commands.drain(agentId).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warnf("agent %s did not acknowledge Drain: %s", agentId, failure.getMessage());
            }
        });
        return Response.accepted(dto(registry.agent(agentId).orElseThrow())).build();
    }

    private static AgentDto dto(AgentView view) {
        return new AgentDto(view.agentId(), view.region(), view.state().name().toLowerCase(Locale.ROOT),
                Math.round(view.stress() * 1000.0) / 1000.0, view.participants(), view.hello().capacity(),
                view.hello().signalingUrl());
    }
}
