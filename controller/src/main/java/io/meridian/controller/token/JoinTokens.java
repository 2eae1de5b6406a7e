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
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Issues the short-lived join tokens agents admit participants with: a compact JWS signed with Ed25519
 * ({@code alg: EdDSA}), claims {@code iss, sub (participant), conf, agent, iat, exp, jti}.
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
        this(loadOrGenerate(config), config.tokenLifetime(), clock);
    }

    /** For tests: a given key pair. */
    public JoinTokens(KeyPair keys, Duration lifetime, Clock clock) {
        this.keys = keys;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** Signs a token binding the participant to the conference on one agent. */
    public String issue(String conferenceId, String participantId, String agentId) {
        Instant now = clock.instant();
        long iat = now.getEpochSecond();
        return Jwt.issuer(ISSUER)
                .subject(participantId)
                .claim("conf", conferenceId)
                .claim("agent", agentId)
                .issuedAt(iat)
                .expiresAt(iat + lifetime.toSeconds())
                .claim("jti", UUID.randomUUID().toString())
                .jws()
                .algorithm(SignatureAlgorithm.EDDSA)
                .type("JWT")
                .sign(keys.getPrivate());
    }

    /** The verification key as X.509 SubjectPublicKeyInfo DER, sent to agents in Welcome. */
    public byte[] publicKeyDer() {
        return keys.getPublic().getEncoded();
    }

    private static KeyPair loadOrGenerate(MeridianConfig config) {
        try {
            if (config.tokenSigningKey().isPresent() && !config.tokenSigningKey().get().isBlank()) {
                Path path = Path.of(config.tokenSigningKey().get());
                KeyPair pair = Ed25519Keys.fromPkcs8Pem(Files.readString(path, StandardCharsets.US_ASCII));
                LOG.infof("join tokens signed with the Ed25519 key from %s", path);
                return pair;
            }
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            LOG.info("join tokens signed with an Ed25519 key generated at start (MERIDIAN_TOKEN_SIGNING_KEY unset);"
                    + " tokens do not survive a restart and replicas need a shared key");
            return pair;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read MERIDIAN_TOKEN_SIGNING_KEY: " + e.getMessage(), e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("MERIDIAN_TOKEN_SIGNING_KEY is not an Ed25519 PKCS#8 PEM key: "
                    + e.getMessage(), e);
        }
    }
}
