package io.meridian.agent.sdp;

import java.util.Objects;

/**
 * One m-section of an offer the agent makes to a subscriber: a forwarded track, or the remains of one.
 *
 * @param mid      the section's mid, stable for the section's life
 * @param kind     {@code audio} or {@code video}
 * @param state    whether the section carries a track, idles, or is closed
 * @param codec    the publisher's codec (payload type kept, so packets are forwarded unchanged)
 * @param ssrc     the SSRC the agent sends on, -1 unless {@link State#SEND}
 * @param cname    the RTCP CNAME of that SSRC (the publisher's, so that its audio and video stay in sync)
 * @param streamId the {@code msid} stream id: the publishing participant's id, so browsers group its tracks
 * @param trackId  the {@code msid} track id: the producer's id
 */
public record OfferSlot(String mid, String kind, State state, Codec codec, long ssrc, String cname, String streamId,
                        String trackId) {
    /** The life of a subscriber m-section. */
    public enum State {
        /** Forwards a track ({@code a=sendonly}). */
        SEND,
        /** Kept open without a track ({@code a=inactive}); used for the section that carries the BUNDLE transport. */
        INACTIVE,
        /** Stopped with port 0; never reused. */
        CLOSED
    }

    public OfferSlot {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(codec, "codec");
        if (state == State.SEND && (ssrc < 0 || ssrc > 0xFFFF_FFFFL || streamId == null || trackId == null || cname == null)) {
            throw new IllegalArgumentException("a sending slot needs an ssrc, a cname, a stream id and a track id");
        }
    }

    /** A slot forwarding one track. */
    public static OfferSlot send(String mid, String kind, Codec codec, long ssrc, String cname, String streamId, String trackId) {
        return new OfferSlot(mid, kind, State.SEND, codec, ssrc, cname, streamId, trackId);
    }

    /** This slot in another state, without its track. */
    public OfferSlot withState(State next) {
        return next == State.SEND ? this : new OfferSlot(mid, kind, next, codec, -1, null, null, null);
    }
}
