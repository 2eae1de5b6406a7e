package io.meridian.agent.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.agent.abuse.Refusals;
import io.meridian.agent.control.Sessions;
import io.meridian.agent.token.JoinTokenVerifier;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@QuarkusTest
@TestProfile(SignalingTestProfile.class)
@Timeout(60)
class SignalingEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @TestHTTPResource("/signaling")
    URI endpoint;

    @Inject
    JoinTokenVerifier verifier;

    @Inject
    Sessions sessions;

    @Inject
    Refusals refusals;

    @Inject
    SignalingEndpoint signaling;

    private KeyPair controllerKey;

    @BeforeEach
    void installTheControllersTokenKey() throws Exception {
        controllerKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        verifier.useKey(controllerKey.getPublic().getEncoded(), "EdDSA", "meridian");
    }

    private String token(String agent, String participant, long expiresInSeconds) throws Exception {
        return token(agent, participant, expiresInSeconds, List.of("publish", "subscribe"));
    }

    private String token(String agent, String participant, long expiresInSeconds, List<String> permissions)
            throws Exception {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "meridian");
        claims.put("sub", participant);
        claims.put("conf", "conf-ws");
        claims.put("agent", agent);
        claims.put("iat", now);
        claims.put("exp", now + expiresInSeconds);
        claims.put("jti", participant + "-" + UUID.randomUUID());
        claims.put("perm", permissions);
        String input = B64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "EdDSA", "typ", "JWT"))) + "."
                + B64.encodeToString(JSON.writeValueAsBytes(claims));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(controllerKey.getPrivate());
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(signer.sign());
    }

    /** A WebSocket client recording messages and the close frame. */
    private static final class Client implements WebSocket.Listener {
        final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("error " + error);
        }
    }

    private Client connect(String token) throws Exception {
        Client client = new Client();
        URI uri = URI.create("ws://" + endpoint.getHost() + ":" + endpoint.getPort() + "/signaling?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, client).get(10, TimeUnit.SECONDS);
        return client;
    }

    @Test
    void welcomesAParticipantWithAValidToken() throws Exception {
        Client client = connect(token("agent-under-test", "alice", 120));
        JsonNode welcome = client.messages.poll(10, TimeUnit.SECONDS);
        assertThat(welcome.get("type").asText()).isEqualTo("welcome");
        assertThat(welcome.get("participantId").asText()).isEqualTo("alice");
        assertThat(welcome.get("conferenceId").asText()).isEqualTo("conf-ws");
        assertThat(welcome.get("agentId").asText()).isEqualTo("agent-under-test");
        client.socket.sendText("{\"type\":\"leave\"}", true);
        assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1000 left");
    }

    @Test
    void closesWith4401AndTheReasonForATokenOfAnotherAgent() throws Exception {
        Client client = connect(token("agent-elsewhere", "bob", 120));
        assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo("4401 join token refused: token issued for another agent");
        assertThat(client.messages.poll().get("type").asText()).isEqualTo("error");
    }

    @Test
    void closesWith4401ForABadSignatureAnExpiredTokenAndGarbage() throws Exception {
        String good = token("agent-under-test", "carol", 120);
        String forged = good.substring(0, good.lastIndexOf('.') + 1) + B64.encodeToString(new byte[64]);
        assertThat(connect(forged).closed.get(10, TimeUnit.SECONDS)).isEqualTo("4401 join token refused: bad token signature");
        assertThat(connect(token("agent-under-test", "carol", -60)).closed.get(10, TimeUnit.SECONDS))
                .isEqualTo("4401 join token refused: token expired");
        assertThat(connect("not-a-token").closed.get(10, TimeUnit.SECONDS))
                .isEqualTo("4401 join token refused: malformed token: not a compact JWS");
    }

    @Test
    void closesOnlyTheSessionThatSentAMalformedMessage() throws Exception {
        Client dave = connect(token("agent-under-test", "dave", 120));
        Client erin = connect(token("agent-under-test", "erin", 120, List.of("subscribe")));
        assertThat(dave.messages.poll(10, TimeUnit.SECONDS).get("type").asText()).isEqualTo("welcome");
        assertThat(erin.messages.poll(10, TimeUnit.SECONDS).get("type").asText()).isEqualTo("welcome");

        dave.socket.sendText("{\"type\":\"subscribe-answer\",\"revision\":\"x\"}", true);
        assertThat(dave.closed.get(10, TimeUnit.SECONDS))
                .isEqualTo("4400 'subscribe-answer' needs a positive integer field 'revision'");

        JsonNode roster;
        do {
            roster = erin.messages.poll(10, TimeUnit.SECONDS);
        } while (roster != null && !(roster.get("type").asText().equals("participants")
                && roster.get("participants").size() == 1));
        assertThat(roster).as("erin hears that dave left").isNotNull();
        assertThat(erin.closed).isNotDone();
        erin.socket.sendText("{\"type\":\"leave\"}", true);
        assertThat(erin.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1000 left");
    }

    @Test
    void readsTheTokenFromAnEncodedQueryString() {
        assertThat(SignalingEndpoint.queryParameter("a=1&token=x%2By&b", "token")).isEqualTo("x+y");
        assertThat(SignalingEndpoint.queryParameter("a=1", "token")).isNull();
        assertThat(SignalingEndpoint.queryParameter(null, "token")).isNull();
        assertThat(SignalingEndpoint.queryParameter("token=%zz", "token")).isNull();
    }

    private static JsonNode next(Client client, String type) throws InterruptedException {
        JsonNode message;
        do {
            message = client.messages.poll(10, TimeUnit.SECONDS);
        } while (message != null && !message.get("type").asText().equals(type));
        return message;
    }

    @Test
    void admitsEachTokenOnceSoACopiedTokenIsRefused() throws Exception {
        String token = token("agent-under-test", "frank", 120);
        Client first = connect(token);
        assertThat(next(first, "welcome")).isNotNull();
        long before = refusals.counted("token-replayed");

        Client replay = connect(token);

        assertThat(replay.closed.get(10, TimeUnit.SECONDS)).isEqualTo("4401 join token refused: token already used");
        assertThat(first.closed).as("the holder's session is untouched").isNotDone();
        assertThat(refusals.counted("token-replayed")).isEqualTo(before + 1);
        first.socket.sendText("{\"type\":\"leave\"}", true);
        assertThat(first.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1000 left");
    }

    @Test
    void refusesAPublishOfferFromASubscribeOnlyParticipantWith4403() throws Exception {
        Client viewer = connect(token("agent-under-test", "grace", 120, List.of("subscribe")));
        JsonNode welcome = next(viewer, "welcome");
        assertThat(welcome.get("permissions")).containsExactly(JSON.getNodeFactory().textNode("subscribe"));

        viewer.socket.sendText("{\"type\":\"publish-offer\",\"sdp\":\"v=0\"}", true);

        assertThat(viewer.closed.get(10, TimeUnit.SECONDS))
                .isEqualTo("4403 this participant's grant does not permit publishing");
    }

    @Test
    void endsASessionThatFloodsIceRestartsWith4429() throws Exception {
        Client viewer = connect(token("agent-under-test", "mallory", 120, List.of("subscribe")));
        assertThat(next(viewer, "welcome")).isNotNull();

        for (int i = 0; i < IceRestartBudget.BURST; i++) {
            viewer.socket.sendText("{\"type\":\"ice-restart\"}", true);
        }
        Thread.sleep(300);
        assertThat(viewer.closed).as("a burst of restarts is served").isNotDone();
        viewer.socket.sendText("{\"type\":\"ice-restart\"}", true);

        assertThat(viewer.closed.get(10, TimeUnit.SECONDS))
                .isEqualTo("4429 more than 3 ICE restarts at once, or more than one per 10 s after that");
    }

    @Test
    void closesASessionThatNeverNegotiatesWith4408() throws Exception {
        Client idle = connect(token("agent-under-test", "heidi", 120));
        assertThat(next(idle, "welcome")).isNotNull();

        assertThat(idle.closed.get(10, TimeUnit.SECONDS))
                .isEqualTo("4408 negotiation timed out: no publish offer within 1 s");
    }

    @Test
    void keepsAViewerWithNothingToNegotiate() throws Exception {
        Client viewer = connect(token("agent-under-test", "ivan", 120, List.of("subscribe")));
        assertThat(next(viewer, "welcome")).isNotNull();

        Thread.sleep(2_000); // twice the negotiation timeout: a viewer of an empty room has nothing to answer
        assertThat(viewer.closed).isNotDone();
        viewer.socket.sendText("{\"type\":\"leave\"}", true);
        assertThat(viewer.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1000 left");
    }

    @Test
    void endsAKickedSessionWith4404() throws Exception {
        // A viewer: nothing to negotiate, so the short negotiation deadline of the test profile never races the kick.
        Client judy = connect(token("agent-under-test", "judy", 120, List.of("subscribe")));
        assertThat(next(judy, "welcome")).isNotNull();

        sessions.remove("conf-ws", "judy");

        assertThat(judy.closed.get(5, TimeUnit.SECONDS)).isEqualTo("4404 removed from the conference");
    }

    @Test
    void capsConcurrentSessionsPerSourceAddress() throws Exception {
        Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> signaling.sessionsFrom("127.0.0.1") == 0);
        List<Client> held = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Client c = connect(token("agent-under-test", "viewer-" + i, 120, List.of("subscribe")));
            assertThat(next(c, "welcome")).isNotNull();
            held.add(c);
        }

        Client fifth = connect(token("agent-under-test", "viewer-4", 120, List.of("subscribe")));
        assertThat(fifth.closed.get(10, TimeUnit.SECONDS)).isEqualTo("4429 too many sessions from this address");

        held.get(0).socket.sendText("{\"type\":\"leave\"}", true);
        assertThat(held.get(0).closed.get(10, TimeUnit.SECONDS)).isEqualTo("1000 left");
        Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> signaling.sessionsFrom("127.0.0.1") == 3);
        Client again = connect(token("agent-under-test", "viewer-5", 120, List.of("subscribe")));
        assertThat(next(again, "welcome")).as("a freed seat admits the next one").isNotNull();
        held.set(0, again);
        for (Client c : held) {
            c.socket.sendText("{\"type\":\"leave\"}", true);
            c.closed.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void closesWith1009OnAnOversizeMessage() throws Exception {
        Client karl = connect(token("agent-under-test", "karl", 120));
        assertThat(next(karl, "welcome")).isNotNull();

        karl.socket.sendText("{\"type\":\"publish-offer\",\"sdp\":\"" + "x".repeat(140 * 1024) + "\"}", true);

        assertThat(karl.closed.get(10, TimeUnit.SECONDS)).startsWith("1009 ");
    }

    @Test
    void takesTheSourceAddressWithoutThePort() {
        assertThat(SignalingEndpoint.source("10.1.2.3:5555")).isEqualTo("10.1.2.3");
        assertThat(SignalingEndpoint.source("0:0:0:0:0:0:0:1:5555")).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(SignalingEndpoint.source(null)).isEqualTo("unknown");
    }
}
