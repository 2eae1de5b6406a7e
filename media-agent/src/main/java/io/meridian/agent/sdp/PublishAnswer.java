package io.meridian.agent.sdp;

import java.util.List;

/**
 * The agent's answer to a publisher's offer, and what it agreed to.
 *
 * @param sdp               the answer text
 * @param media             the accepted sections, in offer order
 * @param remoteIce         the browser's ICE credentials
 * @param remoteFingerprint the browser's DTLS certificate fingerprint
 */
public record PublishAnswer(String sdp, List<PublishedMedia> media, IceParameters remoteIce, Fingerprint remoteFingerprint) {
    public PublishAnswer {
        media = List.copyOf(media);
    }
}
