package io.meridian.controller.access;

import io.meridian.controller.ControllerException;

/** Too many joins from one application or one source address: HTTP 429 with Retry-After. */
public class RateLimitedException extends ControllerException {
    private final long retryAfterSeconds;

    public RateLimitedException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds until a retry can succeed. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
