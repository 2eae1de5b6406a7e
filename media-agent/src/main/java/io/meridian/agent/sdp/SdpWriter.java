package io.meridian.agent.sdp;

/** Writes SDP lines with CRLF endings, plus the transport lines every agent m-section repeats. */
final class SdpWriter {
    /** Priority of a host candidate: type preference 126, local preference 65535, component 1 (RFC 8445 5.1.2.1). */
    static final long HOST_PRIORITY = (126L << 24) | (65535L << 8) | 255;
    /**
     * Priority of the passive TCP host candidate: local preference with RFC 6544 §4.2's direction preference for
     * passive (4) in its top bits, below the UDP candidate's, so browsers prefer UDP when it works.
     */
    static final long TCP_HOST_PRIORITY = (126L << 24) | ((4L << 13) << 8) | 255;

    private final StringBuilder text = new StringBuilder(2048);

    SdpWriter line(String line) {
        text.append(line).append("\r\n");
        return this;
    }

    /** v=, o=, s=, t= and the ICE-lite flag. */
    SdpWriter sessionHeader(String sessionId, long version) {
        return line("v=0").line("o=- " + sessionId + " " + version + " IN IP4 0.0.0.0").line("s=-").line("t=0 0")
                .line("a=ice-lite");
    }

    /** c=, ICE, fingerprint, setup, mid. */
    SdpWriter transport(LocalTransportParameters local, String setup, String mid) {
        return line("c=IN " + local.addressType() + " " + local.host())
                .line("a=ice-ufrag:" + local.ice().ufrag())
                .line("a=ice-pwd:" + local.ice().pwd())
                .line("a=fingerprint:" + local.fingerprint().value())
                .line("a=setup:" + setup)
                .line("a=mid:" + mid);
    }

    /**
     * The agent's UDP host candidate, its passive TCP host candidate when enabled (RFC 6544), then
     * end-of-candidates: ICE-lite gathers nothing else.
     */
    SdpWriter candidate(LocalTransportParameters local) {
        line("a=candidate:1 1 udp " + HOST_PRIORITY + " " + local.host() + " " + local.port() + " typ host");
        if (local.tcpPort() > 0) {
            line("a=candidate:2 1 tcp " + TCP_HOST_PRIORITY + " " + local.host() + " " + local.tcpPort()
                    + " typ host tcptype passive");
        }
        return line("a=end-of-candidates");
    }

    /** rtpmap, fmtp and rtcp-fb lines of one codec. */
    SdpWriter codec(Codec c) {
        line("a=rtpmap:" + c.payloadType() + " " + c.rtpmap());
        if (!c.fmtp().isEmpty()) {
            line("a=fmtp:" + c.payloadType() + " " + c.fmtp());
        }
        for (String fb : c.rtcpFeedback()) {
            line("a=rtcp-fb:" + c.payloadType() + " " + fb);
        }
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
