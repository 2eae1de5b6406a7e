package io.meridian.agent.signaling;

import io.meridian.agent.sdp.Codec;

/**
 * A track another participant publishes on this agent, as a subscriber sees it.
 *
 * @param producerId    the agent-wide producer id (also the msid track id)
 * @param participantId the publishing participant (also the msid stream id)
 * @param kind          {@code audio} or {@code video}
 * @param codec         the publisher's negotiated codec, forwarded unchanged
 * @param ssrc          the publisher's media SSRC, forwarded unchanged
 * @param cname         the publisher's RTCP CNAME, so subscribers lip-sync its audio and video
 */
public record RemoteTrack(String producerId, String participantId, String kind, Codec codec, long ssrc, String cname) {
}
