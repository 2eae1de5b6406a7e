package io.meridian.agent.signaling;

import io.meridian.agent.sdp.PublishedMedia;
import io.meridian.agent.transport.WebRtcTransport;

/**
 * What signaling asks of the forwarding core (the SFU router of each conference). Calls come from signaling
 * threads, never from the media thread; removals are idempotent.
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

    /** The last participant of the conference left this agent. */
    void conferenceEnded(String conferenceId);
}
