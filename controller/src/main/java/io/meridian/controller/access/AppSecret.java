package io.meridian.controller.access;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One signing secret of an application. Never printed: {@link #toString()} shows only the id, so a secret
 * cannot reach a log line through string formatting.
 *
 * @param id public id of the secret (to name it when rotating), never the secret itself
 */
public record AppSecret(String id, String value, Instant createdAt) {
    /** Shortest secret accepted: HS256 wants a key as long as its 256-bit output. */
    public static final int MIN_LENGTH = 32;

    public AppSecret {
        if (value.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("an application secret must be at least " + MIN_LENGTH
                    + " characters (secret " + id + " is " + value.length() + ")");
        }
    }

    /** The HMAC key bytes. */
    public byte[] key() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "AppSecret[id=" + id + ", createdAt=" + createdAt + "]";
    }
}
