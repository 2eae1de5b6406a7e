package io.meridian.agent.sdp;

/**
 * An RTP header extension negotiated with {@code a=extmap} (RFC 8285).
 *
 * @param id  local identifier, 1..14 for one-byte headers, up to 255 for two-byte headers
 * @param uri the extension's URI
 */
public record HeaderExtension(int id, String uri) {
    /** RFC 8843 media identification. */
    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** Absolute send time, used by receive-side bandwidth estimation (REMB). */
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /** Transport-wide sequence numbers for transport-cc feedback. */
    public static final String TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    /** RFC 6464 client-to-mixer audio level. */
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    public HeaderExtension {
        if (id < 1 || id > 255) {
            throw new SdpException("extmap id out of range: " + id);
        }
    }
}
