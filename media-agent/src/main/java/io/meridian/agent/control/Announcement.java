package io.meridian.agent.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * What the agent says about itself in Hello.
 *
 * @param agentId      fleet-unique id
 * @param region       region name from the controller's catalog
 * @param signalingUrl WebSocket URL browsers open, e.g. "ws://10.0.0.5:8081/signaling" or
 *                     "wss://agent-1.example:443/signaling"
 * @param mediaHost    host of the WebRTC media UDP port
 * @param mediaPort    the WebRTC media UDP port
 * @param relayHost    host of the relay UDP port
 * @param relayPort    the relay UDP port
 * @param capacity     most participants accepted
 * @param version      agent software version
 */
public record Announcement(String agentId, String region, String signalingUrl, String mediaHost, int mediaPort,
        String relayHost, int relayPort, int capacity, String version) {

    /** Longest signaling URL the controller accepts in Hello. */
    static final int MAX_SIGNALING_URL_LENGTH = 2048;

    /**
     * The signaling URL to announce: {@code configured} when set (a ws:// or wss:// URL with a host, as the
     * controller demands), else {@link #signalingUrl(String, int)}.
     *
     * @throws IllegalArgumentException naming MERIDIAN_AGENT_SIGNALING_URL when {@code configured} is not such a URL
     */
    public static String signalingUrl(Optional<String> configured, String publicHost, int httpPort) {
        String value = configured.map(String::strip).orElse("");
        if (value.isEmpty()) {
            return signalingUrl(publicHost, httpPort);
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            uri = null;
        }
        // The controller checks the same (lower-case scheme, a host, ≤ 2048 chars) and would refuse the Hello.
        if (uri == null || !("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme()))
                || uri.getHost() == null || value.length() > MAX_SIGNALING_URL_LENGTH) {
            throw new IllegalArgumentException("MERIDIAN_AGENT_SIGNALING_URL (meridian.agent.signaling-url) must be "
                    + "a ws:// or wss:// URL with a host, e.g. wss://agent-1.example:443/signaling; got '"
                    + (value.length() > 200 ? value.substring(0, 200) + "…" : value) + "'");
        }
        return value;
    }

    /** The default signaling URL for a public host and HTTP port (IPv6 literals bracketed). */
    public static String signalingUrl(String publicHost, int httpPort) {
        String host = publicHost.indexOf(':') >= 0 && !publicHost.startsWith("[") ? "[" + publicHost + "]" : publicHost;
        return "ws://" + host + ":" + httpPort + "/signaling";
    }

    /**
     * The relay address to announce: {@code announced} ("host:port", "[v6]:port") when set, else the public host
     * and the relay port. Peers send relay traffic there, so behind a NAT or a UDP proxy it differs from the bind.
     *
     * @throws IllegalArgumentException naming MERIDIAN_AGENT_RELAY_ANNOUNCED_ADDRESS when it is not host:port
     */
    public static RelayCommands.UdpEndpoint relayAddress(Optional<String> announced, String publicHost, int relayPort) {
        String value = announced.map(String::strip).orElse("");
        if (value.isEmpty()) {
            return new RelayCommands.UdpEndpoint(publicHost, relayPort);
        }
        int colon = value.lastIndexOf(':');
        String host = colon > 0 ? value.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            host = ""; // an IPv6 literal needs brackets, or its last group would read as the port
        }
        int port = colon > 0 ? port(value.substring(colon + 1)) : -1;
        if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '[' || c == ']')
                || port < 1) {
            throw new IllegalArgumentException("MERIDIAN_AGENT_RELAY_ANNOUNCED_ADDRESS (meridian.agent."
                    + "relay-announced-address) must be host:port, [IPv6]:port for IPv6, with a port 1-65535; got '"
                    + value + "'");
        }
        return new RelayCommands.UdpEndpoint(host, port);
    }

    private static int port(String digits) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int port = Integer.parseInt(digits);
        return port <= 65535 ? port : -1;
    }
}
