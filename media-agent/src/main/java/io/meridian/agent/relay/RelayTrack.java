package io.meridian.agent.relay;

import io.meridian.agent.sdp.Codec;
import io.meridian.agent.sfu.ProducerSpec;
import java.util.Objects;

/**
 * A published track as the relay announces it to peer agents: what a subscriber's offer needs (codec, SSRC, CNAME,
 * who publishes it) and what the peer's router needs to forward it ({@link ProducerSpec}).
 *
 * @param producerId    the publishing agent's producer id (signaling's id, also the msid track id)
 * @param participantId the publishing participant
 * @param cname         the publisher's RTCP CNAME
 * @param codec         the negotiated codec, forwarded unchanged
 * @param spec          kind, mid, SSRCs, payload types, mid extension id and feedback of the stream
 */
public record RelayTrack(String producerId, String participantId, String cname, Codec codec, ProducerSpec spec) {
    /** Longest id, participant, CNAME, mid or codec name accepted, in UTF-8 bytes. */
    static final int MAX_TEXT = 128;
    /** Longest fmtp accepted. */
    static final int MAX_FMTP = 256;
    /** Most rtcp-fb entries accepted. */
    static final int MAX_FEEDBACK = 8;

    public RelayTrack {
        Objects.requireNonNull(producerId, "producerId");
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(cname, "cname");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(spec, "spec");
    }
}
