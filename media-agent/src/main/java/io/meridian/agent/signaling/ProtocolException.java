package io.meridian.agent.signaling;

/**
 * A signaling message that breaks the protocol: malformed JSON, unknown type, missing field, wrong state, or
 * an unusable SDP. Closes that one session with {@link CloseCodes#PROTOCOL_ERROR} and this message as reason.
 */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message);
    }
}
