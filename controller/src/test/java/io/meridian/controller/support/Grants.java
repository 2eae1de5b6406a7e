package io.meridian.controller.support;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;

/** Join grants as an application's backend mints them, for the test applications of application.properties. */
public final class Grants {
    public static final String APP = "test-app";
    public static final String SECRET = "test-app-secret-0123456789-abcdefghijkl";
    public static final String OTHER_APP = "other-app";
    public static final String OTHER_SECRET = "other-app-secret-0123456789-abcdefghij";
    public static final String OPERATOR = "Bearer test-operator-token";

    private Grants() {
    }

    /** {@code Authorization} for a publish+subscribe grant of the test application. */
    public static String bearer(String conference, String identity) {
        return "Bearer " + grant(conference, identity, List.of("publish", "subscribe"));
    }

    /** {@code Authorization} for an admin grant of the test application. */
    public static String admin(String conference) {
        return "Bearer " + grant(conference, "admin-" + UUID.randomUUID().toString().substring(0, 6),
                List.of("admin"));
    }

    /** {@code Authorization: Basic} with the test application's key and secret. */
    public static String appBasic() {
        return basic(APP, SECRET);
    }

    /** {@code Authorization: Basic} with a key and secret. */
    public static String basic(String key, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** A grant of the test application. */
    public static String grant(String conference, String identity, List<String> permissions) {
        return sign(claims(APP, conference, identity, permissions, Instant.now(), Duration.ofMinutes(10)), SECRET);
    }

    /** Claims to adjust before {@link #sign}. */
    public static JwtClaimsBuilder claims(String app, String conference, String identity, List<String> permissions,
            Instant issuedAt, Duration lifetime) {
        return Jwt.issuer(app).subject(identity).claim("conference", conference).claim("permissions", permissions)
                .issuedAt(issuedAt.getEpochSecond()).expiresAt(issuedAt.plus(lifetime).getEpochSecond())
                .claim("jti", UUID.randomUUID().toString());
    }

    /** Signs HS256 with {@code secret}. */
    public static String sign(JwtClaimsBuilder claims, String secret) {
        return claims.jws().algorithm(SignatureAlgorithm.HS256)
                .sign(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    }
}
