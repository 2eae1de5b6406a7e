package io.meridian.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Optional;

/**
 * How the agent reaches the fleet's controller. These keys sit directly under {@code meridian} because
 * their environment names ({@code MERIDIAN_CONTROLLER}, {@code MERIDIAN_FLEET_TOKEN}) are shared with the
 * controller's own configuration.
 */
@ConfigMapping(prefix = "meridian")
public interface FleetConfig {

    /** Controller gRPC endpoint as host:port ({@code MERIDIAN_CONTROLLER}). */
    @WithDefault("127.0.0.1:9090")
    String controller();

    /** Shared fleet secret sent as {@code authorization: Bearer <token>} ({@code MERIDIAN_FLEET_TOKEN}); empty → none sent. */
    @WithName("fleet-token")
    Optional<String> fleetToken();

    /**
     * True → the gRPC channel to {@link #controller()} uses TLS, trusting the JVM's default trust store
     * (e.g. the controller behind an HTTPS load balancer at {@code <name>:443}); false → plaintext HTTP/2
     * ({@code MERIDIAN_CONTROLLER_TLS}).
     */
    @WithName("controller-tls")
    @WithDefault("false")
    boolean controllerTls();
}
