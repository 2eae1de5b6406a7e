package io.meridian.agent.signaling;

/**
 * A signaling message the agent refuses: malformed JSON, unknown type, missing field, wrong state, or something
 * the participant is not permitted to do. Closes that one session with {@link #closeCode} (by default
 * {@link CloseCodes#PROTOCOL_ERROR}) and this message as reason, and is counted as {@link #refusal}.
 */
public final class ProtocolException extends Exception {
    private final int closeCode;
    private final String refusal;

    public ProtocolException(String message) {
        this(CloseCodes.PROTOCOL_ERROR, "protocol-error", message);
    }

    public ProtocolException(int closeCode, String refusal, String message) {
        super(message);
        this.closeCode = closeCode;
        this.refusal = refusal;
    }

    /** The WebSocket close code the session ends with. */
    public int closeCode() {
        return closeCode;
    }

    /** The reason it is counted under in {@code meridian_agent_refusals_total}. */
    public String refusal() {
        return refusal;
    }
}
