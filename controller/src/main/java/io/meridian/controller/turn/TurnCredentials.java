package io.meridian.controller.turn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived TURN credentials by the TURN REST convention coturn implements ({@code use-auth-secret} with
 * {@code static-auth-secret}): username {@code <expiry unix seconds>:<participantId>}, credential
 * {@code base64(HMAC-SHA1(secret, username))}. The TURN server checks the HMAC with the same secret and refuses
 * the username once its expiry has passed, so the controller and the TURN server share nothing but the secret.
 * The secret is never logged nor shown by {@link #toString()}.
 */
public final class TurnCredentials {
    private final List<String> urls;
    private final byte[] secret;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * @param urls     {@code turn:} or {@code turns:} URLs, at least one
     * @param secret   the TURN server's static auth secret, not empty
     * @param lifetime how long a credential stays valid, positive
     */
    public TurnCredentials(List<String> urls, String secret, Duration lifetime, Clock clock) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no TURN URL");
        }
        for (String url : urls) {
            String lower = url.toLowerCase(Locale.ROOT);
            if (!(lower.startsWith("turn:") || lower.startsWith("turns:")) || url.length() < 7
                    || url.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException("TURN URL '" + url + "' is not a turn: or turns: URL");
            }
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("TURN URLs are set but the TURN secret is empty");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("TURN credential lifetime must be positive: " + lifetime);
        }
        this.urls = List.copyOf(urls);
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** The TURN entry for {@code participantId}, valid for the lifetime from now. */
    public IceServer issue(String participantId) {
        long expiry = clock.instant().plus(lifetime).getEpochSecond();
        String username = expiry + ":" + participantId;
        return new IceServer(urls, username, sign(username));
    }

    private String sign(String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "TurnCredentials[" + urls + ", lifetime " + lifetime + "]";
    }
}
