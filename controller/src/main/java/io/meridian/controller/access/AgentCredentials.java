package io.meridian.controller.access;

import io.meridian.controller.Ids;
import io.meridian.controller.config.MeridianConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-agent credentials: {@code <agentId>.<mac>} where mac = base64url(HMAC-SHA256(fleet key,
 * "meridian-agent:v1:" + agentId)). The fleet key (MERIDIAN_FLEET_TOKEN; two comma-separated while rotating) is
 * held by the controller and the operator who mints credentials ({@code bin/meridian agent-credential}); an agent
 * holds only its own credential, which opens a stream for its own id and nothing else. An id ending in {@code *}
 * names a prefix ({@link AgentScope}): for autoscaling groups whose instances choose their ids at boot.
 */
@Singleton
public class AgentCredentials {
    private static final String CONTEXT = "meridian-agent:v1:";
    private static final String BEARER = "Bearer ";

    private final List<byte[]> keys;

    @Inject
    public AgentCredentials(MeridianConfig config) {
        this(config.fleetToken().orElse(List.of()));
    }

    /** For tests and tools: credentials under these fleet keys (the first one mints). */
    public AgentCredentials(List<String> fleetKeys) {
        this.keys = fleetKeys.stream().filter(k -> !k.isBlank()).map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** True when a fleet key is configured (otherwise every agent is refused). */
    public boolean configured() {
        return !keys.isEmpty();
    }

    /** The credential of {@code agentId} (or of a {@code prefix*}) under the first fleet key. */
    public String mint(String agentId) {
        if (!validScope(agentId)) {
            throw new IllegalArgumentException(Ids.problem("agent id", agentId));
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("no fleet key (MERIDIAN_FLEET_TOKEN) configured");
        }
        return agentId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(keys.get(0), agentId));
    }

    /** The agent ids an {@code authorization: Bearer <credential>} value authenticates, if it does. */
    public Optional<AgentScope> authenticate(String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return Optional.empty();
        }
        String credential = authorization.substring(BEARER.length());
        int dot = credential.lastIndexOf('.');
        if (dot <= 0 || credential.length() > 512) {
            return Optional.empty();
        }
        String agentId = credential.substring(0, dot);
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(credential.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!validScope(agentId)) {
            return Optional.empty();
        }
        for (byte[] key : keys) {
            if (MessageDigest.isEqual(mac(key, agentId), presented)) {
                return Optional.of(new AgentScope(agentId));
            }
        }
        return Optional.empty();
    }

    private static boolean validScope(String scope) {
        String id = scope.endsWith("*") ? scope.substring(0, scope.length() - 1) : scope;
        return Ids.valid(id);
    }

    private static byte[] mac(byte[] key, String agentId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal((CONTEXT + agentId).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
