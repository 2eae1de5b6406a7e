package io.meridian.controller.agentlink;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

    private final FleetSecret secret;

    @Inject
    public FleetTokenInterceptor(FleetSecret secret) {
        this.secret = secret;
        if (!secret.configured()) {
            LOG.warn("MERIDIAN_FLEET_TOKEN is not set: every agent connection (and every drain) will be refused");
        }
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String presented = headers.get(AUTHORIZATION);
        if (!secret.matches(presented)) {
            call.close(Status.UNAUTHENTICATED.withDescription(presented == null
                    ? "missing 'authorization: Bearer <fleet token>' metadata"
                    : "wrong fleet token"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }
}
