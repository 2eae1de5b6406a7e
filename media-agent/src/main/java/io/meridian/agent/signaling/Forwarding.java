package io.meridian.agent.signaling;

import io.meridian.agent.sdp.PublishedMedia;
import io.meridian.agent.sfu.Producer;
import io.meridian.agent.sfu.Router;
import io.meridian.agent.transport.WebRtcTransport;

/**
 * What signaling asks of the forwarding core (the SFU router of each conference). Calls come from signaling
 * threads and the relay thread, never from the media thread; removals are idempotent.
 */
public interface Forwarding {
    /**
     * Packets with {@code media.ssrc()} arriving on {@code publisher} belong to producer {@code producerId}.
     *
     * @return false when the forwarding core refused the stream (e.g. its SSRC is already taken)
     */
    boolean addProducer(String conferenceId, String producerId, WebRtcTransport publisher, PublishedMedia media);

    /** Starts forwarding the producer to {@code subscriber} on its m-section {@code mid}, asking for a keyframe. */
    void addConsumer(String conferenceId, String producerId, WebRtcTransport subscriber, String mid);

    /** Stops forwarding the producer to {@code subscriber}. */
    void removeConsumer(String conferenceId, String producerId, WebRtcTransport subscriber);

    /** The transport is closing: its producers (with their consumers everywhere) and its consumers go. */
    void detach(String conferenceId, WebRtcTransport transport);

    /** The last participant of the conference left this agent and no relay link uses its router any more. */
    void conferenceEnded(String conferenceId);

    /** The conference's router, created when absent (a relay link may attach before any participant). */
    Router router(String conferenceId);

    /** The conference's router, or null when it has none. */
    Router existingRouter(String conferenceId);

    /** The producer a local participant's track {@code producerId} feeds, or null once it is gone. */
    Producer producer(String producerId);

    /**
     * Makes {@code producer} (fed by a relay link) consumable by subscribers under {@code producerId}, or forgets
     * the id when {@code producer} is null.
     */
    void relayedProducer(String producerId, Producer producer);
}
