package io.meridian.controller.token;

import io.meridian.controller.config.MeridianConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.JoseException;
import org.jboss.logging.Logger;

/**
 * Issues the short-lived join tokens agents admit participants with: a compact JWS signed with Ed25519
 * ({@code alg: EdDSA}), claims {@code iss, sub (participant), conf, agent, perm, app (the application), iat, exp, jti}; agents admit each
 * token once and enforce {@code perm} ("publish", "subscribe"). Also checks a token an agent relays as proof that
 * it admitted a participant ({@link #admits}).
 */
@Singleton
public class JoinTokens {
    /** The {@code iss} claim agents expect. */
    public static final String ISSUER = "meridian";
    /** The JWS algorithm agents are told about in Welcome. */
    public static final String ALGORITHM = "EdDSA";

    private static final Logger LOG = Logger.getLogger(JoinTokens.class);

    private final KeyPair keys;
    private final Duration lifetime;
    private final Clock clock;

    @Inject
    public JoinTokens(MeridianConfig config, Clock clock) {
        this(loadOrGenerate(config.tokenSigningKey()), config.tokenLifetime(), clock);
    }

    /** For tests: a given key pair. */
    public JoinTokens(KeyPair keys, Duration lifetime, Clock clock) {
        this.keys = keys;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** Signs a token binding the participant to the conference on one agent, with its media permissions. */
    public String issue(String conferenceId, String participantId, String agentId, List<String> permissions,
            String applicationKey) {
        Instant now = clock.instant();
        long iat = now.getEpochSecond();
        return Jwt.issuer(ISSUER)
                .subject(participantId)
                .claim("conf", conferenceId)
                .claim("agent", agentId)
                .claim("perm", permissions)
                .claim("app", applicationKey)
                .issuedAt(iat)
                .expiresAt(iat + lifetime.toSeconds())
                .claim("jti", UUID.randomUUID().toString())
                .jws()
                .algorithm(SignatureAlgorithm.EDDSA)
                .type("JWT")
                .sign(keys.getPrivate());
    }

    /**
     * The application of {@code token} when it is one this controller signed for exactly this agent, conference and
     * participant; empty otherwise. Expiry is not checked: the token proves the participant was admitted there, not
     * that it is still fresh.
     */
    public Optional<String> admits(String token, String agentId, String conferenceId, String participantId) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                    AlgorithmIdentifiers.EDDSA));
            jws.setCompactSerialization(token);
            jws.setKey(keys.getPublic());
            if (!jws.verifySignature()) {
                return Optional.empty();
            }
            JwtClaims claims = JwtClaims.parse(jws.getPayload());
            boolean bound = ISSUER.equals(claims.getIssuer()) && participantId.equals(claims.getSubject())
                    && conferenceId.equals(claims.getClaimValue("conf"))
                    && agentId.equals(claims.getClaimValue("agent"));
            return bound && claims.getClaimValue("app") instanceof String app ? Optional.of(app) : Optional.empty();
        } catch (JoseException | InvalidJwtException | MalformedClaimException e) {
            return Optional.empty();
        }
    }

    /** The verification key as X.509 SubjectPublicKeyInfo DER, sent to agents in Welcome. */
    public byte[] publicKeyDer() {
        return keys.getPublic().getEncoded();
    }

    /** The key pair from MERIDIAN_TOKEN_SIGNING_KEY (a PEM file's path), or a new one when unset. */
    static KeyPair loadOrGenerate(Optional<String> signingKey) {
        try {
            if (signingKey.isPresent() && !signingKey.get().isBlank()) {
                String setting = signingKey.get();
                if (setting.contains("-----BEGIN") || setting.contains("\n")) {
                    // Someone put the key itself here: say so without repeating it.
                    throw new IllegalStateException("MERIDIAN_TOKEN_SIGNING_KEY must be the path of a PKCS#8 PEM file,"
                            + " not the key itself");
                }
                Path path = Path.of(setting);
                KeyPair pair = Ed25519Keys.fromPkcs8Pem(Files.readString(path, StandardCharsets.US_ASCII));
                LOG.infof("join tokens signed with the Ed25519 key from %s", path);
                return pair;
            }
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            LOG.info("join tokens signed with an Ed25519 key generated at start (MERIDIAN_TOKEN_SIGNING_KEY unset);"
                    + " tokens do not survive a restart and replicas need a shared key");
            return pair;
        } catch (IOException | java.nio.file.InvalidPathException e) {
            // Neither the setting nor the file's contents are repeated: a mistyped setting may be key material.
            throw new IllegalStateException("cannot read the file MERIDIAN_TOKEN_SIGNING_KEY names ("
                    + e.getClass().getSimpleName() + "); it must be the path of a readable PKCS#8 PEM file");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // No cause attached: a parser's message could quote the key material.
            throw new IllegalStateException("MERIDIAN_TOKEN_SIGNING_KEY is not an Ed25519 PKCS#8 PEM key");
        }
    }
}
