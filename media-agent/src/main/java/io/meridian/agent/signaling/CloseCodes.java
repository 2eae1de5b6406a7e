package io.meridian.agent.signaling;

/** WebSocket close codes the agent uses on /signaling (4000-4999 are for applications, RFC 6455 §7.4.2). */
public final class CloseCodes {
    /** The client said leave. */
    public static final int NORMAL = 1000;
    /** The agent is shutting down. */
    public static final int GOING_AWAY = 1001;
    /** A message broke the protocol (see the reason and the preceding {@code error} message). */
    public static final int PROTOCOL_ERROR = 4400;
    /** The join token is missing, malformed, badly signed, expired, for another agent, or used before. */
    public static final int UNAUTHORIZED = 4401;
    /** The join token's permissions do not allow what the client asked (e.g. publishing without "publish"). */
    public static final int FORBIDDEN = 4403;
    /** The controller removed the participant from the conference (an administrator's kick). */
    public static final int REMOVED = 4404;
    /** The client did not take a negotiation step (offer, answer, connecting) in time. */
    public static final int NEGOTIATION_TIMEOUT = 4408;
    /** The same participant joined again from another session, which replaced this one. */
    public static final int REPLACED = 4409;
    /** ICE or DTLS failed or consent expired: media can no longer flow. */
    public static final int MEDIA_FAILED = 4410;
    /** Too many: concurrent sessions from the client's address, or ICE restarts in this session. */
    public static final int TOO_MANY_SESSIONS = 4429;
    /** A message larger than the agent accepts (set by the WebSocket layer, RFC 6455 §7.4.1). */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** The agent is draining or full and admits nobody new. */
    public static final int UNAVAILABLE = 4503;
    /** An unexpected fault in the agent. */
    public static final int INTERNAL_ERROR = 1011;

    private CloseCodes() {
    }

    /** Trims a reason to the 123 bytes a close frame allows (RFC 6455 §5.5), on a character boundary. */
    public static String reason(String text) {
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes + n > 123) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
