package io.meridian.controller.api;

import io.meridian.controller.access.AppSecret;
import io.meridian.controller.access.Application;
import io.meridian.controller.access.Applications;
import io.meridian.controller.access.OperatorCredential;
import io.meridian.controller.join.NotFoundException;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Applications (operator credential): list, create, rotate secrets, delete. A secret is shown once, in the
 * answer that creates it; listings show secret ids only.
 */
@Path("/v1/apps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "applications")
@Blocking
public class ApplicationResource {
    @Inject
    Applications applications;
    @Inject
    OperatorCredential operator;

    /** An application as listed: no secret values. */
    public record ApplicationDto(String apiKey, boolean declared, List<SecretDto> secrets) {
    }

    /** A secret as listed: its id and age. */
    public record SecretDto(String secretId, Instant createdAt) {
    }

    /** A secret just created: the only answer that carries its value. */
    public record CreatedSecret(String apiKey, String secretId, String secret) {
    }

    /** Body of a create. */
    public record CreateBody(String apiKey) {
    }

    @GET
    @Operation(summary = "Every application (secret ids only)")
    public List<ApplicationDto> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        operator.require(authorization);
        return applications.all().stream().map(ApplicationResource::dto).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an application; the answer shows its secret, once")
    public Response create(CreateBody body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        operator.require(authorization);
        if (body == null) {
            throw new InvalidRequestException("send {\"apiKey\": \"...\"}");
        }
        Application app = applications.create(body.apiKey());
        return Response.status(201).entity(created(app, app.secrets().get(0))).build();
    }

    @POST
    @Path("/{apiKey}/secrets")
    @Operation(summary = "Add a second secret (rotation); the answer shows it, once")
    public Response addSecret(@PathParam("apiKey") String apiKey,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        operator.require(authorization);
        Application app = applications.addSecret(apiKey);
        return Response.status(201).entity(created(app, app.secrets().get(app.secrets().size() - 1))).build();
    }

    @DELETE
    @Path("/{apiKey}/secrets/{secretId}")
    @Operation(summary = "Remove a secret (the last one cannot be removed); grants it signed stop working")
    public Response removeSecret(@PathParam("apiKey") String apiKey, @PathParam("secretId") String secretId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        operator.require(authorization);
        applications.removeSecret(apiKey, secretId);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{apiKey}")
    @Operation(summary = "Delete an application; its grants stop working")
    public Response delete(@PathParam("apiKey") String apiKey,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        operator.require(authorization);
        if (!applications.delete(apiKey)) {
            throw new NotFoundException("application '" + apiKey + "' does not exist");
        }
        return Response.noContent().build();
    }


    private static CreatedSecret created(Application app, AppSecret secret) {
        return new CreatedSecret(app.apiKey(), secret.id(), secret.value());
    }

    private static ApplicationDto dto(Application app) {
        return new ApplicationDto(app.apiKey(), app.declared(),
                app.secrets().stream().map(s -> new SecretDto(s.id(), s.createdAt())).toList());
    }
}
