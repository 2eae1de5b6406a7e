package io.meridian.agent.control;

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
}
