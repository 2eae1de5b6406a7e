package io.meridian.agent.token;

/**
 * A join token was refused. The message is short and safe to show the client (it fits a WebSocket close
 * reason, at most 123 bytes); {@link #reason()} says which check failed.
 */
public final class InvalidTokenException extends Exception {

    /** Which check refused the token. */
    public enum Reason {
        /** Not a compact JWS with JSON header and claims, or a required claim is missing or mistyped. */
        MALFORMED,
        /** The controller has not sent a verification key yet (no Welcome so far). */
        NO_KEY,
        /** The header's alg is not the algorithm the controller announced. */
        UNSUPPORTED_ALGORITHM,
        /** The signature does not verify with the controller's key. */
        BAD_SIGNATURE,
        /** exp is in the past. */
        EXPIRED,
        /** nbf or iat is in the future. */
        NOT_YET_VALID,
        /** iss is not the controller's issuer. */
        WRONG_ISSUER,
        /** The agent claim names another agent. */
        OTHER_AGENT
    }

    private final Reason reason;

    /** A refusal for {@code reason}, explained by {@code message}. */
    public InvalidTokenException(Reason reason, String message) {
        // No stack trace: refusals are expected input, possibly a flood of it.
        super(message, null, false, false);
        this.reason = reason;
    }

    /** Which check refused the token. */
    public Reason reason() {
        return reason;
    }
}
