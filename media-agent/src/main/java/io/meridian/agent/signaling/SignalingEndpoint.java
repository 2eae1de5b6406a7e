package io.meridian.agent.signaling;

import io.meridian.agent.config.AgentIdentity;
import io.meridian.agent.token.InvalidTokenException;
import io.meridian.agent.token.JoinClaims;
import io.meridian.agent.token.JoinTokenVerifier;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * {@code ws://<agent>/signaling?token=<join token>}: checks the token before anything is allocated (close 4401
 * with the reason otherwise), then hands the session to a {@link Peer}. Protocol: docs/signaling.md.
 */
@WebSocket(path = "/signaling")
public class SignalingEndpoint {
    private static final Logger LOG = Logger.getLogger(SignalingEndpoint.class);

    private final ConcurrentHashMap<String, Peer> peers = new ConcurrentHashMap<>();

    @Inject
    JoinTokenVerifier verifier;

    @Inject
    AgentIdentity identity;

    @Inject
    Rooms rooms;

    @OnOpen
    void open(WebSocketConnection connection) {
        SignalingChannel channel = channel(connection);
        JoinClaims claims;
        try {
            claims = verifier.verify(queryParameter(connection.handshakeRequest().query(), "token"));
        } catch (InvalidTokenException e) {
            reject(channel, CloseCodes.UNAUTHORIZED, "join token refused: " + e.getMessage());
            return;
        }
        String refusal = rooms.refusal();
        if (refusal != null) {
            reject(channel, CloseCodes.UNAVAILABLE, refusal);
            return;
        }
        Peer peer = rooms.admit(claims.conferenceId(), claims.participantId(), identity.id(), channel);
        peers.put(connection.id(), peer);
        LOG.debugf("%s joined %s", claims.participantId(), claims.conferenceId());
    }

    @OnTextMessage
    void message(WebSocketConnection connection, String text) {
        Peer peer = peers.get(connection.id());
        if (peer != null) {
            peer.receive(text);
        }
    }

    @OnClose
    void close(WebSocketConnection connection) {
        Peer peer = peers.remove(connection.id());
        if (peer != null) {
            peer.socketClosed();
        }
    }

    private static void reject(SignalingChannel channel, int code, String reason) {
        channel.send(AgentMessages.error(code, reason));
        channel.close(code, CloseCodes.reason(reason));
    }

    private static SignalingChannel channel(WebSocketConnection connection) {
        return new SignalingChannel() {
            @Override
            public void send(String json) {
                if (connection.isOpen()) {
                    connection.sendText(json).subscribe().with(ok -> { }, e -> LOG.debugf("send failed: %s", e.getMessage()));
                }
            }

            @Override
            public void close(int code, String reason) {
                connection.close(new CloseReason(code, reason)).subscribe()
                        .with(ok -> { }, e -> LOG.debugf("close failed: %s", e.getMessage()));
            }
        };
    }

    /** The first value of {@code name} in a raw query string, URL-decoded; null when absent. */
    static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                try {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
