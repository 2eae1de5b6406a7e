package io.meridian.agent.sfu;

/**
 * What the publisher's SDP says about one incoming stream.
 *
 * @param kind audio or video
 * @param mid the publisher's m-line mid
 * @param ssrc the media SSRC (kept unchanged towards subscribers)
 * @param payloadType the negotiated media payload type
 * @param clockRate RTP clock rate (90000 video, 48000 Opus), for jitter in receiver reports
 * @param rtxSsrc RTX SSRC from a=ssrc-group:FID, or 0 without RTX
 * @param rtxPayloadType RTX payload type (apt = payloadType), or -1 without RTX
 * @param midExtensionId the publisher's extmap id of urn:ietf:params:rtp-hdrext:sdes:mid, or 0 if not negotiated
 * @param pli whether the publisher accepts PLI (a=rtcp-fb nack pli)
 * @param fir whether the publisher accepts FIR (a=rtcp-fb ccm fir)
 */
public record ProducerSpec(MediaKind kind, String mid, int ssrc, int payloadType, int clockRate, int rtxSsrc,
        int rtxPayloadType, int midExtensionId, boolean pli, boolean fir) {
    /** Validates the spec. */
    public ProducerSpec {
        if (kind == null || mid == null) {
            throw new IllegalArgumentException("kind and mid are required");
        }
        if (payloadType < 0 || payloadType > 127 || rtxPayloadType > 127 || clockRate <= 0) {
            throw new IllegalArgumentException("bad payload type or clock rate");
        }
        if (rtxSsrc != 0 && (rtxSsrc == ssrc || rtxPayloadType < 0)) {
            throw new IllegalArgumentException("RTX needs its own SSRC and a payload type");
        }
        if (midExtensionId < 0 || midExtensionId > 255) {
            throw new IllegalArgumentException("bad mid extension id");
        }
    }

    /** An Opus stream without RTX. */
    public static ProducerSpec audio(String mid, int ssrc, int payloadType, int midExtensionId) {
        return new ProducerSpec(MediaKind.AUDIO, mid, ssrc, payloadType, 48000, 0, -1, midExtensionId, false, false);
    }

    /** A video stream accepting PLI and FIR, with optional RTX (rtxSsrc 0 = none). */
    public static ProducerSpec video(String mid, int ssrc, int payloadType, int rtxSsrc, int rtxPayloadType,
            int midExtensionId) {
        return new ProducerSpec(MediaKind.VIDEO, mid, ssrc, payloadType, 90000, rtxSsrc, rtxPayloadType,
                midExtensionId, true, true);
    }

    /** Whether RTX was negotiated. */
    public boolean hasRtx() {
        return rtxSsrc != 0;
    }
}
