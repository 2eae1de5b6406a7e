package io.meridian.agent.token;

import static io.meridian.agent.token.InvalidTokenException.Reason.BAD_SIGNATURE;
import static io.meridian.agent.token.InvalidTokenException.Reason.EXPIRED;
import static io.meridian.agent.token.InvalidTokenException.Reason.MALFORMED;
import static io.meridian.agent.token.InvalidTokenException.Reason.NOT_YET_VALID;
import static io.meridian.agent.token.InvalidTokenException.Reason.NO_KEY;
import static io.meridian.agent.token.InvalidTokenException.Reason.OTHER_AGENT;
import static io.meridian.agent.token.InvalidTokenException.Reason.UNSUPPORTED_ALGORITHM;
import static io.meridian.agent.token.InvalidTokenException.Reason.WRONG_ISSUER;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.meridian.agent.config.AgentConfig;
import io.meridian.agent.config.AgentIdentity;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * Verifies join tokens: compact JWS (RFC 7515) signed by the controller with EdDSA (Ed25519) or ES256; the
 * signature itself is checked by jose4j, the shape and the claims here, each refusal with its reason.
 *
 * <p>The key, algorithm and issuer arrive in each controller replica's Welcome ({@link #useKey}); a token
 * signed under any replica's key passes (replicas share one signing key; a differing one is logged). Until then every
 * token is refused with {@link InvalidTokenException.Reason#NO_KEY}. Checks, in order: shape, header alg
 * equals the announced algorithm (so "none" and HMAC never pass), signature, required claims
 * ({@code iss, sub, conf, agent, jti, perm, exp}), exp / nbf / iat against the injected clock with a small leeway,
 * iss, and {@code agent} equals this agent's id. Thread-safe; the key swap is a single volatile write.
 */
@Singleton
public final class JoinTokenVerifier {

    /** Longer inputs are refused before any decoding: real tokens are a few hundred characters. */
    static final int MAX_TOKEN_CHARS = 4096;
    private static final int MAX_ID_CHARS = 256;
    /** Seconds since the epoch beyond which a NumericDate is nonsense (year ~5138). */
    private static final double MAX_EPOCH_SECONDS = 1e11;

    private static final Logger LOG = Logger.getLogger(JoinTokenVerifier.class);
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** The controller's verification material, replaced as a whole. */
    private record TokenKey(PublicKey publicKey, String algorithm, String issuer) {
        boolean sameAs(TokenKey other) {
            return publicKey.equals(other.publicKey) && algorithm.equals(other.algorithm)
                    && issuer.equals(other.issuer);
        }
    }

    private final String agentId;
    private final Clock clock;
    private final Duration leeway;
    /** Each replica's announced key, by replica; replicas normally share one signing key. */
    private final java.util.concurrent.ConcurrentHashMap<String, TokenKey> keys =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The verifier of this agent, on the system clock. */
    @Inject
    public JoinTokenVerifier(AgentIdentity identity, AgentConfig config) {
        this(identity.id(), Clock.systemUTC(), config.token().leeway());
    }

    /** A verifier for tokens bound to {@code agentId}, judging time by {@code clock} within {@code leeway}. */
    public JoinTokenVerifier(String agentId, Clock clock, Duration leeway) {
        this.agentId = Objects.requireNonNull(agentId);
        this.clock = Objects.requireNonNull(clock);
        if (leeway.isNegative()) {
            throw new IllegalArgumentException("token leeway must not be negative");
        }
        this.leeway = leeway;
    }

    /**
     * Installs the controller's key from Welcome.
     *
     * @param spkiDer   X.509 SubjectPublicKeyInfo, DER ({@code Welcome.token_public_key})
     * @param algorithm "EdDSA" or "ES256"; empty → inferred from the key ({@code Welcome.token_algorithm})
     * @param issuer    the expected {@code iss} claim ({@code Welcome.token_issuer})
     * @throws IllegalArgumentException when the key cannot be decoded or does not fit the algorithm; the
     *                                  previous key, if any, stays in use
     */
    public void useKey(byte[] spkiDer, String algorithm, String issuer) {
        useKey("", spkiDer, algorithm, issuer);
    }

    /**
     * Installs the key controller replica {@code replica} announced in its Welcome (replacing that replica's
     * previous key); a token verifies when it is valid under any replica's key.
     *
     * @throws IllegalArgumentException as {@link #useKey(byte[], String, String)}
     */
    public void useKey(String replica, byte[] spkiDer, String algorithm, String issuer) {
        if (issuer == null || issuer.isEmpty()) {
            throw new IllegalArgumentException("token issuer is empty");
        }
        PublicKey publicKey = decodeKey(spkiDer);
        String alg = algorithm == null || algorithm.isEmpty() ? inferAlgorithm(publicKey) : algorithm;
        switch (alg) {
            case "EdDSA" -> {
                if (!(publicKey instanceof EdECPublicKey ed) || !ed.getParams().getName().equals("Ed25519")) {
                    throw new IllegalArgumentException("token algorithm EdDSA needs an Ed25519 key, got "
                            + publicKey.getAlgorithm());
                }
            }
            case "ES256" -> {
                if (!(publicKey instanceof ECPublicKey ec)
                        || ec.getParams().getCurve().getField().getFieldSize() != 256) {
                    throw new IllegalArgumentException("token algorithm ES256 needs a P-256 key, got "
                            + publicKey.getAlgorithm());
                }
            }
            default -> throw new IllegalArgumentException("unsupported token algorithm \"" + alg + "\"");
        }
        TokenKey next = new TokenKey(publicKey, alg, issuer);
        for (var other : keys.entrySet()) {
            if (!other.getKey().equals(replica) && !other.getValue().sameAs(next)) {
                LOG.warnf("controller %s announces a join-token key or issuer different from %s's: both accepted, "
                        + "but replicas should share one signing key", replica, other.getKey());
                break;
            }
        }
        keys.put(replica, next);
    }

    /** Forgets the key of a replica that is gone (its link closed for good). */
    public void forgetKey(String replica) {
        keys.remove(replica);
    }

    /** True once the controller's key is installed. */
    public boolean hasKey() {
        return !keys.isEmpty();
    }

    /**
     * Verifies {@code token} and returns what it grants.
     *
     * @throws InvalidTokenException with a short client-safe message when any check fails
     */
    public JoinClaims verify(String token) throws InvalidTokenException {
        java.util.Collection<TokenKey> known = java.util.Set.copyOf(keys.values());
        if (known.isEmpty()) {
            throw new InvalidTokenException(NO_KEY, "no token key yet: agent not connected to the controller");
        }
        if (token == null || token.isEmpty()) {
            throw new InvalidTokenException(MALFORMED, "token missing");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException(MALFORMED, "malformed token: too long");
        }
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
            throw new InvalidTokenException(MALFORMED, "malformed token: not a compact JWS");
        }
        JsonNode header = decodeJson(token.substring(0, firstDot), "header");
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual()) {
            throw new InvalidTokenException(MALFORMED, "malformed token: header without alg");
        }
        List<TokenKey> candidates = known.stream().filter(k -> k.algorithm().equals(alg.textValue())).toList();
        if (candidates.isEmpty()) {
            throw new InvalidTokenException(UNSUPPORTED_ALGORITHM,
                    "token algorithm not accepted: expected " + known.iterator().next().algorithm());
        }
        if (header.has("crit")) {
            // RFC 7515 4.1.11: critical extensions we do not understand make the token invalid.
            throw new InvalidTokenException(MALFORMED, "malformed token: unsupported crit header");
        }
        decodeBase64(token.substring(secondDot + 1), "signature"); // a clear refusal for a mangled signature part
        TokenKey current = candidates.stream().filter(k -> signatureValid(k, token))
                .findFirst().orElseThrow(() -> new InvalidTokenException(BAD_SIGNATURE, "bad token signature"));
        JsonNode claims = decodeJson(token.substring(firstDot + 1, secondDot), "claims");
        return checkClaims(claims, current, token);
    }

    private JoinClaims checkClaims(JsonNode claims, TokenKey current, String token) throws InvalidTokenException {
        String issuer = requiredString(claims, "iss");
        String participantId = requiredString(claims, "sub");
        String conferenceId = requiredString(claims, "conf");
        String tokenAgent = requiredString(claims, "agent");
        String tokenId = requiredString(claims, "jti");
        JsonNode permissions = claims.get("perm");
        if (permissions == null || !permissions.isArray() || permissions.size() > 8) {
            throw new InvalidTokenException(MALFORMED, "malformed token: claim perm missing or invalid");
        }
        Instant expiresAt = numericDate(claims, "exp");
        if (expiresAt == null) {
            throw new InvalidTokenException(MALFORMED, "malformed token: exp missing");
        }
        Instant notBefore = numericDate(claims, "nbf");
        Instant issuedAt = numericDate(claims, "iat");

        Instant now = clock.instant();
        if (!now.isBefore(expiresAt.plus(leeway))) {
            throw new InvalidTokenException(EXPIRED, "token expired");
        }
        Instant latestAcceptable = now.plus(leeway);
        if (notBefore != null && notBefore.isAfter(latestAcceptable)) {
            throw new InvalidTokenException(NOT_YET_VALID, "token not valid yet");
        }
        if (issuedAt != null && issuedAt.isAfter(latestAcceptable)) {
            throw new InvalidTokenException(NOT_YET_VALID, "token issued in the future");
        }
        if (!issuer.equals(current.issuer())) {
            throw new InvalidTokenException(WRONG_ISSUER, "token from an unknown issuer");
        }
        if (!tokenAgent.equals(agentId)) {
            throw new InvalidTokenException(OTHER_AGENT, "token issued for another agent");
        }
        return new JoinClaims(conferenceId, participantId, tokenAgent, expiresAt, tokenId,
                grants(permissions, "publish"), grants(permissions, "subscribe"), token);
    }

    private static boolean grants(JsonNode permissions, String permission) {
        for (JsonNode p : permissions) {
            if (permission.equals(p.textValue())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The signature check itself is jose4j's (the library the controller signs with): the algorithm pinned to the
     * key's, so a token cannot pick another; ES256's R || S form and EdDSA are handled there.
     */
    private static boolean signatureValid(TokenKey key, String token) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                    key.algorithm()));
            jws.setCompactSerialization(token);
            jws.setKey(key.publicKey());
            return jws.verifySignature();
        } catch (JoseException | RuntimeException e) {
            // A signature the library cannot even parse is simply not a valid signature.
            return false;
        }
    }

    private static JsonNode decodeJson(String part, String what) throws InvalidTokenException {
        byte[] bytes = decodeBase64(part, what);
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new InvalidTokenException(MALFORMED, "malformed token: " + what + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidTokenException(MALFORMED, "malformed token: " + what + " is not valid JSON");
        }
    }

    private static byte[] decodeBase64(String part, String what) throws InvalidTokenException {
        if (part.isEmpty() || part.indexOf('=') >= 0) {
            throw new InvalidTokenException(MALFORMED, "malformed token: bad base64url " + what);
        }
        try {
            return BASE64URL.decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException(MALFORMED, "malformed token: bad base64url " + what);
        }
    }

    private static String requiredString(JsonNode claims, String name) throws InvalidTokenException {
        JsonNode value = claims.get(name);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()
                || value.textValue().length() > MAX_ID_CHARS) {
            throw new InvalidTokenException(MALFORMED, "malformed token: claim " + name + " missing or invalid");
        }
        return value.textValue();
    }

    private static Instant numericDate(JsonNode claims, String name) throws InvalidTokenException {
        JsonNode value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())
                || Math.abs(value.doubleValue()) > MAX_EPOCH_SECONDS) {
            throw new InvalidTokenException(MALFORMED, "malformed token: claim " + name + " is not a date");
        }
        double seconds = value.doubleValue();
        long whole = (long) Math.floor(seconds);
        long nanos = Math.round((seconds - whole) * 1e9);
        return Instant.ofEpochSecond(whole, nanos);
    }

    private static PublicKey decodeKey(byte[] spkiDer) {
        if (spkiDer == null || spkiDer.length == 0) {
            throw new IllegalArgumentException("token public key is empty");
        }
        for (String family : new String[] {"EdDSA", "EC"}) {
            try {
                return KeyFactory.getInstance(family).generatePublic(new X509EncodedKeySpec(spkiDer));
            } catch (GeneralSecurityException | RuntimeException e) {
                // try the next family
            }
        }
        throw new IllegalArgumentException("token public key is not an Ed25519 or EC SubjectPublicKeyInfo");
    }

    private static String inferAlgorithm(PublicKey publicKey) {
        return publicKey instanceof ECPublicKey ? "ES256" : "EdDSA";
    }
}
