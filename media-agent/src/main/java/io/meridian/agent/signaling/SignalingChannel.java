package io.meridian.agent.signaling;

/** The session's WebSocket as signaling sees it; never blocks. */
public interface SignalingChannel {
    /** Sends one text message. */
    void send(String json);

    /** Closes the socket with a close code and a reason (trimmed to 123 bytes). */
    void close(int code, String reason);
}
