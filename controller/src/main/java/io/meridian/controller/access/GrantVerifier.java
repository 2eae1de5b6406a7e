package io.meridian.controller.access;

import io.meridian.controller.Ids;
import io.meridian.controller.api.UnauthorizedException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Verifies join grants: compact JWS, HS256 with one of the issuing application's secrets (jose4j), claims
 * {@code iss} (API key), {@code sub} (identity), {@code conference}, {@code permissions}, {@code exp} (at most
 * {@link #MAX_LIFETIME} ahead), optional {@code nbf, iat, name, jti}. Refusals: 401 for a grant that is missing,
 * malformed, unknown, forged, expired or not yet valid; 403 for a valid grant of another conference. Messages
 * never echo the grant.
 */
@Singleton
public class GrantVerifier {
    /** Longest lifetime a grant may claim. */
    public static final Duration MAX_LIFETIME = Duration.ofHours(24);
    /** Clock skew tolerated between the application's backend and the controller. */
    public static final Duration LEEWAY = Duration.ofSeconds(30);
    /** Longer grants are refused before decoding: real ones are a few hundred characters. */
    static final int MAX_CHARS = 8192;
    private static final String BEARER = "Bearer ";

    private final Applications applications;
    private final Refusals refusals;
    private final Clock clock;

    @Inject
    public GrantVerifier(Applications applications, Refusals refusals, Clock clock) {
        this.applications = applications;
        this.refusals = refusals;
        this.clock = clock;
    }

    /** The grant in an {@code Authorization: Bearer} header, verified for {@code conferenceId}. */
    public Grant verifyHeader(String authorization, String conferenceId) {
        if (authorization == null || authorization.isBlank()) {
            throw refusals.refuse("grant_missing", new UnauthorizedException(
                    "send a join grant from the application as 'Authorization: Bearer <grant>'"));
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw refusals.refuse("grant_malformed", new UnauthorizedException(
                    "the Authorization header must be 'Bearer <grant>'"));
        }
        return verify(authorization.substring(BEARER.length()).strip(), conferenceId);
    }

    /** The grant, verified for {@code conferenceId}. */
    public Grant verify(String compact, String conferenceId) {
        Grant grant = verifyAnyConference(compact);
        if (!grant.conferenceId().equals(conferenceId)) {
            throw refusals.refuse("grant_wrong_conference", new ForbiddenException(
                    "the grant is for conference '" + grant.conferenceId() + "', not '" + conferenceId + "'"));
        }
        return grant;
    }

    private Grant verifyAnyConference(String compact) {
        if (compact.length() > MAX_CHARS) {
            throw malformed("the grant is longer than " + MAX_CHARS + " characters");
        }
        JsonWebSignature jws;
        JwtClaims claims;
        try {
            if (!(JsonWebStructure.fromCompactSerialization(compact) instanceof JsonWebSignature signature)) {
                throw malformed("the grant is not a signed JWT (JWS)");
            }
            jws = signature;
            claims = JwtClaims.parse(jws.getUnverifiedPayload());
        } catch (JoseException | org.jose4j.jwt.consumer.InvalidJwtException e) {
            throw malformed("the grant is not a well-formed JWT");
        }
        if (!AlgorithmIdentifiers.HMAC_SHA256.equals(jws.getAlgorithmHeaderValue())) {
            throw malformed("grants are signed HS256; this one says '" + jws.getAlgorithmHeaderValue() + "'");
        }
        String apiKey = string(claims, "iss").orElseThrow(() -> malformed("the grant has no 'iss' (API key)"));
        Application app = applications.find(apiKey).orElseThrow(() -> refusals.refuse("grant_unknown_application",
                new UnauthorizedException("the grant's issuer is not a known application")));
        if (!signedByAny(jws, app.secrets())) {
            throw refusals.refuse("grant_bad_signature", new UnauthorizedException(
                    "the grant's signature does not verify with the application's secrets"));
        }
        return claims(claims, apiKey);
    }

    private Grant claims(JwtClaims claims, String apiKey) {
        Instant now = clock.instant();
        Instant exp = time(claims, "exp").orElseThrow(() -> malformed("the grant has no 'exp'"));
        if (!exp.isAfter(now.minus(LEEWAY))) {
            throw refusals.refuse("grant_expired", new UnauthorizedException("the grant expired at " + exp));
        }
        Optional<Instant> iat = time(claims, "iat");
        if (exp.isAfter(now.plus(MAX_LIFETIME).plus(LEEWAY))
                || iat.filter(issued -> Duration.between(issued, exp).compareTo(MAX_LIFETIME) > 0).isPresent()) {
            throw refusals.refuse("grant_too_long", new UnauthorizedException(
                    "the grant lives longer than " + MAX_LIFETIME.toHours() + " h"));
        }
        Optional<Instant> nbf = time(claims, "nbf");
        if (nbf.filter(notBefore -> notBefore.isAfter(now.plus(LEEWAY))).isPresent()) {
            throw refusals.refuse("grant_not_yet_valid", new UnauthorizedException(
                    "the grant is not valid before " + nbf.get()));
        }
        String identity = string(claims, "sub").orElseThrow(() -> malformed("the grant has no 'sub' (identity)"));
        if (!Ids.valid(identity)) {
            throw malformed("the grant's " + Ids.problem("sub", identity));
        }
        String conference = string(claims, "conference")
                .orElseThrow(() -> malformed("the grant has no 'conference'"));
        if (!Ids.valid(conference)) {
            throw malformed("the grant's " + Ids.problem("conference", conference));
        }
        Optional<String> name = string(claims, "name");
        if (name.filter(n -> n.length() > 128).isPresent()) {
            throw malformed("the grant's name is longer than 128 characters");
        }
        return new Grant(apiKey, identity, conference, permissions(claims), name, exp);
    }

    private Set<Permission> permissions(JwtClaims claims) {
        Object raw = claims.getClaimValue("permissions");
        if (!(raw instanceof List<?> list)) {
            throw malformed("the grant's 'permissions' must be an array of \"publish\", \"subscribe\", \"admin\"");
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (Object value : list) {
            permissions.add(Permission.ofClaim(value instanceof String s ? s : "").orElseThrow(
                    () -> malformed("the grant's 'permissions' has an unknown entry; allowed: publish, subscribe, admin")));
        }
        return permissions;
    }

    private static boolean signedByAny(JsonWebSignature jws, List<AppSecret> secrets) {
        for (AppSecret secret : secrets) {
            try {
                jws.setAlgorithmConstraints(new AlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256));
                jws.setKey(new HmacKey(secret.key()));
                if (jws.verifySignature()) {
                    return true;
                }
            } catch (JoseException e) {
                return false;
            }
        }
        return false;
    }

    private Optional<String> string(JwtClaims claims, String name) {
        Object value = claims.getClaimValue(name);
        if (value != null && !(value instanceof String)) {
            throw malformed("the grant's '" + name + "' must be a string");
        }
        return Optional.ofNullable((String) value);
    }

    private Optional<Instant> time(JwtClaims claims, String name) {
        try {
            NumericDate date = claims.getNumericDateClaimValue(name);
            return Optional.ofNullable(date).map(d -> Instant.ofEpochSecond(d.getValue()));
        } catch (MalformedClaimException e) {
            throw malformed("the grant's '" + name + "' must be a NumericDate (seconds since the epoch)");
        }
    }

    private UnauthorizedException malformed(String detail) {
        return refusals.refuse("grant_malformed", new UnauthorizedException(detail));
    }
}
