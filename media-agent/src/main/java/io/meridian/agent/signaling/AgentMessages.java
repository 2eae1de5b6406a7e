package io.meridian.agent.signaling;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meridian.agent.control.MoveTarget;
import java.util.Collection;
import java.util.List;

/** Writes the agent's messages on /signaling (docs/signaling.md). */
final class AgentMessages {
    private AgentMessages() {
    }

    /** First message after a valid token: who the client is, where it is, what it may do. */
    static String welcome(String conferenceId, String participantId, String agentId, boolean mayPublish,
            boolean maySubscribe) {
        ObjectNode o = object("welcome").put("conferenceId", conferenceId).put("participantId", participantId)
                .put("agentId", agentId);
        ArrayNode permissions = o.putArray("permissions");
        if (mayPublish) {
            permissions.add("publish");
        }
        if (maySubscribe) {
            permissions.add("subscribe");
        }
        return o.toString();
    }

    /** The answer to the client's publish offer. */
    static String publishAnswer(String sdp) {
        return object("publish-answer").put("sdp", sdp).toString();
    }

    /** An offer for the client's subscribing PeerConnection, with which participant each sending mid carries. */
    static String subscribeOffer(long revision, String sdp, List<SubscriberNegotiator.TrackSlot> tracks) {
        ObjectNode o = object("subscribe-offer").put("revision", revision).put("sdp", sdp);
        ArrayNode array = o.putArray("tracks");
        for (SubscriberNegotiator.TrackSlot t : tracks) {
            array.addObject().put("mid", t.mid()).put("participantId", t.participantId())
                    .put("producerId", t.producerId()).put("kind", t.kind());
        }
        return o.toString();
    }

    /** Everyone connected to this conference on this agent, the receiver included. */
    static String participants(Collection<String> participantIds) {
        ObjectNode o = object("participants");
        ArrayNode array = o.putArray("participants");
        participantIds.forEach(array::add);
        return o.toString();
    }

    /** Live move: open a second session at the target agent, then leave this one (docs/signaling.md). */
    static String move(MoveTarget target) {
        return object("move").put("agentId", target.agentId()).put("region", target.region())
                .put("signalingUrl", target.signalingUrl()).put("token", target.token())
                .put("reason", target.reason()).toString();
    }

    /** Why the agent is about to close the session (close frames carry at most 123 bytes of reason). */
    static String error(int code, String message) {
        return object("error").put("code", code).put("message", message).toString();
    }

    private static ObjectNode object(String type) {
        return ClientMessage.Json.MAPPER.createObjectNode().put("type", type);
    }
}
