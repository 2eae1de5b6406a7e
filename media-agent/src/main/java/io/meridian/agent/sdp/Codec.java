package io.meridian.agent.sdp;

import java.util.List;
import java.util.Locale;

/**
 * One RTP payload format of an m-section: {@code a=rtpmap}, {@code a=fmtp} and {@code a=rtcp-fb} merged.
 *
 * @param payloadType  RTP payload type, 0..127
 * @param name         encoding name as written, e.g. {@code VP8}, {@code opus}
 * @param clockRate    RTP clock rate in Hz
 * @param channels     audio channels (1 when absent)
 * @param fmtp         format parameters as written, empty when absent
 * @param rtcpFeedback feedback types, e.g. {@code nack}, {@code nack pli}, {@code ccm fir}
 */
public record Codec(int payloadType, String name, int clockRate, int channels, String fmtp, List<String> rtcpFeedback) {
    public Codec {
        if (payloadType < 0 || payloadType > 127) {
            throw new SdpException("payload type out of range: " + payloadType);
        }
        fmtp = fmtp == null ? "" : fmtp;
        rtcpFeedback = List.copyOf(rtcpFeedback);
    }

    /** True when the encoding name equals {@code other}, ignoring case as RFC 4855 requires. */
    public boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }

    /** The value of one fmtp parameter ({@code key=value;...}), or null. */
    public String fmtpParameter(String key) {
        for (String part : fmtp.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(key)) {
                return part.substring(eq + 1).trim();
            }
        }
        return null;
    }

    /** This codec with other feedback types. */
    public Codec withFeedback(List<String> feedback) {
        return new Codec(payloadType, name, clockRate, channels, fmtp, feedback);
    }

    /** The {@code a=rtpmap} value after the payload type, e.g. {@code opus/48000/2}. */
    String rtpmap() {
        return channels > 1 ? name + "/" + clockRate + "/" + channels : name + "/" + clockRate;
    }

    @Override
    public String toString() {
        return payloadType + " " + rtpmap().toLowerCase(Locale.ROOT) + (fmtp.isEmpty() ? "" : " " + fmtp);
    }
}
