package io.meridian.agent.sdp;

/**
 * One synchronisation source declared with {@code a=ssrc} lines (RFC 5576).
 *
 * @param ssrc  the 32-bit SSRC as an unsigned value
 * @param cname its {@code cname}, or null
 * @param msid  its {@code msid} value ("stream track"), or null
 */
public record Ssrc(long ssrc, String cname, String msid) {
    public Ssrc {
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new SdpException("ssrc out of range: " + ssrc);
        }
    }
}
