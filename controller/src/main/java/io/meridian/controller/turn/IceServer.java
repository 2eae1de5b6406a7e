package io.meridian.controller.turn;

import java.util.List;

/**
 * One entry of a browser's {@code RTCConfiguration.iceServers}: TURN URLs with the short-lived credentials they
 * accept.
 *
 * @param urls       {@code turn:} / {@code turns:} URLs
 * @param username   {@code <expiry unix seconds>:<participantId>}
 * @param credential base64 HMAC-SHA1 of the username under the TURN server's shared secret
 */
public record IceServer(List<String> urls, String username, String credential) {
    public IceServer {
        urls = List.copyOf(urls);
    }

    @Override
    public String toString() {
        return "IceServer[" + urls + ", " + username + "]"; // the credential stays out of logs
    }
}
