package io.meridian.agent.sdp;

/** A session description that cannot be parsed or negotiated; the message says which line or rule failed. */
public final class SdpException extends RuntimeException {
    public SdpException(String message) {
        super(message);
    }
}
