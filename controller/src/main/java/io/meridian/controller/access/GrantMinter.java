package io.meridian.controller.access;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs join grants the way an application's backend does (HS256 with the application's secret); used by the
 * dev-only grant endpoint. Applications use any JWT library (docs/security.md).
 */
public final class GrantMinter {
    private GrantMinter() {
    }

    /** A grant for {@code identity} in {@code conferenceId}, valid from {@code now} for {@code lifetime}. */
    public static String mint(Application app, String identity, String conferenceId, Set<Permission> permissions,
            String name, Instant now, Duration lifetime) {
        var builder = Jwt.issuer(app.apiKey()).subject(identity)
                .claim("conference", conferenceId)
                .claim("permissions", permissions.stream().map(Permission::claim).sorted().toList())
                .issuedAt(now.getEpochSecond()).expiresAt(now.plus(lifetime).getEpochSecond())
                .claim("nbf", now.getEpochSecond())
                .claim("jti", UUID.randomUUID().toString());
        if (name != null) {
            builder.claim("name", name);
        }
        return builder.jws().algorithm(SignatureAlgorithm.HS256)
                .sign(new SecretKeySpec(app.secrets().get(0).key(), "HmacSHA256"));
    }
}
