package io.meridian.controller.agentlink;

import io.quarkus.grpc.runtime.GrpcServerRecorder;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start a controller whose gRPC server is not listening. Quarkus logs a failed bind of the separate
 * gRPC server (a port already taken) and carries on HTTP-only; such a controller answers joins it can never
 * serve, since no agent can reach it. Failing startup (exit status 1) lets the supervisor see it.
 */
@ApplicationScoped
class GrpcServerCheck {
    private final int port;

    GrpcServerCheck(@ConfigProperty(name = "quarkus.grpc.server.port") int port) {
        this.port = port;
    }

    void onStart(@Observes StartupEvent started) {
        // The recorder waits for the bind before StartupEvent; a verticle is counted only once it listens.
        if (GrpcServerRecorder.getVerticleCount() == 0) {
            throw new IllegalStateException("the gRPC server for agents did not start on port " + port
                    + " (MERIDIAN_GRPC_PORT; is the port already in use?): the controller stops");
        }
    }
}
