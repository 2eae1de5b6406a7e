package io.meridian.agent.control;

import java.util.Optional;

/**
 * What the agent says about itself in Hello.
 *
 * @param agentId      fleet-unique id
 * @param region       region name from the controller's catalog
 * @param signalingUrl WebSocket URL browsers open, e.g. "ws://10.0.0.5:8081/signaling"
 * @param mediaHost    host of the WebRTC media UDP port
 * @param mediaPort    the WebRTC media UDP port
 * @param relayHost    host of the relay UDP port
 * @param relayPort    the relay UDP port
 * @param capacity     most participants accepted
 * @param version      agent software version
 */
public record Announcement(String agentId, String region, String signalingUrl, String mediaHost, int mediaPort,
        String relayHost, int relayPort, int capacity, String version) {

    /** The signaling URL for a public host and HTTP port (IPv6 literals bracketed). */
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
