package io.meridian.agent.signaling;

import io.meridian.agent.token.JoinClaims;
import java.time.Instant;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A browser's side of a signaling session in unit tests: records what the agent sent and answers subscribe offers. */
final class TestBrowser implements SignalingChannel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OFFER = fixture("chromium-publish-offer.sdp");

    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final Rooms rooms;
    volatile int closeCode;
    volatile String closeReason;
    Peer peer;

    TestBrowser(Rooms rooms) {
        this.rooms = rooms;
    }

    /** Opens a session of {@code participant} in {@code conference}, permitted to publish and subscribe. */
    TestBrowser join(String conference, String participant) {
        return join(conference, participant, true, true);
    }

    /** Opens a session of {@code participant} in {@code conference} with the given permissions. */
    TestBrowser join(String conference, String participant, boolean mayPublish, boolean maySubscribe) {
        peer = rooms.admit(new JoinClaims(conference, participant, "agent-1", Instant.now().plusSeconds(60),
                "jti-" + participant, mayPublish, maySubscribe, "token-" + participant), "agent-1", this);
        return this;
    }

    /** Joins and publishes the captured Chromium offer with SSRCs unique to {@code n}, waiting for the answer. */
    static TestBrowser publishing(Rooms rooms, String conference, String participant, int n) {
        TestBrowser b = new TestBrowser(rooms).join(conference, participant);
        b.peer.receive(message("publish-offer", "sdp", offerOf(n)));
        await().until(() -> b.last("publish-answer") != null);
        return b;
    }

    @Override
    public void send(String json) {
        try {
            received.add(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close(int code, String reason) {
        closeCode = code;
        closeReason = reason;
        peer.socketClosed();
    }

    List<JsonNode> ofType(String type) {
        return received.stream().filter(m -> m.get("type").asText().equals(type)).toList();
    }

    JsonNode last(String type) {
        List<JsonNode> all = ofType(type);
        return all.isEmpty() ? null : all.getLast();
    }

    /** Answers offers as they come until one carrying {@code tracks} tracks is answered. */
    void settle(int tracks) {
        long answered = 0;
        while (true) {
            long after = answered;
            await().until(() -> last("subscribe-offer") != null && last("subscribe-offer").get("revision").asLong() > after);
            JsonNode offer = last("subscribe-offer");
            answered = offer.get("revision").asLong();
            answerLatestOffer();
            if (offer.get("tracks").size() == tracks) {
                return;
            }
        }
    }

    void answerLatestOffer() {
        JsonNode offer = last("subscribe-offer");
        peer.receive(message("subscribe-answer", "revision", offer.get("revision").asLong(),
                "sdp", FakeBrowserAnswers.answer(offer.get("sdp").asText())));
    }

    static String fixture(String name) {
        try (InputStream in = TestBrowser.class.getResourceAsStream("/sdp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The captured Chromium offer with SSRCs unique to one participant. */
    static String offerOf(int participant) {
        return OFFER.replace("433115574", Integer.toString(1000 + participant))
                .replace("3087869990", Integer.toString(2000 + participant))
                .replace("823298821", Integer.toString(3000 + participant));
    }

    static String message(String type, Object... fields) {
        var node = JSON.createObjectNode().put("type", type);
        for (int i = 0; i < fields.length; i += 2) {
            node.putPOJO((String) fields[i], fields[i + 1]);
        }
        return node.toString();
    }
}
