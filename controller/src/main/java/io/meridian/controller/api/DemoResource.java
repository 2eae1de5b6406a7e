package io.meridian.controller.api;

import io.meridian.controller.Ids;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /demo?conference=<id>}: the demo page that joins the conference on load. */
@Path("/demo")
public class DemoResource {
    static final String PAGE = "META-INF/resources/demo/index.html";

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Demo page: joins the conference, publishes camera and microphone, shows everyone")
    public Response page(@QueryParam("conference") String conference) throws IOException {
        if (conference == null || conference.isEmpty()) {
            // A conference of one's own, shareable by its URL.
            String id = "demo-" + UUID.randomUUID().toString().substring(0, 8);
            return Response.seeOther(URI.create("/demo?conference=" + id)).build();
        }
        if (!Ids.valid(conference)) {
            throw new InvalidRequestException(Ids.problem("conference", conference));
        }
        try (InputStream page = Thread.currentThread().getContextClassLoader().getResourceAsStream(PAGE)) {
            if (page == null) {
                return Problem.response(404, "Not Found", "the demo page is not part of this build", "/demo");
            }
            return Response.ok(page.readAllBytes(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .header("Cache-Control", "no-cache").build();
        }
    }
}
