package io.meridian.agent.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Writes the agent's offer to a subscriber (JSEP 5.2): one send-only section per forwarded track, each
 * with the publisher's SSRC, CNAME and payload type and an {@code a=msid} of (participant, producer), so the
 * browser demultiplexes by SSRC and groups tracks by participant. The agent offers {@code a=setup:actpass};
 * browsers answer {@code active}, leaving the agent DTLS server on every transport. No header extension is
 * offered, so the publisher's extension bytes in forwarded packets are ignored by the subscriber.
 */
public final class OfferBuilder {
    private OfferBuilder() {
    }

    /**
     * Builds offer number {@code version} of a subscriber session. The first slot carries the BUNDLE
     * transport and must not be closed; mids must be unique.
     */
    public static String offer(LocalTransportParameters local, String sessionId, long version, List<OfferSlot> slots) {
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("an offer needs at least one m-section");
        }
        if (slots.getFirst().state() == OfferSlot.State.CLOSED) {
            throw new IllegalArgumentException("the first m-section carries the BUNDLE transport and cannot be closed");
        }
        HashSet<String> mids = new HashSet<>();
        List<String> bundle = new ArrayList<>();
        SdpWriter body = new SdpWriter();
        for (OfferSlot s : slots) {
            if (!mids.add(s.mid())) {
                throw new IllegalArgumentException("duplicate mid '" + s.mid() + "'");
            }
            Codec codec = s.codec().withFeedback(CodecPolicy.subscriberFeedback(s.kind()));
            if (s.state() == OfferSlot.State.CLOSED) {
                body.line("m=" + s.kind() + " 0 UDP/TLS/RTP/SAVPF " + codec.payloadType())
                        .line("c=IN IP4 0.0.0.0").line("a=mid:" + s.mid()).line("a=inactive");
                continue;
            }
            bundle.add(s.mid());
            body.line("m=" + s.kind() + " " + local.port() + " UDP/TLS/RTP/SAVPF " + codec.payloadType())
                    .transport(local, "actpass", s.mid());
            if (s.state() == OfferSlot.State.SEND) {
                String msid = s.streamId() + " " + s.trackId();
                body.line("a=sendonly").line("a=msid:" + msid).line("a=rtcp-mux").codec(codec)
                        .line("a=ssrc:" + s.ssrc() + " cname:" + s.cname())
                        .line("a=ssrc:" + s.ssrc() + " msid:" + msid);
            } else {
                body.line("a=inactive").line("a=rtcp-mux").codec(codec);
            }
            body.candidate(local);
        }
        SdpWriter head = new SdpWriter().sessionHeader(sessionId, version)
                .line("a=group:BUNDLE " + String.join(" ", bundle))
                .line("a=msid-semantic: WMS *");
        return head + body.toString();
    }
}
