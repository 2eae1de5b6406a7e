package io.meridian.agent.signaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** A message from the browser on /signaling; {@link #parse} validates shape and fields (docs/signaling.md). */
public sealed interface ClientMessage {
    /** Longest message accepted: an SDP offer of a browser publishing camera and microphone is ~6 KiB. */
    int MAX_CHARS = 128 * 1024;

    /** The browser's offer for its publishing PeerConnection. */
    record PublishOffer(String sdp) implements ClientMessage {
    }

    /** The browser's answer to the agent's subscribe offer number {@code revision}. */
    record SubscribeAnswer(long revision, String sdp) implements ClientMessage {
    }

    /**
     * The browser's network path changed: restart ICE on both connections. {@code sdp} is the publisher
     * connection's new offer (new ICE credentials, same sections), or null for a participant that does not publish.
     */
    record IceRestart(String sdp) implements ClientMessage {
    }

    /** The participant leaves; the agent closes the session with 1000. */
    record Leave() implements ClientMessage {
    }

    /** Parses one text frame; throws with a reason fit for the client when it is not a valid message. */
    static ClientMessage parse(String text) throws ProtocolException {
        if (text.length() > MAX_CHARS) {
            throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG, "message-too-big",
                    "message longer than " + MAX_CHARS + " characters");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("message is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException("message must be a JSON object");
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            throw new ProtocolException("message needs a string field 'type'");
        }
        return switch (type.textValue()) {
            case "publish-offer" -> new PublishOffer(sdp(root));
            case "subscribe-answer" -> new SubscribeAnswer(revision(root), sdp(root));
            case "ice-restart" -> new IceRestart(root.has("sdp") ? sdp(root) : null);
            case "leave" -> new Leave();
            default -> throw new ProtocolException("unknown message type '" + clip(type.textValue()) + "'");
        };
    }

    private static String sdp(JsonNode root) throws ProtocolException {
        JsonNode sdp = root.get("sdp");
        if (sdp == null || !sdp.isTextual() || sdp.textValue().isEmpty()) {
            throw new ProtocolException("'" + root.get("type").textValue() + "' needs a non-empty string field 'sdp'");
        }
        return sdp.textValue();
    }

    private static long revision(JsonNode root) throws ProtocolException {
        JsonNode revision = root.get("revision");
        if (revision == null || !revision.canConvertToExactIntegral() || !revision.canConvertToLong()
                || revision.longValue() < 1) {
            throw new ProtocolException("'subscribe-answer' needs a positive integer field 'revision'");
        }
        return revision.longValue();
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** The JSON mapper of the signaling protocol: strict about duplicate fields. */
    final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

        private Json() {
        }
    }
}
