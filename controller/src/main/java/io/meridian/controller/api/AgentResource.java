package io.meridian.controller.api;

import io.meridian.controller.access.AgentCredentials;
import io.meridian.controller.access.OperatorCredential;
import io.meridian.controller.fleet.AgentRegistry;
import io.meridian.controller.fleet.AgentView;
import io.meridian.controller.join.DrainNow;
import io.meridian.controller.join.Drains;
import io.meridian.controller.join.LiveMoves;
import io.meridian.controller.join.NotFoundException;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The fleet (operator credential): list agents, drain and undrain one. */
@Path("/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "agents")
@Blocking
public class AgentResource {
    @Inject
    AgentRegistry registry;
    @Inject
    Drains drains;
    @Inject
    DrainNow drainNow;
    @Inject
    OperatorCredential operator;
    @Inject
    AgentCredentials agentCredentials;

    /** An agent as the API shows it. */
    public record AgentDto(String agentId, String region, String state, double stress, int participants,
            int capacity, String signalingUrl) {
    }

    @GET
    @Operation(summary = "Every agent the controller knows, with its state and last reported load (operator)")
    public List<AgentDto> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        operator.require(authorization);
        return registry.agents().stream().map(AgentResource::dto).toList();
    }

    @POST
    @Path("/{agentId}/drain")
    @Operation(summary = "Drain an agent: it finishes its conferences and takes no new participants (operator, or"
            + " the agent itself with its own credential); with ?now=true (operator) everyone on it is moved live to"
            + " other agents, make-before-break")
    public Response drain(@PathParam("agentId") String agentId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("now") String now) {
        boolean moveEveryone = "true".equals(now);
        if (moveEveryone) {
            operator.require(authorization); // moving people is the operator's call, not the agent's
        } else {
            requireOperatorOrSelf(authorization, agentId);
        }
        ConferenceResource.requireId("agentId", agentId);
        if (now != null && !moveEveryone && !"false".equals(now)) {
            throw new InvalidRequestException("now must be true or false");
        }
        if (!drains.drain(agentId)) {
            throw new NotFoundException("agent '" + agentId + "' is not known");
        }
        AgentDto agent = dto(registry.agent(agentId).orElseThrow());
        if (!moveEveryone) {
            return Response.accepted(agent).build();
        }
        DrainNow.Outcome outcome = drainNow.moveEveryoneOff(agentId);
        return Response.accepted(new DrainNowDto(agent, outcome.moved(), outcome.notMoved())).build();
    }

    /** Drain now's answer: the agent, and who was moved off it and who stayed (with why). */
    public record DrainNowDto(AgentDto agent, List<LiveMoves.Moved> moved, List<DrainNow.NotMoved> notMoved) {
    }

    @POST
    @Path("/{agentId}/undrain")
    @Operation(summary = "Undrain an agent: it takes new participants again (operator)")
    public Response undrain(@PathParam("agentId") String agentId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        operator.require(authorization);
        ConferenceResource.requireId("agentId", agentId);
        if (!drains.undrain(agentId)) {
            throw new NotFoundException("agent '" + agentId + "' is not known");
        }
        return Response.accepted(dto(registry.agent(agentId).orElseThrow())).build();
    }

    /** Authenticates first: an anonymous caller learns nothing, not even whether the agent exists. */

    private void requireOperatorOrSelf(String authorization, String agentId) {
        if (agentCredentials.authenticate(authorization).filter(scope -> scope.admits(agentId)).isEmpty()) {
            operator.require(authorization);
        }
    }


    private static AgentDto dto(AgentView view) {
        return new AgentDto(view.agentId(), view.region(), view.state().name().toLowerCase(Locale.ROOT),
                Math.round(view.stress() * 1000.0) / 1000.0, view.participants(), view.hello().capacity(),
                view.hello().signalingUrl());
    }
}
