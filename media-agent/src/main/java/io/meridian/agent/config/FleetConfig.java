package io.meridian.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Optional;

/**
 * How the agent reaches the fleet's controller. These keys sit directly under {@code meridian} so that their
 * environment names are {@code MERIDIAN_CONTROLLER} and {@code MERIDIAN_AGENT_CREDENTIAL}.
 */
@ConfigMapping(prefix = "meridian")
public interface FleetConfig {

    /**
     * The controller replicas' gRPC endpoints: a comma-separated list of host:port, each a literal address or a
     * DNS name that may resolve to several replicas; the agent keeps a stream to every one ({@code
     * MERIDIAN_CONTROLLER}).
     */
    @WithDefault("127.0.0.1:9090")
    String controller();

    /**
     * This agent's own credential {@code <agentId>.<mac>} (minted by the operator: {@code bin/meridian
     * agent-credential}), sent as {@code authorization: Bearer <credential>} ({@code MERIDIAN_AGENT_CREDENTIAL});
     * empty → none sent. The agent never holds the fleet key.
     */
    @WithName("agent-credential")
    Optional<String> agentCredential();

    /**
     * True → the gRPC channels to {@link #controller()} use TLS, trusting the JVM's default trust store
     * (e.g. the controller behind an HTTPS load balancer at {@code <name>:443}); false → plaintext HTTP/2
     * ({@code MERIDIAN_CONTROLLER_TLS}).
     */
    @WithName("controller-tls")
    @WithDefault("false")
    boolean controllerTls();
}
