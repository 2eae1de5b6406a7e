package io.meridian.agent.signaling;

import io.meridian.agent.abuse.Refusals;
import io.meridian.agent.config.AgentConfig;
import io.meridian.agent.config.AgentIdentity;
import io.meridian.agent.token.InvalidTokenException;
import io.meridian.agent.token.JoinClaims;
import io.meridian.agent.token.JoinTokenVerifier;
import io.meridian.agent.token.TokenLedger;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * {@code ws://<agent>/signaling?token=<join token>}: before anything is allocated, checks the token (close 4401
 * with the reason otherwise; a token admits one session, see {@link TokenLedger}) and how many sessions the
 * client's address already holds (4429 beyond {@code MERIDIAN_AGENT_SIGNALING_MAX_SESSIONS_PER_SOURCE}), then hands
 * the session to a {@link Peer}. Every refusal is counted by reason. Protocol: docs/signaling.md.
 */
@WebSocket(path = "/signaling")
public class SignalingEndpoint {
    private static final Logger LOG = Logger.getLogger(SignalingEndpoint.class);
    private static final UserData.TypedKey<String> SOURCE = UserData.TypedKey.forString("meridian.source");

    private final ConcurrentHashMap<String, Peer> peers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> sessionsBySource = new ConcurrentHashMap<>();

    @Inject
    JoinTokenVerifier verifier;

    @Inject
    AgentIdentity identity;

    @Inject
    Rooms rooms;

    @Inject
    TokenLedger ledger;

    @Inject
    Refusals refusals;

    @Inject
    AgentConfig config;

    @OnOpen
    void open(WebSocketConnection connection) {
        SignalingChannel channel = channel(connection);
        String source = source(connection.handshakeRequest().remoteAddress());
        AtomicInteger held = sessionsBySource.computeIfAbsent(source, s -> new AtomicInteger());
        if (held.incrementAndGet() > config.signaling().maxSessionsPerSource()) {
            release(source);
            reject(channel, CloseCodes.TOO_MANY_SESSIONS, "too many sessions from this address", "sessions-per-source");
            return;
        }
        connection.userData().put(SOURCE, source);
        JoinClaims claims;
        try {
            claims = verifier.verify(queryParameter(connection.handshakeRequest().query(), "token"));
        } catch (InvalidTokenException e) {
            reject(channel, CloseCodes.UNAUTHORIZED, "join token refused: " + e.getMessage(), "token-" + e.reason()
                    .name().toLowerCase(Locale.ROOT).replace('_', '-'));
            return;
        }
        String refusal = rooms.refusal();
        if (refusal != null) {
            reject(channel, CloseCodes.UNAVAILABLE, refusal, "unavailable");
            return;
        }
        switch (ledger.admit(claims)) {
            case ADMITTED -> { }
            case REPLAYED -> {
                reject(channel, CloseCodes.UNAUTHORIZED, "join token refused: token already used", "token-replayed");
                return;
            }
            case FULL -> {
                reject(channel, CloseCodes.UNAVAILABLE, "agent is admitting too many sessions; retry", "token-ledger-full");
                return;
            }
        }
        Peer peer = rooms.admit(claims, identity.id(), channel);
        peers.put(connection.id(), peer);
        LOG.infof("session joined: participant %s, conference %s", claims.participantId(), claims.conferenceId());
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
        String source = connection.userData().get(SOURCE);
        if (source != null) {
            release(source);
        }
        Peer peer = peers.remove(connection.id());
        if (peer != null) {
            peer.socketClosed();
        }
    }

    /** Sessions {@code source} holds now. */
    int sessionsFrom(String source) {
        AtomicInteger held = sessionsBySource.get(source);
        return held == null ? 0 : held.get();
    }

    private void release(String source) {
        sessionsBySource.computeIfPresent(source, (s, held) -> held.decrementAndGet() <= 0 ? null : held);
    }

    private void reject(SignalingChannel channel, int code, String reason, String refusal) {
        refusals.count(refusal);
        channel.send(AgentMessages.error(code, reason));
        channel.close(code, CloseCodes.reason(reason));
    }

    /** The client's IP address from Vert.x' {@code host:port} (an IPv6 host has colons of its own). */
    static String source(String remoteAddress) {
        if (remoteAddress == null) {
            return "unknown";
        }
        int colon = remoteAddress.lastIndexOf(':');
        return colon <= 0 ? remoteAddress : remoteAddress.substring(0, colon);
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
