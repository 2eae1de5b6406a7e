package io.meridian.controller.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem detail. {@code detail} is written for the client and never carries internals.
 *
 * @param type a URI naming the kind of problem (relative: resolved against the API's base)
 * @param decision the logged rejection, for 503 answers to a join
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, Object decision) {
    /** The problem media type. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** As a JAX-RS media type. */
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);

    /** A response carrying a problem of the given status. */
    public static Response response(int status, String title, String detail, String instance) {
        return Response.status(status).type(MEDIA)
                .entity(new Problem(typeOf(status), title, status, detail, instance, null)).build();
    }

    /** The {@code type} URI of a status's problems. */
    static String typeOf(int status) {
        return "/problems/" + status;
    }
}
