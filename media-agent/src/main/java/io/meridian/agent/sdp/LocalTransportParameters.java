package io.meridian.agent.sdp;

/**
 * What the agent announces for one of its WebRTC transports: ICE-lite credentials, its DTLS certificate
 * fingerprint and its single host candidate (the public host and the shared media port, UDP).
 *
 * @param ice         the agent's ICE credentials for this transport
 * @param fingerprint the agent's DTLS certificate fingerprint
 * @param host        IP literal browsers send media to (IPv4 or IPv6)
 * @param port        the UDP media port
 */
public record LocalTransportParameters(IceParameters ice, Fingerprint fingerprint, String host, int port) {
    public LocalTransportParameters {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("media port out of range: " + port);
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("public host is empty");
        }
    }

    /** {@code IP6} for an IPv6 literal, else {@code IP4}. */
    String addressType() {
        return host.indexOf(':') >= 0 ? "IP6" : "IP4";
    }
}
