package io.meridian.controller.agentlink;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.meridian.controller.config.MeridianConfig;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jboss.logging.Logger;

/**
 * Admits only agents that present the fleet secret as {@code authorization: Bearer <MERIDIAN_FLEET_TOKEN>};
 * anyone else gets UNAUTHENTICATED before any message is read, so nothing is registered.
 */
@ApplicationScoped
@GlobalInterceptor
public class FleetTokenInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Logger LOG = Logger.getLogger(FleetTokenInterceptor.class);

    private final byte[] expected;

    @Inject
    public FleetTokenInterceptor(MeridianConfig config) {
        String token = config.fleetToken().orElse("");
        this.expected = token.isEmpty() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        if (expected == null) {
            LOG.warn("MERIDIAN_FLEET_TOKEN is not set: every agent connection will be refused");
        }
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String presented = headers.get(AUTHORIZATION);
        if (expected == null || presented == null
                || !MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            call.close(Status.UNAUTHENTICATED.withDescription(presented == null
                    ? "missing 'authorization: Bearer <fleet token>' metadata"
                    : "wrong fleet token"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }
}
