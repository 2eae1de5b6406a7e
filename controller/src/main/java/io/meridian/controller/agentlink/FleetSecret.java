package io.meridian.controller.agentlink;

import io.meridian.controller.config.MeridianConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The fleet secret ({@code MERIDIAN_FLEET_TOKEN}) as an {@code Authorization: Bearer} credential: agents present
 * it on their stream, operators (and an agent's own drain hook) on the operator endpoints. Compared in constant
 * time; an unset secret matches nothing.
 */
@ApplicationScoped
public class FleetSecret {
    private final byte[] expected;

    @Inject
    public FleetSecret(MeridianConfig config) {
        this(config.fleetToken().orElse(""));
    }

    /** For tests outside CDI. */
    public FleetSecret(String token) {
        this.expected = token.isEmpty() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    /** True when a secret is configured. */
    public boolean configured() {
        return expected != null;
    }

    /** True when {@code authorization} is exactly {@code "Bearer <secret>"}. */
    public boolean matches(String authorization) {
        return expected != null && authorization != null
                && MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8));
    }
}
