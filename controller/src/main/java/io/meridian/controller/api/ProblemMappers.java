package io.meridian.controller.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.meridian.controller.ControllerException;
import io.meridian.controller.access.ConflictException;
import io.meridian.controller.access.ForbiddenException;
import io.meridian.controller.access.RateLimitedException;
import io.meridian.controller.access.Refusals;
import io.meridian.controller.join.NoCapacityException;
import io.meridian.controller.join.NotFoundException;
import io.meridian.controller.persistence.DatabaseOutage;
import io.meridian.controller.persistence.StoreUnavailableException;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The API's one error table: each exception kind → HTTP status → RFC 9457 problem+json. Details come from
 * our own messages only; anything unexpected is a bare 500 (logged here, never shown).
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** Seconds a rejected client should wait before trying again. */
    static final int RETRY_AFTER_SECONDS = 5;

    /** Domain exception → status and title. */
    private static final Map<Class<? extends ControllerException>, Integer> STATUS = Map.of(
            InvalidRequestException.class, 400,
            UnauthorizedException.class, 401,
            ForbiddenException.class, 403,
            NotFoundException.class, 404,
            ConflictException.class, 409,
            PayloadTooLargeException.class, 413,
            RateLimitedException.class, 429,
            NoCapacityException.class, 503,
            StoreUnavailableException.class, 503);
    /** Refusals counted here; 401, 403 and 429 are counted where they are decided, with a finer reason. */
    private static final Map<Class<? extends ControllerException>, String> COUNTED_HERE = Map.of(
            NotFoundException.class, "not-found",
            ConflictException.class, "conflict",
            NoCapacityException.class, "no-capacity",
            StoreUnavailableException.class, "store-unavailable");

    @Inject
    Refusals refusals;

    @ServerExceptionMapper
    public Response domain(ControllerException e, UriInfo uri) {
        int status = STATUS.getOrDefault(e.getClass(), 500);
        String reason = COUNTED_HERE.get(e.getClass());
        if (reason != null) {
            refusals.count(reason);
        }
        if (e instanceof RateLimitedException limited) {
            return Response.status(status).type(Problem.MEDIA).header("Retry-After", limited.retryAfterSeconds())
                    .entity(new Problem(Problem.typeOf(status), title(status), status, e.getMessage(), uri.getPath(),
                            null))
                    .build();
        }
        if (e instanceof NoCapacityException rejected) {
            return Response.status(status).type(Problem.MEDIA).header("Retry-After", RETRY_AFTER_SECONDS)
                    .entity(new Problem(Problem.typeOf(status), title(status), status, e.getMessage(),
                            uri.getPath(), rejected.decision()))
                    .build();
        }
        if (e instanceof StoreUnavailableException) {
            return Response.status(status).type(Problem.MEDIA).header("Retry-After", RETRY_AFTER_SECONDS)
                    .entity(new Problem(Problem.typeOf(status), title(status), status, e.getMessage(), uri.getPath(),
                            null))
                    .build();
        }
        if (e instanceof UnauthorizedException) {
            return Response.status(status).type(Problem.MEDIA).header("WWW-Authenticate", "Bearer realm=\"meridian\"")
                    .entity(new Problem(Problem.typeOf(status), title(status), status, e.getMessage(), uri.getPath(),
                            null))
                    .build();
        }
        return Problem.response(status, title(status), e.getMessage(), uri.getPath());
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return Problem.response(400, title(400), "the body is not valid JSON", uri.getPath());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String detail = switch (e) {
            case NotAllowedException ignored -> "method not allowed here; allowed: "
                    + String.join(", ", e.getResponse().getAllowedMethods());
            case NotSupportedException ignored -> "unsupported Content-Type; send application/json";
            case NotAcceptableException ignored -> "cannot produce an acceptable representation; accept application/json";
            default -> status == 404 ? "no such resource: " + uri.getPath()
                    : status == 413 ? "the body is larger than 64 KiB" : title(status);
        };
        Response.ResponseBuilder answer = Response.status(status).type(Problem.MEDIA)
                .entity(new Problem(Problem.typeOf(status), title(status), status, detail, uri.getPath(), null));
        if (e instanceof NotAllowedException) {
            answer.allow(e.getResponse().getAllowedMethods());
        }
        return answer.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (DatabaseOutage.isOutage(e)) {
            // Not a fault of this request: the database is away. One line, no stack: an outage repeats per request.
            LOG.warnf("database unreachable while serving %s: %s", uri.getPath(), rootMessage(e));
            return domain(new StoreUnavailableException("the database is unreachable; nothing was changed, try again"),
                    uri);
        }
        LOG.errorf(e, "unexpected failure serving %s", uri.getPath());
        return Problem.response(500, title(500), "internal error; the request may not have been applied",
                uri.getPath());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && depth < 16; depth++) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Client Error";
        };
    }
}
