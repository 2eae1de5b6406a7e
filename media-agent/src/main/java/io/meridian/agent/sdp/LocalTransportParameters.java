package io.meridian.agent.sdp;

/**
 * What the agent announces for one of its WebRTC transports: ICE-lite credentials, its DTLS certificate
 * fingerprint and its host candidates (the public host with the shared UDP media port and, when enabled, the
 * ICE-TCP port, RFC 6544 passive).
 *
 * @param ice         the agent's ICE credentials for this transport
 * @param fingerprint the agent's DTLS certificate fingerprint
 * @param host        IP literal browsers send media to (IPv4 or IPv6)
 * @param port        the UDP media port
 * @param tcpPort     the ICE-TCP media port, 0 when the agent offers no TCP candidate
 */
public record LocalTransportParameters(IceParameters ice, Fingerprint fingerprint, String host, int port, int tcpPort) {
    public LocalTransportParameters {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("media port out of range: " + port);
        }
        if (tcpPort < 0 || tcpPort > 65535) {
            throw new IllegalArgumentException("media TCP port out of range: " + tcpPort);
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("public host is empty");
        }
    }

    /** UDP only. */
    public LocalTransportParameters(IceParameters ice, Fingerprint fingerprint, String host, int port) {
        this(ice, fingerprint, host, port, 0);
    }

    /** {@code IP6} for an IPv6 literal, else {@code IP4}. */
    String addressType() {
        return host.indexOf(':') >= 0 ? "IP6" : "IP4";
    }
}
