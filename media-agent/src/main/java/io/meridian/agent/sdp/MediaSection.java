package io.meridian.agent.sdp;

import java.util.List;

/**
 * One m-section of a session description, with the attributes the agent uses.
 *
 * @param kind         media type: {@code audio}, {@code video}, {@code application}, ...
 * @param port         transport port; 0 means the section is rejected or stopped, unless {@code bundleOnly}
 * @param protocol     transport protocol, e.g. {@code UDP/TLS/RTP/SAVPF}
 * @param formats      the format list of the m-line as written
 * @param mid          {@code a=mid}, or null
 * @param direction    the media direction (sendrecv when absent, RFC 4566)
 * @param ice          media-level ICE credentials, or null
 * @param fingerprint  media-level fingerprint, or null
 * @param setup        media-level {@code a=setup} value, or null
 * @param rtcpMux      {@code a=rtcp-mux} present
 * @param codecs       the RTP payload formats with their rtpmap/fmtp/rtcp-fb, in m-line order
 * @param extensions   the {@code a=extmap} lines
 * @param ssrcs        the {@code a=ssrc} sources in first-seen order
 * @param ssrcGroups   the {@code a=ssrc-group} lines
 * @param msid         the {@code a=msid} value ("stream track"), or null
 * @param bundleOnly   {@code a=bundle-only}: port 0 in an offer that only wants the section on the BUNDLE transport
 *                     (RFC 8843 §6; Firefox offers every section after the first this way)
 */
public record MediaSection(String kind, int port, String protocol, List<String> formats, String mid, Direction direction,
                           IceParameters ice, Fingerprint fingerprint, String setup, boolean rtcpMux, List<Codec> codecs,
                           List<HeaderExtension> extensions, List<Ssrc> ssrcs, List<SsrcGroup> ssrcGroups, String msid,
                           boolean bundleOnly) {
    public MediaSection {
        formats = List.copyOf(formats);
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
        ssrcs = List.copyOf(ssrcs);
        ssrcGroups = List.copyOf(ssrcGroups);
    }

    /** True for a section rejected or stopped with port 0; a bundle-only section is neither. */
    public boolean rejected() {
        return port == 0 && !bundleOnly;
    }

    /** True for an RTP section secured with DTLS-SRTP and RTCP feedback, the only profile WebRTC uses. */
    public boolean isDtlsSrtp() {
        return protocol.equals("UDP/TLS/RTP/SAVPF") || protocol.equals("TCP/TLS/RTP/SAVPF");
    }

    /** The identifier of the extension with this URI, or 0 when it is not negotiated. */
    public int extensionId(String uri) {
        for (HeaderExtension e : extensions) {
            if (e.uri().equals(uri)) {
                return e.id();
            }
        }
        return 0;
    }

    /** The codec with this payload type, or null. */
    public Codec codec(int payloadType) {
        for (Codec c : codecs) {
            if (c.payloadType() == payloadType) {
                return c;
            }
        }
        return null;
    }

    /**
     * The SSRC carrying the original media: the first of an {@code FID} group, else the first declared
     * SSRC; -1 when none is declared.
     */
    public long primarySsrc() {
        for (SsrcGroup g : ssrcGroups) {
            if (g.semantics().equals("FID") && !g.ssrcs().isEmpty()) {
                return g.ssrcs().getFirst();
            }
        }
        return ssrcs.isEmpty() ? -1 : ssrcs.getFirst().ssrc();
    }

    /** The cname declared for an SSRC, or null. */
    public String cname(long ssrc) {
        for (Ssrc s : ssrcs) {
            if (s.ssrc() == ssrc) {
                return s.cname();
            }
        }
        return null;
    }
}
